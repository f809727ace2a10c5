package main

import (
	"os"
	"strconv"
	"strings"
)

// writePidfile writes the host's pid and a newline to path, as
// supervisord's write_pidfile does (replacing what the file held).
func writePidfile(path string) error {
	return os.WriteFile(path, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644)
}

// removePidfile removes the pidfile at path, as supervisord does at exit
// and before a restart, but only while it still holds this host's pid:
// a file another process rewrote since is not ours to remove. Errors are
// ignored, as supervisord ignores them.
func removePidfile(path string) {
	b, err := os.ReadFile(path)
	if err != nil || strings.TrimSpace(string(b)) != strconv.Itoa(os.Getpid()) {
		return
	}
	os.Remove(path)
}
