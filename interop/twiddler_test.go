package interop_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// twiddlerConfig serves supervisord's namespace and supervisor_twiddler's
// over an empty group (dyn) and a program (base). %[1]s is the child log
// directory, %[2]d the port.
const twiddlerConfig = `
[supervisord]
childlogdir = %[1]s

[inet_http_server]
port = 127.0.0.1:%[2]d

[supervisorctl]
serverurl = http://127.0.0.1:%[2]d

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[rpcinterface:twiddler]
supervisor.rpcinterface_factory = supervisor_twiddler.rpcinterface:make_twiddler_rpcinterface

[group:dyn]
programs =

[program:base]
command = sleep 1000
autostart = false
`

// TestTwiddler adds a program to a group of the running host with Python's
// xmlrpc.client, as supervisor_twiddler's users do, checks that
// supervisorctl 4.2.5 shows it RUNNING, then stops and removes it.
func TestTwiddler(t *testing.T) {
	ctlPath := requireTool(t, "supervisorctl")
	requireTool(t, "python3")
	dir := t.TempDir()
	conf := filepath.Join(dir, "supervisord.conf")
	var url string
	// Stopped with SIGTERM at the end, so that its programs stop too.
	startCtlHost(t, conf, func(port int) {
		url = fmt.Sprintf("http://127.0.0.1:%d/RPC2", port)
		if err := os.WriteFile(conf, []byte(fmt.Sprintf(twiddlerConfig, dir, port)), 0o644); err != nil {
			t.Fatal(err)
		}
	})
	c := &ctl{t: t, path: ctlPath, conf: conf}

	runPython(t, url, nil, []pyCase{
		{`s.twiddler.getAPIVersion()`, `'1.0'`},
		{`s.twiddler.getGroupNames()`, `['base', 'dyn']`}, // by priority, then name, as supervisord orders them
		{`s.twiddler.addProgramToGroup('nogroup', 'foo', {'command': 'sleep 1000'})`, `Fault(10, 'BAD_NAME: group: nogroup')`},
		{`s.twiddler.addProgramToGroup('dyn', 'foo', 'notadict')`, `Fault(2, 'INCORRECT_PARAMETERS')`},
		{`s.twiddler.addProgramToGroup('dyn', 'foo', {'command': 'sleep 1000', 'startsecs': 0})`, `True`},
		{`s.twiddler.addProgramToGroup('dyn', 'foo', {'command': 'sleep 1000'})`, `Fault(10, 'BAD_NAME: foo')`},
		{`s.twiddler.log('added dyn:foo', 'warn')`, `True`},
	})

	running := lineRegexp(status("dyn:foo", "RUNNING", "pid {pid}, uptime {uptime}"))
	eventually(t, func() (bool, string) {
		r := c.run("status")
		for _, line := range strings.Split(r.stdout, "\n") {
			if running.MatchString(line) {
				return true, r.stdout
			}
		}
		return false, r.stdout + r.stderr
	})

	runPython(t, url, nil, []pyCase{
		{`s.twiddler.removeProcessFromGroup('dyn', 'foo')`, `Fault(91, 'STILL_RUNNING: foo')`},
		{`s.supervisor.stopProcess('dyn:foo')`, `True`},
		{`s.twiddler.removeProcessFromGroup('dyn', 'foo')`, `True`},
		{`s.twiddler.removeProcessFromGroup('dyn', 'foo')`, `Fault(10, 'BAD_NAME: foo')`},
	})

	expectation{args: []string{"status"}, lines: []string{status("base", "STOPPED", "Not started")}, code: 3}.
		check(t, c.run("status"))
	expectation{args: []string{"status", "dyn:foo"}, lines: []string{"dyn:foo: ERROR (no such process)"}, code: 4}.
		check(t, c.run("status", "dyn:foo"))
}
