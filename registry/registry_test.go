package registry_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/supervisorrpc/rpcinterface/registry"
)

type factory func(string) string

func TestRegisterLookup(t *testing.T) {
	r := registry.New[factory]()
	r.Register("b:make", func(s string) string { return "b" + s })
	r.Register("a:make", func(s string) string { return "a" + s })

	f, ok := r.Lookup("a:make")
	if !ok || f("x") != "ax" {
		t.Fatalf("Lookup(a:make) = %v, %v", f, ok)
	}
	if _, ok := r.Lookup("c:make"); ok {
		t.Fatal("Lookup of an unregistered name succeeded")
	}
	if got, want := r.Names(), []string{"a:make", "b:make"}; !slices.Equal(got, want) {
		t.Fatalf("Names() = %v, want %v", got, want)
	}
}

func TestRegisterPanics(t *testing.T) {
	ok := func(string) string { return "" }
	tests := []struct {
		name    string
		setup   func(r *registry.Registry[factory])
		reg     string
		f       factory
		wantMsg string
	}{
		{name: "empty name", reg: "", f: ok, wantMsg: "empty factory name"},
		{name: "nil factory", reg: "x:y", f: nil, wantMsg: `nil factory for "x:y"`},
		{name: "duplicate", setup: func(r *registry.Registry[factory]) { r.Register("x:y", ok) }, reg: "x:y", f: ok, wantMsg: `twice for factory "x:y"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := registry.New[factory]()
			if tt.setup != nil {
				tt.setup(r)
			}
			defer func() {
				msg := fmt.Sprint(recover())
				if !strings.Contains(msg, tt.wantMsg) {
					t.Fatalf("panic %q, want it to contain %q", msg, tt.wantMsg)
				}
			}()
			r.Register(tt.reg, tt.f)
		})
	}
}

func TestConcurrentUse(t *testing.T) {
	r := registry.New[factory]()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			r.Register(fmt.Sprintf("p%d:make", i), func(string) string { return "" })
		}()
		go func() {
			defer wg.Done()
			r.Lookup("p0:make")
			r.Names()
		}()
	}
	wg.Wait()
	if n := len(r.Names()); n != 8 {
		t.Fatalf("%d names registered, want 8", n)
	}
}
