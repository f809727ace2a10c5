package rpcext

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

type stuckNS struct {
	started, release chan struct{}
}

func (s *stuckNS) Stuck(text string) string {
	s.started <- struct{}{}
	<-s.release
	return strings.ToUpper(text) // still reading its parameters' memory
}

func (s *stuckNS) Ping() string { return "pong" }

// TestAbandonedCallKeepsItsBuffers: when a call times out and is
// abandoned, its request and response buffers are not returned to the
// pool, where another request would get them while the abandoned
// goroutine still reads and writes them; every other request's buffers
// are.
func TestAbandonedCallKeepsItsBuffers(t *testing.T) {
	ns := &stuckNS{started: make(chan struct{}, 1), release: make(chan struct{})}
	h, err := NewHandler(nil, WithNamespace("s", ns), WithCallTimeout(50*time.Millisecond),
		WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var acquired []*[]byte
	released := map[*[]byte]bool{}
	h.acquire = func() *[]byte {
		b := getBuffer()
		mu.Lock()
		defer mu.Unlock()
		acquired = append(acquired, b)
		return b
	}
	h.release = func(b *[]byte) {
		mu.Lock()
		released[b] = true
		mu.Unlock()
		putBuffer(b)
	}
	do := func(body string) string {
		r := httptest.NewRequest(http.MethodPost, "/RPC2", strings.NewReader(body))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Body.String()
	}
	stuck := "<methodCall><methodName>s.stuck</methodName><params><param><value>" + strings.Repeat("x", 10000) + "</value></param></params></methodCall>"
	if got := do(stuck); !strings.Contains(got, "call timed out") {
		t.Fatalf("%q", got)
	}
	<-ns.started
	mu.Lock()
	abandoned := append([]*[]byte(nil), acquired...)
	mu.Unlock()
	if len(abandoned) != 2 {
		t.Fatalf("%d buffers for one request", len(abandoned))
	}
	check := func(when string) {
		mu.Lock()
		defer mu.Unlock()
		for _, b := range abandoned {
			if released[b] {
				t.Fatalf("%s: a buffer of the abandoned call went back to the pool", when)
			}
		}
	}
	check("while the method runs")
	if got := do("<methodCall><methodName>s.ping</methodName></methodCall>"); !strings.Contains(got, "pong") {
		t.Fatalf("%q", got)
	}
	mu.Lock()
	if n := len(released); n != 2 {
		t.Fatalf("%d buffers released after a served request, want its 2", n)
	}
	mu.Unlock()
	close(ns.release)
	if got := do("<methodCall><methodName>s.ping</methodName></methodCall>"); !strings.Contains(got, "pong") {
		t.Fatalf("%q", got)
	}
	check("after the method returned")
}
