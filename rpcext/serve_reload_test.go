package rpcext_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// server runs a Server in the background for a test.
type server struct {
	s         *rpcext.Server
	gauges    *gauges
	logs      *logged
	listening chan string // "network address" of each listener started
	cancel    context.CancelFunc
	done      chan error
}

func startServer(t *testing.T, config string, opts ...rpcext.ServeOption) *server {
	t.Helper()
	srv := &server{gauges: newGauges(), logs: newLogged(), listening: make(chan string, 16), done: make(chan error, 1)}
	opts = append([]rpcext.ServeOption{
		rpcext.WithRegistry(srv.gauges.reg),
		rpcext.WithLogger(srv.logs.logger()),
		rpcext.WithListening(func(network, addr string) { srv.listening <- network + " " + addr }),
	}, opts...)
	s, err := rpcext.NewServer(parseConfig(t, config), opts...)
	if err != nil {
		t.Fatal(err)
	}
	srv.s = s
	ctx, cancel := context.WithCancel(context.Background())
	srv.cancel = cancel
	go func() { srv.done <- s.Serve(ctx) }()
	for range strings.Count(config, "_http_server]") {
		srv.started(t)
	}
	t.Cleanup(func() {
		cancel()
		<-srv.done
	})
	return srv
}

// started waits for the next listener to start and returns its address.
func (srv *server) started(t *testing.T) string {
	t.Helper()
	select {
	case l := <-srv.listening:
		return l
	case err := <-srv.done:
		t.Fatalf("Serve: %v", err)
	case <-time.After(liveness):
		t.Fatal("no listener started")
	}
	return ""
}

// keepAlive is one client connection, reused for every request.
type keepAlive struct {
	c net.Conn
	r *bufio.Reader
}

func dialKeepAlive(t *testing.T, network, addr string) *keepAlive {
	t.Helper()
	c, err := net.Dial(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &keepAlive{c, bufio.NewReader(c)}
}

// do sends one request on the connection and returns status and body.
func (k *keepAlive) do(t *testing.T, body, auth string) (int, string, error) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, "http://localhost/RPC2", strings.NewReader(body))
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	k.c.SetDeadline(time.Now().Add(liveness))
	if err := req.Write(k.c); err != nil {
		return 0, "", err
	}
	resp, err := http.ReadResponse(k.r, req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// eventually waits, up to the liveness bound, for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(liveness); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("still not so: %s", what)
		}
	}
}

func refused(network, addr string) bool {
	c, err := net.Dial(network, addr)
	if err != nil {
		return true
	}
	c.Close()
	return false
}

// TestServerReload: a reload changes only what the config changed. New
// credentials apply on the connection already open (the listener stays,
// so a keep-alive connection goes on), a chmod applies to the socket file
// in place; a new port and socket path are served and the old ones
// stopped (the old socket file removed); a removed section stops its
// listener. The namespaces keep their state throughout.
func TestServerReload(t *testing.T) {
	dir := shortTempDir(t)
	sock1, sock2 := filepath.Join(dir, "one.sock"), filepath.Join(dir, "two.sock")
	port1, port2 := itoa(freePort(t)), itoa(freePort(t))
	config := func(port, pass, sock, chmod string) string {
		c := gaugeSection("g", "label", "x") + "\n[inet_http_server]\nport = 127.0.0.1:" + port + "\nusername = u\npassword = " + pass + "\n"
		if sock != "" {
			c += "\n[unix_http_server]\nfile = " + sock + "\nchmod = " + chmod + "\n"
		}
		return c
	}
	srv := startServer(t, config(port1, "one", sock1, "0700"))
	tcp1 := "127.0.0.1:" + port1
	k := dialKeepAlive(t, "tcp", tcp1)
	if status, body, err := k.do(t, call("g.incr"), basic("u", "one")); err != nil || status != 200 || !strings.Contains(body, "<int>1</int>") {
		t.Fatalf("%d %q %v", status, body, err)
	}
	before, err := os.Stat(sock1)
	if err != nil {
		t.Fatal(err)
	}

	// Credentials and chmod.
	if err := srv.s.Reload(parseConfig(t, config(port1, "two", sock1, "0760"))); err != nil {
		t.Fatal(err)
	}
	if status, body, err := k.do(t, call("g.incr"), basic("u", "two")); err != nil || status != 200 || !strings.Contains(body, "<int>2</int>") {
		t.Fatalf("on the connection open before the reload: %d %q %v", status, body, err)
	}
	if status, _ := rpc(t, clientFor("tcp", tcp1), call("g.incr"), basic("u", "one")); status != 401 {
		t.Errorf("the old password: %d", status)
	}
	after, err := os.Stat(sock1)
	if err != nil || !os.SameFile(before, after) || after.Mode().Perm() != 0o760 {
		t.Errorf("socket after a chmod change: same file %v, mode %v (%v)", os.SameFile(before, after), after.Mode(), err)
	}
	if status, _ := rpc(t, clientFor("unix", sock1), call("g.incr"), ""); status != 200 {
		t.Errorf("the socket: %d", status)
	}
	select {
	case l := <-srv.listening:
		t.Errorf("a listener was started for a change of credentials: %s", l)
	default:
	}

	// A new port and a new socket path.
	if err := srv.s.Reload(parseConfig(t, config(port2, "two", sock2, "0700"))); err != nil {
		t.Fatal(err)
	}
	got := []string{srv.started(t), srv.started(t)}
	if !strings.Contains(strings.Join(got, ","), "tcp 127.0.0.1:"+port2) || !strings.Contains(strings.Join(got, ","), "unix "+sock2) {
		t.Errorf("listeners started: %v", got)
	}
	if status, body := rpc(t, clientFor("tcp", "127.0.0.1:"+port2), call("g.incr"), basic("u", "two")); status != 200 || !strings.Contains(body, "<int>4</int>") {
		t.Errorf("the new port: %d %q", status, body)
	}
	if status, _ := rpc(t, clientFor("unix", sock2), call("g.incr"), ""); status != 200 {
		t.Errorf("the new socket: %d", status)
	}
	eventually(t, "the old port is closed", func() bool { return refused("tcp", tcp1) })
	eventually(t, "the old socket file is removed", func() bool { _, err := os.Stat(sock1); return os.IsNotExist(err) })

	// The unix section removed.
	if err := srv.s.Reload(parseConfig(t, config(port2, "two", "", ""))); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the socket file is removed", func() bool { _, err := os.Stat(sock2); return os.IsNotExist(err) })
	if got := srv.gauges.last("x"); got.closed.Load() != 0 || got.n.Load() != 5 {
		t.Errorf("the namespace: closed %d, count %d (want 0, 5)", got.closed.Load(), got.n.Load())
	}
	if srv.gauges.count() != 1 {
		t.Errorf("%d values built: the namespace did not change", srv.gauges.count())
	}

	srv.cancel()
	if err := <-srv.done; err != nil {
		t.Fatal(err)
	}
	srv.done <- nil
	if got := srv.gauges.last("x").closed.Load(); got != 1 {
		t.Errorf("closed %d times when Serve returned", got)
	}
	if err := srv.s.Reload(parseConfig(t, config(port2, "two", "", ""))); !errors.Is(err, rpcext.ErrServerClosed) {
		t.Errorf("Reload after Serve: %v", err)
	}
}

// TestServerReloadFailure: a reload whose new address cannot be bound, or
// whose factory fails, changes nothing: the listeners and the namespaces
// stay as they were, and the error names the section.
func TestServerReloadFailure(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := shortTempDir(t)
	sock := filepath.Join(dir, "s.sock")
	port := itoa(freePort(t))
	good := gaugeSection("g", "label", "a") + "\n[inet_http_server]\nport = 127.0.0.1:" + port + "\n"
	srv := startServer(t, good)
	cases := []struct{ name, config, want string }{
		{"port taken", gaugeSection("g", "label", "b") + "\n[inet_http_server]\nport = " + taken.Addr().String() + "\n", "[inet_http_server]"},
		{"socket path taken by a file", gaugeSection("g", "label", "b") + "\n[inet_http_server]\nport = 127.0.0.1:" + port +
			"\n[unix_http_server]\nfile = " + dir + "\n", "[unix_http_server]"},
		{"factory fails", gaugeSection("g", "label", "b") + gaugeSection("h", "fail", "1") + "\n[inet_http_server]\nport = 127.0.0.1:" + port +
			"\n[unix_http_server]\nfile = " + sock + "\n", "[rpcinterface:h]"},
		{"no listener", gaugeSection("g", "label", "b"), "nothing to serve"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := srv.s.Reload(parseConfig(t, tc.config))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one naming %s", err, tc.want)
			}
			if status, body := rpc(t, clientFor("tcp", "127.0.0.1:"+port), call("g.label"), ""); status != 200 || !strings.Contains(body, ">a<") {
				t.Errorf("after the failed reload: %d %q", status, body)
			}
			if _, err := os.Stat(sock); !os.IsNotExist(err) {
				t.Errorf("a socket was left from the failed reload: %v", err)
			}
			if b := srv.gauges.last("b"); b != nil && b.closed.Load() != 1 {
				t.Errorf("the value built for the failed reload was closed %d times", b.closed.Load())
			}
		})
	}
	select {
	case l := <-srv.listening:
		t.Errorf("a listener started: %s", l)
	default:
	}
}

// TestServerReloadSamePortOtherHost: a new host on the same port cannot
// be bound while the old listener holds the port; the reload hands the
// port over and the new address serves.
func TestServerReloadSamePortOtherHost(t *testing.T) {
	port := itoa(freePort(t))
	srv := startServer(t, gaugeSection("g", "label", "a")+"\n[inet_http_server]\nport = 127.0.0.1:"+port+"\n")
	if err := srv.s.Reload(parseConfig(t, gaugeSection("g", "label", "a")+"\n[inet_http_server]\nport = localhost:"+port+"\n")); err != nil {
		t.Fatal(err)
	}
	if got := srv.started(t); got != "tcp 127.0.0.1:"+port {
		t.Errorf("started %s", got)
	}
	if status, _ := rpc(t, clientFor("tcp", "127.0.0.1:"+port), call("g.label"), ""); status != 200 {
		t.Errorf("status %d", status)
	}
}

// TestServerReloadUnderLoad: clients calling over TCP without pause while
// the server reloads again and again (namespaces and credentials) see no
// refused connection and no failed call.
func TestServerReloadUnderLoad(t *testing.T) {
	port := itoa(freePort(t))
	config := func(i int) string {
		return gaugeSection("g", "label", "steady") + gaugeSection("v", "label", itoa(i)) +
			"\n[inet_http_server]\nport = 127.0.0.1:" + port + "\nusername = u\npassword = p\n"
	}
	srv := startServer(t, config(0))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	calls, failures := 0, 0
	for range 4 {
		wg.Go(func() {
			c := clientFor("tcp", "127.0.0.1:"+port)
			for {
				select {
				case <-stop:
					return
				default:
				}
				req, _ := http.NewRequest(http.MethodPost, "http://localhost/RPC2", strings.NewReader(call("v.label")))
				req.Header.Set("Authorization", basic("u", "p"))
				resp, err := c.Do(req)
				ok := err == nil && resp.StatusCode == 200
				if err == nil {
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					ok = ok && faultOf(string(b)) == ""
				}
				mu.Lock()
				calls++
				if !ok {
					failures++
				}
				mu.Unlock()
			}
		})
	}
	reloads := 50
	for i := 1; i <= reloads; i++ {
		if err := srv.s.Reload(parseConfig(t, config(i))); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Millisecond) // pacing only: nothing is asserted on time
	}
	close(stop)
	wg.Wait()
	if failures != 0 || calls == 0 {
		t.Errorf("%d of %d calls failed over %d reloads", failures, calls, reloads)
	}
	t.Logf("%d calls, %d failures, %d reloads", calls, failures, reloads)
}
