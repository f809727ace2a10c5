package procman

import (
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
)

// TestClearLogsOfStoppedProcess: supervisord clears the logs of a process
// only while it has a child (its dispatchers hold the log handlers); a
// stopped process's logs stay as they are, and that is no error.
func TestClearLogsOfStoppedProcess(t *testing.T) {
	m, _ := newTestManager(t)
	p := addProcess(t, m, "p", `sh -c 'echo hi; exec sleep 1000'`, func(c *ProcessConfig) { c.StartSecs = 0 })
	path := p.Config().StdoutLogfile
	if err := p.Start(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	waitLog(t, path, "hi\n")
	if err := p.Stop(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if err := p.ClearLogs(); err != nil {
		t.Fatalf("ClearLogs of a stopped process: %v", err)
	}
	if got := readString(path); got != "hi\n" {
		t.Errorf("log of a stopped process after ClearLogs: %q, want it kept", got)
	}
	// Running, it is cleared; what the child writes next lands in the new
	// file.
	if err := p.Start(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	waitLog(t, path, "hi\nhi\n")
	if err := p.ClearLogs(); err != nil {
		t.Fatal(err)
	}
	if got := readString(path); got != "" {
		t.Errorf("log of a running process after ClearLogs: %q", got)
	}
}

// TestLogsOpenPerChild: a process's log is opened at each spawn, so a log
// renamed away while the process was stopped is started afresh at its
// path, and ReopenLogs (SIGUSR2) does the same for a running child.
func TestLogsOpenPerChild(t *testing.T) {
	m, _ := newTestManager(t)
	p := addProcess(t, m, "p", `sh -c 'echo start; while read line; do echo "got $line"; done'`, func(c *ProcessConfig) { c.StartSecs = 0 })
	path := p.Config().StdoutLogfile
	if err := p.Start(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	waitLog(t, path, "start\n")
	// Renamed away while running: the child writes on into the old file
	// until ReopenLogs.
	os.Rename(path, path+".1")
	p.SendStdin([]byte("one\n"))
	waitLog(t, path+".1", "got one\n")
	if err := m.ReopenLogs(); err != nil {
		t.Fatal(err)
	}
	p.SendStdin([]byte("two\n"))
	if got := waitLog(t, path, "got two\n"); got != "got two\n" {
		t.Errorf("reopened log: %q", got)
	}
	// Renamed away while stopped: the next child writes to the path.
	if err := p.Stop(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	os.Rename(path, path+".2")
	if err := m.ReopenLogs(); err != nil { // nothing open: nothing to do
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("ReopenLogs created the log of a stopped process: %v", err)
	}
	if err := p.Start(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if got := waitLog(t, path, "start\n"); got != "start\n" {
		t.Errorf("log of the new child: %q", got)
	}
}

// TestOutputInMainLogAtDebug: at debug level the Manager's logger gets a
// copy of the children's output, in supervisord's words.
func TestOutputInMainLogAtDebug(t *testing.T) {
	tests := []struct {
		level slog.Level
		want  bool
	}{{slog.LevelDebug, true}, {slog.LevelInfo, false}}
	for _, tt := range tests {
		t.Run(tt.level.String(), func(t *testing.T) {
			log := &testkit.LogBuffer{}
			m := New(WithChildLogDir(t.TempDir()), WithLogger(slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: tt.level}))))
			defer m.Close()
			p := addProcess(t, m, "p", `sh -c 'echo hello; echo oops >&2; exec sleep 1000'`, func(c *ProcessConfig) { c.StartSecs = 0 })
			if err := p.Start(ctxT(t)); err != nil {
				t.Fatal(err)
			}
			waitLog(t, p.Config().StdoutLogfile, "hello\n")
			waitLog(t, p.Config().StderrLogfile, "oops\n")
			if err := p.Stop(ctxT(t)); err != nil {
				t.Fatal(err)
			}
			got := log.String()
			for _, line := range []string{`'p' stdout output:\nhello\n`, `'p' stderr output:\noops\n`} {
				if strings.Contains(got, line) != tt.want {
					t.Errorf("main log has %q: %v, want %v:\n%s", line, !tt.want, tt.want, got)
				}
			}
		})
	}
}
