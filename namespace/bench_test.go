package namespace

import (
	"context"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// benchEcho is the bench harness's namespace (/work/shared/bench).
type benchEcho struct{}

func (benchEcho) Add(a, b int) int { return a + b }
func (benchEcho) Echo(v any) any   { return v }

// pyCall lays a methodCall out as Python's xmlrpc.client.dumps does.
func pyCall(method string, values ...string) []byte {
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

// pyValue encodes v as Python's marshaller does (base64 aside).
func pyValue(tb testing.TB, v any) string {
	e := xmlrpc.NewEncoder(nil)
	if err := e.Any(v); err != nil {
		tb.Fatal(err)
	}
	return string(e.Bytes())
}

// pyBase64 lays base64 out in lines of 76 characters, as Python does.
func pyBase64(data []byte) string {
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

// benchBodies makes the five workloads of gen.py, deterministically:
// small echo.add(1, 2); a struct of 50 members f00..f49 (int, string,
// double, boolean in turn); an array of 10,000 random 32-bit ints; a blob
// of 1 MiB of printable ASCII as base64; a multicall of 100 echo.add.
func benchBodies(tb testing.TB) map[string][]byte {
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
	return map[string][]byte{
		"small":     pyCall("echo.add", pyValue(tb, 1), pyValue(tb, 2)),
		"struct":    pyCall("echo.echo", pyValue(tb, st)),
		"array":     pyCall("echo.echo", pyValue(tb, arr)),
		"blob":      pyCall("echo.echo", pyBase64(blob)),
		"multicall": pyCall("system.multicall", pyValue(tb, calls)),
	}
}

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
