package testkit

import (
	"fmt"
	"strings"
)

// MethodCall returns a methodCall body for method, laid out as Python's
// xmlrpc.client lays it out, with one <param> for each of params, each a
// whole <value> element (see Value, Int, String, Array, Struct).
func MethodCall(method string, params ...string) []byte {
	var b strings.Builder
	b.WriteString("<?xml version='1.0'?>\n<methodCall>\n<methodName>")
	b.WriteString(method)
	b.WriteString("</methodName>\n<params>\n")
	for _, p := range params {
		b.WriteString("<param>\n")
		b.WriteString(p)
		b.WriteString("\n</param>\n")
	}
	b.WriteString("</params>\n</methodCall>\n")
	return []byte(b.String())
}

// Value wraps inner, a typed element such as "<int>1</int>" (or plain
// text, an untyped string), in <value>.
func Value(inner string) string { return "<value>" + inner + "</value>" }

// Values wraps each of inner in <value>.
func Values(inner ...string) []string {
	vs := make([]string, len(inner))
	for i, s := range inner {
		vs[i] = Value(s)
	}
	return vs
}

// Int returns an <int> value.
func Int(n int) string { return fmt.Sprintf("<value><int>%d</int></value>", n) }

// String returns a <string> value; s is written as it is (escape it
// yourself when it holds markup).
func String(s string) string { return "<value><string>" + s + "</string></value>" }

// Array returns an <array> of the values vs.
func Array(vs ...string) string {
	return "<value><array><data>" + strings.Join(vs, "") + "</data></array></value>"
}

// Struct returns a <struct> of the members kv, given as name, value,
// name, value, ... (each value a whole <value> element).
func Struct(kv ...string) string {
	var b strings.Builder
	b.WriteString("<value><struct>")
	for i := 0; i+1 < len(kv); i += 2 {
		b.WriteString("<member><name>" + kv[i] + "</name>" + kv[i+1] + "</member>")
	}
	b.WriteString("</struct></value>")
	return b.String()
}
