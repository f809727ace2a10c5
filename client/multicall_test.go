package client_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/client"
	"github.com/supervisorrpc/rpcinterface/rpcext"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

func TestMulticall(t *testing.T) {
	for _, spec := range []bool{false, true} {
		name := "supervisord dialect"
		var mountOpts []rpcext.MountOption
		var clientOpts []client.Option
		if spec {
			name = "spec dialect"
			mountOpts = append(mountOpts, rpcext.WithSpecMulticall())
			clientOpts = append(clientOpts, client.WithSpecMulticall())
		}
		t.Run(name, func(t *testing.T) {
			srv, _ := serve(t, mountOpts...)
			c := srv.NewClient(clientOpts...)
			var sum int
			var p Proc
			var all []Proc
			var echoed any
			errs, err := c.Multicall(t.Context(),
				client.Request{Method: "t.add", Args: []any{1, 2}, Result: &sum},
				client.Request{Method: "t.info", Args: []any{"nosuch"}, Result: &p},
				client.Request{Method: "t.info", Args: []any{"web"}, Result: &p},
				client.Request{Method: "t.all", Result: &all},
				client.Request{Method: "t.nosuch"},
				client.Request{Method: "t.echo", Args: []any{[]any{"a", 1}}, Result: &echoed},
				client.Request{Method: "t.add", Args: []any{1}},
			)
			if err != nil {
				t.Fatal(err)
			}
			wantCodes := []xmlrpc.Code{0, xmlrpc.CodeBadName, 0, 0, xmlrpc.CodeUnknownMethod, 0, xmlrpc.CodeIncorrectParameters}
			if len(errs) != len(wantCodes) {
				t.Fatalf("%d errors for %d calls", len(errs), len(wantCodes))
			}
			for i, code := range wantCodes {
				f, _ := errs[i].(*xmlrpc.Fault) // the *Fault itself, not wrapped
				switch {
				case code == 0 && errs[i] != nil:
					t.Errorf("call %d: %v", i, errs[i])
				case code != 0 && (f == nil || f.Code != code):
					t.Errorf("call %d: %v, want fault %d", i, errs[i], code)
				}
			}
			if f := errs[1].(*xmlrpc.Fault); f.FaultString() != "BAD_NAME: nosuch" {
				t.Errorf("fault string %q", f.FaultString())
			}
			if sum != 3 || p.PID != 42 || len(all) != 2 || all[0].Name != "a" {
				t.Errorf("results: %d %+v %+v", sum, p, all)
			}
			if e, ok := echoed.([]any); !ok || len(e) != 2 || e[0] != "a" {
				t.Errorf("echo: %#v", echoed)
			}
		})
	}
}

func TestMulticallErrors(t *testing.T) {
	srv, ns := serve(t)
	c := srv.Client()
	errs, err := c.Multicall(t.Context())
	if err != nil || len(errs) != 0 {
		t.Errorf("no requests: %v, %v", errs, err)
	}

	// Refused before sending: a bad result, an argument that cannot be sent.
	for _, r := range []client.Request{
		{Method: "t.add", Args: []any{1, 2}, Result: 5},
		{Method: "t.add", Args: []any{1, make(chan int)}},
		{Method: ""},
	} {
		errs, err := c.Multicall(t.Context(), client.Request{Method: "t.add", Args: []any{1, 1}}, r)
		if err == nil || errs != nil || !strings.Contains(err.Error(), "call 1") {
			t.Errorf("%+v: %v, %v", r, errs, err)
		}
	}
	if n := ns.calls.Load(); n != 0 {
		t.Errorf("%d calls reached the server", n)
	}

	// A value that does not fit its result fails the whole call, naming it.
	var s string
	var n int
	errs, err = c.Multicall(t.Context(),
		client.Request{Method: "t.add", Args: []any{1, 2}, Result: &n},
		client.Request{Method: "t.add", Args: []any{1, 2}, Result: &s})
	var te *xmlrpc.TypeError
	if !errors.As(err, &te) || errs != nil || !strings.Contains(err.Error(), "call 1") {
		t.Errorf("type error: %v, %v", errs, err)
	}

	// The other dialect is a protocol error, not a misread value.
	spec := srv.NewClient(client.WithSpecMulticall())
	if _, err := spec.Multicall(t.Context(), client.Request{Method: "t.add", Args: []any{1, 2}, Result: &n}); err == nil ||
		!strings.Contains(err.Error(), "supervisord's dialect") {
		t.Errorf("spec client, supervisord server: %v", err)
	}

	// system.multicall itself answers a fault: the whole call's error.
	limited, _ := serve(t, rpcext.WithMaxMulticallCalls(1))
	_, err = limited.Client().Multicall(t.Context(), client.Request{Method: "t.add", Args: []any{1, 2}}, client.Request{Method: "t.add", Args: []any{1, 2}})
	var f *xmlrpc.Fault
	if !errors.As(err, &f) {
		t.Errorf("a multicall over the server's limit: %v", err)
	}
}
