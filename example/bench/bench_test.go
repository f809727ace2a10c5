package bench_test

import (
	"bytes"
	"net/http"
	"testing"

	_ "github.com/supervisorrpc/rpcinterface/example/bench"
	"github.com/supervisorrpc/rpcinterface/internal/benchbody"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

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
	for name, b := range benchbody.Bodies() {
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
	bodies := benchbody.Bodies()
	for _, name := range benchbody.Names {
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
