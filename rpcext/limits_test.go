package rpcext_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/namespace"
	"github.com/supervisorrpc/rpcinterface/rpcext"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// limitsNS is the namespace the limit tests call.
type limitsNS struct{}

func (limitsNS) Echo(v any) any             { return v }
func (limitsNS) Add(a, b int) int           { return a + b }
func (limitsNS) Len(b []byte) int           { return len(b) }
func (limitsNS) Count(args ...any) int      { return len(args) }
func (limitsNS) Text(s string) (int, error) { return len(s), nil }

func nested(depth int) string {
	return strings.Repeat("<array><data><value>", depth) + "<int>1</int>" + strings.Repeat("</value></data></array>", depth)
}

func values(n int) string {
	return "<array><data>" + strings.Repeat("<value><int>1</int></value>", n) + "</data></array>"
}

func params(n int) []string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = "<int>1</int>"
	}
	return ps
}

func multicallOf(n int, method string) string {
	entry := "<value><struct><member><name>methodName</name><value><string>" + method + "</string></value></member></struct></value>"
	return call("system.multicall", "<array><data>"+strings.Repeat(entry, n)+"</data></array>")
}

// TestLimits: every limit is an option, answered with a clear status or
// fault, and logged at warning level with what was exceeded.
func TestLimits(t *testing.T) {
	lim := xmlrpc.Limits{MaxDepth: 8, MaxValues: 100, MaxStringBytes: 64, MaxParams: 5}
	h, logs := nsHandler(t, "l", limitsNS{},
		rpcext.WithLimits(lim), rpcext.WithMaxBodyBytes(4000), rpcext.WithMaxMulticallCalls(3))
	tests := []struct {
		name      string
		body      string
		chunked   bool
		status    int
		answer    string // in the body
		log       string // in the log line
		belowBody string // the same just below the limit: must succeed
	}{
		{name: "body size", body: call("l.text", "<string>"+strings.Repeat("x", 4000)+"</string>"), status: 413,
			answer: "may not exceed 4000 bytes", log: "level=WARN msg=\"rpcext: request refused\" status=413",
			belowBody: call("l.text", "<string>"+strings.Repeat("x", 60)+"</string>")},
		{name: "chunked body size", chunked: true, body: call("l.text", "<string>"+strings.Repeat("x", 4000)+"</string>"), status: 413,
			answer: "may not exceed 4000 bytes", log: "level=WARN msg=\"rpcext: request refused\" status=413"},
		{name: "nesting depth", body: call("l.echo", nested(9)), status: 400,
			answer: "MaxDepth limit of 8", log: "limit=MaxDepth max=8", belowBody: call("l.echo", nested(8))},
		{name: "number of values", body: call("l.echo", values(100)), status: 400,
			answer: "MaxValues limit of 100", log: "limit=MaxValues max=100", belowBody: call("l.echo", values(90))},
		{name: "string length", body: call("l.text", "<string>"+strings.Repeat("x", 65)+"</string>"), status: 400,
			answer: "MaxStringBytes limit of 64", log: "limit=MaxStringBytes max=64",
			belowBody: call("l.text", "<string>"+strings.Repeat("x", 64)+"</string>")},
		{name: "untyped string length", body: call("l.echo", strings.Repeat("x", 65)), status: 400,
			answer: "MaxStringBytes limit of 64", log: "limit=MaxStringBytes max=64"},
		{name: "base64 length", body: call("l.len", "<base64>"+base64.StdEncoding.EncodeToString(make([]byte, 65))+"</base64>"), status: 400,
			answer: "MaxStringBytes limit of 64", log: "limit=MaxStringBytes max=64",
			belowBody: call("l.len", "<base64>"+base64.StdEncoding.EncodeToString(make([]byte, 64))+"</base64>")},
		{name: "params", body: call("l.count", params(6)...), status: 400,
			answer: "MaxParams limit of 5", log: "limit=MaxParams max=5", belowBody: call("l.count", params(5)...)},
		{name: "calls in a multicall", body: multicallOf(4, "system.listMethods"), status: 200,
			answer: "INCORRECT_PARAMETERS: system.multicall of 4 calls exceeds the limit of 3",
			log:    "level=WARN msg=\"rpcext: system.multicall refused\"", belowBody: multicallOf(3, "l.add")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(logs.String())
			var w *httptest.ResponseRecorder
			if tt.chunked {
				r := httptest.NewRequest(http.MethodPost, "/RPC2", io.NopCloser(strings.NewReader(tt.body)))
				r.ContentLength = -1
				r.TransferEncoding = []string{"chunked"}
				w = httptest.NewRecorder()
				h.ServeHTTP(w, r)
			} else {
				w = post(h, tt.body)
			}
			if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.answer) {
				t.Fatalf("status %d %q; want %d containing %q", w.Code, w.Body, tt.status, tt.answer)
			}
			if got := logs.String()[before:]; !strings.Contains(got, tt.log) {
				t.Fatalf("log %q does not contain %q", got, tt.log)
			}
			if tt.belowBody != "" {
				if w := post(h, tt.belowBody); w.Code != 200 || strings.Contains(w.Body.String(), "<fault>") {
					t.Fatalf("just below the limit: %d %q", w.Code, w.Body)
				}
			}
		})
	}
}

// TestLimitDefaults: the documented defaults are the ones in force when
// no option is given: the last value allowed passes, one more is refused.
func TestLimitDefaults(t *testing.T) {
	if rpcext.DefaultMaxBodyBytes != 16<<20 || namespace.DefaultMaxMulticallCalls != 10_000 ||
		xmlrpc.DefaultLimits != (xmlrpc.Limits{MaxDepth: 256, MaxValues: 1_000_000, MaxStringBytes: 64 << 20, MaxParams: 100_000, MaxIntDigits: 4300}) {
		t.Fatal("a default changed: update docs/security.md and this test")
	}
	h, _ := nsHandler(t, "l", limitsNS{})
	tests := []struct {
		name       string
		ok, refuse string
		answer     string
	}{
		{"depth", call("l.echo", nested(256)), call("l.echo", nested(257)), "MaxDepth limit of 256"},
		{"multicall", multicallOf(10_000, "l.add"), multicallOf(10_001, "l.add"), "exceeds the limit of 10000"},
		{"params", call("l.count", params(100_000)...), call("l.count", params(100_001)...), "MaxParams limit of 100000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if w := post(h, tt.ok); w.Code != 200 || strings.Contains(w.Body.String(), "exceeds") {
				t.Fatalf("at the limit: %d %.200q", w.Code, w.Body)
			}
			if w := post(h, tt.refuse); !strings.Contains(w.Body.String(), tt.answer) {
				t.Fatalf("beyond the limit: %d %.200q", w.Code, w.Body)
			}
		})
	}
	t.Run("body", func(t *testing.T) {
		r := httptest.NewRequest(http.MethodPost, "/RPC2", failingReader{})
		r.ContentLength = rpcext.DefaultMaxBodyBytes + 1
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 413 {
			t.Fatalf("status %d", w.Code)
		}
	})
}

// failingReader fails the test's request if the handler reads it.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("the body was read") }

// countingReader counts the bytes read from it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// TestBodyNotReadBeyondLimit: a body announced beyond the limit is not
// read at all; a chunked one is read no further than the limit (plus what
// one read brings).
func TestBodyNotReadBeyondLimit(t *testing.T) {
	h, _ := nsHandler(t, "l", limitsNS{}, rpcext.WithMaxBodyBytes(1000))
	big := call("l.text", "<string>"+strings.Repeat("x", 100_000)+"</string>")
	t.Run("announced", func(t *testing.T) {
		cr := &countingReader{r: strings.NewReader(big)}
		r := httptest.NewRequest(http.MethodPost, "/RPC2", cr)
		r.ContentLength = int64(len(big))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 413 || cr.n != 0 {
			t.Fatalf("status %d after reading %d bytes", w.Code, cr.n)
		}
	})
	t.Run("chunked", func(t *testing.T) {
		cr := &countingReader{r: strings.NewReader(big)}
		r := httptest.NewRequest(http.MethodPost, "/RPC2", cr)
		r.ContentLength = -1
		r.TransferEncoding = []string{"chunked"}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 413 || cr.n > 64<<10 {
			t.Fatalf("status %d after reading %d bytes", w.Code, cr.n)
		}
	})
	t.Run("over a connection, with no body sent", func(t *testing.T) {
		srv := httpServer(t, h)
		raw := postHeader(fmt.Sprintf("Content-Length: %d\r\n", 10<<20))
		if status := rawStatus(t, "tcp", srv.Listener.Addr().String(), raw); status != 413 {
			t.Fatalf("status %d", status)
		}
	})
}
