package procman

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

func TestParseEnvironment(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		err  bool
	}{
		{in: "", want: nil},
		{in: "A=1,B=two", want: []string{"A=1", "B=two"}},
		{in: `A="x, y",B='z'`, want: []string{"A=x, y", "B=z"}},
		{in: "PATH=/usr/bin:/bin,A=1", want: []string{"PATH=/usr/bin:/bin", "A=1"}},
		{in: "A=1,A=2", want: []string{"A=2"}},
		{in: "A=1,B", err: true},
		{in: `A="x`, err: true},
	}
	for _, tt := range tests {
		got, err := parseEnvironment(tt.in)
		if (err != nil) != tt.err || !slices.Equal(got, tt.want) {
			t.Errorf("parseEnvironment(%q) = %q, %v; want %q (error %v)", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestParseSignal(t *testing.T) {
	tests := []struct {
		in   string
		want syscall.Signal
		err  bool
	}{
		{in: "TERM", want: syscall.SIGTERM},
		{in: "sigterm", want: syscall.SIGTERM},
		{in: " hup ", want: syscall.SIGHUP},
		{in: "9", want: syscall.SIGKILL},
		{in: "0", want: 0},
		{in: "FOO", err: true},
		{in: "99999", err: true},
		{in: "-1", err: true},
	}
	for _, tt := range tests {
		got, err := ParseSignal(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseSignal(%q) = %v, %v; want %v (error %v)", tt.in, got, err, tt.want, tt.err)
		}
	}
	for sig, want := range map[syscall.Signal]string{syscall.SIGTERM: "SIGTERM", syscall.SIGKILL: "SIGKILL", 0: "signal 0"} {
		if got := SignalName(sig); got != want {
			t.Errorf("SignalName(%d) = %q, want %q", sig, got, want)
		}
	}
}

func TestReadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	if err := os.WriteFile(path, []byte("out 0\nout 1\nout 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// supervisord 4.2.5's answers on this 18-byte file.
	tests := []struct {
		offset, length int64
		want           string
		err            error
	}{
		{0, 0, "out 0\nout 1\nout 2\n", nil},
		{0, 5, "out 0", nil},
		{2, 3, "t 0", nil},
		{-5, 0, "ut 2\n", nil},
		{-1000, 0, "out 0\nout 1\nout 2\n", nil},
		{16, 0, "2\n", nil},
		{1000, 0, "", nil},
		{1000, 5, "", nil},
		{-5, 3, "", ErrBadArguments},
		{0, -1, "", ErrBadArguments},
	}
	for _, tt := range tests {
		got, err := ReadFile(path, tt.offset, tt.length)
		if !errors.Is(err, tt.err) || string(got) != tt.want {
			t.Errorf("ReadFile(%d, %d) = %q, %v; want %q, %v", tt.offset, tt.length, got, err, tt.want, tt.err)
		}
	}
	if _, err := ReadFile(path+".missing", 0, 0); err == nil {
		t.Error("ReadFile of a missing file succeeded")
	}
}

func TestTailFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "log")
	if err := os.WriteFile(path, []byte("out 0\nout 1\nout 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// supervisord 4.2.5's answers.
	tests := []struct {
		path           string
		offset, length int64
		want           string
		next           int64
		overflow       bool
	}{
		{path, 0, 0, "", 18, true},
		{path, 0, 5, "ut 2\n", 18, true},
		{path, 0, 18, "out 0\nout 1\nout 2\n", 18, false},
		{path, 0, 100, "out 0\nout 1\nout 2\n", 18, false},
		{path, 2, 3, " 2\n", 18, true},
		{path, -5, 10, "t 1\nout 2\n", 18, true},
		{path, 15, 10, "t 1\nout 2\n", 18, false},
		{path, 18, 10, "", 18, false},
		{path, 118, 10, "", 18, false},
		{path, 5, -3, "", 18, true},
		{empty, 0, 100, "", 0, false},
	}
	for _, tt := range tests {
		got, next, overflow, err := TailFile(tt.path, tt.offset, tt.length)
		if err != nil || string(got) != tt.want || next != tt.next || overflow != tt.overflow {
			t.Errorf("TailFile(%s, %d, %d) = %q, %d, %v, %v; want %q, %d, %v",
				filepath.Base(tt.path), tt.offset, tt.length, got, next, overflow, err, tt.want, tt.next, tt.overflow)
		}
	}
}

func TestLogFileClearAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "main.log")
	l, err := OpenLogFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.Write([]byte("one\n"))
	if err := l.Clear(); err != nil {
		t.Fatal(err)
	}
	l.Write([]byte("two\n"))
	if got := readString(path); got != "two\n" {
		t.Errorf("after Clear: %q", got)
	}
	os.Remove(path) // as supervisor.clearLog does, before asking for a reopen
	if err := l.Reopen(); err != nil {
		t.Fatal(err)
	}
	l.Write([]byte("three\n"))
	if got := readString(path); got != "three\n" {
		t.Errorf("after Reopen: %q", got)
	}
}
