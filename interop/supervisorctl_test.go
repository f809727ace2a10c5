package interop_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
)

// ctlConfig is the host's and supervisorctl's config: a unix socket
// without credentials, TCP with user/123, and the programs of the
// research transcripts. %[1]s is the directory, %[2]s the socket, %[3]d
// the port, %[4]s the [supervisorctl] section's server.
const ctlConfig = `
[supervisord]
logfile = %[1]s/main.log
childlogdir = %[1]s
loglevel = trace

[unix_http_server]
file = %[2]s

[inet_http_server]
port = 127.0.0.1:%[3]d
username = user
password = 123

[supervisorctl]
%[4]s

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:sleeper]
command = sleep 1000
startsecs = 0

[program:printer]
command = sh -c 'echo out 1; echo err 1 >&2; exec sleep 1000'
startsecs = 0

[program:quick]
command = sh -c 'exit 3'
autostart = false
startsecs = 5
startretries = 0

[program:nocmd]
command = /nonexistent/binary
autostart = false

[group:grp]
programs = a

[program:a]
command = sleep 1000
autostart = false
startsecs = 0
`

// ctl is supervisorctl configured for one host.
type ctl struct {
	t         *testing.T
	path      string
	conf      string
	serverURL string
	port      int
}

// run runs supervisorctl to its end.
func (c *ctl) run(args ...string) result {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), ctlWait)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.path, append([]string{"-c", c.conf}, args...)...)
	cmd.Env = append(os.Environ(), "PYTHONIOENCODING=utf-8")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			c.t.Fatalf("supervisorctl %s: %v", strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return result{stdout.String(), stderr.String(), code}
}

// follow runs a "tail -f"-like command until its output contains want,
// then interrupts it as Ctrl-C does, and returns what it printed.
func (c *ctl) follow(want string, args ...string) result {
	c.t.Helper()
	cmd := exec.Command(c.path, append([]string{"-c", c.conf}, args...)...)
	cmd.Env = append(os.Environ(), "PYTHONIOENCODING=utf-8")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		c.t.Fatal(err)
	}
	var stderr testkit.LogBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	var out strings.Builder
	found := make(chan bool, 1)
	go func() {
		r := bufio.NewReader(stdout)
		sent := false
		for {
			b, err := r.ReadByte()
			if err != nil {
				break
			}
			out.WriteByte(b)
			if !sent && strings.Contains(out.String(), want) {
				found <- true
				sent = true
			}
		}
		if !sent {
			found <- false
		}
	}()
	select {
	case ok := <-found:
		if !ok {
			cmd.Wait()
			c.t.Fatalf("%v ended without printing %q:\nstderr: %s", args, want, stderr.String())
		}
	case <-time.After(ctlWait):
		cmd.Process.Kill()
		cmd.Wait()
		c.t.Fatalf("%v did not print %q", args, want)
	}
	cmd.Process.Signal(syscall.SIGINT)
	err = cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	return result{out.String(), stderr.String(), code}
}

// status formats a supervisorctl status line.
func status(name, state, desc string) string { return fmt.Sprintf("%-33s%-10s%s", name, state, desc) }

// avail formats a supervisorctl avail line.
func avail(name, autostart string) string {
	return fmt.Sprintf("%-32s %-9s %-9s %s", name, "in use", autostart, "999:999")
}

// expectation is a command's expected output: lines, where {pid},
// {uptime}, {date} and {n} stand for the variable parts, and its exit code.
type expectation struct {
	args  []string
	lines []string
	code  int
	any   bool // the lines may come in any order (results of concurrent waits)
}

var placeholders = strings.NewReplacer(
	regexp.QuoteMeta("{pid}"), `[1-9][0-9]*`,
	regexp.QuoteMeta("{uptime}"), `[0-9]+:[0-9]{2}:[0-9]{2}`,
	regexp.QuoteMeta("{date}"), `[A-Z][a-z]{2} [0-9]{2} [0-9]{2}:[0-9]{2} [AP]M`,
	regexp.QuoteMeta("{n}"), `[0-9]+`,
)

func lineRegexp(line string) *regexp.Regexp {
	return regexp.MustCompile("^" + placeholders.Replace(regexp.QuoteMeta(line)) + "$")
}

// check compares a command's output and exit code with e.
func (e expectation) check(t *testing.T, r result) {
	t.Helper()
	got := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	want := slices.Clone(e.lines)
	if e.any {
		slices.Sort(got)
		slices.Sort(want)
	}
	ok := len(got) == len(want) && r.code == e.code
	for i := 0; ok && i < len(got); i++ {
		ok = lineRegexp(want[i]).MatchString(got[i])
	}
	if !ok {
		t.Errorf("supervisorctl %s:\n got (exit %d):\n%s\nwant (exit %d):\n%s\nstderr: %s",
			strings.Join(e.args, " "), r.code, r.stdout, e.code, strings.Join(e.lines, "\n"), r.stderr)
	}
}

// TestSupervisorctl drives the example host with supervisorctl 4.2.5, over
// the unix socket and over TCP with a password, and checks the output
// lines and exit codes supervisord gives to the same commands.
func TestSupervisorctl(t *testing.T) {
	ctlPath := requireTool(t, "supervisorctl")
	for _, transport := range []string{"unix", "tcp"} {
		t.Run(transport, func(t *testing.T) {
			dir := ctlTempDir(t)
			sock := filepath.Join(dir, "s.sock")
			conf := filepath.Join(dir, "supervisord.conf")
			c := &ctl{t: t, path: ctlPath, conf: conf}
			host := startCtlHost(t, conf, func(port int) {
				c.port = port
				c.serverURL = "unix://" + sock
				section := "serverurl = " + c.serverURL
				if transport == "tcp" {
					c.serverURL = fmt.Sprintf("http://127.0.0.1:%d", port)
					section = "serverurl = " + c.serverURL + "\nusername = user\npassword = 123"
				}
				if err := os.WriteFile(conf, []byte(fmt.Sprintf(ctlConfig, dir, sock, port, section)), 0o644); err != nil {
					t.Fatal(err)
				}
			})
			// Ready once the programs autostarted.
			eventually(t, func() (bool, string) {
				r := c.run("status", "sleeper", "printer")
				return r.code == 0, r.stdout
			})
			testCommands(t, c, host)
		})
	}
}

func testCommands(t *testing.T, c *ctl, host *ctlHost) {
	ok := func(args []string, code int, lines ...string) expectation {
		return expectation{args: args, lines: lines, code: code}
	}
	a := func(s ...string) []string { return s }

	for _, e := range []expectation{
		ok(a("status"), 3,
			status("grp:a", "STOPPED", "Not started"),
			status("nocmd", "STOPPED", "Not started"),
			status("printer", "RUNNING", "pid {pid}, uptime {uptime}"),
			status("quick", "STOPPED", "Not started"),
			status("sleeper", "RUNNING", "pid {pid}, uptime {uptime}")),
		ok(a("status", "sleeper"), 0, status("sleeper", "RUNNING", "pid {pid}, uptime {uptime}")),
		ok(a("status", "bogus"), 4, "bogus: ERROR (no such process)"),
		ok(a("status", "bogus:*"), 4, "bogus: ERROR (no such group)"),
		ok(a("version"), 0, "4.2.5"),
		ok(a("pid"), 0, strconv.Itoa(host.cmd.Process.Pid)),
		ok(a("pid", "sleeper"), 0, "{pid}"),
		ok(a("pid", "grp:a"), 7, "0"),
		ok(a("pid", "bogus"), 1, "No such process bogus"),
		ok(a("avail"), 0,
			avail("grp:a", "manual"), avail("nocmd", "manual"), avail("printer", "auto"),
			avail("quick", "manual"), avail("sleeper", "auto")),
		ok(a("start", "sleeper"), 0, "sleeper: ERROR (already started)"),
		ok(a("start", "bogus"), 1, "bogus: ERROR (no such process)"),
		ok(a("start", "bogus:*"), 2, "bogus: ERROR (no such group)"),
		ok(a("start", "nocmd"), 1, "nocmd: ERROR (no such file)"),
		ok(a("start", "quick"), 7, "quick: ERROR (spawn error)"),
		ok(a("status", "quick", "nocmd"), 3,
			status("quick", "FATAL", "Exited too quickly (process log may have details)"),
			status("nocmd", "STOPPED", "Not started")),
		ok(a("start", "grp:*"), 0, "grp:a: started"),
		ok(a("start", "grp:a"), 0, "grp:a: ERROR (already started)"),
		ok(a("stop", "grp:a"), 0, "grp:a: stopped"),
		ok(a("stop", "grp:a"), 0, "grp:a: ERROR (not running)"),
		ok(a("status", "grp:a"), 3, status("grp:a", "STOPPED", "{date}")),
		ok(a("stop", "bogus"), 1, "bogus: ERROR (no such process)"),
		ok(a("restart", "sleeper"), 0, "sleeper: stopped", "sleeper: started"),
		ok(a("restart", "bogus"), 1, "bogus: ERROR (no such process)", "bogus: ERROR (no such process)"),
		ok(a("signal", "CONT", "sleeper"), 0, "sleeper: signalled"),
		ok(a("signal", "0", "sleeper"), 0, "sleeper: signalled"),
		ok(a("signal", "BOGUS", "sleeper"), 1, "sleeper: ERROR (bad signal name)"),
		ok(a("signal", "HUP", "nocmd"), 7, "nocmd: ERROR (not running)"),
		ok(a("signal", "HUP", "bogus"), 1, "bogus: ERROR (no such process)"),
		// Groups in priority order, then by name (supervisord sorts them
		// so when it reads its config file).
		ok(a("signal", "CONT", "all"), 0, "printer: signalled", "sleeper: signalled"),
	} {
		e.check(t, c.run(e.args...))
	}

	// tail: the log plus the newline supervisorctl adds.
	eventually(t, func() (bool, string) {
		r := c.run("tail", "printer")
		return r.stdout == "out 1\n\n", r.stdout
	})
	for _, e := range []struct {
		args   []string
		stdout string
		code   int
	}{
		{a("tail", "printer"), "out 1\n\n", 0},
		{a("tail", "-3", "printer"), " 1\n\n", 0},
		{a("tail", "printer", "stderr"), "err 1\n\n", 0},
		{a("tail", "-5", "printer", "stderr"), "rr 1\n\n", 0},
		{a("tail", "nocmd"), "\n", 0}, // its AUTO log exists, empty
		{a("tail", "bogus"), "bogus: ERROR (no such process name)\n", 1},
		{a("tail", "printer", "bogus"), "Error: bad channel 'bogus'\n", 1},
	} {
		if r := c.run(e.args...); r.stdout != e.stdout || r.code != e.code {
			t.Errorf("supervisorctl %s: %q (exit %d), want %q (exit %d)", strings.Join(e.args, " "), r.stdout, r.code, e.stdout, e.code)
		}
	}

	// tail -f and maintail -f stream until interrupted.
	// (What supervisorctl prints when interrupted depends on where the
	// KeyboardInterrupt lands: a blank line, or "Cannot connect" on stderr.)
	r := c.follow("out 1\n", "tail", "-f", "printer")
	if !strings.HasPrefix(r.stdout, "==> Press Ctrl-C to exit <==\nout 1\n") || r.code != 0 {
		t.Errorf("tail -f printer: %q (exit %d) stderr %q", r.stdout, r.code, r.stderr)
	}
	r = c.follow("err 1\n", "tail", "-f", "printer", "stderr")
	if !strings.HasPrefix(r.stdout, "==> Press Ctrl-C to exit <==\nerr 1\n") {
		t.Errorf("tail -f printer stderr: %q", r.stdout)
	}
	r = c.run("tail", "-f", "bogus")
	if r.stdout != "==> Press Ctrl-C to exit <==\n" || r.code != 0 ||
		r.stderr != c.serverURL+"/logtail/bogus/stdout Cannot read, status code 404\n" {
		t.Errorf("tail -f bogus: %q %q (exit %d)", r.stdout, r.stderr, r.code)
	}
	// The log's last 1024 bytes hold at least the call maintail made
	// (calls are logged at loglevel trace).
	r = c.follow("XML-RPC method called: supervisor.getVersion()", "maintail", "-f")
	if !strings.HasPrefix(r.stdout, "==> Press Ctrl-C to exit <==\n") {
		t.Errorf("maintail -f: %q", r.stdout)
	}
	// maintail is the log's last 1600 bytes (and a newline), which hold
	// the call it made; -N asks for more.
	r = c.run("maintail")
	if len(r.stdout) != 1601 || !strings.Contains(r.stdout, "XML-RPC method called: supervisor.getVersion()") || r.code != 0 {
		t.Errorf("maintail: %q (exit %d)", r.stdout, r.code)
	}
	r = c.run("maintail", "-1000000")
	if !regexp.MustCompile(`\n[0-9-]{10} [0-9:]{8},[0-9]{3} INFO spawned: 'sleeper' with pid [0-9]+\n`).MatchString(r.stdout) || r.code != 0 {
		t.Errorf("maintail -1000000: %q (exit %d)", r.stdout, r.code)
	}
	r = c.run("maintail", "-20")
	if len(r.stdout) != 21 || r.code != 0 {
		t.Errorf("maintail -20: %q (exit %d), want 20 bytes and a newline", r.stdout, r.code)
	}

	// clear empties the logs.
	expectation{args: a("clear", "printer"), lines: a("printer: cleared")}.check(t, c.run("clear", "printer"))
	if r := c.run("tail", "printer"); r.stdout != "\n" {
		t.Errorf("tail printer after clear: %q", r.stdout)
	}
	expectation{args: a("clear", "bogus"), lines: a("bogus: ERROR (no such process)"), code: 1}.check(t, c.run("clear", "bogus"))
	expectation{args: a("clear", "all"), lines: a("grp:a: cleared", "nocmd: cleared", "printer: cleared", "quick: cleared", "sleeper: cleared"), any: true}.
		check(t, c.run("clear", "all"))

	// stop all and start all act on every process at once.
	for _, e := range []expectation{
		{args: a("stop", "all"), lines: a("printer: stopped", "sleeper: stopped"), any: true},
		{args: a("status"), code: 3, lines: a(
			status("grp:a", "STOPPED", "{date}"),
			status("nocmd", "STOPPED", "Not started"),
			status("printer", "STOPPED", "{date}"),
			status("quick", "FATAL", "Exited too quickly (process log may have details)"),
			status("sleeper", "STOPPED", "{date}"))},
		// Starts that end at once in order; quick is waited for, so it
		// comes last and sets the exit code.
		{args: a("start", "all"), code: 7, lines: a(
			"grp:a: started", "nocmd: ERROR (no such file)", "printer: started", "sleeper: started", "quick: ERROR (spawn error)")},
	} {
		e.check(t, c.run(e.args...))
	}

	// A wrong password: supervisorctl's own error output.
	wrong := c.run("-s", fmt.Sprintf("http://127.0.0.1:%d", c.port), "-u", "user", "-p", "wrong", "status")
	// The second line names the client's own file and line.
	gotLines := strings.Split(strings.TrimSuffix(wrong.stdout, "\n"), "\n")
	if wrong.code != 1 || len(gotLines) != 2 || gotLines[0] != "Server requires authentication" ||
		!regexp.MustCompile(`^error: <class 'xmlrpc\.client\.ProtocolError'>, <ProtocolError for 127\.0\.0\.1/RPC2: 401 Unauthorized>: file: \S+/supervisor/xmlrpc\.py line: [0-9]+$`).MatchString(gotLines[1]) {
		t.Errorf("wrong password: %q (exit %d)", wrong.stdout, wrong.code)
	}

	testConfigCommands(t, c, host)

	// shutdown stops the programs and the host.
	sleeper, err := strconv.Atoi(strings.TrimSpace(c.run("pid", "sleeper").stdout))
	if err != nil {
		t.Fatal(err)
	}
	expectation{args: a("shutdown"), lines: a("Shut down")}.check(t, c.run("shutdown"))
	if !host.exited(ctlWait) {
		t.Fatal("the host did not exit after shutdown")
	}
	if host.err != nil {
		t.Errorf("the host exited with %v", host.err)
	}
	if !pidGone(sleeper) {
		t.Errorf("sleeper (pid %d) outlived the host", sleeper)
	}
	gone := c.serverURL + " refused connection"
	if strings.HasPrefix(c.serverURL, "unix://") {
		gone = c.serverURL + " no such file" // the socket file was removed
	}
	expectation{args: a("status"), lines: a(gone), code: 4}.check(t, c.run("status"))
}

// testConfigCommands runs the commands that read the config file again
// (reread, update, add, remove, reload) after editing it, and fg. The
// expected lines and exit codes are supervisord 4.2.5's for the same
// commands on the same configs.
func testConfigCommands(t *testing.T, c *ctl, host *ctlHost) {
	a := func(s ...string) []string { return s }
	ok := func(args []string, code int, lines ...string) expectation {
		return expectation{args: args, lines: lines, code: code}
	}
	ok(a("reread"), 0, "No config updates to processes").check(t, c.run("reread"))

	// The edit: nocmd goes, quick changes, extra (cat) comes.
	b, err := os.ReadFile(c.conf)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(b), "[program:nocmd]\ncommand = /nonexistent/binary\nautostart = false\n", "", 1)
	edited = strings.Replace(edited, "command = sh -c 'exit 3'", "command = sh -c 'exit 4'", 1)
	edited += "\n[program:extra]\ncommand = cat\nstartsecs = 0\n"
	if edited == string(b) || strings.Contains(edited, "nocmd") {
		t.Fatal("the config edit did not apply")
	}
	if err := os.WriteFile(c.conf, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	inUse := func(name, autostart string) string { return avail(name, autostart) }
	available := func(name, autostart string) string {
		return fmt.Sprintf("%-32s %-9s %-9s %s", name, "avail", autostart, "999:999")
	}
	for _, e := range []expectation{
		ok(a("reread"), 0, "extra: available", "nocmd: disappeared", "quick: changed"),
		ok(a("avail"), 0, inUse("grp:a", "manual"), available("extra", "auto"), inUse("printer", "auto"),
			inUse("quick", "manual"), inUse("sleeper", "auto")),
		ok(a("add", "extra"), 0, "extra: added process group"),
		ok(a("add", "extra"), 0, "ERROR: process group already active"),
		ok(a("add", "bogus"), 1, "ERROR: no such process/group: bogus"),
		ok(a("status", "extra"), 0, status("extra", "RUNNING", "pid {pid}, uptime {uptime}")),
		ok(a("remove", "extra"), 1, "ERROR: process/group still running: extra"),
		ok(a("remove", "bogus"), 1, "ERROR: no such process/group: bogus"),
		ok(a("stop", "extra"), 0, "extra: stopped"),
		ok(a("remove", "extra"), 0, "extra: removed process group"),
		ok(a("reread"), 0, "extra: available", "nocmd: disappeared", "quick: changed"),
		ok(a("update"), 0, "nocmd: stopped", "nocmd: removed process group", "quick: stopped",
			"quick: updated process group", "extra: added process group"),
		ok(a("update"), 0, ""),
		ok(a("update", "bogus"), 1, "ERROR: no such group: bogus"),
		ok(a("update", "all"), 0, ""),
		ok(a("status"), 3,
			status("extra", "RUNNING", "pid {pid}, uptime {uptime}"),
			status("grp:a", "RUNNING", "pid {pid}, uptime {uptime}"),
			status("printer", "RUNNING", "pid {pid}, uptime {uptime}"),
			status("quick", "STOPPED", "Not started"),
			status("sleeper", "RUNNING", "pid {pid}, uptime {uptime}")),
		ok(a("fg", "bogus"), 1, "ERROR: bad process name supplied"),
		ok(a("fg", "quick"), 1, "ERROR: process not running"),
		ok(a("fg", "a", "b"), 1, "ERROR: too many process names supplied"),
	} {
		e.check(t, c.run(e.args...))
	}

	// fg: what is typed goes to the process's stdin; its output comes back.
	if r := c.fg("extra", "hello\n"); r.stdout != "==> Press Ctrl-C to exit <==\nhello\nExiting foreground\n" || r.code != 0 {
		t.Errorf("fg extra: %q (exit %d) stderr %q", r.stdout, r.code, r.stderr)
	}

	// reload restarts every program; the host keeps its pid.
	before := c.run("pid", "sleeper").stdout
	ok(a("reload"), 0, "Restarted supervisord").check(t, c.run("reload"))
	eventually(t, func() (bool, string) {
		r := c.run("status", "sleeper", "extra", "printer")
		return r.code == 0, r.stdout
	})
	for _, e := range []expectation{
		ok(a("status"), 3,
			status("extra", "RUNNING", "pid {pid}, uptime {uptime}"),
			status("grp:a", "STOPPED", "Not started"),
			status("printer", "RUNNING", "pid {pid}, uptime {uptime}"),
			status("quick", "STOPPED", "Not started"),
			status("sleeper", "RUNNING", "pid {pid}, uptime {uptime}")),
		ok(a("pid"), 0, strconv.Itoa(host.cmd.Process.Pid)),
		ok(a("reload", "x"), 1, "Error: reload accepts no arguments", "reload \t\tRestart the remote supervisord."),
	} {
		e.check(t, c.run(e.args...))
	}
	if after := c.run("pid", "sleeper").stdout; after == before {
		t.Errorf("sleeper kept pid %s across reload", strings.TrimSpace(after))
	}
}

// fg runs supervisorctl fg name, types input, waits until the process's
// output echoes it, then ends the input (Ctrl-D).
func (c *ctl) fg(name, input string) result {
	c.t.Helper()
	cmd := exec.Command(c.path, "-c", c.conf, "fg", name)
	cmd.Env = append(os.Environ(), "PYTHONIOENCODING=utf-8")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		c.t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		c.t.Fatal(err)
	}
	var stderr testkit.LogBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	var out testkit.LogBuffer
	copied := make(chan struct{})
	go func() {
		io.Copy(&out, stdout)
		close(copied)
	}()
	io.WriteString(stdin, input)
	deadline := time.Now().Add(ctlWait)
	for !strings.Contains(out.String(), "<==\n"+input) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	stdin.Close()
	<-copied
	err = cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	return result{out.String(), stderr.String(), code}
}

// ctlWait bounds every wait of these tests; nothing asserts how long
// anything took.
const ctlWait = time.Minute

// ctlTempDir returns a temporary directory with a short path (a unix
// socket path must be shorter than 108 bytes), removed after the test.
func ctlTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ctl")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// ctlHost is an example host running programs.
type ctlHost struct {
	cmd  *exec.Cmd
	out  *testkit.LogBuffer
	done chan struct{} // closed when it exited
	err  error         // its exit, once done is closed
}

// startCtlHost runs the example host on the config writeConfig writes for
// a port of the project's test range, until it serves the unix socket and
// the port. At the end of the test it is stopped gracefully (SIGTERM, as
// its programs must be stopped too), killed only if that fails.
func startCtlHost(t *testing.T, conf string, writeConfig func(port int)) *ctlHost {
	t.Helper()
	bin := hostBinary(t)
	for range 20 {
		port := nextPort()
		if ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err != nil {
			continue
		} else {
			ln.Close()
		}
		writeConfig(port)
		h := &ctlHost{out: &testkit.LogBuffer{}, done: make(chan struct{})}
		h.cmd = exec.Command(bin, "-c", conf)
		h.cmd.Stdout, h.cmd.Stderr = h.out, h.out
		if err := h.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() {
			h.err = h.cmd.Wait()
			close(h.done)
		}()
		if err := waitAccepting(fmt.Sprintf("127.0.0.1:%d", port), h.done); err != nil {
			if h.exited(ctlWait) && strings.Contains(h.out.String(), "address already in use") {
				continue
			}
			t.Fatalf("%v\nhost output:\n%s", err, h.out)
		}
		t.Cleanup(func() {
			h.cmd.Process.Signal(syscall.SIGTERM)
			if !h.exited(ctlWait) {
				h.cmd.Process.Kill()
				<-h.done
			}
			if r := raceReport(h.out.String()); r != "" {
				t.Errorf("the host has a data race:\n%s", r)
			}
			if t.Failed() {
				t.Logf("host output:\n%s", h.out)
			}
		})
		return h
	}
	t.Fatal("no free port for the host")
	return nil
}

// exited waits up to d for the host to exit, reporting whether it did.
func (h *ctlHost) exited(d time.Duration) bool {
	select {
	case <-h.done:
		return true
	case <-time.After(d):
		return false
	}
}

// result is what a supervisorctl command did.
type result struct {
	stdout, stderr string
	code           int
}

// eventually retries f until it reports true, failing at the deadline
// with the last description it gave.
func eventually(t *testing.T, f func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(ctlWait)
	for {
		ok, last := f()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pidGone reports whether pid is no process, or a zombie nobody reaped
// yet (not ours: the host's child, reparented).
func pidGone(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return syscall.Kill(pid, 0) != nil
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && i+2 < len(s) && s[i+2] == 'Z'
}
