package bench_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	_ "github.com/supervisorrpc/rpcinterface/example/bench"
	"github.com/supervisorrpc/rpcinterface/rpcext"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// value encodes v as Python's marshaller lays it out (base64 aside).
func value(tb testing.TB, v any) string {
	e := xmlrpc.NewEncoder(nil)
	if err := e.Any(v); err != nil {
		tb.Fatal(err)
	}
	return string(e.Bytes())
}

// methodCall lays a call out as Python's xmlrpc.client.dumps does.
func methodCall(method string, values ...string) []byte {
	var b strings.Builder
	b.WriteString("<?xml version='1.0'?>\n<methodCall>\n<methodName>" + method + "</methodName>\n<params>\n")
	for _, v := range values {
		b.WriteString("<param>\n" + v + "</param>\n")
	}
	b.WriteString("</params>\n</methodCall>\n")
	return []byte(b.String())
}

// workloads makes the five request bodies of the shared harness (its
// gen.py), deterministically: echo.add(1, 2); a struct of 50 members; an
// array of 10,000 random 32-bit ints; 1 MiB of printable ASCII as base64
// in lines of 76; a multicall of 100 echo.add.
func workloads(tb testing.TB) map[string][]byte {
	r := rand.New(rand.NewPCG(20261124, 0))
	const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 <&>'\""
	st := map[string]any{}
	for i := range 50 {
		var v any
		switch i % 4 {
		case 0:
			v = r.IntN(2_000_001) - 1_000_000
		case 1:
			b := make([]byte, 8+r.IntN(17))
			for j := range b {
				b[j] = letters[r.IntN(len(letters))]
			}
			v = string(b)
		case 2:
			v = float64(r.IntN(2_000_001)-1_000_000) / 4
		case 3:
			v = r.IntN(2) == 0
		}
		st[fmt.Sprintf("f%02d", i)] = v
	}
	arr := make([]any, 10_000)
	for i := range arr {
		arr[i] = int(int32(r.Uint32()))
	}
	blob := make([]byte, 1<<20)
	for i := range blob {
		blob[i] = byte(0x20 + r.IntN(0x7f-0x20))
	}
	enc := base64.StdEncoding.EncodeToString(blob)
	var lines strings.Builder
	lines.WriteString("<value><base64>\n")
	for len(enc) > 76 {
		lines.WriteString(enc[:76] + "\n")
		enc = enc[76:]
	}
	lines.WriteString(enc + "\n</base64></value>\n")
	calls := make([]any, 100)
	for i := range calls {
		calls[i] = map[string]any{"methodName": "echo.add", "params": []any{i, 2 * i}}
	}
	return map[string][]byte{
		"small":     methodCall("echo.add", value(tb, 1), value(tb, 2)),
		"struct":    methodCall("echo.echo", value(tb, st)),
		"array":     methodCall("echo.echo", value(tb, arr)),
		"blob":      methodCall("echo.echo", lines.String()),
		"multicall": methodCall("system.multicall", value(tb, calls)),
	}
}

// discard is a ResponseWriter that keeps the status and drops the body
// (unless keep is set), reusing its header map: what is measured is the
// handler's own work.
type discard struct {
	h      http.Header
	status int
	keep   *bytes.Buffer
}

func (w *discard) Header() http.Header    { return w.h }
func (w *discard) WriteHeader(status int) { w.status = status }
func (w *discard) Write(b []byte) (int, error) {
	if w.keep != nil {
		w.keep.Write(b)
	}
	return len(b), nil
}

// body is a request body that can be rewound without allocating.
type body struct{ bytes.Reader }

func (*body) Close() error { return nil }

func handler(tb testing.TB) http.Handler {
	cfg, err := rpcext.LoadConfig("bench.conf")
	if err != nil {
		tb.Fatal(err)
	}
	h, err := rpcext.NewHandler(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

// TestHandlerAnswers checks that every workload is answered with a value
// through bench.conf, as the harness's host serves it.
func TestHandlerAnswers(t *testing.T) {
	h := handler(t)
	for name, b := range workloads(t) {
		req, _ := http.NewRequest(http.MethodPost, rpcext.Path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "text/xml")
		var out bytes.Buffer
		w := &discard{h: http.Header{}, keep: &out}
		h.ServeHTTP(w, req)
		if w.status != http.StatusOK || bytes.Contains(out.Bytes(), []byte("<fault>")) {
			t.Fatalf("%s: status %d: %.200s", name, w.status, out.Bytes())
		}
	}
}

// BenchmarkHandler serves each workload of the shared harness through the
// full HTTP handler (credentials, framing, body read into a pooled buffer,
// decode, dispatch, encode, headers, one write), without a network.
func BenchmarkHandler(b *testing.B) {
	h := handler(b)
	bodies := workloads(b)
	for _, name := range []string{"small", "struct", "array", "blob", "multicall"} {
		b.Run(name, func(b *testing.B) {
			rb := &body{}
			req, _ := http.NewRequest(http.MethodPost, rpcext.Path, rb)
			req.Header.Set("Content-Type", "text/xml")
			req.ContentLength = int64(len(bodies[name]))
			w := &discard{h: http.Header{}}
			b.SetBytes(int64(len(bodies[name])))
			b.ReportAllocs()
			for b.Loop() {
				rb.Reset(bodies[name])
				w.status = 0
				h.ServeHTTP(w, req)
				if w.status != http.StatusOK {
					b.Fatal(w.status)
				}
			}
		})
	}
}

// TestFactoryTakesAnyOption: like the harness's Python factory
// (**config), the factory accepts and ignores options.
func TestFactoryTakesAnyOption(t *testing.T) {
	cfg, err := rpcext.ParseConfig([]byte("[rpcinterface:echo]\nsupervisor.rpcinterface_factory = bench_plugin:make_rpcinterface\nanything = 1\n"), "bench.conf")
	if err != nil {
		t.Fatal(err)
	}
	if err := rpcext.Mount(http.NewServeMux(), cfg); err != nil {
		t.Fatal(err)
	}
}
