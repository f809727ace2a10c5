package namespace

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// echo is the test namespace: the conformance plugin's methods and more.
type echo struct {
	mu    sync.Mutex
	calls int // methods with a side effect count here
}

func (e *echo) bump() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls++
	return e.calls
}

func (e *echo) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.calls
}

func (e *echo) Ping() string                    { return "pong" }
func (e *echo) Add(a, b int) int                { return a + b }
func (e *echo) Echo(v any) any                  { return v }
func (e *echo) Side() int                       { return e.bump() }
func (e *echo) SideAdd(a, b int) int            { e.bump(); return a + b }
func (e *echo) Nothing()                        { e.bump() }
func (e *echo) Opt(a int, b Optional[int]) int  { return a + b.Or(10) }
func (e *echo) OptSet(a Optional[string]) []any { return []any{a.Value, a.Set} }
func (e *echo) Count(args ...any) int           { return len(args) }
func (e *echo) Sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}
func (e *echo) Keys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
func (e *echo) Point(p point) point         { return point{X: p.Y, Y: p.X} }
func (e *echo) Ctx(ctx context.Context) any { return ctx.Value(ctxKey{}) }
func (e *echo) CtxOpt(ctx context.Context, s string, n Optional[int]) string {
	return fmt.Sprintf("%v %s %d", ctx.Value(ctxKey{}), s, n.Value)
}
func (e *echo) Mixed(a int, b Optional[string], rest ...int) string {
	return fmt.Sprintf("%d %q %v %v", a, b.Value, b.Set, rest)
}
func (e *echo) Concat(a, b string) (string, error) { return a + b, nil }
func (e *echo) Check(ok bool) error {
	if !ok {
		return errors.New("not ok")
	}
	return nil
}
func (e *echo) Fail(code int, msg Optional[string]) error {
	return xmlrpc.NewFault(xmlrpc.Code(code), msg.Value)
}
func (e *echo) Wrapped() (int, error) {
	return 0, fmt.Errorf("looking up: %w", xmlrpc.NewFault(xmlrpc.CodeBadName, "web"))
}
func (e *echo) Faultf() error {
	return xmlrpc.Faultf(xmlrpc.CodeNoFile, "no %s: %w", "file", errors.New("cause"))
}
func (e *echo) Plain() (int, error) { return 0, errors.New("plain failure") }
func (e *echo) PlainMultiline() error {
	return errors.New("line 1\nline 2 <&>")
}
func (e *echo) TypedNilFault() error {
	var f *xmlrpc.Fault
	return f
}
func (e *echo) Boom() int                       { panic("kaboom") }
func (e *echo) BoomReflect(a Optional[int]) int { panic(fmt.Errorf("kaboom %d", a.Value)) }
func (e *echo) NaN() float64                    { return math.NaN() }
func (e *echo) BadString() string               { return "a\xffb" }
func (e *echo) BadStruct() map[string]any       { return map[string]any{"a": []any{math.Inf(1)}} }
func (e *echo) Big() int64                      { return 1 << 40 }
func (e *echo) None() any                       { return nil }
func (e *echo) Bytes(b []byte) []byte           { return b }

func newEcho(t testing.TB, opts ...Option) (*Service, *echo) {
	t.Helper()
	e := &echo{}
	return newService(t, opts, "e", e), e
}

func TestServeValues(t *testing.T) {
	s, _ := newEcho(t)
	cases := []struct {
		name   string
		method string
		params []string
		want   any
	}{
		{"no params", "e.ping", nil, "pong"},
		{"two ints", "e.add", []string{testkit.Int(1), testkit.Int(2)}, 3},
		{"i8 result", "e.add", []string{testkit.Int(math.MaxInt32), testkit.Int(1)}, math.MaxInt32 + 1},
		{"echo struct", "e.echo", []string{testkit.Struct("b", testkit.Int(1), "a", testkit.Array())}, map[string]any{"a": []any{}, "b": 1}},
		{"echo nil", "e.echo", []string{"<value><nil/></value>"}, nil},
		{"nil result", "e.none", nil, nil},
		{"big result", "e.big", nil, 1 << 40},
		{"optional given", "e.opt", []string{testkit.Int(1), testkit.Int(2)}, 3},
		{"optional left out", "e.opt", []string{testkit.Int(1)}, 11},
		{"optional set flag", "e.optSet", nil, []any{"", false}},
		{"optional set flag given", "e.optSet", []string{testkit.String("")}, []any{"", true}},
		{"variadic none", "e.count", nil, 0},
		{"variadic many", "e.count", []string{testkit.Int(1), testkit.String("a"), "<value><nil/></value>", testkit.Array()}, 4},
		{"optional then variadic", "e.mixed", []string{testkit.Int(1)}, `1 "" false []`},
		{"optional then variadic given", "e.mixed", []string{testkit.Int(1), testkit.String("s"), testkit.Int(2), testkit.Int(3)}, `1 "s" true [2 3]`},
		{"slice param", "e.sum", []string{testkit.Array(testkit.Int(1), testkit.Int(2), testkit.Int(3))}, 6},
		{"map param", "e.keys", []string{testkit.Struct("b", testkit.Int(1), "a", testkit.String("x"))}, []any{"a", "b"}},
		{"struct param and result", "e.point", []string{testkit.Struct("x", testkit.Int(1), "y", testkit.Int(2))}, map[string]any{"x": 2, "y": 1}},
		{"omitempty in result", "e.point", []string{testkit.Struct("y", testkit.Int(3))}, map[string]any{"x": 3}},
		{"no result is true", "e.nothing", nil, true},
		{"nil error is true", "e.check", []string{"<value><boolean>1</boolean></value>"}, true},
		{"value and nil error", "e.concat", []string{testkit.String("a"), testkit.String("b")}, "ab"},
		{"base64", "e.bytes", []string{"<value><base64>AP8=</base64></value>"}, []byte{0, 0xff}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := serve(t, s, testkit.MethodCall(tc.method, tc.params...))
			wantValue(t, r, tc.want)
			if r.info.Method != tc.method || r.info.Fault != nil || r.info.Calls != 0 {
				t.Fatalf("CallInfo %+v", r.info)
			}
		})
	}
}

// TestServeArity checks supervisord's bare INCORRECT_PARAMETERS for a
// wrong number of parameters and the order of the checks: a malformed
// request first, then the number, then the conversion.
func TestServeArity(t *testing.T) {
	s, e := newEcho(t)
	const bare = "INCORRECT_PARAMETERS"
	malformed := "<value><int>x</int></value>"
	cases := []struct {
		name   string
		method string
		params []string
		fault  string // "" with syntax true for a request error
		syntax bool
	}{
		{"none of two", "e.add", nil, bare, false},
		{"one of two", "e.add", []string{testkit.Int(1)}, bare, false},
		{"three of two", "e.add", []string{testkit.Int(1), testkit.Int(2), testkit.Int(3)}, bare, false},
		{"extra to none", "e.ping", []string{testkit.Int(1)}, bare, false},
		{"too few beats conversion", "e.add", []string{testkit.String("x")}, bare, false},
		{"too many beats conversion", "e.add", []string{testkit.String("x"), testkit.Int(2), testkit.Int(3)}, bare, false},
		{"conversion of the first", "e.add", []string{testkit.String("x"), testkit.Int(2)}, "INCORRECT_PARAMETERS: e.add: parameter 1: cannot use <string> as int", false},
		{"conversion of the second", "e.add", []string{testkit.Int(1), "<value><double>2</double></value>"}, "INCORRECT_PARAMETERS: e.add: parameter 2: cannot use <double> as int", false},
		{"the first conversion is named", "e.add", []string{testkit.String("x"), testkit.String("y")}, "INCORRECT_PARAMETERS: e.add: parameter 1: cannot use <string> as int", false},
		{"range", "e.add", []string{testkit.Int(1), "<value><i8>9223372036854775808</i8></value>"}, "INCORRECT_PARAMETERS: e.add: parameter 2: 9223372036854775808 overflows int", false},
		{"inside a slice", "e.sum", []string{testkit.Array(testkit.Int(1), testkit.String("x"))}, "INCORRECT_PARAMETERS: e.sum: parameter 1: [1]: cannot use <string> as int", false},
		{"unknown member", "e.point", []string{testkit.Struct("z", testkit.Int(1))}, "INCORRECT_PARAMETERS: e.point: parameter 1: .z: no such member in namespace.point", false},
		{"not a struct", "e.keys", []string{testkit.String("x")}, "INCORRECT_PARAMETERS: e.keys: parameter 1: cannot use <string> as map[string]interface {}", false},
		{"optional: none", "e.opt", nil, bare, false},
		{"optional: too many", "e.opt", []string{testkit.Int(1), testkit.Int(2), testkit.Int(3)}, bare, false},
		{"optional conversion", "e.opt", []string{testkit.Int(1), testkit.String("x")}, "INCORRECT_PARAMETERS: e.opt: parameter 2: cannot use <string> as int", false},
		{"variadic conversion", "e.mixed", []string{testkit.Int(1), testkit.String("s"), testkit.Int(2), testkit.String("x")}, "INCORRECT_PARAMETERS: e.mixed: parameter 4: cannot use <string> as int", false},
		{"variadic: too few", "e.mixed", nil, bare, false},
		{"context is not a parameter", "e.ctx", []string{testkit.Int(1)}, bare, false},
		{"malformed beats arity", "e.add", []string{testkit.Int(1), testkit.Int(2), malformed}, "", true},
		{"malformed beats too few", "e.add", []string{malformed}, "", true},
		{"malformed beats conversion", "e.add", []string{testkit.String("x"), malformed}, "", true},
		{"malformed after a conversion failure", "e.add", []string{testkit.String("x"), testkit.Int(1), malformed}, "", true},
		{"malformed in a variadic", "e.count", []string{testkit.Int(1), malformed}, "", true},
		{"malformed after the params", "e.ping", nil, "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := testkit.MethodCall(tc.method, tc.params...)
			if tc.name == "malformed after the params" {
				b = append(b, "<junk/>"...)
			}
			before := e.count()
			r := serve(t, s, b)
			if tc.syntax {
				wantRequestError(t, r, "syntax")
			} else {
				wantFault(t, r, xmlrpc.CodeIncorrectParameters, tc.fault)
			}
			if e.count() != before {
				t.Fatal("a method ran")
			}
		})
	}
	// The same checks keep a method with a side effect from running.
	for _, params := range [][]string{nil, {testkit.Int(1)}, {testkit.Int(1), testkit.String("x")}, {testkit.Int(1), testkit.Int(2), testkit.Int(3)}} {
		serve(t, s, testkit.MethodCall("e.sideAdd", params...))
	}
	if e.count() != 0 {
		t.Fatalf("%d calls made with wrong parameters", e.count())
	}
	wantValue(t, serve(t, s, testkit.MethodCall("e.sideAdd", testkit.Int(1), testkit.Int(2))), 3)
	if e.count() != 1 {
		t.Fatal("the call was not made")
	}
}

func TestServeFaults(t *testing.T) {
	s, _ := newEcho(t)
	cases := []struct {
		name   string
		method string
		params []string
		code   xmlrpc.Code
		str    string
	}{
		{"plain error", "e.check", []string{"<value><boolean>0</boolean></value>"}, xmlrpc.CodeFailed, "FAILED: not ok"},
		{"plain error with a value", "e.plain", nil, xmlrpc.CodeFailed, "FAILED: plain failure"},
		{"plain error text kept", "e.plainMultiline", nil, xmlrpc.CodeFailed, "FAILED: line 1\nline 2 <&>"},
		{"fault", "e.fail", []string{testkit.Int(10), testkit.String("web")}, xmlrpc.CodeBadName, "BAD_NAME: web"},
		{"fault without message", "e.fail", []string{testkit.Int(70)}, xmlrpc.CodeNotRunning, "NOT_RUNNING"},
		{"unknown code", "e.fail", []string{testkit.Int(999), testkit.String("custom")}, 999, "UNKNOWN: custom"},
		{"unknown code bare", "e.fail", []string{testkit.Int(5)}, 5, "UNKNOWN"},
		{"code 0", "e.fail", []string{testkit.Int(0)}, 0, "UNKNOWN"},
		{"wrapped fault", "e.wrapped", nil, xmlrpc.CodeBadName, "BAD_NAME: web"},
		{"Faultf", "e.faultf", nil, xmlrpc.CodeNoFile, "NO_FILE: no file: cause"},
		{"typed nil *Fault", "e.typedNilFault", nil, xmlrpc.CodeFailed, "FAILED: <nil>"},
		{"unknown method", "e.nope", nil, xmlrpc.CodeUnknownMethod, "UNKNOWN_METHOD"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := serve(t, s, testkit.MethodCall(tc.method, tc.params...))
			wantFault(t, r, tc.code, tc.str)
			if r.info.Fault == nil || r.info.Fault.Code != tc.code || r.info.Method != tc.method {
				t.Fatalf("CallInfo %+v", r.info)
			}
		})
	}
}

func TestServeUnencodableResult(t *testing.T) {
	var logs testkit.LogBuffer
	s, _ := newEcho(t, WithLogger(logs.Logger(slog.LevelInfo)))
	cases := []struct {
		method string
		str    string
	}{
		{"e.naN", "FAILED: cannot encode the result of e.naN: xmlrpc: cannot encode value: NaN has no XML-RPC representation"},
		{"e.badString", "FAILED: cannot encode the result of e.badString: xmlrpc: cannot encode value: invalid UTF-8 in string at byte 1"},
		{"e.badStruct", "FAILED: cannot encode the result of e.badStruct: xmlrpc: cannot encode value at .a[0]: +Inf has no XML-RPC representation"},
	}
	for _, tc := range cases {
		logs.Reset()
		r := serve(t, s, testkit.MethodCall(tc.method))
		wantFault(t, r, xmlrpc.CodeFailed, tc.str)
		if !strings.Contains(r.raw, "<fault>") || strings.Contains(r.raw, "<params>") {
			t.Fatalf("the partial value was not rewound: %q", r.raw)
		}
		if l := logs.String(); !strings.Contains(l, "method result cannot be sent") || !strings.Contains(l, "method="+tc.method) {
			t.Fatalf("log: %q", l)
		}
	}
	// Echoing a value that decodes fine always encodes.
	wantValue(t, serve(t, s, testkit.MethodCall("e.echo", testkit.String("&#13;&#xFFFD;"))), "\r\uFFFD")
}

func TestServePanic(t *testing.T) {
	var logs testkit.LogBuffer
	s, _ := newEcho(t, WithLogger(logs.Logger(slog.LevelInfo)))
	for _, tc := range []struct {
		method string
		value  string
	}{{"e.boom", "kaboom"}, {"e.boomReflect", "kaboom 3"}} {
		logs.Reset()
		out, info, err := s.Serve(context.Background(), testkit.MethodCall(tc.method, paramFor(tc.method)...), []byte("dst"))
		var pe *PanicError
		if !errors.As(err, &pe) {
			t.Fatalf("%s: got %v, want a *PanicError", tc.method, err)
		}
		if string(out) != "dst" {
			t.Fatalf("output %q", out)
		}
		if pe.Method != tc.method || fmt.Sprint(pe.Value) != tc.value || !strings.Contains(string(pe.Stack), "TestServePanic") && !strings.Contains(string(pe.Stack), "(*echo).Boom") {
			t.Fatalf("PanicError %+v", pe)
		}
		if pe.Error() != "method "+tc.method+" panicked: "+tc.value {
			t.Fatalf("Error() = %q", pe.Error())
		}
		if info.Method != tc.method {
			t.Fatalf("CallInfo %+v", info)
		}
		l := logs.String()
		if !strings.Contains(l, "method panicked") || !strings.Contains(l, "method="+tc.method) || !strings.Contains(l, tc.value) || !strings.Contains(l, "stack=") {
			t.Fatalf("log: %q", l)
		}
	}
	// The service still works.
	wantValue(t, serve(t, s, testkit.MethodCall("e.ping")), "pong")
}

func paramFor(method string) []string {
	if method == "e.boomReflect" {
		return []string{testkit.Int(3)}
	}
	return nil
}

func TestServeContext(t *testing.T) {
	s, _ := newEcho(t)
	ctx := context.WithValue(context.Background(), ctxKey{}, "from Serve")
	wantValue(t, serveCtx(t, ctx, s, testkit.MethodCall("e.ctx")), "from Serve")
	wantValue(t, serveCtx(t, ctx, s, testkit.MethodCall("e.ctxOpt", testkit.String("s"), testkit.Int(4))), "from Serve s 4")

	// An interceptor's context reaches the method, on both call paths.
	var seen []string
	ic := func(ctx context.Context, method string, next func(context.Context) error) error {
		seen = append(seen, method)
		return next(context.WithValue(ctx, ctxKey{}, "from interceptor"))
	}
	s, _ = newEcho(t, WithInterceptor(ic))
	if m, _ := s.Method("e.ctx"); directCallsEnabled() && !m.Direct() {
		t.Fatal("e.ctx is expected to be called directly")
	}
	if m, _ := s.Method("e.ctxOpt"); m.Direct() {
		t.Fatal("e.ctxOpt is expected to be called through reflect")
	}
	wantValue(t, serveCtx(t, ctx, s, testkit.MethodCall("e.ctx")), "from interceptor")
	wantValue(t, serveCtx(t, ctx, s, testkit.MethodCall("e.ctxOpt", testkit.String("s"))), "from interceptor s 0")
	if !slices.Equal(seen, []string{"e.ctx", "e.ctxOpt"}) {
		t.Fatalf("interceptor saw %q", seen)
	}
}

func TestInterceptors(t *testing.T) {
	var order []string
	mk := func(name string) Interceptor {
		return func(ctx context.Context, method string, next func(context.Context) error) error {
			order = append(order, name+">"+method)
			err := next(ctx)
			order = append(order, name+"<"+fmt.Sprint(err))
			return err
		}
	}
	s, _ := newEcho(t, WithInterceptor(mk("outer")), WithInterceptor(mk("inner")))
	wantValue(t, serve(t, s, testkit.MethodCall("e.add", testkit.Int(1), testkit.Int(2))), 3)
	want := []string{"outer>e.add", "inner>e.add", "inner<<nil>", "outer<<nil>"}
	if !slices.Equal(order, want) {
		t.Fatalf("order %q, want %q", order, want)
	}
	// Unknown methods go through the interceptors too, with the name sent.
	order = nil
	wantFault(t, serve(t, s, testkit.MethodCall("e.nope")), xmlrpc.CodeUnknownMethod, "UNKNOWN_METHOD")
	if order[0] != "outer>e.nope" {
		t.Fatalf("order %q", order)
	}
	// An interceptor may change the error.
	s, _ = newEcho(t, WithInterceptor(func(ctx context.Context, method string, next func(context.Context) error) error {
		if err := next(ctx); err != nil {
			return xmlrpc.NewFault(xmlrpc.CodeBadArguments, "changed: "+err.Error())
		}
		return nil
	}))
	wantFault(t, serve(t, s, testkit.MethodCall("e.plain")), xmlrpc.CodeBadArguments, "BAD_ARGUMENTS: changed: plain failure")
	wantValue(t, serve(t, s, testkit.MethodCall("e.ping")), "pong")
}

// TestInterceptorRefusal checks an interceptor that answers without
// calling the method: the request is still decoded and checked.
func TestInterceptorRefusal(t *testing.T) {
	refusal := errors.New("not allowed")
	var logs testkit.LogBuffer
	s, e := newEcho(t, WithLogger(logs.Logger(slog.LevelInfo)), WithInterceptor(func(ctx context.Context, method string, next func(context.Context) error) error {
		switch method {
		case "e.add":
			return xmlrpc.NewFault(xmlrpc.CodeBadName, "refused")
		case "e.side":
			return refusal
		case "e.nothing":
			return nil // answers without a value: a programming error
		}
		return next(ctx)
	}))
	wantFault(t, serve(t, s, testkit.MethodCall("e.add", testkit.Int(1), testkit.Int(2))), xmlrpc.CodeBadName, "BAD_NAME: refused")
	wantFault(t, serve(t, s, testkit.MethodCall("e.add")), xmlrpc.CodeBadName, "BAD_NAME: refused")
	wantFault(t, serve(t, s, testkit.MethodCall("e.side")), xmlrpc.CodeFailed, "FAILED: not allowed")
	wantRequestError(t, serve(t, s, testkit.MethodCall("e.add", testkit.Int(1), "<value><int>x</int></value>")), "syntax")
	wantRequestError(t, serve(t, s, append(testkit.MethodCall("e.add"), "junk"...)), "syntax")
	r := serve(t, s, testkit.MethodCall("e.nothing"))
	wantFaultPrefix(t, r, xmlrpc.CodeFailed, "FAILED: ")
	if e.count() != 0 {
		t.Fatal("a refused method ran")
	}
	// With limits too.
	s, _ = newEcho(t, WithLimits(xmlrpc.Limits{MaxParams: 1}), WithInterceptor(func(ctx context.Context, method string, next func(context.Context) error) error {
		return xmlrpc.NewFault(xmlrpc.CodeBadName, "refused")
	}))
	wantRequestError(t, serve(t, s, testkit.MethodCall("e.add", testkit.Int(1), testkit.Int(2))), "limit")
}

func TestServeUnknownMethods(t *testing.T) {
	s, e := newEcho(t)
	for _, name := range []string{"e.nope", "nope", "e.", ".ping", "e.ping.x", "e.ping.", "e._x", " e.ping ", "e.ping ", "E.ping",
		"e.Ping", "system", "system.nope", "system._listMethods", "e..ping", "x.ping", "e.rPCDocs", "e.bump", "e.mu"} {
		r := serve(t, s, testkit.MethodCall(name, testkit.Int(1)))
		wantFault(t, r, xmlrpc.CodeUnknownMethod, "UNKNOWN_METHOD")
		if r.info.Method != name {
			t.Fatalf("CallInfo.Method %q, want %q", r.info.Method, name)
		}
		// The parameters are checked all the same.
		wantRequestError(t, serve(t, s, testkit.MethodCall(name, testkit.Int(1), "<value><boolean>2</boolean></value>")), "syntax")
	}
	if e.count() != 0 {
		t.Fatal("a method ran")
	}
	// Malformed requests.
	for _, b := range []string{"", "<methodCall/>", "<methodCall><methodName></methodName></methodCall>", "not xml", "<methodCall><methodName>e.ping</methodName>"} {
		wantRequestError(t, serve(t, s, []byte(b)), "syntax")
	}
}

func TestServeLimits(t *testing.T) {
	s, _ := newEcho(t, WithLimits(xmlrpc.Limits{MaxDepth: 2, MaxParams: 3, MaxStringBytes: 4, MaxValues: 10}))
	wantValue(t, serve(t, s, testkit.MethodCall("e.echo", testkit.Array(testkit.Array()))), []any{[]any{}})
	wantRequestError(t, serve(t, s, testkit.MethodCall("e.echo", testkit.Array(testkit.Array(testkit.Array())))), "limit")
	wantValue(t, serve(t, s, testkit.MethodCall("e.count", testkit.Int(1), testkit.Int(1), testkit.Int(1))), 3)
	wantRequestError(t, serve(t, s, testkit.MethodCall("e.count", testkit.Int(1), testkit.Int(1), testkit.Int(1), testkit.Int(1))), "limit")
	wantRequestError(t, serve(t, s, testkit.MethodCall("e.echo", testkit.String("hello"))), "limit")
	wantRequestError(t, serve(t, s, testkit.MethodCall("e.nope", testkit.String("hello"))), "limit")
	wantRequestError(t, serve(t, s, testkit.MethodCall("e.echo", testkit.Array(testkit.Int(1), testkit.Int(1), testkit.Int(1), testkit.Int(1), testkit.Int(1), testkit.Int(1), testkit.Int(1), testkit.Int(1), testkit.Int(1), testkit.Int(1)))), "limit")
}

// TestServeDst checks that Serve appends to dst, and leaves it alone
// when there is no answer.
func TestServeDst(t *testing.T) {
	s, _ := newEcho(t)
	out, _, err := s.Serve(context.Background(), testkit.MethodCall("e.ping"), []byte("prefix"))
	if err != nil || !strings.HasPrefix(string(out), "prefix<?xml version='1.0'?>\n<methodResponse>\n<params>") {
		t.Fatalf("%q %v", out, err)
	}
	out, _, err = s.Serve(context.Background(), testkit.MethodCall("e.plain"), []byte("prefix"))
	if err != nil || !strings.HasPrefix(string(out), "prefix<?xml version='1.0'?>\n<methodResponse>\n<fault>") {
		t.Fatalf("%q %v", out, err)
	}
	out, _, err = s.Serve(context.Background(), []byte("junk"), []byte("prefix"))
	if err == nil || string(out) != "prefix" {
		t.Fatalf("%q %v", out, err)
	}
	// The exact bytes of a whole answer, in Python's layout.
	out, _, _ = s.Serve(context.Background(), testkit.MethodCall("e.add", testkit.Int(1), testkit.Int(2)), nil)
	if want := "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><int>3</int></value>\n</param>\n</params>\n</methodResponse>\n"; string(out) != want {
		t.Fatalf("%q", out)
	}
	out, _, _ = s.Serve(context.Background(), testkit.MethodCall("e.add", testkit.Int(1)), nil)
	if want := "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>2</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>INCORRECT_PARAMETERS</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n"; string(out) != want {
		t.Fatalf("%q", out)
	}
}

// TestServeConcurrent runs calls from several goroutines (meaningful
// under the race detector).
func TestServeConcurrent(t *testing.T) {
	s, e := newEcho(t)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				out, _, err := s.Serve(context.Background(), testkit.MethodCall("e.sideAdd", testkit.Int(g), testkit.Int(i)), nil)
				if err != nil || !strings.Contains(string(out), fmt.Sprintf("<int>%d</int>", g+i)) {
					t.Errorf("%q %v", out, err)
					return
				}
				out, _, err = s.Serve(context.Background(), testkit.MethodCall("system.multicall", testkit.Array(mcEntry("e.add", testkit.Int(g), testkit.Int(i)), mcEntry("e.echo", testkit.String("x")))), nil)
				if err != nil || !strings.Contains(string(out), fmt.Sprintf("<int>%d</int>", g+i)) {
					t.Errorf("%q %v", out, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if e.count() != 400 {
		t.Fatalf("%d calls", e.count())
	}
}

// TestInterceptorCannotHideMalformedRequests checks that a request error
// met while the method's parameters are decoded fails the request,
// whatever the interceptor makes of it.
func TestInterceptorCannotHideMalformedRequests(t *testing.T) {
	for _, name := range []string{"swallow", "replace"} {
		s, e := newEcho(t, WithInterceptor(func(ctx context.Context, method string, next func(context.Context) error) error {
			err := next(ctx)
			if err != nil && name == "replace" {
				return xmlrpc.NewFault(xmlrpc.CodeBadName, "replaced")
			}
			if name == "swallow" {
				return nil
			}
			return err
		}))
		wantRequestError(t, serve(t, s, testkit.MethodCall("e.sideAdd", testkit.Int(1), "<value><int>x</int></value>")), "syntax")
		wantRequestError(t, serve(t, s, append(testkit.MethodCall("e.sideAdd", testkit.Int(1), testkit.Int(2)), "junk"...)), "syntax")
		wantRequestError(t, serve(t, s, multicall(mcEntry("e.side"), mcEntry("e.sideAdd", "<value><int>x</int></value>"))), "syntax")
		if e.count() != 0 {
			t.Fatalf("%s: %d calls ran", name, e.count())
		}
		// Faults are the interceptor's to change, but not to hide: there
		// is no value to answer.
		r := serve(t, s, testkit.MethodCall("e.plain"))
		if name == "replace" {
			wantFault(t, r, xmlrpc.CodeBadName, "BAD_NAME: replaced")
		} else {
			wantFault(t, r, xmlrpc.CodeFailed, "FAILED: plain failure")
		}
		r = serve(t, s, multicall(mcEntry("e.plain"), mcEntry("e.ping")))
		if name == "replace" {
			wantValue(t, r, []any{faultStruct(10, "BAD_NAME: replaced"), "pong"})
		} else {
			wantValue(t, r, []any{faultStruct(30, "FAILED: plain failure"), "pong"})
		}
	}
}

// TestServeStructOrder checks that a struct a method echoes is answered
// in the order the client sent its members, as supervisord answers it
// (a Python dict keeps its order), in a call and in a multicall entry,
// and that a struct the method makes is answered sorted.
func TestServeStructOrder(t *testing.T) {
	s, _ := newEcho(t)
	sent := testkit.Struct("pid", testkit.Int(1), "name", testkit.String("cat"), "group", testkit.String("g"))
	order := func(raw string) string {
		var names []string
		for _, part := range strings.Split(raw, "<name>")[1:] {
			names = append(names, part[:strings.Index(part, "</name>")])
		}
		return strings.Join(names, ",")
	}
	for _, tc := range []struct {
		name string
		body []byte
		want string
	}{
		{"echo", testkit.MethodCall("e.echo", sent), "pid,name,group"},
		{"multicall entry", testkit.MethodCall("system.multicall", testkit.Array(
			testkit.Struct("methodName", testkit.String("e.echo"), "params", testkit.Array(sent)))), "pid,name,group"},
		{"made by the method", testkit.MethodCall("e.point", testkit.Struct("y", testkit.Int(1), "x", testkit.Int(2))), "x,y"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := serve(t, s, tc.body)
			if r.err != nil || r.fault != nil {
				t.Fatal(r)
			}
			if got := order(r.raw); got != tc.want {
				t.Errorf("members %s, want %s", got, tc.want)
			}
		})
	}
}
