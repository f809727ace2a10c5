package client

import (
	"strings"
	"testing"
)

func TestParseServerURL(t *testing.T) {
	tests := []struct {
		raw                      string
		post, socket, user, pass string
		display                  string
		err                      string
	}{
		{raw: "http://127.0.0.1:9001", post: "http://127.0.0.1:9001/RPC2", display: "http://127.0.0.1:9001/RPC2"},
		{raw: "http://localhost:9001/RPC2", post: "http://localhost:9001/RPC2", display: "http://localhost:9001/RPC2"},
		{raw: "http://h/", post: "http://h/", display: "http://h/"},
		{raw: "http://h/custom/path?x=1", post: "http://h/custom/path?x=1", display: "http://h/custom/path?x=1"},
		{raw: "https://h:443", post: "https://h:443/RPC2", display: "https://h:443/RPC2"},
		{raw: "http://user:123@h:9001", post: "http://h:9001/RPC2", user: "user", pass: "123", display: "http://h:9001/RPC2"},
		{raw: "http://[::1]:9001#frag", post: "http://[::1]:9001/RPC2", display: "http://[::1]:9001/RPC2"},
		{raw: "unix:///tmp/supervisor.sock", post: "http://localhost/RPC2", socket: "/tmp/supervisor.sock", display: "unix:///tmp/supervisor.sock"},
		{raw: "unix://relative.sock", post: "http://localhost/RPC2", socket: "relative.sock", display: "unix://relative.sock"},
		{raw: "unix://", err: "no socket path"},
		{raw: "ftp://h", err: `unsupported scheme "ftp"`},
		{raw: "127.0.0.1:9001", err: "127.0.0.1:9001"},
		{raw: "localhost", err: "no scheme"},
		{raw: "http://", err: "no host"},
		{raw: "http://h:port", err: "invalid port"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			ep, err := parseServerURL(tt.raw)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ep.post != tt.post || ep.socket != tt.socket || ep.user != tt.user || ep.pass != tt.pass || ep.auth != (tt.user != "") || ep.display != tt.display {
				t.Errorf("got %+v", ep)
			}
			if strings.Contains(ep.display, "123") {
				t.Errorf("the password shows in %q", ep.display)
			}
		})
	}
}
