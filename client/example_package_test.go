package client_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/supervisorrpc/rpcinterface/client"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// Calling any XML-RPC server (supervisord, a Go host, anything else):
// results decoded straight into Go values, faults as *xmlrpc.Fault with
// the server's code, several calls in one system.multicall.
func Example() {
	url, stop := startJobsServer()
	defer stop()
	c, err := client.Dial(url, client.WithBasicAuth("user", "123"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	var job Job
	fmt.Println(c.Call(ctx, "jobs.get", &job, 7), job)

	err = c.Call(ctx, "jobs.get", &job, 8)
	var f *xmlrpc.Fault
	if errors.As(err, &f) {
		fmt.Println(int(f.Code), f.FaultString())
	}

	var n int
	errs, err := c.Multicall(ctx,
		client.Request{Method: "jobs.count", Result: &n},
		client.Request{Method: "jobs.get", Args: []any{9}, Result: &job})
	fmt.Println(n, errs, err)
	// Output:
	// <nil> {7 RUNNING}
	// 10 BAD_NAME: job 8
	// 1 [<nil> BAD_NAME: job 9 (fault 10)] <nil>
}
