package config_test

import (
	"fmt"
	"log"

	"github.com/supervisorrpc/rpcinterface/config"
)

func ExampleLoad() {
	cfg, err := config.Load("testdata/example.conf",
		config.WithEnviron([]string{"ADMIN_PASSWORD=s3cret"}))
	if err != nil {
		log.Fatal(err)
	}
	srv := cfg.InetHTTPServer
	fmt.Printf("listen %s:%d as %s/%s\n", srv.Host, srv.Port, srv.Username, srv.Password)
	for _, ri := range cfg.RPCInterfaces {
		fmt.Printf("namespace %q from factory %q\n", ri.Name, ri.Factory)
		for _, key := range ri.Options.Keys() {
			value, _ := ri.Options.Lookup(key)
			fmt.Printf("  %s = %q\n", key, value)
		}
	}
	// Output:
	// listen 127.0.0.1:9001 as admin/s3cret
	// namespace "echo" from factory "echo"
	//   greeting = "hello, world"
	//   retries = "3"
	//   ratio = "100%"
}

func ExampleOptions_Int() {
	opts := config.NewOptions("rpcinterface:echo", map[string]string{"retries": "3", "timeout": "soon"})

	retries, err := opts.Int("retries", 1)
	fmt.Println(retries, err)

	workers, err := opts.Int("workers", 4) // absent: the default
	fmt.Println(workers, err)

	_, err = opts.Int("timeout", 0)
	fmt.Println(err)
	// Output:
	// 3 <nil>
	// 4 <nil>
	// [rpcinterface:echo] timeout: invalid integer 'soon': strconv.ParseInt: parsing "soon": invalid syntax
}
