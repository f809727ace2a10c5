// Package benchbody makes the request bodies of the shared benchmark
// harness's five workloads (../shared/bench, its gen.py), so that the
// in-process benchmarks of every package measure the same bodies the
// harness sends over HTTP: echo.add(1, 2) (small); echo.echo of a struct
// of 50 members f00..f49, int, string, double and boolean in turn
// (struct); echo.echo of an array of 10,000 random 32-bit ints (array);
// echo.echo of 1 MiB of printable ASCII as base64 in lines of 76 (blob);
// a system.multicall of 100 echo.add (multicall). They are laid out as
// Python's xmlrpc.client lays them out and are deterministic; the random
// values differ from gen.py's, the shapes and sizes do not.
package benchbody

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// Names are the workloads, in the harness's order.
var Names = []string{"small", "struct", "array", "blob", "multicall"}

// Call lays a methodCall out as Python's xmlrpc.client.dumps does, with
// each value already encoded.
func Call(method string, values ...string) []byte {
	var b strings.Builder
	b.WriteString("<?xml version='1.0'?>\n<methodCall>\n<methodName>")
	b.WriteString(method)
	b.WriteString("</methodName>\n<params>\n")
	for _, v := range values {
		b.WriteString("<param>\n")
		b.WriteString(v)
		b.WriteString("</param>\n")
	}
	b.WriteString("</params>\n</methodCall>\n")
	return []byte(b.String())
}

// Value encodes v as Python's marshaller does (base64 aside: see Base64).
// It panics if v cannot be encoded.
func Value(v any) string {
	e := xmlrpc.NewEncoder(nil)
	if err := e.Any(v); err != nil {
		panic(fmt.Sprintf("benchbody: %v", err))
	}
	return string(e.Bytes())
}

// Base64 lays base64 out in lines of 76 characters, as Python does.
func Base64(data []byte) string {
	enc := base64.StdEncoding.EncodeToString(data)
	var sb strings.Builder
	sb.WriteString("<value><base64>\n")
	for len(enc) > 76 {
		sb.WriteString(enc[:76])
		sb.WriteByte('\n')
		enc = enc[76:]
	}
	sb.WriteString(enc)
	sb.WriteString("\n</base64></value>\n")
	return sb.String()
}

// Params returns the workloads' parameters as Go values (the multicall's
// is its []any of {methodName, params} structs), keyed by name.
func Params() map[string]any {
	r := rand.New(rand.NewPCG(20261124, 0))
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 <&>'\""
	word := func() string {
		b := make([]byte, 8+r.IntN(17))
		for i := range b {
			b[i] = letters[r.IntN(len(letters))]
		}
		return string(b)
	}
	st := map[string]any{}
	for i := range 50 {
		var v any
		switch i % 4 {
		case 0:
			v = r.IntN(2_000_001) - 1_000_000
		case 1:
			v = word()
		case 2:
			v = float64(r.IntN(2_000_001)-1_000_000) / 4
		case 3:
			v = r.Float64() < 0.5
		}
		st[fmt.Sprintf("f%02d", i)] = v
	}
	arr := make([]any, 10_000)
	for i := range arr {
		arr[i] = int(int32(r.Uint32())) // from -2**31 to 2**31 - 1
	}
	blob := make([]byte, 1<<20)
	for i := range blob {
		blob[i] = byte(0x20 + r.IntN(0x7f-0x20))
	}
	calls := make([]any, 100)
	for i := range calls {
		calls[i] = map[string]any{"methodName": "echo.add", "params": []any{i, 2 * i}}
	}
	return map[string]any{"struct": st, "array": arr, "blob": blob, "multicall": calls}
}

// Bodies returns the five request bodies, keyed by name.
func Bodies() map[string][]byte {
	p := Params()
	return map[string][]byte{
		"small":     Call("echo.add", Value(1), Value(2)),
		"struct":    Call("echo.echo", Value(p["struct"])),
		"array":     Call("echo.echo", Value(p["array"])),
		"blob":      Call("echo.echo", Base64(p["blob"].([]byte))),
		"multicall": Call("system.multicall", Value(p["multicall"])),
	}
}
