package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/supervisorrpc/rpcinterface/config"
)

// connFlags are the command line's say on the connection; a field is
// nil when its flag was not given (an empty value is a value, as for
// supervisorctl).
type connFlags struct {
	config, serverURL, username, password *string
}

// conn is where to call and with which credentials.
type conn struct {
	serverURL          string
	username, password string
	auth               bool   // send credentials: both are set
	configFile         string // the file read, "" for none
}

// resolveConn finds the connection as supervisorctl 4.2.5 does
// (ClientOptions): the file of -c, else the first of the search paths
// that exists, else none; then each of serverurl, username and password
// from its flag if given, else from the file's [supervisorctl] section,
// else the default (http://localhost:9001, no username, no password).
// Credentials are sent only when both a username and a password are set.
func resolveConn(f connFlags, argv0 string, exists func(string) bool) (conn, error) {
	c := conn{serverURL: config.DefaultServerURL}
	var hasUser, hasPass bool
	switch {
	case f.config != nil:
		c.configFile = *f.config
	default:
		c.configFile = findConfig(searchPaths(argv0), exists)
	}
	if c.configFile != "" {
		ctl, err := config.LoadSupervisorctl(c.configFile)
		if err != nil {
			return conn{}, err
		}
		c.serverURL, c.username, c.password = ctl.ServerURL, ctl.Username, ctl.Password
		_, hasUser = ctl.Section.Raw("username")
		_, hasPass = ctl.Section.Raw("password")
	}
	if f.serverURL != nil {
		c.serverURL = *f.serverURL
	}
	if f.username != nil {
		c.username, hasUser = *f.username, true
	}
	if f.password != nil {
		c.password, hasPass = *f.password, true
	}
	c.auth = hasUser && hasPass
	return c, nil
}

// searchPaths returns where supervisorctl looks for its configuration
// file when -c is not given, in order (Options.searchpaths), for the
// program at argv0: here/etc/supervisord.conf and here/supervisord.conf,
// where here is the directory above the program's, then
// supervisord.conf and etc/supervisord.conf in the working directory,
// /etc/supervisord.conf and /etc/supervisor/supervisord.conf. Python
// sees a program found on PATH by its path there; a Go program sees the
// name it was run by, so a name without a slash is looked up on PATH
// first.
func searchPaths(argv0 string) []string {
	if !strings.Contains(argv0, "/") {
		if p, err := exec.LookPath(argv0); err == nil {
			argv0 = p
		}
	}
	here := filepath.Dir(filepath.Dir(argv0))
	return []string{
		filepath.Join(here, "etc", "supervisord.conf"),
		filepath.Join(here, "supervisord.conf"),
		"supervisord.conf",
		"etc/supervisord.conf",
		"/etc/supervisord.conf",
		"/etc/supervisor/supervisord.conf",
	}
}

// findConfig returns the first of paths that exists, or "".
func findConfig(paths []string, exists func(string) bool) string {
	for _, p := range paths {
		if exists(p) {
			return p
		}
	}
	return ""
}

// fileExists is Python's os.path.exists: anything at path, a directory
// included (reading it then fails, as it does for supervisorctl).
func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
