package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestInetHTTPServer checks [inet_http_server] against supervisor 4.2.5's
// server_configs_from_parser (inet_address, port_number,
// _parse_username_and_password); every expectation was recorded from it.
func TestInetHTTPServer(t *testing.T) {
	tests := []struct {
		port     string
		host     string
		portNum  int
		wantErr  string
		wantLine int
	}{
		{port: "127.0.0.1:9001", host: "127.0.0.1", portNum: 9001},
		{port: ":9001", portNum: 9001},
		{port: "9001", portNum: 9001},
		{port: "*:9001", portNum: 9001},
		{port: "LOCALHOST:9001", host: "localhost", portNum: 9001},
		{port: "[::1]:80", host: "[::1]", portNum: 80},
		{port: "9_001", portNum: 9001},
		{port: "+80", portNum: 80},
		{port: "٩٠٠١", portNum: 9001},
		{port: "%(ENV_PORT)s", portNum: 9002},
		{port: "host:", wantErr: "no port number specified in ''"},
		{port: "abc", wantErr: "not a valid port number: 'abc' "},
		{port: "0", wantErr: "not a valid port number: '0' "},
		{port: "65536", wantErr: "not a valid port number: '65536' "},
		{port: "1e3", wantErr: "not a valid port number: '1e3' "},
		{port: "h:abc", wantErr: "invalid literal for int() with base 10: 'abc'"},
		{port: "h:0", wantErr: "0 is below lower bound (1)"},
		{port: "h:-1", wantErr: "-1 is below lower bound (1)"},
		{port: "h:99999999999999999999999", wantErr: "99999999999999999999999 is above upper bound (65535)"},
	}
	for _, tt := range tests {
		in := "[inet_http_server]\nport = " + tt.port + "\n"
		c, err := Parse([]byte(in), "x.conf", WithEnviron([]string{"PORT=9002"}))
		if tt.wantErr != "" {
			var ce *Error
			if !errors.As(err, &ce) || ce.Err.Error() != tt.wantErr || ce.Key != "port" || ce.Line != 2 || ce.Section != "inet_http_server" {
				t.Errorf("port %q: error %v, want %q at line 2", tt.port, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("port %q: %v", tt.port, err)
			continue
		}
		s := c.InetHTTPServer
		if s == nil || s.Host != tt.host || s.Port != tt.portNum || s.Section != c.Section("inet_http_server") {
			t.Errorf("port %q: got %+v, want host %q port %d", tt.port, s, tt.host, tt.portNum)
		}
	}
}

const incompleteAuth = "contains incomplete authentication: If a username or a password is specified, both the username and password must be specified"

func TestHTTPServerSectionErrors(t *testing.T) {
	tests := []struct {
		name, in, msg string
		line          int
		key           string
	}{
		{"port required", "[inet_http_server]\nusername = u\npassword = p\n",
			"section [inet_http_server] has no port value", 1, ""},
		{"username without password", "[inet_http_server]\nport = 1\nusername = u\n",
			"Section [inet_http_server] " + incompleteAuth, 1, ""},
		{"empty password counts", "[inet_http_server]\nport = 1\npassword =\n",
			"Section [inet_http_server] " + incompleteAuth, 1, ""},
		{"credentials are checked before the port", "[inet_http_server]\nusername = u\n",
			"Section [inet_http_server] " + incompleteAuth, 1, ""},
		{"named inet server", "[inet_http_server:x]\nport = x\n",
			"not a valid port number: 'x' ", 2, "port"},
		{"unix file required", "[unix_http_server]\nchmod = 1\n",
			"section [unix_http_server] has no file value", 1, ""},
		{"unix file expansion", "[unix_http_server]\nfile = %(nope)s\n",
			"Format string '%(nope)s' for 'unix_http_server.file' contains names ('nope') which cannot be expanded. Available names: here", 2, "file"},
		{"unix credentials", "[unix_http_server]\nfile = /s\npassword = p\n",
			"Section [unix_http_server] " + incompleteAuth, 1, ""},
		{"chmod not octal", "[unix_http_server]\nfile = /s\nchmod = 9\n", "Invalid chmod value 9", 3, "chmod"},
		{"chmod empty", "[unix_http_server]\nfile = /s\nchmod =\n", "Invalid chmod value ", 3, "chmod"},
		{"chown unknown user", "[unix_http_server]\nfile = /s\nchown = nosuchuser-rpcext\n",
			"Invalid sockchown value nosuchuser-rpcext", 3, "chown"},
		{"chown unknown group", "[unix_http_server]\nfile = /s\nchown = root:nosuchgroup-rpcext\n",
			"Invalid sockchown value root:nosuchgroup-rpcext", 3, "chown"},
		{"chown empty group", "[unix_http_server]\nfile = /s\nchown = root:\n", "Invalid sockchown value root:", 3, "chown"},
		{"chown empty", "[unix_http_server]\nfile = /s\nchown =\n", "Invalid sockchown value ", 3, "chown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in), "x.conf", WithEnviron(nil))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is not a *Error", err)
			}
			if ce.Err.Error() != tt.msg || ce.Line != tt.line || ce.Key != tt.key || ce.File != "x.conf" {
				t.Errorf("got %s:%d key %q %q\nwant line %d key %q %q", ce.File, ce.Line, ce.Key, ce.Err, tt.line, tt.key, tt.msg)
			}
		})
	}
}

func TestUnixHTTPServer(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "sv.conf")
	wd, _ := os.Getwd()
	tests := []struct {
		body  string
		file  string
		chmod os.FileMode
		chown string
	}{
		{"file = %(here)s/s.sock", dir + "/s.sock", 0o700, ""},
		{"file = %(ENV_HOME)s/a/../b.sock  ", "/h/b.sock", 0o700, ""},
		{"file = ~/s.sock", "/h/s.sock", 0o700, ""},
		{"file = rel.sock", filepath.Join(wd, "rel.sock"), 0o700, ""},
		{"file = /s\nchmod = 0777", "/s", 0o777, ""},
		{"file = /s\nchmod = 777", "/s", 0o777, ""},
		{"file = /s\nchmod = 0o750", "/s", 0o750, ""},
		{"file = /s\nchmod = 7_7", "/s", 0o77, ""},
		{"file = /s\nchmod = 4755", "/s", os.ModeSetuid | 0o755, ""},
		{"file = /s\nchmod = 10777", "/s", 0o777, ""},
		{"file = /s\nchmod = -1", "/s", os.ModeSetuid | os.ModeSetgid | os.ModeSticky | 0o777, ""},
		{"file = /s\nchown = root", "/s", 0o700, "root"},
		{"file = /s\nchown = 0:0", "/s", 0o700, "0:0"},
		{"file = /s\nchown = root:root", "/s", 0o700, "root:root"},
	}
	for _, tt := range tests {
		c, err := Parse([]byte("[unix_http_server]\n"+tt.body+"\n"), name, WithEnviron([]string{"HOME=/h"}))
		if err != nil {
			t.Errorf("%q: %v", tt.body, err)
			continue
		}
		s := c.UnixHTTPServer
		if s == nil || s.File != tt.file || s.Chmod != tt.chmod || s.Chown != tt.chown {
			t.Errorf("%q: got %+v, want file %q chmod %v chown %q", tt.body, s, tt.file, tt.chmod, tt.chown)
		}
	}

	c, err := Parse([]byte("[unix_http_server]\nfile=/s\nusername = u\npassword = %(ENV_PW)s\n"), name, WithEnviron([]string{"PW=secret"}))
	if err != nil {
		t.Fatal(err)
	}
	if s := c.UnixHTTPServer; s.Username != "u" || s.Password != "secret" {
		t.Errorf("credentials = %q, %q", s.Username, s.Password)
	}
}
