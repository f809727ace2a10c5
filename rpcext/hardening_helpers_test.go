package rpcext_test

import (
	"bufio"
	"bytes"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// liveness bounds how long a test waits for something that must happen;
// it is never a speed requirement.
const liveness = 30 * time.Second

// logged is a logger whose output a test reads.
type logged struct{ testkit.LogBuffer }

func newLogged() *logged { return &logged{} }

func (l *logged) logger() *slog.Logger { return l.Logger(slog.LevelDebug) }

// nsHandler serves v as namespace name (no config) and logs into the
// returned buffer.
func nsHandler(t *testing.T, name string, v any, opts ...rpcext.MountOption) (*rpcext.Handler, *logged) {
	t.Helper()
	cfg, err := rpcext.ParseConfig(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	logs := newLogged()
	opts = append([]rpcext.MountOption{rpcext.WithNamespace(name, v), rpcext.WithLogger(logs.logger())}, opts...)
	h, err := rpcext.NewHandler(cfg, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return h, logs
}

// httpServer serves h at /RPC2 on a loopback httptest server.
func httpServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle(rpcext.Path, h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// rawExchange writes raw to addr and returns the status line of the
// answer and everything read until the server closed the connection (or
// the liveness bound passed: then ok is false).
func rawExchange(t *testing.T, network, addr, raw string) (status, all string, ok bool) {
	t.Helper()
	c, err := net.Dial(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(liveness))
	b, err := io.ReadAll(c)
	if ne, isNet := err.(net.Error); isNet && ne.Timeout() {
		return "", string(b), false
	}
	line, _, _ := bufio.NewReader(bytes.NewReader(b)).ReadLine()
	return string(line), string(b), true
}

// rawStatus writes raw to addr and returns the status code of the first
// response, reading no further than its headers.
func rawStatus(t *testing.T, network, addr, raw string) int {
	t.Helper()
	c, err := net.Dial(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(liveness))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no response: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// postHeader is a POST /RPC2 request head with the given extra header
// lines, each ending in \r\n.
func postHeader(extra ...string) string {
	return "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n" + strings.Join(extra, "") + "\r\n"
}

// faultOf returns the faultString of an XML-RPC fault answer, or "".
func faultOf(body string) string {
	if !strings.Contains(body, "<fault>") {
		return ""
	}
	_, s, _ := strings.Cut(body, "<name>faultString</name>\n<value><string>")
	s, _, _ = strings.Cut(s, "</string>")
	return s
}
