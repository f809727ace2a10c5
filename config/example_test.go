package config_test

import (
	"fmt"
	"log"
	"time"

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
	// [rpcinterface:echo] timeout: invalid integer 'soon': invalid syntax
}

func ExampleOptions_Decode() {
	opts := config.NewOptions("rpcinterface:jobs", map[string]string{
		"max_jobs": "3",
		"timeout":  "30", // whole seconds, as Duration reads it
		"queues":   "fast, slow bulk",
		"verbose":  "on",
	})
	var settings struct {
		MaxJobs int           `ini:"max_jobs"`
		Timeout time.Duration `ini:"timeout"`
		Queues  []string      `ini:"queues"`
		Verbose bool          // matched by name: "verbose"
		Retries int           // absent: keeps its value
	}
	settings.Retries = 2
	if err := opts.Decode(&settings); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%+v\n", settings)

	bad := config.NewOptions("rpcinterface:jobs", map[string]string{"timeout": "soon"})
	fmt.Println(bad.Decode(&settings))
	// Output:
	// {MaxJobs:3 Timeout:30s Queues:[fast slow bulk] Verbose:true Retries:2}
	// [rpcinterface:jobs] timeout: invalid duration 'soon': want whole seconds (30) or a Go duration (1m30s, 250ms, 2h)
}

func ExampleOptions_Strings() {
	opts := config.NewOptions("rpcinterface:cache", map[string]string{"namespaces": "alpha, beta\n  gamma"})
	fmt.Printf("%q\n", opts.Strings("namespaces", nil))
	fmt.Printf("%q\n", opts.Strings("absent", []string{"default"}))
	// Output:
	// ["alpha" "beta" "gamma"]
	// ["default"]
}
