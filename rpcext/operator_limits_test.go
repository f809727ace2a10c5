package rpcext_test

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// TestServeLeavesAnotherServersSocket: at exit the socket path is removed
// only while it is still the socket this server made: a second server
// that took the path over keeps its live socket.
func TestServeLeavesAnotherServersSocket(t *testing.T) {
	dir := shortTempDir(t)
	sock := filepath.Join(dir, "s.sock")
	srv := startServer(t, gaugeSection("g", "label", "a")+"\n[unix_http_server]\nfile = "+sock+"\n")
	// Another server replaces the file (as one that found it unanswered
	// would) and listens there.
	if err := os.Remove(sock); err != nil {
		t.Fatal(err)
	}
	other, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	theirs, _ := os.Stat(sock)
	srv.cancel()
	if err := <-srv.done; err != nil {
		t.Fatal(err)
	}
	srv.done <- nil
	now, err := os.Stat(sock)
	if err != nil || !os.SameFile(now, theirs) {
		t.Fatalf("the other server's socket was removed or replaced: %v", err)
	}
	c, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatalf("the other server's socket no longer answers: %v", err)
	}
	c.Close()
}

// TestConnectionLimit: at the limit a new client waits (it is not
// refused) and is served once a connection closes; reaching the limit is
// logged at warning level.
func TestConnectionLimit(t *testing.T) {
	port := itoa(freePort(t))
	srv := startServer(t, gaugeSection("g", "label", "a")+"\n[inet_http_server]\nport = 127.0.0.1:"+port+"\n", rpcext.WithMaxConnections(2))
	addr := "127.0.0.1:" + port
	held := []*keepAlive{dialKeepAlive(t, "tcp", addr), dialKeepAlive(t, "tcp", addr)}
	for _, k := range held {
		if status, _, err := k.do(t, call("g.incr"), ""); err != nil || status != 200 {
			t.Fatalf("%d %v", status, err)
		}
	}
	eventually(t, "the limit is logged", func() bool {
		return strings.Contains(srv.logs.String(), `level=WARN msg="rpcext: connection limit reached, new connections wait" listener=`+addr+" max=2")
	})
	answered := make(chan int, 1)
	go func() {
		status, _ := rpc(t, clientFor("tcp", addr), call("g.incr"), "")
		answered <- status
	}()
	held[0].c.Close()
	if status := <-answered; status != 200 {
		t.Fatalf("the waiting client: %d", status)
	}
}

// TestFailedAuthenticationLogged: wrong credentials are logged at warning
// level with the remote address and the user name, never the password;
// a flood of them writes no more than the burst; a request without
// credentials (a browser's first) is not a warning.
func TestFailedAuthenticationLogged(t *testing.T) {
	h, logs := nsHandler(t, "g", &gauge{}, rpcext.WithBasicAuth("admin", "s3cret"))
	post(h, call("g.label"))
	if strings.Contains(logs.String(), "level=WARN") {
		t.Errorf("no credentials logged as a warning:\n%s", logs)
	}
	const flood = 30_000
	for i := range flood {
		post(h, call("g.label"), "Authorization", basic("mallory", "guess-"+itoa(i)))
	}
	out := logs.String()
	lines := strings.Count(out, `level=WARN msg="rpcext: authentication failed" remote=192.0.2.1:1234 user=mallory reason="wrong username or password" path=/RPC2`)
	if lines == 0 || lines > 20 {
		t.Errorf("%d warning lines for %d failures", lines, flood)
	}
	if strings.Contains(out, "guess-") {
		t.Error("a password was logged")
	}
	long := strings.Repeat("u", 5000)
	post(h, call("g.label"), "Authorization", basic(long, "x"))
	for _, line := range strings.Split(logs.String(), "\n") {
		if len(line) > 1024 {
			t.Errorf("a %d-byte log line", len(line))
		}
	}
}

// TestLogLinesAreCut: values a client sends (a method name, a
// 4,300-digit integer quoted in a fault) are cut in the library's log
// lines.
func TestLogLinesAreCut(t *testing.T) {
	h, logs := nsHandler(t, "test", &testPlugin{})
	post(h, call("test.add", "<int>"+strings.Repeat("9", 4300)+"</int>", "<int>1</int>"))
	post(h, call("x"+strings.Repeat("y", 5000)))
	post(h, `<?xml version='1.0'?><methodCall><methodName>`+strings.Repeat("z", 5000)+`</methodName><params><param><value><int>x</int></value></param></params></methodCall>`)
	out := logs.String()
	if strings.Count(out, "\n") < 3 {
		t.Fatalf("not logged:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if len(line) > 1024 {
			t.Errorf("a %d-byte log line: %.200s...", len(line), line)
		}
	}
}
