package namespace

import (
	"context"
	"math/big"
	"net"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
)

// wireNS publishes one Go type T in every position: as a result, a
// parameter, an Optional parameter and a variadic one.
type wireNS[T any] struct{ v T }

func (n *wireNS[T]) Get() T                                  { return n.v }
func (n *wireNS[T]) Echo(v T) T                              { return v }
func (n *wireNS[T]) Opt(v Optional[T]) bool                  { return v.Set }
func (n *wireNS[T]) Var(v ...T) int                          { return len(v) }
func (n *wireNS[T]) CtxEcho(_ context.Context, v T) T        { return v }
func (n *wireNS[T]) GetErr() (T, error)                      { return n.v, nil }
func (n *wireNS[T]) GetPtr() *T                              { return &n.v }
func (n *wireNS[T]) GetSlice() []T                           { return []T{n.v} }
func (n *wireNS[T]) GetMap() map[string]T                    { return map[string]T{"k": n.v} }
func (n *wireNS[T]) GetField() struct{ F T }                 { return struct{ F T }{n.v} }
func (n *wireNS[T]) GetAny() any                             { return n.v }
func (n *wireNS[T]) GetArray() [1]T                          { return [1]T{n.v} }
func (n *wireNS[T]) EchoSlice(v []T) []T                     { return v }
func (n *wireNS[T]) EchoField(v struct{ F T }) struct{ F T } { return v }

// Types with a text form on one side or both.
type (
	// valText has MarshalText on its value and UnmarshalText on its pointer.
	valText struct{ s string }
	// ptrText has both methods on its pointer only; its exported field
	// would make it a one-member <struct> if the methods were missed.
	ptrText struct{ S string }
	// enumOut has MarshalText only: sent as text, read as an int.
	enumOut int
	// lenient has UnmarshalText only: read from text, sent as an int.
	lenient int
)

func (v valText) MarshalText() ([]byte, error)  { return []byte(v.s), nil }
func (v *valText) UnmarshalText(b []byte) error { v.s = string(b); return nil }
func (p *ptrText) MarshalText() ([]byte, error) { return []byte("p:" + p.S), nil }
func (p *ptrText) UnmarshalText(b []byte) error {
	p.S = strings.TrimPrefix(string(b), "p:")
	return nil
}
func (e enumOut) MarshalText() ([]byte, error) { return []byte("e" + strconv.Itoa(int(e))), nil }
func (l *lenient) UnmarshalText(b []byte) error {
	n, err := strconv.Atoi(string(b))
	*l = lenient(n)
	return err
}

type (
	wireLevel int
	wireLabel string
	wireFlag  bool
	wireBlob  []byte
	wireMap   map[string]int
	wirePoint struct {
		X     int     `xmlrpc:"x"`
		Label ptrText `xmlrpc:"label"`
		When  time.Time
	}
	wireTree struct {
		Name string
		Kids []wireTree
	}
	wireOuter struct {
		wirePoint
		Tags []string `xmlrpc:"tags"`
	}
)

// wireCase is one Go type and a value of it.
type wireCase struct {
	name string
	typ  reflect.Type
	ns   any // a *wireNS[T] holding the value
	// send is the parameter value a client sends for the type; "" sends
	// back the value the server answered Get with.
	send string
}

func wire[T any](name string, v T, send string) wireCase {
	return wireCase{name, reflect.TypeFor[T](), &wireNS[T]{v}, send}
}

func wireCases() []wireCase {
	when := time.Date(2024, 2, 29, 13, 14, 15, 0, time.UTC)
	n := 7
	pn := &n
	return []wireCase{
		wire("bool", true, ""),
		wire("int", -3, ""),
		wire("int8", int8(-8), ""),
		wire("int32", int32(1<<30), ""),
		wire("int64 small", int64(5), ""),
		wire("int64 beyond 32 bits", int64(1)<<40, ""),
		wire("uint", uint(9), ""),
		wire("uint8", uint8(200), ""),
		wire("uint64 beyond 32 bits", uint64(1)<<40, ""),
		wire("float32", float32(1.5), ""),
		wire("float64", 2.25, ""),
		wire("string", "a<b", ""),
		wire("named int", wireLevel(4), ""),
		wire("named string", wireLabel("lbl"), ""),
		wire("named bool", wireFlag(true), ""),
		wire("pointer", pn, ""),
		wire("pointer to pointer", &pn, ""),
		wire("pointer to struct", &wirePoint{X: 1}, ""),
		wire("MarshalText on value", valText{"v"}, ""),
		wire("pointer to MarshalText on value", &valText{"pv"}, ""),
		wire("MarshalText on pointer", ptrText{"x"}, ""),
		wire("pointer to MarshalText on pointer", &ptrText{"y"}, ""),
		wire("MarshalText only", enumOut(3), "<value><int>3</int></value>"),
		wire("UnmarshalText only", lenient(4), "<value><string>4</string></value>"),
		wire("net.IP", net.IPv4(10, 0, 0, 1), ""),
		wire("time.Time", when, ""),
		wire("*time.Time", &when, ""),
		wire("big.Int", *big.NewInt(1 << 40), ""),
		wire("*big.Int", big.NewInt(-12), ""),
		wire("[]byte", []byte("hi\x00"), ""),
		wire("named []byte", wireBlob("blob"), ""),
		wire("[4]byte", [4]byte{1, 2, 3, 4}, ""),
		wire("[2]string", [2]string{"a", "b"}, ""),
		wire("[]int", []int{1, 2}, ""),
		wire("[]struct", []wirePoint{{X: 1}, {X: 2}}, ""),
		wire("[]any", []any{1, "s", true}, ""),
		wire("map[string]int", map[string]int{"a": 1, "b": 2}, ""),
		wire("map[string]any", map[string]any{"a": 1, "b": []any{"x"}}, ""),
		wire("named map", wireMap{"z": 26}, ""),
		wire("struct", wirePoint{X: 3, Label: ptrText{"l"}, When: when}, ""),
		wire("recursive struct", wireTree{Name: "r", Kids: []wireTree{{Name: "k"}}}, ""),
		wire("embedded struct", wireOuter{wirePoint{X: 4}, []string{"t"}}, ""),
		wire("any holding a string", any("s"), ""),
		wire("any holding a struct", any(map[string]any{"k": 1}), ""),
	}
}

// TestSignatureMatchesWire checks, for every shape of Go type, that the
// type system.methodSignature names is the element actually sent: for a
// result, the element the server writes; for a parameter (plain,
// Optional, variadic, after a context), the element a client sends,
// which the server then accepts. A type that reads what it writes also
// answers an echo of its own value with the same bytes.
func TestSignatureMatchesWire(t *testing.T) {
	for _, tc := range wireCases() {
		t.Run(tc.name, func(t *testing.T) {
			ns, err := Build("w", tc.ns)
			if err != nil {
				t.Fatal(err)
			}
			if sk := ns.Skipped(); len(sk) != 0 {
				t.Fatalf("skipped %v", sk)
			}
			s := newService(t, nil, "w", tc.ns)
			sig := func(method string) []string {
				m, ok := s.Method("w." + method)
				if !ok {
					t.Fatalf("w.%s not published", method)
				}
				return m.Signature()
			}
			call := func(method string, params ...string) answer {
				t.Helper()
				r := serve(t, s, testkit.MethodCall("w."+method, params...))
				if r.err != nil || r.fault != nil {
					t.Fatalf("w.%s: %v", method, r)
				}
				return r
			}

			// Results, in every position a type can be sent from.
			got := call("get")
			resWord := sig("get")[0]
			checkWord(t, "get", resWord, responseValue(t, got.raw), tc.typ)
			for _, m := range []string{"getErr", "getPtr", "getAny"} {
				if r := call(m); r.raw != got.raw {
					t.Errorf("%s sends %q, get sends %q", m, r.raw, got.raw)
				}
			}
			for _, m := range []string{"getErr", "getPtr"} {
				if w := sig(m)[0]; w != resWord {
					t.Errorf("%s: signature %q, get's %q", m, w, resWord)
				}
			}
			checkWord(t, "getAny", sig("getAny")[0], responseValue(t, got.raw), reflect.TypeFor[any]())
			for _, m := range []string{"getSlice", "getArray"} {
				if m == "getSlice" && tc.typ.Kind() == reflect.Uint8 {
					continue // a []uint8 is base64
				}
				if w := sig(m)[0]; w != "array" {
					t.Errorf("%s: signature %q", m, w)
				}
				checkWord(t, m, resWord, firstInner(t, call(m).raw, "<data>\n"), tc.typ)
			}
			for _, m := range []string{"getMap", "getField"} {
				if w := sig(m)[0]; w != "struct" {
					t.Errorf("%s: signature %q", m, w)
				}
				checkWord(t, m, resWord, firstInner(t, call(m).raw, "</name>\n"), tc.typ)
			}

			// Parameters: what a client sends for the word is accepted.
			send := tc.send
			if send == "" {
				send = responseValue(t, got.raw)
			}
			paramWord := sig("echo")[1]
			checkWord(t, "echo", paramWord, send, tc.typ)
			for m, want := range map[string][]string{
				"opt":     {"boolean", paramWord},
				"var":     {"int", paramWord},
				"ctxEcho": {resWord, paramWord},
				"echo":    {resWord, paramWord},
			} {
				if w := sig(m); !slices.Equal(w, want) {
					t.Errorf("%s: signature %q, want %q", m, w, want)
				}
			}
			echoed := call("echo", send)
			wantValue(t, call("opt", send), true)
			wantValue(t, call("opt"), false)
			wantValue(t, call("var", send, send), 2)
			wantValue(t, call("var"), 0)
			if r := call("ctxEcho", send); r.raw != echoed.raw {
				t.Errorf("ctxEcho answers %q, echo %q", r.raw, echoed.raw)
			}
			if tc.typ.Kind() != reflect.Uint8 { // a []uint8 is base64
				if w := sig("echoSlice")[1]; w != "array" {
					t.Errorf("echoSlice: parameter %q", w)
				}
				call("echoSlice", "<value><array><data>\n"+send+"\n</data></array></value>")
			}
			if w := sig("echoField")[1]; w != "struct" {
				t.Errorf("echoField: parameter %q", w)
			}
			call("echoField", "<value><struct>\n<member>\n<name>F</name>\n"+send+"\n</member>\n</struct></value>")
			if tc.send == "" && echoed.raw != got.raw {
				t.Errorf("echo of its own value answers %q, get %q", echoed.raw, got.raw)
			}
		})
	}
}

// checkWord fails unless the signature word names the element of the
// value XML v. "int" also names <i8>, the 64-bit integer (introspection
// has no other name for it), and "mixed" names any element, for an
// interface type only.
func checkWord(t *testing.T, where, word, v string, typ reflect.Type) {
	t.Helper()
	elem := elementOf(t, v)
	switch {
	case word == elem:
	case word == "int" && elem == "i8":
	case word == "mixed" && typ.Kind() == reflect.Interface:
	default:
		if len(v) > 120 {
			v = v[:120] + "..."
		}
		t.Errorf("%s: signature says %q for %v, the wire has <%s>: %s", where, word, typ, elem, v)
	}
}

// elementOf returns the name of the type element of value XML v.
func elementOf(t *testing.T, v string) string {
	t.Helper()
	rest, ok := strings.CutPrefix(v, "<value><")
	if !ok {
		t.Fatalf("not a typed value: %q", v)
	}
	end := strings.IndexAny(rest, "/>")
	if end < 0 {
		t.Fatalf("no element in %q", v)
	}
	return rest[:end]
}

// responseValue returns the value XML of a methodResponse.
func responseValue(t *testing.T, resp string) string {
	t.Helper()
	_, rest, ok := strings.Cut(resp, "<param>\n")
	v, _, ok2 := strings.Cut(rest, "</param>")
	if !ok || !ok2 {
		t.Fatalf("no value in %q", resp)
	}
	return strings.TrimSuffix(v, "\n")
}

// firstInner returns the value XML that follows after in a response: the
// first element of an array (after "<data>\n") or the first member's
// value of a struct (after "</name>\n").
func firstInner(t *testing.T, resp, after string) string {
	t.Helper()
	_, rest, ok := strings.Cut(resp, after)
	if !ok {
		t.Fatalf("no %q in %q", after, resp)
	}
	return rest
}

// TestSignatureNil checks the one value whose element no signature names:
// a nil pointer or interface is sent as <nil/> (a documented extension),
// whatever the type's word, and accepted as a parameter; a nil slice or
// map is sent empty, as Python sends an empty list or dict.
func TestSignatureNil(t *testing.T) {
	s := newService(t, nil, "p", &wireNS[*int]{}, "a", &wireNS[any]{},
		"s", &wireNS[[]int]{}, "m", &wireNS[map[string]int]{})
	for m, want := range map[string]string{
		"p.get": "<value><nil/></value>",
		"a.get": "<value><nil/></value>",
		"s.get": "<value><array><data>\n</data></array></value>",
		"m.get": "<value><struct>\n</struct></value>",
	} {
		if r := serve(t, s, testkit.MethodCall(m)); responseValue(t, r.raw) != want {
			t.Errorf("%s: %q, want %q", m, r.raw, want)
		}
	}
	for _, m := range []string{"p.echo", "a.echo", "s.echo", "m.echo"} {
		if r := serve(t, s, testkit.MethodCall(m, "<value><nil/></value>")); r.fault != nil || r.err != nil {
			t.Errorf("%s(nil): %v", m, r)
		}
	}
}
