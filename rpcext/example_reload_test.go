package rpcext_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"syscall"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// ask calls method at url and returns the value or fault string.
func ask(url, method string) string {
	resp, err := http.Post(url, "text/xml", strings.NewReader("<methodCall><methodName>"+method+"</methodName></methodCall>"))
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if f := faultOf(string(body)); f != "" {
		return f
	}
	m := regexp.MustCompile(`<(?:int|string)>([^<]*)<`).FindStringSubmatch(string(body))
	if m == nil {
		return string(body)
	}
	return m[1]
}

// A host reloads its config while serving: the changed section is built
// again by its factory, the new one is added, calls in progress finish on
// what they started with, and a failed reload would change nothing.
func ExampleHandler_Reload() {
	registry := rpcext.NewRegistry()
	registry.Register("my.package:make_another_rpcinterface", newAnother)
	config := func(retries string, more bool) *rpcext.Config {
		text := "[rpcinterface:another]\nsupervisor.rpcinterface_factory = my.package:make_another_rpcinterface\nretries = " + retries + "\n"
		if more {
			text += "[rpcinterface:more]\nsupervisor.rpcinterface_factory = my.package:make_another_rpcinterface\n"
		}
		cfg, err := rpcext.ParseConfig([]byte(text), "supervisord.conf")
		if err != nil {
			panic(err)
		}
		return cfg
	}

	h, err := rpcext.NewHandler(config("1", false), rpcext.WithRegistry(registry))
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	fmt.Println(ask(srv.URL, "another.getRetries"), ask(srv.URL, "more.getRetries"))

	// Later, for instance on SIGHUP, with the config file read again:
	if err := h.Reload(config("5", true)); err != nil {
		fmt.Println(err) // nothing changed
		return
	}
	fmt.Println(ask(srv.URL, "another.getRetries"), ask(srv.URL, "more.getRetries"))
	// Output:
	// 1 UNKNOWN_METHOD
	// 5 0
}

// A host runs supervisord's listeners with a Server, and gives it the
// config file again on SIGHUP: namespaces, credentials and listeners
// change without a restart, and only where the config changed.
func ExampleServer() {
	load := func() (*rpcext.Config, error) { return rpcext.LoadConfig("supervisord.conf") }
	cfg, err := load()
	if err != nil {
		fmt.Println(err)
		return
	}
	srv, err := rpcext.NewServer(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		for range hup {
			cfg, err := load()
			if err == nil {
				err = srv.Reload(cfg)
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "reload:", err) // the server goes on as it was
			}
		}
	}()
	if err := srv.Serve(ctx); err != nil {
		fmt.Println(err)
	}
}
