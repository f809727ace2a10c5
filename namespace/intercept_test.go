package namespace

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// seenCall is what a CallInterceptor was told of a call, and what it
// made of the outcome with FaultCode.
type seenCall struct {
	Call
	code   xmlrpc.Code
	isCode bool
}

// recordCalls returns a CallInterceptor that copies what it is told into
// *seen.
func recordCalls(seen *[]seenCall) CallInterceptor {
	return func(ctx context.Context, c *Call, next func(context.Context) error) error {
		i := len(*seen)
		*seen = append(*seen, seenCall{Call: *c})
		err := next(ctx)
		(*seen)[i].code, (*seen)[i].isCode = FaultCode(err)
		return err
	}
}

// TestCallInterceptorDescribesCalls checks what a CallInterceptor is told
// of top-level calls, known or not, and of multicall entries.
func TestCallInterceptorDescribesCalls(t *testing.T) {
	var seen []seenCall
	s, _ := newEcho(t, WithCallInterceptor(recordCalls(&seen)))
	for _, tc := range []struct {
		body []byte
		want []Call
	}{
		{testkit.MethodCall("e.add", testkit.Int(1), testkit.Int(2)), []Call{{Method: "e.add", Namespace: "e", Name: "add", Known: true}}},
		{testkit.MethodCall("system.listMethods"), []Call{{Method: "system.listMethods", Namespace: "system", Name: "listMethods", Known: true}}},
		{testkit.MethodCall("e.nope"), []Call{{Method: "e.nope", Namespace: "e", Name: "nope"}}},
		{testkit.MethodCall("nope"), []Call{{Method: "nope", Name: "nope"}}},
		{testkit.MethodCall("e.ping.x"), []Call{{Method: "e.ping.x", Namespace: "e", Name: "ping.x"}}},
		// Entries that are not calls (not a struct, recursive) are not
		// intercepted; the others keep their place in the batch.
		{multicall(mcEntry("e.ping"), testkit.String("not a struct"), mcEntry("system.multicall", testkit.Array()), mcEntry("e.add", testkit.Int(1), testkit.Int(2)), mcEntry("x.y")),
			[]Call{
				{Method: "system.multicall", Namespace: "system", Name: "multicall", Known: true},
				{Method: "e.ping", Namespace: "e", Name: "ping", Known: true, Multicall: true},
				{Method: "e.add", Namespace: "e", Name: "add", Known: true, Multicall: true, Index: 3},
				{Method: "x.y", Namespace: "x", Name: "y", Multicall: true, Index: 4},
			}},
	} {
		seen = nil
		if r := serve(t, s, tc.body); r.err != nil {
			t.Fatal(r.err)
		}
		var got []Call
		for _, sc := range seen {
			got = append(got, sc.Call)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s:\ngot  %+v\nwant %+v", tc.body, got, tc.want)
		}
	}
}

// TestFaultCodeMatchesAnswer checks that FaultCode, given what next
// returned, names the fault the client receives, at the top level and
// inside a multicall.
func TestFaultCodeMatchesAnswer(t *testing.T) {
	var seen []seenCall
	s, _ := newEcho(t, WithCallInterceptor(recordCalls(&seen)))
	calls := [][]string{
		{"e.ping"},
		{"e.fail", testkit.Int(10), testkit.String("x")},
		{"e.fail", testkit.Int(-7)},
		{"e.wrapped"},
		{"e.faultf"},
		{"e.plain"},
		{"e.typedNilFault"},
		{"e.badString"}, // a result that cannot be encoded: FAILED
		{"e.nope"},
		{"e.add", testkit.Int(1)}, // wrong arity
		{"e.add", testkit.Int(1), testkit.String("x")},
	}
	var entries []string
	for _, c := range calls {
		seen = nil
		r := serve(t, s, testkit.MethodCall(c[0], c[1:]...))
		if r.err != nil || len(seen) != 1 {
			t.Fatalf("%s: %v, seen %+v", c[0], r, seen)
		}
		code, ok := seen[0].code, seen[0].isCode
		switch {
		case r.fault == nil && ok:
			t.Errorf("%s: answered a value, FaultCode says %d", c[0], code)
		case r.fault != nil && (!ok || code != r.fault.Code):
			t.Errorf("%s: answered fault %d, FaultCode says %d, %v", c[0], r.fault.Code, code, ok)
		}
		entries = append(entries, mcEntry(c[0], c[1:]...))
	}

	seen = nil
	r := serve(t, s, multicall(entries...))
	results, _ := r.value.([]any)
	if r.err != nil || len(results) != len(calls) || len(seen) != len(calls)+1 {
		t.Fatalf("multicall: %v, seen %d", r, len(seen))
	}
	if seen[0].isCode {
		t.Fatalf("system.multicall answered a value, FaultCode says %d", seen[0].code)
	}
	for i, res := range results {
		sc := seen[i+1]
		f, isFault := res.(map[string]any)
		switch {
		case !isFault && sc.isCode:
			t.Errorf("entry %d (%s): a value, FaultCode says %d", i, sc.Method, sc.code)
		case isFault && (!sc.isCode || f["faultCode"] != int(sc.code)):
			t.Errorf("entry %d (%s): fault %v, FaultCode says %d, %v", i, sc.Method, f["faultCode"], sc.code, sc.isCode)
		}
	}
}

func TestFaultCode(t *testing.T) {
	for _, tc := range []struct {
		err  error
		code xmlrpc.Code
		ok   bool
	}{
		{nil, 0, false},
		{xmlrpc.NewFault(xmlrpc.CodeBadName, "x"), xmlrpc.CodeBadName, true},
		{fmt.Errorf("wrapped: %w", xmlrpc.NewFault(xmlrpc.CodeNoFile, "")), xmlrpc.CodeNoFile, true},
		{errors.New("plain"), xmlrpc.CodeFailed, true},
		{(*xmlrpc.Fault)(nil), xmlrpc.CodeFailed, true},
		{encodeFailed{errors.New("NaN")}, xmlrpc.CodeFailed, true},
		{&xmlrpc.SyntaxError{Msg: "bad"}, 0, false},
		{fmt.Errorf("reading: %w", &xmlrpc.LimitError{Limit: "MaxDepth", Max: 1}), 0, false},
	} {
		code, ok := FaultCode(tc.err)
		if code != tc.code || ok != tc.ok {
			t.Errorf("FaultCode(%v) = %d, %v; want %d, %v", tc.err, code, ok, tc.code, tc.ok)
		}
	}
}

// TestInterceptorKindsOrder checks that interceptors of both kinds run in
// the order they were added, and that an Interceptor is told the name.
func TestInterceptorKindsOrder(t *testing.T) {
	var order []string
	plain := func(name string) Interceptor {
		return func(ctx context.Context, method string, next func(context.Context) error) error {
			order = append(order, name+" "+method)
			return next(ctx)
		}
	}
	described := func(name string) CallInterceptor {
		return func(ctx context.Context, c *Call, next func(context.Context) error) error {
			order = append(order, name+" "+c.Namespace+"/"+c.Name)
			return next(ctx)
		}
	}
	s, _ := newEcho(t, WithInterceptor(plain("a")), WithCallInterceptor(described("b")), WithInterceptor(plain("c")))
	wantValue(t, serve(t, s, testkit.MethodCall("e.add", testkit.Int(1), testkit.Int(2))), 3)
	if want := []string{"a e.add", "b e/add", "c e.add"}; !slices.Equal(order, want) {
		t.Fatalf("order %q, want %q", order, want)
	}
}

// TestCallInterceptorAllocatesNothing checks that describing calls to a
// CallInterceptor costs no allocation, at the top level or in a
// multicall: a service with one allocates what one without does (the
// decoder keeps a multicall's method names in a few arena blocks).
func TestCallInterceptorAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes what allocates")
	}
	var n int
	ic := WithCallInterceptor(func(ctx context.Context, c *Call, next func(context.Context) error) error {
		n += len(c.Namespace) + len(c.Name) + c.Index
		err := next(ctx)
		if code, ok := FaultCode(err); ok {
			n += int(code)
		}
		return err
	})
	allocs := func(s *Service, body []byte) float64 {
		out, _, err := s.Serve(context.Background(), body, nil)
		if err != nil {
			t.Fatal(err)
		}
		return testing.AllocsPerRun(20, func() { out, _, _ = s.Serve(context.Background(), body, out[:0]) })
	}
	bare := newService(t, nil, "echo", benchEcho{})
	intercepted := newService(t, []Option{ic}, "echo", benchEcho{})
	bodies := benchBodies(t)
	for _, w := range []string{"small", "multicall"} {
		if a, b := allocs(intercepted, bodies[w]), allocs(bare, bodies[w]); a != b {
			t.Errorf("%s: %v allocations a call with the interceptor, %v without", w, a, b)
		}
	}
	if n == 0 {
		t.Fatal("the interceptor did not run")
	}
}

// BenchmarkServeCallInterceptor is BenchmarkServeInterceptor with a
// CallInterceptor that reads everything it is told of the call and the
// fault code of its outcome, as a tracing or metrics interceptor does.
func BenchmarkServeCallInterceptor(b *testing.B) {
	bodies := benchBodies(b)
	var n int
	read := func(ctx context.Context, c *Call, next func(context.Context) error) error {
		if c.Known && !c.Multicall {
			n += len(c.Namespace) + len(c.Name) + c.Index
		}
		err := next(ctx)
		if code, ok := FaultCode(err); ok {
			n += int(code)
		}
		return err
	}
	s := newService(b, []Option{WithCallInterceptor(read)}, "echo", benchEcho{})
	ctx := context.Background()
	for _, w := range []string{"small", "multicall"} {
		b.Run(w, func(b *testing.B) {
			body := bodies[w]
			out, _, err := s.Serve(ctx, body, nil)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if out, _, err = s.Serve(ctx, body, out[:0]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
