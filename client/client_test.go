package client_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/supervisorrpc/rpcinterface/client"
	"github.com/supervisorrpc/rpcinterface/rpcext"
	"github.com/supervisorrpc/rpcinterface/rpctest"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// serve mounts a testNS as namespace t and returns the test server.
func serve(t *testing.T, opts ...rpcext.MountOption) (*rpctest.Server, *testNS) {
	ns := newTestNS()
	return rpctest.NewServer(t, "", append([]rpcext.MountOption{rpcext.WithNamespace("t", ns)}, opts...)...), ns
}

func TestCallResults(t *testing.T) {
	srv, _ := serve(t)
	c := srv.Client()
	ctx := t.Context()

	var sum int
	if err := c.Call(ctx, "t.add", &sum, 2, 3); err != nil || sum != 5 {
		t.Errorf("t.add: %d, %v", sum, err)
	}
	var p Proc
	if err := c.Call(ctx, "t.info", &p, "web"); err != nil || p != (Proc{"web", 42, 1 << 40}) {
		t.Errorf("t.info: %+v, %v", p, err)
	}
	// A member the Go struct lacks (group) is ignored by default.
	var old Proc
	if err := c.Call(ctx, "t.infoV2", &old, "web"); err != nil || old.Name != "web" {
		t.Errorf("t.infoV2 into the older struct: %+v, %v", old, err)
	}
	var all []Proc
	if err := c.Call(ctx, "t.all", &all); err != nil || len(all) != 2 || all[1].PID != 2 {
		t.Errorf("t.all: %+v, %v", all, err)
	}
	var m map[string]any
	if err := c.Call(ctx, "t.info", &m, "web"); err != nil || m["pid"] != 42 || m["start"] != 1<<40 {
		t.Errorf("t.info into a map: %v, %v", m, err)
	}
	var v any
	in := map[string]any{"a": []any{1, "x", true, 2.5, nil, []byte{0, 1}}, "b": int64(1) << 50}
	if err := c.Call(ctx, "t.echo", &v, in); err != nil {
		t.Fatal(err)
	}
	if got, ok := v.(map[string]any); !ok || got["b"] != 1<<50 || len(got["a"].([]any)) != 6 || !bytes.Equal(got["a"].([]any)[5].([]byte), []byte{0, 1}) {
		t.Errorf("t.echo: %#v", v)
	}
	if err := c.Call(ctx, "t.add", nil, 1, 1); err != nil {
		t.Errorf("nil result: %v", err)
	}
}

func TestCallFaults(t *testing.T) {
	srv, _ := serve(t)
	c := srv.Client()
	tests := []struct {
		method string
		args   []any
		code   xmlrpc.Code
		str    string
	}{
		{"t.info", []any{"nosuch"}, xmlrpc.CodeBadName, "BAD_NAME: nosuch"},
		{"t.fail", nil, xmlrpc.CodeFailed, "FAILED: boom"},
		{"t.nosuch", nil, xmlrpc.CodeUnknownMethod, "UNKNOWN_METHOD"},
		{"t.add", []any{1}, xmlrpc.CodeIncorrectParameters, "INCORRECT_PARAMETERS"},
		{"t.add", []any{1, "x"}, xmlrpc.CodeIncorrectParameters, "INCORRECT_PARAMETERS: t.add: parameter 2: cannot use <string> as int"},
	}
	for _, tt := range tests {
		var p Proc
		err := c.Call(t.Context(), tt.method, &p, tt.args...)
		var f *xmlrpc.Fault
		if !errors.As(err, &f) {
			t.Errorf("%s: %T %v, want a *xmlrpc.Fault", tt.method, err, err)
			continue
		}
		if f.Code != tt.code || f.FaultString() != tt.str {
			t.Errorf("%s: fault %d %q, want %d %q", tt.method, f.Code, f.FaultString(), tt.code, tt.str)
		}
		var rf *rpcext.Fault // the same type
		if !errors.As(err, &rf) || !errors.Is(err, xmlrpc.NewFault(tt.code, "")) {
			t.Errorf("%s: not matched as rpcext.Fault or by code", tt.method)
		}
	}
}

func TestCallTypeErrors(t *testing.T) {
	srv, _ := serve(t)
	c := srv.Client()
	var bad []struct {
		PID string `xmlrpc:"pid"`
	}
	err := c.Call(t.Context(), "t.all", &bad)
	var te *xmlrpc.TypeError
	if !errors.As(err, &te) || te.Path != "[0].pid" || !strings.Contains(err.Error(), "t.all") {
		t.Errorf("decoding ints into strings: %v (path %q)", err, te.Path)
	}
	var small int32
	if err := c.Call(t.Context(), "t.echo", &small, int64(1)<<40); !errors.As(err, &te) || !strings.Contains(err.Error(), "overflows int32") {
		t.Errorf("an <i8> into an int32: %v", err)
	}
	strict := srv.NewClient(client.WithStrictMembers())
	var p Proc
	if err := strict.Call(t.Context(), "t.infoV2", &p, "web"); !errors.As(err, &te) || te.Path != ".group" {
		t.Errorf("strict client, unknown member: %v", err)
	}
}

// Nothing is sent when the result cannot hold an answer or an argument
// cannot be sent.
func TestCallRefusedBeforeSending(t *testing.T) {
	srv, ns := serve(t)
	c := srv.Client()
	tests := []struct {
		name   string
		result any
		args   []any
		want   string
	}{
		{"not a pointer", 1, nil, "non-nil pointer"},
		{"nil pointer", (*int)(nil), nil, "non-nil pointer"},
		{"unsupported result", new(chan int), nil, "unsupported type chan int"},
		{"NaN", new(int), []any{math.NaN(), 1}, "parameter 1"},
		{"control character", new(int), []any{1, "a\x00"}, "parameter 2"},
		{"unsupported argument", new(int), []any{func() {}}, "unsupported type func()"},
	}
	for _, tt := range tests {
		err := c.Call(t.Context(), "t.add", tt.result, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "t.add") {
			t.Errorf("%s: error %v, want one naming t.add and saying %q", tt.name, err, tt.want)
		}
	}
	var pe *xmlrpc.ParamError
	if err := c.Call(t.Context(), "t.add", nil, 1, math.Inf(1)); !errors.As(err, &pe) || pe.Index != 2 {
		t.Errorf("ParamError: %v", err)
	}
	if n := ns.calls.Load(); n != 0 {
		t.Errorf("%d calls reached the server", n)
	}
}

func TestHTTPErrors(t *testing.T) {
	srv := rpctest.NewServer(t, `
[inet_http_server]
port = 127.0.0.1:9001 ; not listened on: Mount uses only the credentials
username = user
password = 123
`, rpcext.WithNamespace("t", newTestNS()))
	var n int
	if err := srv.Client().Call(t.Context(), "t.add", &n, 1, 2); err != nil || n != 3 {
		t.Fatalf("with the config's credentials: %d, %v", n, err)
	}
	tests := []struct {
		name   string
		c      *client.Client
		status int
		text   string
	}{
		{"wrong password", srv.NewClient(client.WithBasicAuth("user", "wrong")), 401, "401 Unauthorized"},
		{"no credentials", mustDial(t, srv.URL), 401, "401 Unauthorized"},
		{"another path", mustDial(t, strings.TrimSuffix(srv.URL, "/RPC2")+"/nope", client.WithBasicAuth("user", "123")), 404, "404 Not Found"},
	}
	for _, tt := range tests {
		err := tt.c.Call(t.Context(), "t.add", &n, 1, 2)
		var he *client.HTTPError
		if !errors.As(err, &he) || he.StatusCode != tt.status || !strings.Contains(err.Error(), tt.text) {
			t.Errorf("%s: %v, want an *HTTPError %d saying %q", tt.name, err, tt.status, tt.text)
		}
	}
	// Credentials in the URL.
	u := strings.Replace(srv.URL, "http://", "http://user:123@", 1)
	if err := mustDial(t, u).Call(t.Context(), "t.add", &n, 2, 2); err != nil || n != 4 {
		t.Errorf("credentials in the URL: %d, %v", n, err)
	}
}

func mustDial(t *testing.T, url string, opts ...client.Option) *client.Client {
	t.Helper()
	c, err := client.Dial(url, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestContextEndsTheCall(t *testing.T) {
	srv, ns := serve(t)
	c := srv.Client()

	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		<-ns.entered // the call is in the server
		cancel()
	}()
	if err := c.Call(ctx, "t.wait", nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}

	ctx, cancel = context.WithTimeout(t.Context(), 1) // expires at once
	defer cancel()
	<-ctx.Done()
	if err := c.Call(ctx, "t.add", nil, 1, 2); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("expired before the call: %v", err)
	}

	ctx, cancelCause := context.WithCancelCause(t.Context())
	go func() {
		<-ns.entered
		cancelCause(errors.New("gave up"))
	}()
	if err := c.Call(ctx, "t.wait", nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled with a cause: %v", err)
	}
}

func TestResponseSizeLimit(t *testing.T) {
	srv, _ := serve(t)
	c := srv.NewClient(client.WithMaxResponseBytes(1000))
	var s string
	if err := c.Call(t.Context(), "t.text", &s, 500); err != nil || len(s) != 500 {
		t.Fatalf("under the limit: %d, %v", len(s), err)
	}
	if err := c.Call(t.Context(), "t.text", &s, 2000); !errors.Is(err, client.ErrResponseTooLarge) {
		t.Errorf("over the limit: %v", err)
	}
	// Without a Content-Length: the limit is found while reading.
	mux := http.NewServeMux()
	mux.HandleFunc("/RPC2", func(w http.ResponseWriter, r *http.Request) {
		for range 100 {
			w.Write([]byte(strings.Repeat(" ", 100)))
			w.(http.Flusher).Flush()
		}
	})
	chunked := httptest.NewServer(mux)
	defer chunked.Close()
	if err := mustDial(t, chunked.URL, client.WithMaxResponseBytes(1000)).Call(t.Context(), "x", nil); !errors.Is(err, client.ErrResponseTooLarge) {
		t.Errorf("chunked answer over the limit: %v", err)
	}
}

// N calls, faults and HTTP errors among them, share one connection.
func TestConnectionReused(t *testing.T) {
	cfg, err := rpcext.ParseConfig([]byte("[inet_http_server]\nport=127.0.0.1:9001\nusername=u\npassword=p\n"), "test.conf")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	if err := rpcext.Mount(mux, cfg, rpcext.WithNamespace("t", newTestNS()), rpcext.WithLogger(slog.New(slog.DiscardHandler))); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(mux)
	var mu sync.Mutex
	conns := 0
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			mu.Lock()
			conns++
			mu.Unlock()
		}
	}
	srv.Start()
	defer srv.Close()
	good := mustDial(t, srv.URL, client.WithBasicAuth("u", "p"))
	const calls = 50
	for i := range calls {
		var n int
		switch i % 5 {
		case 3:
			if err := good.Call(t.Context(), "t.info", nil, "nosuch"); err == nil {
				t.Fatal("no fault")
			}
		default:
			if err := good.Call(t.Context(), "t.add", &n, i, 1); err != nil || n != i+1 {
				t.Fatalf("call %d: %d, %v", i, n, err)
			}
		}
	}
	if _, err := good.Multicall(t.Context(), client.Request{Method: "t.add", Args: []any{1, 2}}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if conns != 1 {
		t.Errorf("%d calls opened %d connections, want 1", calls+1, conns)
	}
}

func TestUnixSocket(t *testing.T) {
	cfg, err := rpcext.ParseConfig(nil, "empty.conf")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	if err := rpcext.Mount(mux, cfg, rpcext.WithNamespace("t", newTestNS())); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(t.TempDir(), "rpc.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: mux}
	go hs.Serve(ln)
	defer hs.Close()

	for _, opts := range [][]client.Option{nil, {client.WithHTTPClient(&http.Client{})}} {
		c := mustDial(t, "unix://"+sock, opts...)
		var n int
		if err := c.Call(t.Context(), "t.add", &n, 20, 22); err != nil || n != 42 {
			t.Errorf("over the unix socket: %d, %v", n, err)
		}
		if c.URL() != "unix://"+sock {
			t.Errorf("URL %q", c.URL())
		}
	}
	missing := mustDial(t, "unix://"+filepath.Join(t.TempDir(), "none.sock"))
	if err := missing.Call(t.Context(), "t.add", nil, 1, 2); err == nil || !strings.Contains(err.Error(), "none.sock") {
		t.Errorf("no socket: %v", err)
	}
}

func TestCustomPath(t *testing.T) {
	cfg, _ := rpcext.ParseConfig(nil, "empty.conf")
	h, err := rpcext.NewHandler(cfg, rpcext.WithNamespace("t", newTestNS()))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/xmlrpc", h)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	var n int
	if err := mustDial(t, srv.URL+"/api/xmlrpc").Call(t.Context(), "t.add", &n, 1, 2); err != nil || n != 3 {
		t.Errorf("%d, %v", n, err)
	}
	var he *client.HTTPError
	if err := mustDial(t, srv.URL).Call(t.Context(), "t.add", &n, 1, 2); !errors.As(err, &he) || he.StatusCode != 404 {
		t.Errorf("no path means /RPC2, which is not served: %v", err)
	}
}

func TestLogger(t *testing.T) {
	srv, _ := serve(t)
	var buf bytes.Buffer
	c := srv.NewClient(client.WithLogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	c.Call(t.Context(), "t.add", nil, 1, 2)
	c.Call(t.Context(), "t.info", nil, "nosuch")
	log := buf.String()
	for _, want := range []string{"method=t.add", "method=t.info", "BAD_NAME: nosuch", "sent=", "received="} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}

func TestConcurrentCalls(t *testing.T) {
	srv, ns := serve(t)
	c := srv.Client()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range 25 {
				var n int
				if err := c.Call(t.Context(), "t.add", &n, g, i); err != nil || n != g+i {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := ns.calls.Load(); n != 200 {
		t.Errorf("%d calls reached the server", n)
	}
}

func TestDialErrors(t *testing.T) {
	for _, url := range []string{"", "localhost:9001", "ftp://h", "unix://"} {
		if _, err := client.Dial(url); err == nil {
			t.Errorf("Dial(%q) succeeded", url)
		}
	}
	type otherTransport struct{ http.RoundTripper }
	if _, err := client.Dial("unix:///x.sock", client.WithHTTPClient(&http.Client{Transport: otherTransport{}})); err == nil {
		t.Error("a unix socket with a transport that cannot dial it")
	}
}

// Answers that are not a methodResponse: an HTTP error with its status
// and the start of its body, a page that is not XML-RPC as a syntax error
// about the response.
func TestBadAnswers(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/RPC2", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("as") {
		case "500":
			http.Error(w, "the server broke", http.StatusInternalServerError)
		case "413":
			w.WriteHeader(http.StatusRequestEntityTooLarge)
		case "teapot":
			w.WriteHeader(418)
		case "html":
			w.Write([]byte("<html><body>hello</body></html>"))
		case "empty":
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	tests := []struct {
		as     string
		status int
		want   string
	}{
		{"500", 500, "500 Internal Server Error"},
		{"413", 413, "413 Request Entity Too Large"},
		{"teapot", 418, "418 I'm a teapot"},
		{"html", 0, "malformed XML-RPC response at line 1, column 1: the root element is <html>, not <methodResponse>"},
		{"empty", 0, "malformed XML-RPC response at line 1, column 1: empty body"},
	}
	for _, tt := range tests {
		err := mustDial(t, srv.URL+"/RPC2?as="+tt.as).Call(t.Context(), "m", nil)
		var he *client.HTTPError
		var se *xmlrpc.SyntaxError
		switch {
		case err == nil || !strings.Contains(err.Error(), tt.want):
			t.Errorf("%s: %v, want an error saying %q", tt.as, err, tt.want)
		case tt.status != 0 && (!errors.As(err, &he) || he.StatusCode != tt.status):
			t.Errorf("%s: %v, want an *HTTPError %d", tt.as, err, tt.status)
		case tt.status == 0 && !errors.As(err, &se):
			t.Errorf("%s: %v, want an *xmlrpc.SyntaxError", tt.as, err)
		}
		if tt.as == "500" && !strings.Contains(string(he.Body), "the server broke") {
			t.Errorf("500: body %q", he.Body)
		}
	}
}
