package main

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

func TestReadSettings(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		section string
		check   func(settings) bool
		wantErr string // the key named, and the message
	}{
		{"defaults", "", func(s settings) bool {
			return s.logfile == "" && s.pidfile == "" && s.logfileMaxBytes == 50<<20 && s.logfileBackups == 10 &&
				s.level == slog.LevelInfo && s.identifier == "supervisor" && s.childlogdir == os.TempDir() && !s.nocleanup
		}, ""},
		{"set", "logfile = %(here)s/main.log\nlogfile_maxbytes = 1KB\nlogfile_backups = 0\nloglevel = TRACE\npidfile = " + dir + "/h.pid\nidentifier = me\nchildlogdir = " + dir + "\nnocleanup = true\n",
			func(s settings) bool {
				return s.logfile == filepath.Join(dir, "main.log") && s.logfileMaxBytes == 1024 && s.logfileBackups == 0 &&
					s.level == LevelTrace && s.pidfile == filepath.Join(dir, "h.pid") && s.identifier == "me" && s.childlogdir == dir && s.nocleanup
			}, ""},
		{"relative", "pidfile = h.pid\n", func(s settings) bool { return filepath.IsAbs(s.pidfile) && filepath.Base(s.pidfile) == "h.pid" }, ""},
		{"bad-level", "loglevel = loud\n", nil, "loglevel: bad logging level name 'loud'"},
		{"bad-maxbytes", "logfile_maxbytes = lots\n", nil, "logfile_maxbytes: invalid literal for int() with base 10: 'lots'"},
		{"bad-backups", "logfile_backups = 1.5\n", nil, "logfile_backups: invalid literal for int() with base 10: '1.5'"},
		{"logfile-dir", "logfile = /nonexistent/dir/main.log\n", nil, "logfile: The directory named as part of the path /nonexistent/dir/main.log does not exist"},
		{"pidfile-dir", "pidfile = /nonexistent/dir/h.pid\n", nil, "pidfile: The directory named as part of the path /nonexistent/dir/h.pid does not exist"},
		{"childlogdir", "childlogdir = /nonexistent/dir\n", nil, "childlogdir: /nonexistent/dir is not an existing directory"},
		{"nocleanup", "nocleanup = sometimes\n", nil, "nocleanup: not a valid boolean value: 'sometimes'"},
		{"syslog", "logfile = syslog\n", nil, "logfile: syslog logging is not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "[supervisord]\n" + tt.section
			cfg, err := rpcext.ParseConfig([]byte(text), filepath.Join(dir, "supervisord.conf"))
			if err != nil {
				t.Fatal(err)
			}
			st, err := readSettings(cfg)
			if tt.wantErr != "" {
				var ce *rpcext.ConfigError
				if !errors.As(err, &ce) || ce.Section != "supervisord" || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %v, want a *rpcext.ConfigError with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !tt.check(st) {
				t.Errorf("readSettings = %+v, %v", st, err)
			}
		})
	}
}

// TestPidfile: the pidfile holds the pid and a newline, and is removed
// only while it still holds this process's pid.
func TestPidfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.pid")
	if err := writePidfile(path); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != strconv.Itoa(os.Getpid())+"\n" {
		t.Errorf("pidfile holds %q", b)
	}
	removePidfile(path)
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("our pidfile was not removed: %v", err)
	}
	os.WriteFile(path, []byte("1\n"), 0o644) // another process's now
	removePidfile(path)
	if _, err := os.Stat(path); err != nil {
		t.Errorf("another process's pidfile was removed: %v", err)
	}
}
