package main

import (
	"encoding/base64"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// call is one prepared good call: its body and the exact answer expected.
type call struct {
	body, want []byte
}

// methodCall writes a methodCall of method with the given parameter
// values (Go values written as XML-RPC, see writeValue).
func methodCall(method string, params ...any) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?>` + "\n<methodCall><methodName>" + method + "</methodName><params>")
	for _, p := range params {
		b.WriteString("<param>")
		writeValue(&b, p)
		b.WriteString("</param>")
	}
	b.WriteString("</params></methodCall>\n")
	return []byte(b.String())
}

// writeValue writes v as an XML-RPC <value>, written independently of
// package xmlrpc's encoder (which writes responses only).
func writeValue(b *strings.Builder, v any) {
	b.WriteString("<value>")
	switch x := v.(type) {
	case int:
		b.WriteString("<int>" + strconv.Itoa(x) + "</int>")
	case bool:
		if x {
			b.WriteString("<boolean>1</boolean>")
		} else {
			b.WriteString("<boolean>0</boolean>")
		}
	case float64:
		b.WriteString("<double>" + strconv.FormatFloat(x, 'f', -1, 64) + "</double>")
	case string:
		b.WriteString("<string>" + escape(x) + "</string>")
	case []byte:
		b.WriteString("<base64>" + base64.StdEncoding.EncodeToString(x) + "</base64>")
	case []any:
		b.WriteString("<array><data>")
		for _, e := range x {
			writeValue(b, e)
		}
		b.WriteString("</data></array>")
	case map[string]any:
		b.WriteString("<struct>")
		// Sorted, so that the answer (the host echoes a struct in the
		// order it came) is the one response(v) writes.
		for _, k := range slices.Sorted(maps.Keys(x)) {
			b.WriteString("<member><name>" + escape(k) + "</name>")
			writeValue(b, x[k])
			b.WriteString("</member>")
		}
		b.WriteString("</struct>")
	default:
		panic(fmt.Sprintf("rpcsoak: cannot write %T", v))
	}
	b.WriteString("</value>")
}

var escape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace

// response is the methodResponse the host answers with v, as package
// xmlrpc's encoder (the host's) writes it.
func response(v any) []byte {
	e := xmlrpc.NewEncoder(nil)
	e.BeginResponse()
	if err := e.Any(v); err != nil {
		panic(err)
	}
	e.EndResponse()
	return e.Bytes()
}

func faultResponse(code int, s string) []byte {
	e := xmlrpc.NewEncoder(nil)
	e.Fault(code, s)
	return e.Bytes()
}

// addCall is echo.add(a, b) of two random 30-bit ints.
func addCall(r *rand.Rand) call {
	a, b := r.IntN(1<<30)-1<<29, r.IntN(1<<30)-1<<29
	return call{methodCall("echo.add", a, b), response(a + b)}
}

// multicallOf is system.multicall of n echo.add calls.
func multicallOf(r *rand.Rand, n int) call {
	calls := make([]any, n)
	sums := make([]any, n)
	for i := range calls {
		a, b := r.IntN(1000), r.IntN(1000)
		calls[i] = map[string]any{"methodName": "echo.add", "params": []any{a, b}}
		sums[i] = a + b
	}
	return call{methodCall("system.multicall", calls), response(sums)}
}

var sampleText = []string{"plain", "a & b < c > d", "caf\u00e9 \u20ac \U0001F600", "tab\tand\nnewline", "", "quotes \" '"}

// structCall is echo.echo of 50 members f00..f49, int, string, double
// and boolean in turn.
func structCall(r *rand.Rand) call {
	m := map[string]any{}
	for i := range 50 {
		var v any
		switch i % 4 {
		case 0:
			v = int(r.Int32())
		case 1:
			v = sampleText[r.IntN(len(sampleText))] + strconv.Itoa(r.IntN(1e6))
		case 2:
			v = float64(r.IntN(1e9)) / 8
		case 3:
			v = r.IntN(2) == 1
		}
		m[fmt.Sprintf("f%02d", i)] = v
	}
	return call{methodCall("echo.echo", m), response(m)}
}

// arrayCall is echo.echo of n random 32-bit ints.
func arrayCall(r *rand.Rand, n int) call {
	a := make([]any, n)
	for i := range a {
		a[i] = int(r.Int32())
	}
	return call{methodCall("echo.echo", a), response(a)}
}

// blobCall is echo.echo of n random bytes, as base64.
func blobCall(r *rand.Rand, n int) call {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return call{methodCall("echo.echo", b), response(b)}
}
