package rpcext_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/supervisorrpc/rpcinterface/client"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// The whole flow: a plugin registers its factory, a host loads a config
// naming it and mounts the handler, and any XML-RPC client calls
// namespace.method.
func Example() {
	registry := rpcext.NewRegistry() // plugins usually fill the default one with rpcext.Register
	registry.Register("my.package:make_another_rpcinterface", newAnother)

	cfg, err := rpcext.ParseConfig([]byte(`
[rpcinterface:another]
supervisor.rpcinterface_factory = my.package:make_another_rpcinterface
retries = 3
`), "supervisord.conf")
	if err != nil {
		fmt.Println(err)
		return
	}
	mux := http.NewServeMux()
	if err := rpcext.Mount(mux, cfg, rpcext.WithRegistry(registry)); err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()

	c, err := client.Dial(srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	var retries int
	err = c.Call(context.Background(), "another.getRetries", &retries)
	fmt.Println(retries, err)
	err = c.Call(context.Background(), "another.setRetries", nil, -1)
	fmt.Println(err)
	// Output:
	// 3 <nil>
	// BAD_ARGUMENTS: retries must not be negative, got -1 (fault 3)
}

// Serve runs supervisord's own listeners, [inet_http_server] and
// [unix_http_server], each with its credentials, until its context ends.
func ExampleServe() {
	dir, err := os.MkdirTemp("", "example-serve-")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	cfg, err := rpcext.ParseConfig([]byte(`
[unix_http_server]
file = %(here)s/supervisor.sock
username = admin
password = s3cret

[rpcinterface:another]
supervisor.rpcinterface_factory = example.another:make_another_rpcinterface
retries = 2
`), filepath.Join(dir, "supervisord.conf"))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	listening := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- rpcext.Serve(ctx, cfg,
			rpcext.WithRegistry(anotherRegistry()),
			rpcext.WithListening(func(network, address string) { listening <- address }))
	}()
	sock := <-listening

	c, err := client.Dial("unix://"+sock, client.WithBasicAuth("admin", "s3cret"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	var retries int
	fmt.Println(c.Call(ctx, "another.getRetries", &retries), retries)

	cancel() // stop accepting, let calls in progress answer, then return
	fmt.Println(<-done)
	// Output:
	// <nil> 2
	// <nil>
}

// NewHandler builds the /RPC2 handler without mounting it, for a host that
// wraps it in middleware of its own, or reloads it later (Handler.Reload).
func ExampleNewHandler() {
	cfg, err := rpcext.ParseConfig([]byte(`
[rpcinterface:another]
supervisor.rpcinterface_factory = example.another:make_another_rpcinterface
`), "supervisord.conf")
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := rpcext.NewHandler(cfg, rpcext.WithRegistry(anotherRegistry()))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()
	requests := 0
	var mu sync.Mutex
	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		requests++
		mu.Unlock()
		h.ServeHTTP(w, r)
	})
	mux := http.NewServeMux()
	mux.Handle(rpcext.Path, counted)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	c, _ := client.Dial(srv.URL)
	defer c.Close()
	methods, err := c.ListMethods(context.Background())
	fmt.Println(strings.Join(methods[:2], " "), err)
	mu.Lock()
	fmt.Println("requests:", requests)
	mu.Unlock()
	// Output:
	// another.getRetries another.setRetries <nil>
	// requests: 1
}

// An interceptor wraps every call, each call inside a system.multicall
// included: here it logs the method and its outcome.
func ExampleWithInterceptor() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{} // a fixed output for the example
			}
			return a
		},
	}))
	logCalls := func(ctx context.Context, method string, next func(context.Context) error) error {
		err := next(ctx)
		logger.Info("call", "method", method, "error", err)
		return err
	}
	cfg, err := rpcext.ParseConfig([]byte(`
[rpcinterface:another]
supervisor.rpcinterface_factory = example.another:make_another_rpcinterface
`), "supervisord.conf")
	if err != nil {
		fmt.Println(err)
		return
	}
	mux := http.NewServeMux()
	err = rpcext.Mount(mux, cfg, rpcext.WithRegistry(anotherRegistry()), rpcext.WithInterceptor(logCalls))
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c, _ := client.Dial(srv.URL)
	defer c.Close()
	c.Call(context.Background(), "another.setRetries", nil, 5)
	c.Multicall(context.Background(),
		client.Request{Method: "another.getRetries", Result: new(int)},
		client.Request{Method: "another.setRetries", Args: []any{-1}})
	// Output:
	// level=INFO msg=call method=another.setRetries error=<nil>
	// level=INFO msg=call method=another.getRetries error=<nil>
	// level=INFO msg=call method=another.setRetries error="BAD_ARGUMENTS: retries must not be negative, got -1 (fault 3)"
	// level=INFO msg=call method=system.multicall error=<nil>
}

// anotherRegistry returns a registry holding the example's plugin, for
// examples that must not depend on the default registry's contents.
func anotherRegistry() *rpcext.Registry {
	r := rpcext.NewRegistry()
	r.Register("example.another:make_another_rpcinterface", newAnother)
	return r
}
