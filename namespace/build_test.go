package namespace

import (
	"context"
	"fmt"
	"math/big"
	"net"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

type naming struct{}

func (*naming) GetPID() int          { return 1 }
func (*naming) URL() string          { return "u" }
func (*naming) X() bool              { return true }
func (*naming) A1() int              { return 1 }
func (*naming) Über() string         { return "ü" }
func (*naming) GetState() string     { return "RUNNING" }
func (*naming) hidden() int          { return 0 } //nolint:unused // must not be published
func (naming) ValueReceiver() int    { return 2 }
func (*naming) PointerReceiver() int { return 3 }

func TestBuildNames(t *testing.T) {
	ns, err := Build("n", &naming{})
	if err != nil {
		t.Fatal(err)
	}
	var names, goNames []string
	for _, m := range ns.Methods() {
		names = append(names, m.Name())
		goNames = append(goNames, m.GoName())
	}
	want := []string{"n.a1", "n.getPID", "n.getState", "n.pointerReceiver", "n.uRL", "n.valueReceiver", "n.x", "n.über"}
	if !slices.Equal(names, want) {
		t.Fatalf("methods %q, want %q", names, want)
	}
	if !slices.Equal(goNames, []string{"A1", "GetPID", "GetState", "PointerReceiver", "URL", "ValueReceiver", "X", "Über"}) {
		t.Fatalf("Go names %q", goNames)
	}
	if ns.Name() != "n" || len(ns.Skipped()) != 0 {
		t.Fatalf("name %q, skipped %v", ns.Name(), ns.Skipped())
	}
	s := newService(t, nil, "n", &naming{})
	wantValue(t, serve(t, s, testkit.MethodCall("n.getPID")), 1)
	wantValue(t, serve(t, s, testkit.MethodCall("n.über")), "ü")
	wantValue(t, serve(t, s, testkit.MethodCall("n.valueReceiver")), 2)
	wantValue(t, serve(t, s, testkit.MethodCall("n.pointerReceiver")), 3)
	for _, name := range []string{"n.hidden", "n.GetPID", "n.getpid", "n.getPid", "N.getPID", "n.URL", "n.url"} {
		wantFault(t, serve(t, s, testkit.MethodCall(name)), xmlrpc.CodeUnknownMethod, "UNKNOWN_METHOD")
	}
}

type base struct{}

func (base) Hello() string        { return "base hello" }
func (*base) PtrHello() string    { return "base ptr hello" }
func (base) Shadowed() string     { return "base" }
func (*base) PtrShadowed() string { return "base" }

type Other struct{}

func (*Other) FromOther() int { return 1 }

type child struct{}

func (*child) Hello() string { return "child" }

type embedder struct {
	base
	*Other
	Child *child
	Name  string
	Func  func() string
}

func (e *embedder) Own() int           { return 2 }
func (e *embedder) Shadowed() string   { return "mine" }
func (e embedder) PtrShadowed() string { return "mine too" }

// TestBuildPromoted checks that methods promoted from embedded fields are
// skipped unless the type declares them itself, and that fields are never
// reachable.
func TestBuildPromoted(t *testing.T) {
	e := &embedder{Other: &Other{}, Child: &child{}, Name: "n", Func: func() string { return "f" }}
	ns, err := Build("e", e)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range ns.Methods() {
		names = append(names, m.Name())
	}
	if !slices.Equal(names, []string{"e.own", "e.ptrShadowed", "e.shadowed"}) {
		t.Fatalf("methods %q", names)
	}
	skipped := map[string]string{}
	var order []string
	for _, s := range ns.Skipped() {
		skipped[s.GoName] = s.Reason
		order = append(order, s.GoName)
	}
	wantFrom := map[string]string{"FromOther": "Other", "Hello": "base", "PtrHello": "base"}
	for name, field := range wantFrom {
		r, ok := skipped[name]
		if !ok {
			t.Errorf("%s not skipped", name)
			continue
		}
		if !strings.HasPrefix(r, "promoted from embedded field "+field+"; declare the method on namespace.embedder to publish it") {
			t.Errorf("%s: reason %q", name, r)
		}
	}
	if len(skipped) != len(wantFrom) || !slices.IsSorted(order) {
		t.Errorf("skipped %v", order)
	}
	s := newService(t, nil, "e", e)
	wantValue(t, serve(t, s, testkit.MethodCall("e.shadowed")), "mine")
	wantValue(t, serve(t, s, testkit.MethodCall("e.ptrShadowed")), "mine too")
	for _, name := range []string{"e.hello", "e.ptrHello", "e.fromOther", "e.child", "e.child.hello", "e.Child.Hello",
		"e.name", "e.func", "e.base", "e.mutex", "e.other"} {
		wantFault(t, serve(t, s, testkit.MethodCall(name)), xmlrpc.CodeUnknownMethod, "UNKNOWN_METHOD")
	}
}

// locked embeds a mutex: Lock and Unlock must not become callable.
type locked struct {
	sync.Mutex
	n int
}

func (l *locked) Get() int {
	l.Lock()
	defer l.Unlock()
	return l.n
}

func TestBuildEmbeddedMutex(t *testing.T) {
	ns, err := Build("l", &locked{n: 4})
	if err != nil {
		t.Fatal(err)
	}
	if ms := ns.Methods(); len(ms) != 1 || ms[0].Name() != "l.get" {
		t.Fatalf("methods %v", ms)
	}
	var skipped []string
	for _, s := range ns.Skipped() {
		skipped = append(skipped, s.GoName)
		if !strings.HasPrefix(s.Reason, "promoted from embedded field Mutex") {
			t.Errorf("%s: %q", s.GoName, s.Reason)
		}
	}
	if !slices.Equal(skipped, []string{"Lock", "TryLock", "Unlock"}) {
		t.Fatalf("skipped %q", skipped)
	}
	s := newService(t, nil, "l", &locked{n: 4})
	wantValue(t, serve(t, s, testkit.MethodCall("l.get")), 4)
	wantFault(t, serve(t, s, testkit.MethodCall("l.lock")), xmlrpc.CodeUnknownMethod, "UNKNOWN_METHOD")
}

type counter struct{ N int }

func (c counter) Get() int  { return c.N }
func (c *counter) Inc() int { c.N++; return c.N }
func (c *counter) Reset()   { c.N = 0 }

type fn int

func (f fn) Double() int { return int(f) * 2 }

// TestBuildReceivers checks value and pointer receivers, a factory that
// returns a struct value and a non-struct type.
func TestBuildReceivers(t *testing.T) {
	orig := counter{N: 5}
	s := newService(t, nil, "v", orig, "f", fn(21))
	wantValue(t, serve(t, s, testkit.MethodCall("v.inc")), 6)
	wantValue(t, serve(t, s, testkit.MethodCall("v.inc")), 7)
	wantValue(t, serve(t, s, testkit.MethodCall("v.get")), 7) // the same copy
	wantValue(t, serve(t, s, testkit.MethodCall("v.reset")), true)
	wantValue(t, serve(t, s, testkit.MethodCall("v.get")), 0)
	if orig.N != 5 {
		t.Fatal("the value passed to Build was modified")
	}
	wantValue(t, serve(t, s, testkit.MethodCall("f.double")), 42)

	p := &counter{N: 1}
	s = newService(t, nil, "p", p)
	wantValue(t, serve(t, s, testkit.MethodCall("p.inc")), 2)
	if p.N != 2 {
		t.Fatal("a pointer's methods must run on it")
	}
}

type skips struct{}

func (*skips) Good() int                                         { return 1 }
func (*skips) Chan(c chan int) int                               { return 0 }
func (*skips) CtxSecond(a int, ctx context.Context) int          { return 0 }
func (*skips) OptFirst(a Optional[int], b int) int               { return 0 }
func (*skips) Three() (int, int, error)                          { return 0, 0, nil }
func (*skips) SecondNotErr() (int, string)                       { return 0, "" }
func (*skips) ErrFirst() (error, int)                            { return nil, 0 }
func (*skips) BadResult() chan int                               { return nil }
func (*skips) FuncResult() (func(), error)                       { return nil, nil }
func (*skips) MapIntKey(m map[int]string) int                    { return 0 }
func (*skips) VarOpt(a ...Optional[int]) int                     { return 0 }
func (*skips) VarCtx(a ...context.Context) int                   { return 0 }
func (*skips) Iface(s fmt.Stringer) int                          { return 0 }
func (*skips) Complex(c complex128) int                          { return 0 }
func (*skips) StructChan(s struct{ C chan int }) int             { return 0 }
func (*skips) OptVar(a int, b Optional[string], rest ...int) int { return 0 }
func (*skips) TwoErrs() (error, error)                           { return nil, nil }
func (*skips) ErrField() struct{ Err error }                     { return struct{ Err error }{} }

func TestBuildSkipped(t *testing.T) {
	ns, err := Build("s", &skips{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"BadResult":    "the result (chan int) cannot be encoded: no XML-RPC type holds a chan",
		"Chan":         "parameter 1 (chan int) cannot be decoded: no XML-RPC type holds a chan",
		"Complex":      "parameter 1 (complex128) cannot be decoded: no XML-RPC type holds a complex128",
		"CtxSecond":    "parameter 2 is a context.Context, which must come first",
		"ErrFirst":     "the second result is int; it must be error",
		"FuncResult":   "the result (func()) cannot be encoded: no XML-RPC type holds a func",
		"Iface":        "parameter 1 (fmt.Stringer) cannot be decoded: only the empty interface can hold a decoded value",
		"MapIntKey":    "parameter 1 (map[int]string) cannot be decoded: map keys must be strings",
		"OptFirst":     "parameter 2 (int) follows an Optional one: only trailing parameters may be optional",
		"SecondNotErr": "the second result is string; it must be error",
		"StructChan":   "parameter 1 (struct { C chan int }) cannot be decoded: no XML-RPC type holds a chan",
		"Three":        "it has 3 results; at most a value and an error are allowed",
		"TwoErrs":      "the result (error) cannot be encoded: an error is not a value: return it as the method's last result to answer with a fault",
		"ErrField":     "the result (struct { Err error }) cannot be encoded: an error is not a value: return it as the method's last result to answer with a fault",
		"VarCtx":       "parameter 1 is a context.Context, which must come first",
		"VarOpt":       "parameter 1: a variadic parameter cannot be Optional",
	}
	got := map[string]string{}
	for _, s := range ns.Skipped() {
		got[s.GoName] = s.Reason
	}
	if !reflect.DeepEqual(got, want) {
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: reason %q, want %q", k, got[k], v)
			}
		}
		for k := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("%s skipped: %q", k, got[k])
			}
		}
	}
	var names []string
	for _, m := range ns.Methods() {
		names = append(names, m.Name())
	}
	if !slices.Equal(names, []string{"s.good", "s.optVar"}) {
		t.Fatalf("methods %q", names)
	}
	// Skipped() returns a copy.
	sk := ns.Skipped()
	sk[0].GoName = "changed"
	if ns.Skipped()[0].GoName == "changed" {
		t.Fatal("Skipped shares its slice")
	}
}

func TestBuildErrors(t *testing.T) {
	cases := []struct {
		name string
		v    any
		want string
	}{
		{"", &naming{}, "namespace name is empty"},
		{"a.b", &naming{}, `contains a dot`},
		{".", &naming{}, `contains a dot`},
		{"system", &naming{}, `"system" is reserved`},
		{"bad\xff", &naming{}, "not valid UTF-8"},
		{"n", nil, "the value is nil"},
		{"n", (*naming)(nil), "the value is a nil *namespace.naming"},
		{"d", &badDocs{}, `RPCDocs documents "nope", which is not a published method`},
		{"d", &skippedDocs{}, `RPCDocs documents "chan", which is not a published method (Chan was skipped: parameter 1 (chan int) cannot be decoded`},
	}
	for _, tc := range cases {
		_, err := Build(tc.name, tc.v)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Build(%q, %T): %v, want %q", tc.name, tc.v, err, tc.want)
		}
	}
	// Any other name is accepted.
	for _, name := range []string{"echo", "Echo", "_x", "a-b", "\u00fcber", "with space"} {
		if _, err := Build(name, &naming{}); err != nil {
			t.Errorf("Build(%q): %v", name, err)
		}
	}
}

type badDocs struct{}

func (*badDocs) Ok() int                 { return 1 }
func (*badDocs) RPCDocs() map[string]Doc { return map[string]Doc{"nope": {Help: "x"}} }

type skippedDocs struct{}

func (*skippedDocs) Chan(c chan int) int     { return 0 }
func (*skippedDocs) RPCDocs() map[string]Doc { return map[string]Doc{"chan": {Help: "x"}} }

func TestNewServiceErrors(t *testing.T) {
	a, _ := Build("a", &naming{})
	a2, _ := Build("a", &counter{})
	if _, err := NewService([]*Namespace{a, a2}); err == nil || !strings.Contains(err.Error(), "namespace a is defined twice") {
		t.Fatalf("duplicate namespaces: %v", err)
	}
	s, err := NewService(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.MethodNames(); !slices.Equal(got, []string{"system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall"}) {
		t.Fatalf("%q", got)
	}
}

type point struct {
	X int `xmlrpc:"x"`
	Y int `xmlrpc:"y,omitempty"`
}

type sigs struct{}

func (*sigs) Add(a, b int) int                                    { return a + b }
func (*sigs) None()                                               {}
func (*sigs) Err() error                                          { return nil }
func (*sigs) Ctx(ctx context.Context, s string) (string, error)   { return s, nil }
func (*sigs) Opt(a int, b Optional[float64]) float32              { return 0 }
func (*sigs) Var(a string, rest ...bool) []string                 { return nil }
func (*sigs) OptVar(a Optional[time.Time], rest ...[]byte) []byte { return nil }
func (*sigs) Types(a uint8, b *int, c map[string]int, d point, e [2]int, f any, g net.IP, h big.Int, i *big.Int) any {
	return nil
}
func (*sigs) Result() map[string]any { return nil }
func (*sigs) PtrResult() *point      { return nil }
func (*sigs) TextResult() net.IP     { return nil }
func (*sigs) TimeResult() time.Time  { return time.Time{} }
func (*sigs) BigResult() *big.Int    { return nil }
func (*sigs) SliceResult() []point   { return nil }
func (*sigs) Documented(a int) int   { return a }
func (*sigs) NoSig() int             { return 0 }
func (*sigs) OwnSig() int            { return 0 }
func (*sigs) RPCDocs() map[string]Doc {
	return map[string]Doc{
		"documented": Docstring("Return a.\n\n@param int a The number\n@return int The same\n"),
		"noSig":      {Help: "no signature here", NoSignature: true},
		"ownSig":     {Signature: []string{"int", "nil"}},
	}
}

// TestDerivedDocs checks the help texts and signatures derived from Go
// types, and those given by RPCDocs.
func TestDerivedDocs(t *testing.T) {
	ns, err := Build("g", &sigs{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		help string
		sig  []string
	}{
		"g.add":         {"g.add(int, int) -> int", []string{"int", "int", "int"}},
		"g.none":        {"g.none() -> boolean", []string{"boolean"}},
		"g.err":         {"g.err() -> boolean", []string{"boolean"}},
		"g.ctx":         {"g.ctx(string) -> string", []string{"string", "string"}},
		"g.opt":         {"g.opt(int, [double]) -> double", []string{"double", "int", "double"}},
		"g.var":         {"g.var(string, boolean...) -> array", []string{"array", "string", "boolean"}},
		"g.optVar":      {"g.optVar([dateTime.iso8601], base64...) -> base64", []string{"base64", "dateTime.iso8601", "base64"}},
		"g.types":       {"g.types(int, int, struct, struct, array, mixed, string, int, int) -> mixed", []string{"mixed", "int", "int", "struct", "struct", "array", "mixed", "string", "int", "int"}},
		"g.result":      {"g.result() -> struct", []string{"struct"}},
		"g.ptrResult":   {"g.ptrResult() -> struct", []string{"struct"}},
		"g.textResult":  {"g.textResult() -> string", []string{"string"}},
		"g.timeResult":  {"g.timeResult() -> dateTime.iso8601", []string{"dateTime.iso8601"}},
		"g.bigResult":   {"g.bigResult() -> int", []string{"int"}},
		"g.sliceResult": {"g.sliceResult() -> array", []string{"array"}},
		"g.documented":  {"Return a.\n\n@param int a The number\n@return int The same\n", []string{"int", "int"}},
		"g.noSig":       {"no signature here", nil},
		"g.ownSig":      {"", []string{"int", "nil"}},
	}
	for _, m := range ns.Methods() {
		w, ok := want[m.Name()]
		if !ok {
			t.Errorf("unexpected method %s", m.Name())
			continue
		}
		delete(want, m.Name())
		if m.Help() != w.help || !slices.Equal(m.Signature(), w.sig) || (w.sig == nil) != (m.Signature() == nil) {
			t.Errorf("%s: help %q signature %q, want %q %q", m.Name(), m.Help(), m.Signature(), w.help, w.sig)
		}
	}
	if len(want) != 0 {
		t.Errorf("methods not built: %v (skipped %v)", want, ns.Skipped())
	}
	// Signature returns a copy.
	m := ns.Methods()[0]
	sig := m.Signature()
	sig[0] = "changed"
	if m.Signature()[0] == "changed" {
		t.Fatal("Signature shares its slice")
	}
}

// valueDocs documents itself with a pointer method while Build is given
// a value: the docs apply all the same.
type valueDocs struct{}

func (valueDocs) Ping() string { return "pong" }
func (*valueDocs) RPCDocs() map[string]Doc {
	return map[string]Doc{"ping": Docstring("Ping.\n@return string pong")}
}

func TestRPCDocsPointerMethodOnValue(t *testing.T) {
	ns, err := Build("v", valueDocs{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ns.Methods()) != 1 {
		t.Fatalf("methods %v: RPCDocs must not be published", ns.Methods())
	}
	m := ns.Methods()[0]
	if m.Help() != "Ping.\n@return string pong" || !slices.Equal(m.Signature(), []string{"string"}) {
		t.Fatalf("help %q signature %q", m.Help(), m.Signature())
	}
}

// genericNS is a generic type that redeclares a promoted method.
type genericNS[T any] struct {
	base
	v T
}

func (g *genericNS[T]) Hello() string   { return "mine" }
func (g genericNS[T]) Shadowed() string { return "mine too" }
func (g *genericNS[T]) Get() T          { return g.v }

func TestBuildGeneric(t *testing.T) {
	ns, err := Build("g", &genericNS[string]{v: "v"})
	if err != nil {
		t.Fatal(err)
	}
	var names, skipped []string
	for _, m := range ns.Methods() {
		names = append(names, m.Name())
	}
	for _, s := range ns.Skipped() {
		skipped = append(skipped, s.GoName)
	}
	if !slices.Equal(names, []string{"g.get", "g.hello", "g.shadowed"}) || !slices.Equal(skipped, []string{"PtrHello", "PtrShadowed"}) {
		t.Fatalf("methods %q, skipped %q", names, skipped)
	}
	s := newService(t, nil, "g", &genericNS[string]{v: "v"})
	wantValue(t, serve(t, s, testkit.MethodCall("g.hello")), "mine")
	wantValue(t, serve(t, s, testkit.MethodCall("g.shadowed")), "mine too")
	wantValue(t, serve(t, s, testkit.MethodCall("g.get")), "v")
}
