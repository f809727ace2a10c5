//go:build unix

package rpcext_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestServeSocketModeWithPermissiveUmask: with umask 0 a new socket would
// be open to everyone until chmod; Serve's socket appears with its
// configured mode (it is bound in a private directory and moved into
// place), is reported under its own path, and nothing is left beside it.
func TestServeSocketModeWithPermissiveUmask(t *testing.T) {
	old := syscall.Umask(0)
	defer syscall.Umask(old)
	dir := shortTempDir(t)
	sock := filepath.Join(dir, "s.sock")
	s := startServe(t, testConfig+"\n[unix_http_server]\nfile = "+sock+"\nchmod = 0700\n")
	if s.sock != sock {
		t.Fatalf("listening on %q, want %q", s.sock, sock)
	}
	fi, err := os.Stat(sock)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("socket mode %v (%v), want 0700", fi.Mode(), err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("beside the socket: %v", entries)
	}
	if status, _ := rpc(t, clientFor("unix", sock), call("test.getRetries"), ""); status != 200 {
		t.Fatalf("status %d", status)
	}
}
