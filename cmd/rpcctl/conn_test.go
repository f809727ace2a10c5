package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestSearchPaths: supervisor 4.2.5's Options.searchpaths, for a program
// run by its path and for one found on PATH.
func TestSearchPaths(t *testing.T) {
	tail := []string{"supervisord.conf", "etc/supervisord.conf", "/etc/supervisord.conf", "/etc/supervisor/supervisord.conf"}
	if got, want := searchPaths("/opt/sv/bin/rpcctl"), append([]string{"/opt/sv/etc/supervisord.conf", "/opt/sv/supervisord.conf"}, tail...); !reflect.DeepEqual(got, want) {
		t.Errorf("by its path:\n got %q\nwant %q", got, want)
	}
	if got, want := searchPaths("bin/rpcctl"), append([]string{"etc/supervisord.conf", "supervisord.conf"}, tail...); !reflect.DeepEqual(got, want) {
		t.Errorf("by a relative path:\n got %q\nwant %q", got, want)
	}

	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bin, "rpcctl-on-path"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	if got, want := searchPaths("rpcctl-on-path"), append([]string{filepath.Join(dir, "etc/supervisord.conf"), filepath.Join(dir, "supervisord.conf")}, tail...); !reflect.DeepEqual(got, want) {
		t.Errorf("found on PATH:\n got %q\nwant %q", got, want)
	}
	if got, want := searchPaths("rpcctl-nowhere"), append([]string{"etc/supervisord.conf", "supervisord.conf"}, tail...); !reflect.DeepEqual(got, want) {
		t.Errorf("not on PATH:\n got %q\nwant %q", got, want)
	}
}

func TestFindConfig(t *testing.T) {
	paths := []string{"a", "b", "c"}
	has := func(names ...string) func(string) bool {
		return func(p string) bool { return strings.Contains(strings.Join(names, ","), p) }
	}
	for _, tt := range []struct {
		exists func(string) bool
		want   string
	}{
		{has(), ""}, {has("c"), "c"}, {has("b", "c"), "b"}, {has("a", "b", "c"), "a"},
	} {
		if got := findConfig(paths, tt.exists); got != tt.want {
			t.Errorf("findConfig = %q, want %q", got, tt.want)
		}
	}
}

// TestResolveConn: flags win over the file, the file over the defaults,
// and credentials are sent only when both are set, as supervisorctl does.
func TestResolveConn(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	both := write("both.conf", "[supervisorctl]\nserverurl = unix://%(here)s/s.sock\nusername = user\npassword = 123\n")
	userOnly := write("user.conf", "[supervisorctl]\nusername = user\n")
	noSection := write("nosection.conf", "[supervisord]\n")
	searched := write("prefix/etc/supervisord.conf", "[supervisorctl]\nserverurl = http://found:1\n")
	str := func(s string) *string { return &s }
	none := func(string) bool { return false }

	tests := []struct {
		name   string
		flags  connFlags
		argv0  string
		exists func(string) bool
		want   conn
		err    string
	}{
		{name: "defaults", exists: none, want: conn{serverURL: "http://localhost:9001"}},
		{name: "-s", flags: connFlags{serverURL: str("http://h:2")}, exists: none, want: conn{serverURL: "http://h:2"}},
		{name: "-s -u -p", flags: connFlags{serverURL: str("http://h:2"), username: str("u"), password: str("p")}, exists: none,
			want: conn{serverURL: "http://h:2", username: "u", password: "p", auth: true}},
		{name: "-u alone sends nothing", flags: connFlags{username: str("u")}, exists: none,
			want: conn{serverURL: "http://localhost:9001", username: "u"}},
		{name: "empty -u and -p are credentials", flags: connFlags{username: str(""), password: str("")}, exists: none,
			want: conn{serverURL: "http://localhost:9001", auth: true}},
		{name: "-c", flags: connFlags{config: str(both)}, exists: none,
			want: conn{serverURL: "unix://" + dir + "/s.sock", username: "user", password: "123", auth: true, configFile: both}},
		{name: "flags win over -c", flags: connFlags{config: str(both), serverURL: str("http://h:2"), password: str("456")}, exists: none,
			want: conn{serverURL: "http://h:2", username: "user", password: "456", auth: true, configFile: both}},
		{name: "a username in the file, no password", flags: connFlags{config: str(userOnly)}, exists: none,
			want: conn{serverURL: "http://localhost:9001", username: "user", configFile: userOnly}},
		{name: "the file's username, -p's password", flags: connFlags{config: str(userOnly), password: str("123")}, exists: none,
			want: conn{serverURL: "http://localhost:9001", username: "user", password: "123", auth: true, configFile: userOnly}},
		{name: "found by the search", argv0: filepath.Join(dir, "prefix/bin/rpcctl"), exists: fileExists,
			want: conn{serverURL: "http://found:1", configFile: searched}},
		{name: "-c wins over the search", flags: connFlags{config: str(userOnly)}, argv0: filepath.Join(dir, "prefix/bin/rpcctl"), exists: fileExists,
			want: conn{serverURL: "http://localhost:9001", username: "user", configFile: userOnly}},
		{name: "-c of a missing file", flags: connFlags{config: str(filepath.Join(dir, "nosuch.conf"))}, exists: none,
			err: "nosuch.conf: could not find config file: no such file or directory"},
		{name: "no [supervisorctl]", flags: connFlags{config: str(noSection)}, exists: none,
			err: "nosection.conf: .ini file does not include supervisorctl section"},
		{name: "no [supervisorctl], -s given", flags: connFlags{config: str(noSection), serverURL: str("http://h:2")}, exists: none,
			err: ".ini file does not include supervisorctl section"},
	}
	for _, tt := range tests {
		argv0 := tt.argv0
		if argv0 == "" {
			argv0 = "/nonexistent/bin/rpcctl"
		}
		got, err := resolveConn(tt.flags, argv0, tt.exists)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s: %+v, %v; want an error saying %q", tt.name, got, err, tt.err)
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("%s: %+v, %v\nwant %+v", tt.name, got, err, tt.want)
		}
	}
}
