package xmlrpc_test

import (
	"fmt"
	"reflect"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// Job is a struct travelling as an XML-RPC <struct>, its members named by
// the xmlrpc tags.
type Job struct {
	Name    string `xmlrpc:"name"`
	Retries int    `xmlrpc:"retries"`
}

// One codec, both directions: a client writes a methodCall from Go
// values, the server reads each parameter straight into its Go type and
// answers, and the client reads the answer into its result.
func Example() {
	// The client's request.
	var e xmlrpc.Encoder
	if err := e.MethodCall("jobs.submit", Job{Name: "backup", Retries: 3}); err != nil {
		fmt.Println(err)
		return
	}
	request := e.Bytes()

	// The server: the method name, then the parameter into a Job, with a
	// decoder built once for the type (as the dispatcher does at Mount).
	dec, err := xmlrpc.DecoderOf(reflect.TypeFor[Job]())
	if err != nil {
		fmt.Println(err)
		return
	}
	d := xmlrpc.NewDecoder(request, xmlrpc.Limits{})
	name, err := d.MethodCall()
	if err != nil {
		fmt.Println("HTTP 400:", err)
		return
	}
	var job Job
	if ok, err := d.NextParam(); !ok || err != nil {
		fmt.Println("no parameter:", err)
		return
	}
	if err := dec(d, reflect.ValueOf(&job).Elem()); err != nil {
		fmt.Println("fault 2:", err)
		return
	}
	if more, err := d.NextParam(); more || err != nil {
		fmt.Println("fault 2: too many parameters", err)
		return
	}
	if err := d.End(); err != nil {
		fmt.Println("HTTP 400:", err)
		return
	}
	fmt.Printf("%s(%+v)\n", name, job)

	// The server's answer: the job's id.
	var resp xmlrpc.Encoder
	resp.BeginResponse()
	resp.Int64(42)
	resp.EndResponse()

	// The client reads it into its result.
	var id int
	if err := xmlrpc.NewDecoder(resp.Bytes(), xmlrpc.Limits{}).DecodeResponse(&id); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("id", id)
	// Output:
	// jobs.submit({Name:backup Retries:3})
	// id 42
}
