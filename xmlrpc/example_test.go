package xmlrpc_test

import (
	"fmt"
	"io"
	"net"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// A request is decoded one parameter at a time, each straight into the Go
// type it is wanted as.
func ExampleDecoder() {
	body := []byte(`<?xml version="1.0"?>
<methodCall>
  <methodName>echo.add</methodName>
  <params>
    <param><value><int>1</int></value></param>
    <param><value><i4>2</i4></value></param>
    <param><value><struct>
      <member><name>tags</name><value><array><data><value>a</value></data></array></value></member>
    </struct></value></param>
  </params>
</methodCall>`)
	d := xmlrpc.NewDecoder(body, xmlrpc.Limits{})
	name, err := d.MethodCall()
	if err != nil {
		fmt.Println("HTTP 400:", err)
		return
	}
	fmt.Printf("method %s\n", name)
	for {
		ok, err := d.NextParam()
		if err != nil {
			fmt.Println("HTTP 400:", err)
			return
		}
		if !ok {
			break
		}
		v, err := d.DecodeAny()
		if err != nil {
			fmt.Println("HTTP 400:", err)
			return
		}
		fmt.Printf("%T %v\n", v, v)
	}
	if err := d.End(); err != nil {
		fmt.Println("HTTP 400:", err)
	}
	// Output:
	// method echo.add
	// int 1
	// int 2
	// map[string]interface {} map[tags:[a]]
}

// A value of the wrong type is a *TypeError; the value has been consumed
// and decoding goes on.
func ExampleTypeError() {
	body := []byte(`<methodCall><methodName>m</methodName><params>
<param><value><string>ten</string></value></param>
<param><value><int>300</int></value></param>
</params></methodCall>`)
	d := xmlrpc.NewDecoder(body, xmlrpc.Limits{})
	d.MethodCall()
	d.NextParam()
	_, err := d.DecodeInt64()
	fmt.Println(err)
	d.NextParam()
	var small int8
	err = d.DecodeValue(reflect.ValueOf(&small).Elem())
	fmt.Println(err)
	d.NextParam()
	fmt.Println(d.End())
	// Output:
	// cannot use <string> as int64
	// 300 overflows int8
	// <nil>
}

// An Encoder writes a methodResponse in the layout of Python's
// xmlrpc.client, which supervisord uses.
func ExampleEncoder() {
	e := xmlrpc.NewEncoder(nil)
	e.BeginResponse()
	if err := e.Any(map[string]any{"name": "cat", "pid": 42, "load": 0.5}); err != nil {
		panic(err)
	}
	e.EndResponse()
	os.Stdout.Write(e.Bytes())
	// Output:
	// <?xml version='1.0'?>
	// <methodResponse>
	// <params>
	// <param>
	// <value><struct>
	// <member>
	// <name>load</name>
	// <value><double>0.5</double></value>
	// </member>
	// <member>
	// <name>name</name>
	// <value><string>cat</string></value>
	// </member>
	// <member>
	// <name>pid</name>
	// <value><int>42</int></value>
	// </member>
	// </struct></value>
	// </param>
	// </params>
	// </methodResponse>
}

// A value that cannot be sent is an error; rewind to a mark taken before
// it and send a fault instead.
func ExampleEncoder_Rewind() {
	e := xmlrpc.NewEncoder(nil)
	start := e.Mark()
	e.BeginResponse()
	if err := e.Any([]string{"ok", "bell \a"}); err != nil {
		fmt.Println(err)
		e.Rewind(start)
		e.Fault(int(xmlrpc.CodeFailed), "FAILED: cannot send the result")
	}
	os.Stdout.Write(e.Bytes())
	// Output:
	// xmlrpc: cannot encode value at [1]: control character 0x07 at byte 5 cannot be sent in XML (use []byte for binary data)
	// <?xml version='1.0'?>
	// <methodResponse>
	// <fault>
	// <value><struct>
	// <member>
	// <name>faultCode</name>
	// <value><int>30</int></value>
	// </member>
	// <member>
	// <name>faultString</name>
	// <value><string>FAILED: cannot send the result</string></value>
	// </member>
	// </struct></value>
	// </fault>
	// </methodResponse>
}

// A method returns a *Fault to answer a fault of its choice; its fault
// string follows supervisord's rule, "NAME: message".
func ExampleFault() {
	f := xmlrpc.NewFault(xmlrpc.CodeBadName, "no such process: web")
	fmt.Println(f.FaultString())
	fmt.Println(xmlrpc.NewFault(xmlrpc.CodeNotRunning, "").FaultString())
	fmt.Println(xmlrpc.NewFault(999, "custom").FaultString())
	fmt.Println(f)
	// Output:
	// BAD_NAME: no such process: web
	// NOT_RUNNING
	// UNKNOWN: custom
	// BAD_NAME: no such process: web (fault 10)
}

// Faultf formats the message; %w keeps the cause for errors.Is.
func ExampleFaultf() {
	f := xmlrpc.Faultf(xmlrpc.CodeFailed, "reading state: %w", io.ErrUnexpectedEOF)
	fmt.Println(f.FaultString())
	fmt.Println(f.Unwrap() == io.ErrUnexpectedEOF)
	// Output:
	// FAILED: reading state: unexpected EOF
	// true
}

// EncodedType and DecodedType name the XML-RPC type of a Go type, as
// system.methodSignature reports it, from the rules the codec itself
// follows. The two can differ: a type with only a MarshalText method is
// sent as text but read as its Go kind.
func ExampleEncodedType() {
	for _, t := range []reflect.Type{
		reflect.TypeFor[int64](),
		reflect.TypeFor[*time.Time](),
		reflect.TypeFor[[]byte](),
		reflect.TypeFor[net.IP](),
		reflect.TypeFor[map[string]any](),
		reflect.TypeFor[any](),
	} {
		enc, _ := xmlrpc.EncodedType(t)
		dec, _ := xmlrpc.DecodedType(t)
		fmt.Printf("%v: sent as %s, read from %s\n", t, enc.Name, dec.Name)
	}
	_, err := xmlrpc.EncodedType(reflect.TypeFor[chan int]())
	fmt.Println(err)
	// Output:
	// int64: sent as int, read from int
	// *time.Time: sent as dateTime.iso8601, read from dateTime.iso8601
	// []uint8: sent as base64, read from base64
	// net.IP: sent as string, read from string
	// map[string]interface {}: sent as struct, read from struct
	// interface {}: sent as mixed, read from mixed
	// xmlrpc: unsupported type chan int: no XML-RPC type holds a chan
}

// A decoder is built once per Go type and reused without reflection over
// the type. Built with IgnoreUnknownMembers, as a client reads a server's
// answers, it skips the struct members the Go struct does not have;
// without, as a server reads its callers' parameters, they are an error.
func ExampleDecoderOf() {
	type process struct {
		Name string `xmlrpc:"name"`
		PID  int    `xmlrpc:"pid"`
	}
	body := []byte(`<methodCall><methodName>r</methodName><params><param><value><struct>
<member><name>name</name><value><string>web</string></value></member>
<member><name>pid</name><value><int>42</int></value></member>
<member><name>added_in_4_3</name><value><boolean>1</boolean></value></member>
</struct></value></param></params></methodCall>`)
	for _, opts := range [][]xmlrpc.DecoderOption{nil, {xmlrpc.IgnoreUnknownMembers()}} {
		dec, err := xmlrpc.DecoderOf(reflect.TypeFor[process](), opts...)
		if err != nil {
			panic(err)
		}
		d := xmlrpc.NewDecoder(body, xmlrpc.Limits{})
		d.MethodCall()
		d.NextParam()
		var p process
		err = dec(d, reflect.ValueOf(&p).Elem())
		fmt.Printf("%+v %v\n", p, err)
	}
	// Output:
	// {Name:web PID:42} .added_in_4_3: no such member in xmlrpc_test.process
	// {Name:web PID:42} <nil>
}

// A struct with an IgnoreUnknown field skips the members it does not
// have, whatever decoder reads it.
func ExampleIgnoreUnknown() {
	type filter struct {
		_    xmlrpc.IgnoreUnknown
		Name string `xmlrpc:"name"`
	}
	body := []byte(`<methodCall><methodName>m</methodName><params><param><value><struct>
<member><name>name</name><value><string>web</string></value></member>
<member><name>since</name><value><int>3</int></value></member>
</struct></value></param></params></methodCall>`)
	d := xmlrpc.NewDecoder(body, xmlrpc.Limits{})
	d.MethodCall()
	d.NextParam()
	var f filter
	err := d.DecodeValue(reflect.ValueOf(&f).Elem())
	fmt.Printf("%q %v\n", f.Name, err)
	// Output:
	// "web" <nil>
}

// An encoder that follows a decoder's order writes a struct a method
// echoes in the order the client sent its members, as supervisord does;
// without FollowOrder the members are sorted.
func ExampleEncoder_FollowOrder() {
	d := xmlrpc.NewDecoder([]byte("<methodCall><methodName>echo</methodName><params><param><value><struct>"+
		"<member><name>pid</name><value><int>42</int></value></member>"+
		"<member><name>name</name><value><string>cat</string></value></member>"+
		"</struct></value></param></params></methodCall>"), xmlrpc.Limits{})
	if _, err := d.MethodCall(); err != nil {
		panic(err)
	}
	if _, err := d.NextParam(); err != nil {
		panic(err)
	}
	v, err := d.DecodeAny()
	if err != nil {
		panic(err)
	}
	for _, follow := range []bool{true, false} {
		e := xmlrpc.NewEncoder(nil)
		if follow {
			e.FollowOrder(d)
		}
		if err := e.Any(v); err != nil {
			panic(err)
		}
		fmt.Println(strings.ReplaceAll(string(e.Bytes()), "\n", ""))
	}
	// Output:
	// <value><struct><member><name>pid</name><value><int>42</int></value></member><member><name>name</name><value><string>cat</string></value></member></struct></value>
	// <value><struct><member><name>name</name><value><string>cat</string></value></member><member><name>pid</name><value><int>42</int></value></member></struct></value>
}
