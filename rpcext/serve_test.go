package rpcext_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// freePort returns a TCP port nothing listens on right now.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// shortTempDir returns a directory short enough for a unix socket path.
func shortTempDir(t *testing.T) string {
	dir, err := os.MkdirTemp("/tmp", "rpx")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

type served struct {
	tcp, sock string
	plugin    *testPlugin
	cancel    context.CancelFunc
	done      chan error
}

func startServe(t *testing.T, config string, opts ...rpcext.ServeOption) *served {
	t.Helper()
	cfg, err := rpcext.ParseConfig([]byte(config), "serve.conf")
	if err != nil {
		t.Fatal(err)
	}
	s := &served{done: make(chan error, 1)}
	ready := make(chan struct{}, 2)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	opts = append([]rpcext.ServeOption{
		rpcext.WithRegistry(newTestRegistry(&s.plugin)),
		rpcext.WithLogger(quiet),
		rpcext.WithListening(func(network, addr string) {
			if network == "unix" {
				s.sock = addr
			} else {
				s.tcp = addr
			}
			ready <- struct{}{}
		}),
	}, opts...)
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go func() { s.done <- rpcext.Serve(ctx, cfg, opts...) }()
	want := strings.Count(config, "_http_server]")
	for range want {
		select {
		case <-ready:
		case err := <-s.done:
			t.Fatalf("Serve: %v", err)
		}
	}
	t.Cleanup(func() {
		cancel()
		<-s.done
	})
	return s
}

func clientFor(network, addr string) *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}}
}

func rpc(t *testing.T, c *http.Client, body, auth string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, "http://localhost/RPC2", strings.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServeBothListeners: TCP and the unix socket at once, each with its
// own section's credentials, sharing one plugin value.
func TestServeBothListeners(t *testing.T) {
	dir := shortTempDir(t)
	sock := filepath.Join(dir, "s.sock")
	config := testConfig + `
[inet_http_server]
port = 127.0.0.1:` + itoa(freePort(t)) + `
username = tcpuser
password = tcppass

[unix_http_server]
file = ` + sock + `
chmod = 0760
username = unixuser
password = unixpass
`
	s := startServe(t, config, rpcext.WithHTTPHandler("/hello", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hi")
	})))
	tcp, unix := clientFor("tcp", s.tcp), clientFor("unix", sock)
	body := call("test.getRetries")
	tests := []struct {
		name   string
		c      *http.Client
		auth   string
		status int
	}{
		{"tcp with its credentials", tcp, basic("tcpuser", "tcppass"), 200},
		{"tcp with the socket's credentials", tcp, basic("unixuser", "unixpass"), 401},
		{"unix with its credentials", unix, basic("unixuser", "unixpass"), 200},
		{"unix without credentials", unix, "", 401},
	}
	for _, tt := range tests {
		if status, _ := rpc(t, tt.c, body, tt.auth); status != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, status, tt.status)
		}
	}
	fi, err := os.Stat(sock)
	if err != nil || fi.Mode().Perm() != 0o760 {
		t.Fatalf("socket mode: %v %v", fi.Mode(), err)
	}
	// The extra handler sits behind the same credentials.
	req, _ := http.NewRequest(http.MethodGet, "http://localhost/hello", nil)
	if resp, err := unix.Do(req); err != nil || resp.StatusCode != 401 {
		t.Fatalf("unauthenticated /hello: %v %v", resp.StatusCode, err)
	}
	req.Header.Set("Authorization", basic("unixuser", "unixpass"))
	resp, err := unix.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("/hello: %v", err)
	}
	s.cancel()
	if err := <-s.done; err != nil {
		t.Fatal(err)
	}
	s.done <- nil // for the cleanup
	if _, err := os.Stat(sock); !os.IsNotExist(err) {
		t.Fatalf("socket file left behind: %v", err)
	}
}

// TestServeStaleSocket: a socket file left by a dead server is replaced;
// one a live server listens on is not.
func TestServeStaleSocket(t *testing.T) {
	dir := shortTempDir(t)
	sock := filepath.Join(dir, "s.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	config := testConfig + "\n[unix_http_server]\nfile = " + sock + "\n"
	cfg, err := rpcext.ParseConfig([]byte(config), "serve.conf")
	if err != nil {
		t.Fatal(err)
	}
	var p *testPlugin
	err = rpcext.Serve(context.Background(), cfg, rpcext.WithRegistry(newTestRegistry(&p)))
	if err == nil || !strings.Contains(err.Error(), "already listening") {
		t.Fatalf("live socket: %v", err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close() // the file stays: a stale socket
	if _, err := os.Stat(sock); err != nil {
		t.Fatal(err)
	}
	startServe(t, config)
	if status, _ := rpc(t, clientFor("unix", sock), call("test.getRetries"), ""); status != 200 {
		t.Fatalf("status %d", status)
	}
}

// TestServeDrainsCalls: once Serve's context is done it stops accepting
// connections, yet a call in progress still finishes and answers.
func TestServeDrainsCalls(t *testing.T) {
	config := testConfig + "\n[inet_http_server]\nport = 127.0.0.1:" + itoa(freePort(t)) + "\n"
	s := startServe(t, config, rpcext.WithShutdownTimeout(time.Minute))
	type result struct {
		status int
		body   string
		err    error
	}
	got := make(chan result, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, "http://localhost/RPC2", strings.NewReader(call("test.block")))
		resp, err := clientFor("tcp", s.tcp).Do(req)
		if err != nil {
			got <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		got <- result{resp.StatusCode, string(b), err}
	}()
	<-s.plugin.started
	s.cancel()
	// Shutdown has begun when new connections are refused.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		c, err := net.Dial("tcp", s.tcp)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("Serve still accepts connections after its context was cancelled")
		}
	}
	close(s.plugin.release)
	r := <-got
	if r.err != nil || r.status != 200 || !strings.Contains(r.body, "released") {
		t.Fatalf("in-flight call: %d %q %v", r.status, r.body, r.err)
	}
	if err := <-s.done; err != nil {
		t.Fatal(err)
	}
	s.done <- nil
}

func itoa(i int) string { return fmt.Sprint(i) }
