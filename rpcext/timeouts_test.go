package rpcext_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// TestListenerTimeouts: on the listeners Serve starts, a client that
// never finishes its headers (slow-loris) is cut off, an idle keep-alive
// connection is closed, and a client that never finishes its body gets
// 408 and is cut off; a client that keeps its promises is served.
func TestListenerTimeouts(t *testing.T) {
	config := testConfig + "\n[inet_http_server]\nport = 127.0.0.1:" + itoa(freePort(t)) + "\n"
	s := startServe(t, config,
		rpcext.WithReadHeaderTimeout(200*time.Millisecond),
		rpcext.WithIdleTimeout(200*time.Millisecond),
		rpcext.WithBodyReadTimeout(200*time.Millisecond))
	body := call("test.getRetries")

	t.Run("slow-loris headers", func(t *testing.T) {
		// Headers started, never finished, then a byte now and then.
		c, err := net.Dial("tcp", s.tcp)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		io.WriteString(c, "POST /RPC2 HTTP/1.1\r\nHost: x\r\n")
		closed := make(chan struct{})
		go func() {
			io.Copy(io.Discard, c) // returns when the server closes
			close(closed)
		}()
		for deadline := time.Now().Add(liveness); ; {
			select {
			case <-closed:
				return
			case <-time.After(50 * time.Millisecond):
			}
			if _, err := io.WriteString(c, "X"); err != nil {
				return // closed under us
			}
			if time.Now().After(deadline) {
				t.Fatal("a client that never finishes its headers is still connected")
			}
		}
	})
	t.Run("slow body", func(t *testing.T) {
		raw := postHeader("Content-Length: 1000\r\n") + body[:10]
		status, _, ok := rawExchange(t, "tcp", s.tcp, raw)
		if !ok {
			t.Fatal("a client that never finishes its body is still connected")
		}
		if !strings.Contains(status, " 408 ") {
			t.Fatalf("status line %q, want 408", status)
		}
	})
	t.Run("idle keep-alive", func(t *testing.T) {
		raw := postHeader("Content-Length: "+itoa(len(body))+"\r\n") + body
		status, all, ok := rawExchange(t, "tcp", s.tcp, raw) // reads until the server closes
		if !ok {
			t.Fatal("an idle keep-alive connection was not closed")
		}
		if !strings.Contains(status, " 200 ") || !strings.Contains(all, "<int>3</int>") {
			t.Fatalf("%q", all)
		}
	})
	t.Run("a prompt client is served, and a long call is not cut by the body timeout", func(t *testing.T) {
		c := clientFor("tcp", s.tcp)
		done := make(chan struct{})
		var status int
		var answer string
		go func() {
			defer close(done)
			status, answer = rpc(t, c, call("test.block"), "")
		}()
		<-s.plugin.started
		time.Sleep(500 * time.Millisecond) // longer than every timeout set above
		s.plugin.release <- struct{}{}
		<-done
		if status != 200 || !strings.Contains(answer, "released") {
			t.Fatalf("%d %q", status, answer)
		}
	})
}

// TestServeTimeoutDefaults: without options the listeners use the
// documented defaults.
func TestServeTimeoutDefaults(t *testing.T) {
	if rpcext.DefaultReadHeaderTimeout != 10*time.Second || rpcext.DefaultIdleTimeout != 5*time.Minute ||
		rpcext.DefaultBodyReadTimeout != time.Minute || rpcext.DefaultMaxHeaderBytes != 64<<10 {
		t.Fatal("a default changed: update docs/security.md and this test")
	}
	config := testConfig + "\n[inet_http_server]\nport = 127.0.0.1:" + itoa(freePort(t)) + "\n"
	s := startServe(t, config)
	huge := postHeader("X-Big: "+strings.Repeat("a", 2*rpcext.DefaultMaxHeaderBytes)+"\r\n", "Content-Length: 0\r\n")
	if status := rawStatus(t, "tcp", s.tcp, huge); status != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("headers beyond MaxHeaderBytes: %d", status)
	}
}

// TestUnreadBodyDoesNotHoldConnection: a request refused before its body
// is read (401, also for undecodable credentials, 405, 413) is answered at
// once and its connection closed once the client stops sending (the
// lingering close, shortened here), even when the client announced a
// body and never sends it: net/http would otherwise wait for that body,
// with no deadline, after the answer.
func TestUnreadBodyDoesNotHoldConnection(t *testing.T) {
	authConfig := testConfig + "\n[inet_http_server]\nport = 127.0.0.1:" + itoa(freePort(t)) + "\nusername = admin\npassword = s3cret\n"
	linger := rpcext.WithLinger(time.Second, 50*time.Millisecond)
	served := startServe(t, authConfig, rpcext.WithMaxBodyBytes(50), linger)
	h, _, _ := newTestHandler(t, authConfig, rpcext.WithMaxBodyBytes(50), linger)
	mounted := httpServer(t, h)
	good := "Authorization: " + basic("admin", "s3cret") + "\r\n"
	tests := []struct {
		name, head string
		status     string
	}{
		{"no credentials", postHeader("Content-Length: 100\r\n"), " 401 "},
		{"wrong password", postHeader("Authorization: "+basic("admin", "nope")+"\r\n", "Content-Length: 100\r\n"), " 401 "},
		{"undecodable credentials", postHeader("Authorization: Basic !!!\r\n", "Content-Length: 100\r\n"), " 401 "},
		{"not POST", strings.Replace(postHeader(good, "Content-Length: 100\r\n"), "POST", "PUT", 1), " 405 "},
		{"too large", postHeader(good, "Content-Length: 100\r\n"), " 413 "},
		{"too large, chunked", postHeader(good, "Transfer-Encoding: chunked\r\n") + "40\r\n" + strings.Repeat("x", 64) + "\r\n", " 413 "},
	}
	for _, srv := range []struct{ name, addr string }{{"Serve", served.tcp}, {"Mount", mounted.Listener.Addr().String()}} {
		for _, tt := range tests {
			t.Run(srv.name+"/"+tt.name, func(t *testing.T) {
				status, all, ok := rawExchange(t, "tcp", srv.addr, tt.head)
				if !ok {
					t.Fatalf("answered %q but the connection stays open", all)
				}
				if !strings.Contains(status, tt.status) {
					t.Fatalf("status line %q, want %q", status, tt.status)
				}
			})
		}
	}
}

// TestMountedBodyTimeout: a handler from Mount has a body timeout only
// when WithBodyReadTimeout is given (the host's server has its own).
func TestMountedBodyTimeout(t *testing.T) {
	h, _, _ := newTestHandler(t, testConfig, rpcext.WithBodyReadTimeout(200*time.Millisecond))
	srv := httpServer(t, h)
	raw := postHeader("Content-Length: 1000\r\n") + "<methodCall>"
	status, _, ok := rawExchange(t, "tcp", srv.Listener.Addr().String(), raw)
	if !ok || !strings.Contains(status, " 408 ") {
		t.Fatalf("status line %q, closed %v; want 408 and closed", status, ok)
	}
}

// TestRefusedBodyIsDrained: a client that sends its whole body before it
// reads the answer, as Python's xmlrpc.client does, can send it all and
// then reads the 413 or 401: the server reads and discards the body after
// answering (a lingering close) instead of resetting the connection under
// the client's writes.
func TestRefusedBodyIsDrained(t *testing.T) {
	config := testConfig + "\n[inet_http_server]\nport = 127.0.0.1:" + itoa(freePort(t)) + "\nusername = admin\npassword = s3cret\n"
	s := startServe(t, config, rpcext.WithMaxBodyBytes(1000))
	body := strings.Repeat("x", 8<<20)
	for _, tc := range []struct {
		name, auth string
		status     int
	}{
		{"too large", basic("admin", "s3cret"), 413},
		{"wrong password", basic("admin", "nope"), 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := net.Dial("tcp", s.tcp)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(liveness))
			head := postHeader("Authorization: "+tc.auth+"\r\n", "Content-Length: "+itoa(len(body))+"\r\n")
			if _, err := io.WriteString(c, head+body); err != nil {
				t.Fatalf("sending the body: %v", err)
			}
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatalf("reading the answer: %v", err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
		})
	}
}
