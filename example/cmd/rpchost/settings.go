package main

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// settings are the [supervisord] options the host uses, read as
// supervisord reads them (options.py), except that logfile and pidfile
// have no default: without them the host writes no main log file and no
// pidfile (supervisord writes supervisord.log and supervisord.pid in its
// working directory).
type settings struct {
	logfile         string     // absolute; "" for none
	logfileMaxBytes int64      // rotate the main log at this size; <= 0 never
	logfileBackups  int        // rotated main logs kept
	level           slog.Level // loglevel
	pidfile         string     // absolute; "" for none
	identifier      string
	childlogdir     string
	nocleanup       bool
}

// readSettings reads the [supervisord] section of cfg. Errors name the
// file, section and key.
func readSettings(cfg *rpcext.Config) (settings, error) {
	st := settings{
		logfileMaxBytes: procman.DefaultLogfileMaxBytes,
		logfileBackups:  procman.DefaultLogfileBackups,
		level:           slog.LevelInfo,
		identifier:      "supervisor",
		childlogdir:     os.TempDir(),
	}
	s := cfg.Section("supervisord")
	if s == nil {
		return st, nil
	}
	fail := func(key string, err error) error {
		return &rpcext.ConfigError{File: s.File, Line: s.Line, Section: s.Name, Key: key, Err: err}
	}
	// read calls parse with the expanded value of key, if the section has
	// it.
	read := func(key string, parse func(v string) error) error {
		v, ok, err := s.Get(key)
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		if err := parse(v); err != nil {
			return fail(key, err)
		}
		return nil
	}
	var err error
	for _, opt := range []struct {
		key   string
		parse func(string) error
	}{
		{"logfile", func(v string) error {
			if v == "syslog" {
				return fmt.Errorf("syslog logging is not supported by this host")
			}
			st.logfile, err = existingDirPath(v)
			return err
		}},
		{"logfile_maxbytes", func(v string) error { st.logfileMaxBytes, err = procman.ParseByteSize(v); return err }},
		{"logfile_backups", func(v string) error { st.logfileBackups, err = parseInt(v); return err }},
		{"loglevel", func(v string) error { st.level, err = parseLevel(v); return err }},
		{"pidfile", func(v string) error { st.pidfile, err = existingDirPath(v); return err }},
		{"identifier", func(v string) error { st.identifier = v; return nil }},
		{"childlogdir", func(v string) error { st.childlogdir, err = existingDirectory(v); return err }},
		{"nocleanup", func(v string) error { st.nocleanup, err = parseBool(v); return err }},
	} {
		if err := read(opt.key, opt.parse); err != nil {
			return st, err
		}
	}
	return st, nil
}

// existingDirPath is supervisord's existing_dirpath followed by
// normalize_path: "~" expanded, the directory must exist, the path made
// absolute and clean. "" stays "" (none).
func existingDirPath(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	p := expandUser(v)
	if dir := filepath.Dir(p); dir != "." || strings.Contains(p, "/") {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return "", fmt.Errorf("The directory named as part of the path %s does not exist", v)
		}
	}
	return absPath(p), nil
}

// existingDirectory is supervisord's existing_directory: "~" expanded, it
// must be a directory.
func existingDirectory(v string) (string, error) {
	p := expandUser(v)
	if st, err := os.Stat(p); err != nil || !st.IsDir() {
		return "", fmt.Errorf("%s is not an existing directory", v)
	}
	return p, nil
}

// expandUser expands a leading "~" to the home directory.
func expandUser(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return home + p[1:]
		}
	}
	return p
}

// parseBool is supervisord's boolean.
func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "yes", "true", "on", "1":
		return true, nil
	case "no", "false", "off", "0":
		return false, nil
	}
	return false, fmt.Errorf("not a valid boolean value: %s", pyQuote(v))
}

// parseInt is supervisord's integer (Python's int()).
func parseInt(v string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, fmt.Errorf("invalid literal for int() with base 10: %s", pyQuote(v))
	}
	return n, nil
}

// pyQuote quotes s as Python's repr quotes a plain string.
func pyQuote(s string) string {
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
}
