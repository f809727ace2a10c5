package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
)

// TestMainLogRotatesAndMoves: the main log rotates at logfile_maxbytes
// into logfile_backups files; a restart with another logfile moves it, at
// the new loglevel.
func TestMainLogRotatesAndMoves(t *testing.T) {
	dir := t.TempDir()
	var stderr testkit.LogBuffer
	l := newMainLog(&stderr, false)
	first := filepath.Join(dir, "main.log")
	if err := l.configure(settings{logfile: first, logfileMaxBytes: 300, logfileBackups: 1, level: slog.LevelInfo}); err != nil {
		t.Fatal(err)
	}
	logger := l.logger()
	for range 22 { // 80-byte lines: a rotation every 4, 2 left over
		logger.Info(strings.Repeat("x", 50))
	}
	logger.Debug("not at info")
	for _, name := range []string{"main.log", "main.log.1"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || len(b) == 0 || len(b) >= 300+100 {
			t.Errorf("%s: %d bytes, %v", name, len(b), err)
		}
	}
	if _, err := os.Stat(first + ".2"); !os.IsNotExist(err) {
		t.Errorf("a second backup with logfile_backups 1: %v", err)
	}
	if strings.Count(stderr.String(), "\n") != 22 {
		t.Errorf("stderr has %d lines, want 22", strings.Count(stderr.String(), "\n"))
	}

	second := filepath.Join(dir, "other.log")
	if err := l.configure(settings{logfile: second, level: slog.LevelDebug}); err != nil {
		t.Fatal(err)
	}
	logger.Debug("moved")
	if b, _ := os.ReadFile(second); !strings.HasSuffix(string(b), " DEBG moved\n") {
		t.Errorf("the new log holds %q", b)
	}
	if b, _ := os.ReadFile(first); strings.Contains(string(b), "moved") {
		t.Error("the old log got a line after the move")
	}
	if l.path() != second {
		t.Errorf("path %q, want %q", l.path(), second)
	}
	l.close()
	if l.path() != "" {
		t.Error("a closed log still has a path")
	}
	logger.Info("stderr only") // no file: no failure either
}
