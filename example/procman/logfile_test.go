package procman

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dirFiles returns the name and content of every file in dir.
func dirFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		files[e.Name()] = readString(filepath.Join(dir, e.Name()))
	}
	return files
}

// TestLogFileRotation: the files left by a sequence of writes are those
// supervisord 4.2.5's RotatingFileHandler leaves (each case was run
// through supervisor.loggers.handle_file with the same writes).
func TestLogFileRotation(t *testing.T) {
	tests := []struct {
		name     string
		maxBytes int64
		backups  int
		existing string // the file's content before it is opened
		writes   []string
		want     map[string]string
	}{
		{"backups", 10, 2, "", []string{"12345", "67890", "abc", "defghijklmn", "x", "yz"},
			map[string]string{"f.log": "xyz", "f.log.1": "abcdefghijklmn", "f.log.2": "1234567890"}},
		{"oldest-dropped", 10, 3, "", []string{"0123456789", "aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd", "e"},
			map[string]string{"f.log": "e", "f.log.1": "dddddddddd", "f.log.2": "cccccccccc", "f.log.3": "bbbbbbbbbb"}},
		{"no-backups-empties", 10, 0, "", []string{"12345", "6789012", "z"},
			map[string]string{"f.log": "z"}},
		{"zero-never-rotates", 0, 3, "", []string{strings.Repeat("1", 30)},
			map[string]string{"f.log": strings.Repeat("1", 30)}},
		{"negative-never-rotates", -5, 3, "", []string{strings.Repeat("1", 30)},
			map[string]string{"f.log": strings.Repeat("1", 30)}},
		{"existing-content-counts", 10, 1, "0123456789", []string{"abc"},
			map[string]string{"f.log": "", "f.log.1": "0123456789abc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "f.log")
			if tt.existing != "" {
				if err := os.WriteFile(path, []byte(tt.existing), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			l, err := OpenLogFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			l.SetRotation(tt.maxBytes, tt.backups)
			for _, w := range tt.writes {
				if n, err := l.Write([]byte(w)); err != nil || n != len(w) {
					t.Fatalf("Write(%q) = %d, %v", w, n, err)
				}
			}
			if got := dirFiles(t, dir); !maps.Equal(got, tt.want) {
				t.Errorf("files %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLogFileRotationGap: a missing backup in the chain is skipped, as
// supervisord skips it.
func TestLogFileRotationGap(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.log")
	os.WriteFile(path+".2", []byte("two"), 0o644)
	l, err := OpenLogFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.SetRotation(3, 3)
	l.Write([]byte("new"))
	want := map[string]string{"f.log": "", "f.log.1": "new", "f.log.3": "two"}
	if got := dirFiles(t, dir); !maps.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}
}

// TestLogFileReopen: after an outside tool renamed the log away, Reopen
// starts a new file at the path (SIGUSR2), and Clear removes it.
func TestLogFileReopen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "main.log")
	l, err := OpenLogFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.Write([]byte("before\n"))
	if err := os.Rename(path, path+".old"); err != nil {
		t.Fatal(err)
	}
	l.Write([]byte("still old\n")) // the open file is the renamed one
	if err := l.Reopen(); err != nil {
		t.Fatal(err)
	}
	l.Write([]byte("after\n"))
	want := map[string]string{"main.log": "after\n", "main.log.old": "before\nstill old\n"}
	if got := dirFiles(t, dir); !maps.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}
	if err := l.Clear(); err != nil {
		t.Fatal(err)
	}
	l.Write([]byte("cleared\n"))
	if got := readString(path); got != "cleared\n" {
		t.Errorf("after Clear: %q", got)
	}
	l.Close()
	if _, err := l.Write([]byte("x")); err == nil {
		t.Error("Write after Close succeeded")
	}
}

func BenchmarkLogFileWrite(b *testing.B) {
	l, err := OpenLogFile(filepath.Join(b.TempDir(), "f.log"))
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	l.SetRotation(1<<20, 2)
	line := []byte(strings.Repeat("x", 99) + "\n")
	b.ReportAllocs()
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		l.Write(line)
	}
}

// TestProcessLogRotates: a program's stdout log rotates at
// StdoutLogfileMaxBytes, keeping StdoutLogfileBackups files; read in
// order, the files hold the end of what the program wrote.
func TestProcessLogRotates(t *testing.T) {
	m, _ := newTestManager(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "out.log")
	p := addProcess(t, m, "p", `sh -c 'i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo "line $i"; done; echo done; exec sleep 1000'`, func(c *ProcessConfig) {
		c.StartSecs = 0
		c.StdoutLogfile = path
		c.StdoutLogfileMaxBytes, c.StdoutLogfileBackups = 512, 2
	})
	if err := p.Start(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	var files map[string]string
	waitFor(t, "the last line", func() bool {
		files = dirFiles(t, dir)
		return strings.HasSuffix(files["out.log.1"]+files["out.log"], "done\n")
	})
	if _, ok := files["out.log.1"]; !ok {
		t.Fatalf("no rotation: %v", maps.Keys(files))
	}
	for name := range files {
		if name != "out.log" && name != "out.log.1" && name != "out.log.2" {
			t.Errorf("unexpected file %s", name)
		}
	}
	var whole strings.Builder
	for i := range 300 {
		fmt.Fprintf(&whole, "line %d\n", i+1)
	}
	whole.WriteString("done\n")
	kept := files["out.log.2"] + files["out.log.1"] + files["out.log"]
	if !strings.HasSuffix(whole.String(), kept) {
		t.Errorf("the rotated files do not hold the end of the output in order:\n%q", kept)
	}
}
