package rpcext_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// adder is a namespace with a small method; closingAdder is the same with
// a Close, which makes the handler count the calls in progress of each
// generation (see Handler.Reload).
type adder struct{}

func (adder) Add(a, b int) int { return a + b }

type closingAdder struct{}

func (closingAdder) Add(a, b int) int { return a + b }
func (closingAdder) Close() error     { return nil }

// discardWriter keeps the status and drops the body, reusing its header.
type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(status int)      { w.status = status }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

type rewindBody struct{ bytes.Reader }

func (*rewindBody) Close() error { return nil }

// BenchmarkHandler serves a small call through the whole handler. The
// request path of a reloadable handler is one atomic load of the current
// table ("ServeHTTP"); when a namespace value has a Close, the table also
// counts its calls in progress, so that a reload closes the value after
// its last call ("ServeHTTP-closer"). Both are measured while another
// goroutine reloads nothing: this is the cost of being reloadable.
func BenchmarkHandler(b *testing.B) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, bc := range []struct {
		name string
		v    any
	}{{"ServeHTTP", adder{}}, {"ServeHTTP-closer", closingAdder{}}} {
		b.Run(bc.name, func(b *testing.B) {
			reg := rpcext.NewRegistry()
			reg.Register("adder:make", func(any, rpcext.Options) (any, error) { return bc.v, nil })
			cfg, err := rpcext.ParseConfig([]byte("[rpcinterface:a]\nsupervisor.rpcinterface_factory = adder:make\n"), "b.conf")
			if err != nil {
				b.Fatal(err)
			}
			h, err := rpcext.NewHandler(cfg, rpcext.WithRegistry(reg), rpcext.WithLogger(quiet))
			if err != nil {
				b.Fatal(err)
			}
			payload := []byte(call("a.add", "<int>1</int>", "<int>2</int>"))
			rb := &rewindBody{}
			req, _ := http.NewRequest(http.MethodPost, rpcext.Path, rb)
			req.ContentLength = int64(len(payload))
			w := &discardWriter{h: http.Header{}}
			b.SetBytes(int64(len(payload)))
			b.ReportAllocs()
			for b.Loop() {
				rb.Reset(payload)
				w.status = 0
				h.ServeHTTP(w, req)
				if w.status != http.StatusOK {
					b.Fatal(w.status)
				}
			}
			rb.Reset(payload)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if !strings.Contains(rec.Body.String(), "<int>3</int>") {
				b.Fatalf("%s", rec.Body)
			}
		})
	}
}
