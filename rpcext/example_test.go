package rpcext_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/supervisorrpc/rpcinterface/client"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// Another is a plugin's namespace value: its exported methods are
// published as another.getRetries and another.setRetries.
type Another struct{ retries int }

func (a *Another) GetRetries() int { return a.retries }

func (a *Another) SetRetries(n int) error {
	if n < 0 {
		return rpcext.Faultf(rpcext.CodeBadArguments, "retries must not be negative, got %d", n)
	}
	a.retries = n
	return nil
}

func newAnother(host any, opts rpcext.Options) (any, error) {
	retries, err := opts.Int("retries", 0)
	if err != nil {
		return nil, err
	}
	return &Another{retries: retries}, nil
}

// A plugin registers its factory under the name config files use,
// normally in its package's init function.
func ExampleRegister() {
	rpcext.Register("example.another:make_another_rpcinterface", newAnother)

	fmt.Println(strings.Contains(strings.Join(rpcext.Factories(), " "), "example.another:make_another_rpcinterface"))
	// Output: true
}

// A host loads a supervisord-style config and mounts its [rpcinterface:x]
// sections at /RPC2 on its own mux.
func ExampleMount() {
	registry := rpcext.NewRegistry() // the default registry, filled by Register, is the usual choice
	registry.Register("my.package:make_another_rpcinterface", newAnother)

	cfg, err := rpcext.ParseConfig([]byte(`
[rpcinterface:another]
supervisor.rpcinterface_factory = my.package:make_another_rpcinterface
retries = 1
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
	c, err := client.Dial(srv.URL) // posts to /RPC2
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	var retries int
	err = c.Call(context.Background(), "another.getRetries", &retries)
	fmt.Println(retries, err)

	err = c.Call(context.Background(), "another.setRetries", nil, -1)
	var f *rpcext.Fault
	if errors.As(err, &f) {
		fmt.Println(int(f.Code), f.FaultString())
	}
	// Output:
	// 1 <nil>
	// 3 BAD_ARGUMENTS: retries must not be negative, got -1
}

// A method returns a *Fault to answer with a chosen fault code; the fault
// string follows supervisord's "NAME: message" rule.
func ExampleFault() {
	err := fmt.Errorf("starting web: %w", rpcext.NewFault(rpcext.CodeNotRunning, "web"))

	var f *rpcext.Fault
	if errors.As(err, &f) {
		fmt.Println(int(f.Code), f.FaultString())
	}
	fmt.Println(rpcext.NewFault(rpcext.CodeSpawnError, "").FaultString())
	fmt.Println(rpcext.NewFault(999, "custom").FaultString())
	// Output:
	// 70 NOT_RUNNING: web
	// SPAWN_ERROR
	// UNKNOWN: custom
}
