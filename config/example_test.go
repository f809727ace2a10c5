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

// A host reads the file; a factory reads its section's options; what the
// factory never read is reported as supervisord would refuse it.
func Example() {
	cfg, err := config.Parse([]byte(`
[inet_http_server]
port = 127.0.0.1:9001

[rpcinterface:jobs]
supervisor.rpcinterface_factory = jobs:make
max_jobs = 3
timeout = %(ENV_JOB_TIMEOUT)s
max_job = 4
`), "supervisord.conf", config.WithEnviron([]string{"JOB_TIMEOUT=90"}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("listen on port", cfg.InetHTTPServer.Port)

	ri := cfg.RPCInterfaces[0]
	opts := ri.Options // what the factory named by ri.Factory receives
	maxJobs, _ := opts.Int("max_jobs", 1)
	timeout, _ := opts.Duration("timeout", time.Minute)
	fmt.Println(ri.Name, maxJobs, timeout)
	fmt.Println(opts.CheckRead())
	// Output:
	// listen on port 9001
	// jobs 3 1m30s
	// supervisord.conf:9: [rpcinterface:jobs] max_job: unknown option (did you mean max_jobs?)
}

// A program that connects as supervisorctl does reads [supervisorctl]
// with supervisorctl's rules: %(here)s in serverurl, ENV_X names only in
// the credentials, no [include].
func ExampleParseSupervisorctl() {
	ctl, err := config.ParseSupervisorctl([]byte(`
[supervisorctl]
serverurl = unix:///run/%(ENV_NAME)s.sock
username = admin
password = %(ENV_ADMIN_PASSWORD)s
`), "/etc/supervisord.conf", config.WithEnviron([]string{"NAME=web", "ADMIN_PASSWORD=s3cret"}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ctl.ServerURL, ctl.Username, ctl.Password)
	// Output:
	// unix:///run/web.sock admin s3cret
}
