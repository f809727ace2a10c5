package client_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"github.com/supervisorrpc/rpcinterface/client"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// Jobs is the namespace the examples call.
type Jobs struct{}

// Job is the struct Jobs.Get answers.
type Job struct {
	ID    int    `xmlrpc:"id"`
	State string `xmlrpc:"state"`
}

func (Jobs) Get(id int) (Job, error) {
	if id != 7 {
		return Job{}, rpcext.NewFault(rpcext.CodeBadName, fmt.Sprint("job ", id))
	}
	return Job{ID: 7, State: "RUNNING"}, nil
}

func (Jobs) Count() int { return 1 }

// startJobsServer serves Jobs as namespace jobs, with credentials, at an
// http://127.0.0.1 URL: a stand-in for supervisord or a Go host.
func startJobsServer() (url string, stop func()) {
	cfg, _ := rpcext.ParseConfig([]byte("[inet_http_server]\nport = 127.0.0.1:9001\nusername = user\npassword = 123\n"), "supervisord.conf")
	mux := http.NewServeMux()
	if err := rpcext.Mount(mux, cfg, rpcext.WithNamespace("jobs", Jobs{}), rpcext.WithLogger(slog.New(slog.DiscardHandler))); err != nil {
		panic(err)
	}
	srv := httptest.NewServer(mux)
	return srv.URL, srv.Close
}

// Dial takes a server URL as supervisorctl's serverurl does; /RPC2 is
// implied. unix:///var/run/supervisor.sock reaches a unix socket.
func ExampleDial() {
	url, stop := startJobsServer()
	defer stop()

	c, err := client.Dial(url, client.WithBasicAuth("user", "123"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	var n int
	if err := c.Call(context.Background(), "jobs.count", &n); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n)

	// Without the password: an HTTP error that says so.
	anon, _ := client.Dial(url)
	err = anon.Call(context.Background(), "jobs.count", &n)
	var he *client.HTTPError
	fmt.Println(errors.As(err, &he), he.StatusCode, he)
	// Output:
	// 1
	// true 401 401 Unauthorized
}

// Call decodes the answer straight into a Go value; a fault comes back as
// the *rpcext.Fault (xmlrpc.Fault) the server returned.
func ExampleClient_Call() {
	url, stop := startJobsServer()
	defer stop()
	c, _ := client.Dial(url, client.WithBasicAuth("user", "123"))
	defer c.Close()
	ctx := context.Background()

	var job Job
	if err := c.Call(ctx, "jobs.get", &job, 7); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%+v\n", job)

	err := c.Call(ctx, "jobs.get", &job, 8)
	var f *rpcext.Fault
	if errors.As(err, &f) {
		fmt.Println(int(f.Code), f.FaultString())
	}
	// Output:
	// {ID:7 State:RUNNING}
	// 10 BAD_NAME: job 8
}

// Multicall sends several calls in one request; each has its own error.
func ExampleClient_Multicall() {
	url, stop := startJobsServer()
	defer stop()
	c, _ := client.Dial(url, client.WithBasicAuth("user", "123"))
	defer c.Close()

	var n int
	var job Job
	errs, err := c.Multicall(context.Background(),
		client.Request{Method: "jobs.count", Result: &n},
		client.Request{Method: "jobs.get", Args: []any{7}, Result: &job},
		client.Request{Method: "jobs.get", Args: []any{9}},
		client.Request{Method: "jobs.nosuch"},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n, job.State)
	for i, err := range errs {
		fmt.Println(i, err)
	}
	// Output:
	// 1 RUNNING
	// 0 <nil>
	// 1 <nil>
	// 2 BAD_NAME: job 9 (fault 10)
	// 3 UNKNOWN_METHOD (fault 1)
}

// CallRaw hands back the answer's XML as the server sent it; a fault
// comes with its XML too.
func ExampleClient_CallRaw() {
	url, stop := startJobsServer()
	defer stop()
	c, _ := client.Dial(url, client.WithBasicAuth("user", "123"))
	defer c.Close()

	body, err := c.CallRaw(context.Background(), "jobs.count")
	fmt.Printf("%s%v\n", body, err)
	// Output:
	// <?xml version='1.0'?>
	// <methodResponse>
	// <params>
	// <param>
	// <value><int>1</int></value>
	// </param>
	// </params>
	// </methodResponse>
	// <nil>
}

// MethodSignature reads the specification's array of signatures and
// supervisord's single flat one alike.
func ExampleClient_MethodSignature() {
	url, stop := startJobsServer()
	defer stop()
	c, _ := client.Dial(url, client.WithBasicAuth("user", "123"))
	defer c.Close()

	sigs, err := c.MethodSignature(context.Background(), "jobs.get")
	fmt.Println(sigs, err)
	// Output:
	// [[struct int]] <nil>
}
