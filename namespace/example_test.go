package namespace_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/supervisorrpc/rpcinterface/namespace"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// Calc is a namespace: its exported methods are published with their
// first letter lowered.
type Calc struct{}

// Add is calc.add.
func (Calc) Add(a, b int) int { return a + b }

// Div is calc.div; a *xmlrpc.Fault chooses the fault answered.
func (Calc) Div(a, b int) (int, error) {
	if b == 0 {
		return 0, xmlrpc.NewFault(xmlrpc.CodeBadArguments, "division by zero")
	}
	return a / b, nil
}

func ExampleService_Serve() {
	ns, err := namespace.Build("calc", Calc{})
	if err != nil {
		panic(err)
	}
	svc, err := namespace.NewService([]*namespace.Namespace{ns})
	if err != nil {
		panic(err)
	}
	body := []byte(`<?xml version="1.0"?>
<methodCall><methodName>calc.add</methodName><params>
<param><value><int>1</int></value></param>
<param><value><int>2</int></value></param>
</params></methodCall>`)
	out, info, err := svc.Serve(context.Background(), body, nil)
	if err != nil {
		fmt.Println("HTTP 400:", err)
		return
	}
	fmt.Println("method:", info.Method)
	os.Stdout.Write(out)

	body = []byte(`<methodCall><methodName>calc.div</methodName><params>
<param><value><int>1</int></value></param><param><value><int>0</int></value></param>
</params></methodCall>`)
	_, info, _ = svc.Serve(context.Background(), body, nil)
	fmt.Println("fault:", info.Fault.FaultString())
	// Output:
	// method: calc.add
	// <?xml version='1.0'?>
	// <methodResponse>
	// <params>
	// <param>
	// <value><int>3</int></value>
	// </param>
	// </params>
	// </methodResponse>
	// fault: BAD_ARGUMENTS: division by zero
}

func ExampleBuild() {
	ns, err := namespace.Build("calc", Calc{})
	if err != nil {
		panic(err)
	}
	for _, m := range ns.Methods() {
		fmt.Printf("%s (Go %s): %s %q\n", m.Name(), m.GoName(), m.Help(), m.Signature())
	}
	// Output:
	// calc.add (Go Add): calc.add(int, int) -> int ["int" "int" "int"]
	// calc.div (Go Div): calc.div(int, int) -> int ["int" "int" "int"]
}

// Greeter documents its methods as a Python plugin would.
type Greeter struct{}

// Greet is greeter.greet.
func (Greeter) Greet(name string) string { return "hello " + name }

// RPCDocs is not published; it documents the others.
func (Greeter) RPCDocs() map[string]namespace.Doc {
	return map[string]namespace.Doc{
		"greet": namespace.Docstring(` Greet someone

        @param string name The name
        @return string The greeting
        `),
	}
}

func ExampleDocstring() {
	d := namespace.Docstring("Start a process\n@param string name Process name\n@param boolean wait Wait for it\n@return boolean result Always true")
	fmt.Printf("%q\n", d.Signature)
	fmt.Println(namespace.Docstring("no tags: no signature").NoSignature)

	ns, _ := namespace.Build("greeter", Greeter{})
	m := ns.Methods()[0]
	fmt.Printf("%s %q\n", m.Name(), m.Signature())
	// Output:
	// ["boolean" "string" "boolean"]
	// true
	// greeter.greet ["string" "string"]
}

// Sleeper has a parameter callers may leave out.
type Sleeper struct{}

// Sleep is sleeper.sleep(seconds, [unit]).
func (Sleeper) Sleep(seconds int, unit namespace.Optional[string]) string {
	return fmt.Sprintf("%d %s (given: %v)", seconds, unit.Or("s"), unit.Set)
}

func ExampleOptional() {
	ns, _ := namespace.Build("sleeper", Sleeper{})
	svc, _ := namespace.NewService([]*namespace.Namespace{ns})
	for _, params := range []string{
		`<param><value><int>5</int></value></param>`,
		`<param><value><int>5</int></value></param><param><value>ms</value></param>`,
		``,
	} {
		body := "<methodCall><methodName>sleeper.sleep</methodName><params>" + params + "</params></methodCall>"
		out, info, _ := svc.Serve(context.Background(), []byte(body), nil)
		if info.Fault != nil {
			fmt.Println("fault:", info.Fault.FaultString())
			continue
		}
		value, _, _ := strings.Cut(strings.TrimPrefix(string(out), "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"), "\n")
		fmt.Println(value)
	}
	fmt.Println(ns.Methods()[0].Help())
	// Output:
	// <value><string>5 s (given: false)</string></value>
	// <value><string>5 ms (given: true)</string></value>
	// fault: INCORRECT_PARAMETERS
	// sleeper.sleep(int, [string]) -> string
}

// Watcher has a method no XML-RPC value can be decoded for.
type Watcher struct{}

// Ping is watcher.ping.
func (Watcher) Ping() string { return "pong" }

// Watch takes a channel: it cannot be published.
func (Watcher) Watch(events chan string) {}

// By default a method that cannot be published is skipped, with its
// reason; StrictMethods makes Build fail instead.
func ExampleStrictMethods() {
	ns, err := namespace.Build("watcher", Watcher{})
	fmt.Println(err, len(ns.Methods()), ns.Skipped())
	_, err = namespace.Build("watcher", Watcher{}, namespace.StrictMethods())
	fmt.Println(err)
	// Output:
	// <nil> 1 [{Watch parameter 1 (chan string) cannot be decoded: no XML-RPC type holds a chan}]
	// namespace watcher: method Watch (watcher.watch) cannot be published: parameter 1 (chan string) cannot be decoded: no XML-RPC type holds a chan
}
