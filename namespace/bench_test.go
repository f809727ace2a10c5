package namespace

import (
	"context"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/benchbody"
)

// benchEcho is the bench harness's namespace (/work/shared/bench).
type benchEcho struct{}

func (benchEcho) Add(a, b int) int { return a + b }
func (benchEcho) Echo(v any) any   { return v }

// benchBodies makes the five workloads of the shared harness (package
// benchbody).
func benchBodies(testing.TB) map[string][]byte { return benchbody.Bodies() }

// TestBenchBodies checks the workloads: the small one byte for byte as
// gen.py writes it, and every one answered without a fault.
func TestBenchBodies(t *testing.T) {
	bodies := benchBodies(t)
	// xmlrpc.client.dumps((1, 2), "echo.add")
	const small = "<?xml version='1.0'?>\n<methodCall>\n<methodName>echo.add</methodName>\n<params>\n<param>\n<value><int>1</int></value>\n</param>\n<param>\n<value><int>2</int></value>\n</param>\n</params>\n</methodCall>\n"
	if string(bodies["small"]) != small {
		t.Fatalf("small body %q", bodies["small"])
	}
	s := newService(t, nil, "echo", benchEcho{})
	for name, b := range bodies {
		r := serve(t, s, b)
		if r.err != nil || r.fault != nil {
			t.Fatalf("%s: %v", name, r)
		}
		switch name {
		case "small":
			wantValue(t, r, 3)
		case "multicall":
			if vs := r.value.([]any); len(vs) != 100 || vs[99] != 297 {
				t.Fatalf("multicall: %v", vs[:3])
			}
		case "blob":
			if bs := r.value.([]byte); len(bs) != 1<<20 {
				t.Fatalf("blob of %d bytes", len(bs))
			}
		case "array":
			if vs := r.value.([]any); len(vs) != 10_000 {
				t.Fatalf("array of %d", len(vs))
			}
		case "struct":
			if m := r.value.(map[string]any); len(m) != 50 {
				t.Fatalf("struct of %d", len(m))
			}
		}
	}
}

// BenchmarkServe decodes, dispatches and encodes each workload of the
// bench harness in-process, as servers/naive/bench_test.go does there.
func BenchmarkServe(b *testing.B) {
	bodies := benchBodies(b)
	s := newService(b, nil, "echo", benchEcho{})
	ctx := context.Background()
	for _, w := range []string{"small", "struct", "array", "blob", "multicall"} {
		b.Run(w, func(b *testing.B) {
			body := bodies[w]
			out, info, err := s.Serve(ctx, body, nil)
			if err != nil || info.Fault != nil {
				b.Fatalf("%v %v", err, info.Fault)
			}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				out, _, err = s.Serve(ctx, body, out[:0])
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkServeInterceptor is BenchmarkServe with one interceptor that
// only calls on, as a logging or metrics interceptor would.
func BenchmarkServeInterceptor(b *testing.B) {
	bodies := benchBodies(b)
	pass := func(ctx context.Context, method string, next func(context.Context) error) error { return next(ctx) }
	s := newService(b, []Option{WithInterceptor(pass)}, "echo", benchEcho{})
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
