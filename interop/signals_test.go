package interop_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/replay"
)

// signalConfig runs two programs under the example host: sleeper, and
// ticker, which writes a line every tenth of a second to a log file of its
// own. %[1]s is the directory, %[2]d the port, %[3]s extra sections.
const signalConfig = `
[supervisord]
logfile = %[1]s/main.log
pidfile = %[1]s/host.pid
childlogdir = %[1]s
loglevel = blather

[unix_http_server]
file = %[1]s/s.sock

[inet_http_server]
port = 127.0.0.1:%[2]d

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[rpcinterface:another]
supervisor.rpcinterface_factory = my.package:make_another_rpcinterface
retries = 1

[program:sleeper]
command = sleep 1000
startsecs = 0

[program:ticker]
command = sh -c 'i=0; while :; do i=$((i+1)); echo "tick $i"; sleep 0.1; done'
startsecs = 0
stdout_logfile = %[1]s/ticker.log
%[3]s`

// signalHost is the example host binary running signalConfig.
type signalHost struct {
	*ctlHost
	t    *testing.T
	dir  string
	conf string
	port int
	url  string
	c    *http.Client
}

func startSignalHost(t *testing.T, extra string) *signalHost {
	t.Helper()
	dir := ctlTempDir(t)
	h := &signalHost{t: t, dir: dir, conf: filepath.Join(dir, "supervisord.conf"), c: &http.Client{Timeout: time.Minute}}
	h.ctlHost = startCtlHost(t, h.conf, func(port int) {
		h.port = port
		h.writeConfig(extra)
	})
	h.url = fmt.Sprintf("http://127.0.0.1:%d/RPC2", h.port)
	h.waitRunning("sleeper")
	h.waitRunning("ticker")
	return h
}

func (h *signalHost) writeConfig(extra string) {
	if err := os.WriteFile(h.conf, []byte(fmt.Sprintf(signalConfig, h.dir, h.port, extra)), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

func (h *signalHost) signal(sig syscall.Signal) {
	h.t.Helper()
	if err := h.cmd.Process.Signal(sig); err != nil {
		h.t.Fatalf("kill -%v: %v", sig, err)
	}
}

// call calls method over TCP, failing the test on a transport error.
func (h *signalHost) call(method string, params ...any) *replay.Response {
	h.t.Helper()
	r, err := rpcCall(h.c, h.url, method, params...)
	if err != nil {
		h.t.Fatalf("%s: %v\nhost output:\n%s", method, err, h.out)
	}
	return r
}

// info returns a process's getProcessInfo struct.
func (h *signalHost) info(name string) map[string]any {
	h.t.Helper()
	r := h.call("supervisor.getProcessInfo", name)
	if r.Fault != nil {
		h.t.Fatalf("getProcessInfo(%s): %v", name, r)
	}
	return r.Value.(map[string]any)
}

// waitRunning waits until name is RUNNING (the host answering
// SHUTDOWN_STATE meanwhile, as while it restarts) and returns its pid.
func (h *signalHost) waitRunning(name string) int {
	h.t.Helper()
	var pid int
	eventually(h.t, func() (bool, string) {
		r, err := rpcCall(h.c, h.url, "supervisor.getProcessInfo", name)
		if err != nil || r.Fault != nil {
			return false, fmt.Sprint(r, err)
		}
		info := r.Value.(map[string]any)
		pid = int(info["pid"].(*big.Int).Int64())
		return info["statename"] == "RUNNING", fmt.Sprint(info)
	})
	return pid
}

func (h *signalHost) pid(name string) int {
	h.t.Helper()
	return int(h.info(name)["pid"].(*big.Int).Int64())
}

// log returns the host's main log.
func (h *signalHost) log() string {
	b, _ := os.ReadFile(filepath.Join(h.dir, "main.log"))
	return string(b)
}

func (h *signalHost) waitLog(want string) {
	h.t.Helper()
	eventually(h.t, func() (bool, string) { return strings.Contains(h.log(), want), "main log without " + want })
}

// TestSignalsShutDown: SIGTERM, SIGINT and SIGQUIT stop every program and
// end the host cleanly, as supervisord: no program left running, no
// pidfile, no socket, no goroutine dump (Go's default for SIGQUIT).
func TestSignalsShutDown(t *testing.T) {
	requireTool(t, "sh")
	names := map[syscall.Signal]string{syscall.SIGTERM: "SIGTERM", syscall.SIGINT: "SIGINT", syscall.SIGQUIT: "SIGQUIT"}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT} {
		name := names[sig]
		t.Run(name, func(t *testing.T) {
			h := startSignalHost(t, "")
			pids := []int{h.pid("sleeper"), h.pid("ticker")}
			pidfile := filepath.Join(h.dir, "host.pid")
			if b, err := os.ReadFile(pidfile); err != nil || string(b) != strconv.Itoa(h.cmd.Process.Pid)+"\n" {
				t.Fatalf("pidfile %q, %v; want the host's pid", b, err)
			}
			h.signal(sig)
			if !h.exited(ctlWait) {
				t.Fatal("the host did not exit")
			}
			if h.err != nil {
				t.Errorf("the host exited with %v\n%s", h.err, h.out)
			}
			for _, pid := range pids {
				if !pidGone(pid) {
					t.Errorf("program pid %d outlived the host", pid)
				}
			}
			for _, f := range []string{"host.pid", "s.sock"} {
				if _, err := os.Stat(filepath.Join(h.dir, f)); !os.IsNotExist(err) {
					t.Errorf("%s left behind (%v)", f, err)
				}
			}
			if out := h.out.String(); strings.Contains(out, "goroutine ") {
				t.Errorf("the host dumped its goroutines:\n%s", out)
			}
			if log := h.log(); !strings.Contains(log, " WARN received "+name+" indicating exit request\n") ||
				!strings.Contains(log, " WARN stopped: sleeper (terminated by SIGTERM)\n") {
				t.Errorf("main log:\n%s", log)
			}
		})
	}
}

// TestSignalHUPRestarts: SIGHUP restarts as supervisord does (every
// program stopped, the config file read again, the new programs started)
// in the same process, with the listeners kept: a connection opened
// before the HUP is used after it, and calls made throughout never fail
// (supervisor methods answer SHUTDOWN_STATE while programs stop).
func TestSignalHUPRestarts(t *testing.T) {
	requireTool(t, "sh")
	h := startSignalHost(t, "\n[program:old]\ncommand = sleep 1000\nstartsecs = 0\n")
	hostPid := h.cmd.Process.Pid
	before := map[string]int{"sleeper": h.pid("sleeper"), "ticker": h.pid("ticker"), "old": h.waitRunning("old")}

	// One keep-alive connection, counted: the calls after the HUP must
	// reuse it.
	var dials atomic.Int32
	kept := &http.Client{Timeout: time.Minute, Transport: &http.Transport{
		MaxConnsPerHost: 1,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}}
	if r, err := rpcCall(kept, h.url, "another.getRetries"); err != nil || r.Fault != nil {
		t.Fatalf("another.getRetries: %v %v", r, err)
	}
	// A request whose body is half sent when the HUP comes.
	half, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", h.port))
	if err != nil {
		t.Fatal(err)
	}
	defer half.Close()
	body := "<?xml version='1.0'?><methodCall><methodName>another.getRetries</methodName><params></params></methodCall>"
	fmt.Fprintf(half, "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:40])

	// Calls throughout the restart, from another client.
	var failed, shutdownState, okCalls atomic.Int32
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		c := &http.Client{Timeout: time.Minute}
		for {
			select {
			case <-stop:
				return
			default:
			}
			for _, m := range []string{"another.getRetries", "supervisor.getState"} {
				r, err := rpcCall(c, h.url, m)
				switch {
				case err != nil:
					failed.Add(1)
					t.Errorf("%s during the restart: %v", m, err)
				case r.Fault != nil && r.Fault.Code == 6:
					shutdownState.Add(1)
				case r.Fault != nil:
					failed.Add(1)
					t.Errorf("%s during the restart: %v", m, r)
				default:
					okCalls.Add(1)
				}
			}
		}
	})

	// The new config: old goes, new comes.
	h.writeConfig("\n[program:new]\ncommand = sleep 1000\nstartsecs = 0\n")
	h.signal(syscall.SIGHUP)
	h.waitLog(" WARN received SIGHUP indicating restart request\n")
	after := map[string]int{"sleeper": h.waitRunning("sleeper"), "ticker": h.waitRunning("ticker"), "new": h.waitRunning("new")}
	close(stop)
	wg.Wait()

	for name, pid := range before {
		if !pidGone(pid) {
			t.Errorf("%s's pid %d still runs after the restart", name, pid)
		}
	}
	for name, pid := range after {
		if pid == before[name] {
			t.Errorf("%s kept pid %d: not restarted", name, pid)
		}
	}
	if r := h.call("supervisor.getProcessInfo", "old"); r.Fault == nil || r.Fault.String != "BAD_NAME: old" {
		t.Errorf("old after the restart: %v", r)
	}
	if r := h.call("supervisor.getPID"); r.Fault != nil || int(r.Value.(*big.Int).Int64()) != hostPid {
		t.Errorf("getPID after the restart: %v, want %d", r, hostPid)
	}
	if b, _ := os.ReadFile(filepath.Join(h.dir, "host.pid")); string(b) != strconv.Itoa(hostPid)+"\n" {
		t.Errorf("pidfile after the restart: %q", b)
	}
	if r, err := rpcCall(kept, h.url, "another.getRetries"); err != nil || r.Fault != nil {
		t.Fatalf("another.getRetries after the restart: %v %v", r, err)
	}
	if n := dials.Load(); n != 1 {
		t.Errorf("%d connections dialled: the one opened before the restart was not kept", n)
	}
	// The half-sent request is answered once its body is complete.
	fmt.Fprint(half, body[40:])
	half.SetReadDeadline(time.Now().Add(time.Minute))
	resp, err := http.ReadResponse(bufio.NewReader(half), nil)
	if err != nil {
		t.Fatalf("the request half sent before the HUP: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "<int>1</int>") {
		t.Errorf("the request half sent before the HUP: %d %s", resp.StatusCode, b)
	}
	t.Logf("during the restart: %d answers, %d SHUTDOWN_STATE, %d failed", okCalls.Load(), shutdownState.Load(), failed.Load())
}

// TestSignalHUPBadConfig: a restart with a config file that no longer
// reads changes nothing: the error is logged, the programs keep running.
func TestSignalHUPBadConfig(t *testing.T) {
	requireTool(t, "sh")
	h := startSignalHost(t, "")
	pid := h.pid("sleeper")
	h.writeConfig("\n[program:broken]\nautostart = true\n")
	h.signal(syscall.SIGHUP)
	h.waitLog(" ERRO not restarting: ")
	if got := h.pid("sleeper"); got != pid {
		t.Errorf("sleeper's pid %d became %d", pid, got)
	}
	if r := h.call("supervisor.getState"); r.Fault != nil {
		t.Errorf("getState after a refused restart: %v", r)
	}
}

// TestSignalUSR2ReopensLogs: after an outside tool renamed the logs away
// (logrotate), SIGUSR2 makes the host and its programs write new ones at
// the same paths; nothing restarts.
func TestSignalUSR2ReopensLogs(t *testing.T) {
	requireTool(t, "sh")
	h := startSignalHost(t, "")
	pid := h.pid("ticker")
	mainLog, tickerLog := filepath.Join(h.dir, "main.log"), filepath.Join(h.dir, "ticker.log")
	eventually(t, func() (bool, string) { b, _ := os.ReadFile(tickerLog); return len(b) > 0, "ticker.log empty" })
	for _, p := range []string{mainLog, tickerLog} {
		if err := os.Rename(p, p+".1"); err != nil {
			t.Fatal(err)
		}
	}
	h.signal(syscall.SIGUSR2)
	eventually(t, func() (bool, string) {
		b, _ := os.ReadFile(tickerLog)
		return strings.Contains(string(b), "tick "), "no new ticker.log"
	})
	eventually(t, func() (bool, string) {
		b, _ := os.ReadFile(mainLog + ".1")
		return strings.Contains(string(b), " INFO received SIGUSR2 indicating log reopen request\n"), string(b)
	})
	h.call("supervisor.getState") // logged at trace, into the new file
	eventually(t, func() (bool, string) {
		return strings.Contains(h.log(), "XML-RPC method called: supervisor.getState()"), h.log()
	})
	if got := h.pid("ticker"); got != pid {
		t.Errorf("ticker's pid %d became %d", pid, got)
	}
}

// TestSignalsIgnored: every other catchable signal that would end a Go
// program (or that Go ignores) is logged as supervisord logs it and
// changes nothing: the host and its programs run on.
func TestSignalsIgnored(t *testing.T) {
	requireTool(t, "sh")
	h := startSignalHost(t, "")
	pid := h.pid("sleeper")
	for _, sig := range []struct {
		sig  syscall.Signal
		name string
	}{
		{syscall.SIGUSR1, "SIGUSR1"}, {syscall.SIGALRM, "SIGALRM"}, {syscall.SIGTRAP, "SIGTRAP"},
		{syscall.SIGABRT, "SIGABRT"}, {syscall.SIGBUS, "SIGBUS"}, {syscall.SIGFPE, "SIGFPE"},
		{syscall.SIGSEGV, "SIGSEGV"}, {syscall.SIGILL, "SIGILL"}, {syscall.SIGSYS, "SIGSYS"},
		{syscall.SIGSTKFLT, "SIGSTKFLT"}, {syscall.SIGPWR, "SIGPWR"}, {syscall.SIGXCPU, "SIGXCPU"},
		{syscall.SIGVTALRM, "SIGVTALRM"}, {syscall.Signal(40), "signal 40"},
	} {
		h.signal(sig.sig)
		h.waitLog(" BLAT received " + sig.name + " indicating nothing\n")
		if r := h.call("supervisor.getState"); r.Fault != nil {
			t.Fatalf("after %s: %v", sig.name, r)
		}
	}
	if got := h.pid("sleeper"); got != pid {
		t.Errorf("sleeper's pid %d became %d", pid, got)
	}
	h.signal(syscall.SIGTERM)
	if !h.exited(ctlWait) || !pidGone(pid) {
		t.Error("after SIGTERM: the host or sleeper still runs")
	}
}

// rpcCall calls method with string and int parameters; a fault is a
// Response, a transport or HTTP error an error.
func rpcCall(c *http.Client, url, method string, params ...any) (*replay.Response, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<?xml version='1.0'?><methodCall><methodName>%s</methodName><params>", method)
	for _, p := range params {
		switch v := p.(type) {
		case string:
			b.WriteString("<param><value><string>")
			xml.EscapeText(&b, []byte(v))
			b.WriteString("</string></value></param>")
		case int:
			fmt.Fprintf(&b, "<param><value><int>%d</int></value></param>", v)
		default:
			panic(fmt.Sprintf("rpcCall: %T", p))
		}
	}
	b.WriteString("</params></methodCall>")
	resp, err := c.Post(url, "text/xml", &b)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("HTTP %d: %s", resp.StatusCode, body)
	}
	return replay.ParseResponse(body)
}
