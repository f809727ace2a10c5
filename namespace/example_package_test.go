package namespace_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/supervisorrpc/rpcinterface/namespace"
)

// Jobs is a plugin value: its exported methods become jobs.submit and
// jobs.count; the unexported one is not reachable.
type Jobs struct{ n int }

func (j *Jobs) Submit(ctx context.Context, name string, retries namespace.Optional[int]) (int, error) {
	j.n++
	return j.n*100 + retries.Or(1), nil
}

func (j *Jobs) Count() int { return j.n }

func (j *Jobs) reset() { j.n = 0 }

// Build reflects over a value once; NewService puts namespaces and the
// system namespace over them together; Serve answers one request body.
func Example() {
	ns, err := namespace.Build("jobs", &Jobs{})
	if err != nil {
		fmt.Println(err)
		return
	}
	svc, err := namespace.NewService([]*namespace.Namespace{ns})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Join(svc.MethodNames(), " "))
	m, _ := svc.Method("jobs.submit")
	fmt.Println(m.Help(), m.Signature())

	body := []byte(`<?xml version="1.0"?>
<methodCall><methodName>jobs.submit</methodName>
<params><param><value><string>backup</string></value></param></params></methodCall>`)
	out, info, err := svc.Serve(context.Background(), body, nil)
	fmt.Println(info.Method, info.Fault, err, strings.Contains(string(out), "<int>101</int>"))

	_, info, _ = svc.Serve(context.Background(),
		[]byte("<methodCall><methodName>jobs.reset</methodName></methodCall>"), nil)
	fmt.Println(info.Fault.FaultString())
	// Output:
	// jobs.count jobs.submit system.listMethods system.methodHelp system.methodSignature system.multicall
	// jobs.submit(string, [int]) -> int [int string int]
	// jobs.submit <nil> <nil> true
	// UNKNOWN_METHOD
}
