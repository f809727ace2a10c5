package registry_test

import (
	"fmt"

	"github.com/supervisorrpc/rpcinterface/registry"
)

// A registry maps the names config files use to factories of any type;
// rpcext keeps the default one for its Factory type.
func Example() {
	type factory func(opts map[string]string) string
	r := registry.New[factory]()
	r.Register("my.package:make_another_rpcinterface", func(opts map[string]string) string {
		return "another with retries=" + opts["retries"]
	})

	if f, ok := r.Lookup("my.package:make_another_rpcinterface"); ok {
		fmt.Println(f(map[string]string{"retries": "1"}))
	}
	_, ok := r.Lookup("my.package:make_other")
	fmt.Println(ok, r.Names())

	defer func() { fmt.Println("panic:", recover()) }()
	r.Register("my.package:make_another_rpcinterface", nil) // a wiring bug fails loudly
	// Output:
	// another with retries=1
	// false [my.package:make_another_rpcinterface]
	// panic: registry: Register of a nil factory for "my.package:make_another_rpcinterface"
}
