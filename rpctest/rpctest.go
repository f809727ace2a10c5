// Package rpctest is the httptest of plugins: it serves a supervisord
// config's [rpcinterface:x] sections (or values passed with
// rpcext.WithNamespace) on a loopback port for the length of a test, and
// hands out a client.Client for it, so that a plugin is tested through
// the same HTTP, codec and dispatcher its users reach it by.
//
//	func TestSubmit(t *testing.T) {
//		srv := rpctest.NewServer(t, `
//	[rpcinterface:jobs]
//	supervisor.rpcinterface_factory = example.com/jobs:make_jobs
//	max_jobs = 3`)
//		var id int
//		err := srv.Client().Call(t.Context(), "jobs.submit", &id, spec)
//		...
//	}
package rpctest

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/supervisorrpc/rpcinterface/client"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// Server is a config served by rpcext.Mount on a loopback port, until the
// test that made it ends.
type Server struct {
	// URL is the XML-RPC endpoint, http://127.0.0.1:port/RPC2.
	URL string

	srv        *httptest.Server
	user, pass string // the config's [inet_http_server] credentials
	auth       bool

	mu      sync.Mutex
	client  *client.Client
	clients []*client.Client
	closed  bool
}

// NewServer parses config, a supervisord config's text (an empty string
// for none), mounts it with opts as rpcext.Mount does, and serves it on a
// loopback port until the test ends (t.Cleanup closes it). Factories are
// looked up in the default registry, so the plugin under test registers
// itself as it does in a host; a value without a factory is served with
// rpcext.WithNamespace. A config or Mount error fails the test with its
// message. Warnings and errors the server logs go to the test's log (pass
// rpcext.WithLogger to send them elsewhere).
func NewServer(t testing.TB, config string, opts ...rpcext.MountOption) *Server {
	t.Helper()
	cfg, err := rpcext.ParseConfig([]byte(config), "rpctest.conf")
	if err != nil {
		t.Fatalf("rpctest: %v", err)
	}
	mux := http.NewServeMux()
	log := &testWriter{t: t}
	opts = append([]rpcext.MountOption{rpcext.WithLogger(slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelWarn})))}, opts...)
	if err := rpcext.Mount(mux, cfg, opts...); err != nil {
		t.Fatalf("rpctest: %v", err)
	}
	s := &Server{srv: httptest.NewServer(mux)}
	s.URL = s.srv.URL + rpcext.Path
	if in := cfg.InetHTTPServer; in != nil && in.Username != "" {
		s.user, s.pass, s.auth = in.Username, in.Password, true
	}
	t.Cleanup(func() {
		s.Close()
		log.done.Store(true)
	})
	return s
}

// Client returns the server's client, made on first use: the config's
// [inet_http_server] credentials, if it has any, and the client package's
// defaults. Credentials given with rpcext.WithBasicAuth are not known to
// it: make a client with NewClient(client.WithBasicAuth(...)).
func (s *Server) Client() *client.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client == nil {
		s.client = s.newClient(nil)
	}
	return s.client
}

// NewClient returns a new client of the server with opts after the
// config's credentials (so client.WithBasicAuth replaces them), closed
// with the server.
func (s *Server) NewClient(opts ...client.Option) *client.Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newClient(opts)
}

func (s *Server) newClient(opts []client.Option) *client.Client {
	if s.auth {
		opts = append([]client.Option{client.WithBasicAuth(s.user, s.pass)}, opts...)
	}
	c, err := client.Dial(s.URL, opts...)
	if err != nil {
		// s.URL is always a valid http URL: this cannot happen.
		panic(fmt.Sprintf("rpctest: %v", err))
	}
	s.clients = append(s.clients, c)
	return c
}

// Close closes the clients' connections and stops the server, waiting
// for calls in progress. The test's cleanup calls it; calling it earlier
// (to test what a client sees of a server that went away) is fine.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	clients := s.clients
	s.mu.Unlock()
	for _, c := range clients {
		c.Close()
	}
	s.srv.Close()
}

// testWriter writes the server's log lines to the test's log, until the
// test is over: a call that outlives it (one abandoned by a call timeout)
// may still log, and the testing package panics at a Logf after the end.
type testWriter struct {
	t    testing.TB
	done atomic.Bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	if !w.done.Load() {
		w.t.Logf("%s", strings.TrimSuffix(string(p), "\n"))
	}
	return len(p), nil
}
