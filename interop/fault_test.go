package interop_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The fault tests: a client killed with SIGKILL in the middle of its
// request, the host killed with SIGKILL and restarted under load, and the
// host's log file unable to grow. Each time the host goes on (or comes
// back) and answers correctly.

// faultLiveness bounds the waits of the fault tests; it is never a speed
// requirement.
const faultLiveness = time.Minute

// faultHost is an example host process the test can kill and restart.
type faultHost struct {
	t          *testing.T
	bin, conf  string
	addr       string // 127.0.0.1:port
	debugAddr  string // "" when the host has no -debug flag
	logPath    string // its stdout and stderr
	wrap       []string
	extraArgs  []string
	cmd        *exec.Cmd
	exited     chan struct{}
	restartErr error
}

// startFaultHost runs the host with config (where %[1]s is the address,
// %[2]s the directory dir, a new one if "", where dir/log is made) on
// ports of the project's test range. wrap is a command line the host's
// is appended to (sh -c ...).
func startFaultHost(t *testing.T, dir, config string, wrap []string, args ...string) *faultHost {
	t.Helper()
	h := &faultHost{t: t, bin: hostBinary(t), wrap: wrap, extraArgs: args}
	if dir == "" {
		dir = shortDir(t)
	}
	if err := os.MkdirAll(filepath.Join(dir, "log"), 0o755); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		h.addr = fmt.Sprintf("127.0.0.1:%d", nextPort())
		if hostHasFlag(t, "debug") {
			h.debugAddr = fmt.Sprintf("127.0.0.1:%d", nextPort())
		}
		h.conf = filepath.Join(dir, "supervisord.conf")
		if err := os.WriteFile(h.conf, fmt.Appendf(nil, config, h.addr, dir), 0o644); err != nil {
			t.Fatal(err)
		}
		h.logPath = filepath.Join(dir, "host.out")
		err := h.start()
		if err == nil {
			t.Cleanup(func() {
				h.kill()
				if t.Failed() {
					out, _ := os.ReadFile(h.logPath)
					t.Logf("host output:\n%s", out)
				}
			})
			return h
		}
		if !errors.Is(err, errPortTaken) {
			t.Fatal(err)
		}
	}
	t.Fatal("no free ports in the test range")
	return nil
}

// shortDir returns a directory short enough for a unix socket path.
func shortDir(t *testing.T) string {
	dir, err := os.MkdirTemp("/tmp", "flt")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func (h *faultHost) start() error {
	for _, a := range []string{h.addr, h.debugAddr} {
		if a == "" {
			continue
		}
		ln, err := net.Listen("tcp", a)
		if err != nil {
			return fmt.Errorf("%w: %v", errPortTaken, err)
		}
		ln.Close()
	}
	out, err := os.OpenFile(h.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer out.Close()
	args := append([]string{"-c", h.conf}, h.extraArgs...)
	if h.debugAddr != "" {
		args = append(args, "-debug", h.debugAddr)
	}
	argv := append(append(append([]string(nil), h.wrap...), h.bin), args...)
	h.cmd = exec.Command(argv[0], argv[1:]...)
	h.cmd.Stdout, h.cmd.Stderr = out, out
	if err := h.cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	h.exited = exited
	cmd := h.cmd
	go func() {
		cmd.Wait()
		close(exited)
	}()
	if err := waitAccepting(h.addr, exited); err != nil {
		h.kill()
		log, _ := os.ReadFile(h.logPath)
		if strings.Contains(string(log), "address already in use") {
			return fmt.Errorf("%w: %s", errPortTaken, log)
		}
		return fmt.Errorf("%v\nhost output:\n%s", err, log)
	}
	return nil
}

// kill stops the host with SIGKILL, as a crash would.
func (h *faultHost) kill() {
	if h.cmd != nil && h.cmd.Process != nil {
		h.cmd.Process.Kill()
		<-h.exited
	}
}

func (h *faultHost) alive() bool {
	select {
	case <-h.exited:
		return false
	default:
		return true
	}
}

func (h *faultHost) url() string { return "http://" + h.addr + "/RPC2" }

// figures are the host's -debug expvar goroutines and live heap.
type figures struct {
	Goroutines int   `json:"goroutines"`
	Heap       int64 `json:"heap"`
}

func (h *faultHost) figures(t *testing.T) figures {
	t.Helper()
	var f figures
	resp, err := http.Get("http://" + h.debugAddr + "/debug/vars")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&f); err != nil {
		t.Fatal(err)
	}
	return f
}

// addCall is the body of echo.add(a, b).
func addCall(a, b int) string {
	return fmt.Sprintf("<?xml version='1.0'?><methodCall><methodName>echo.add</methodName><params>"+
		"<param><value><int>%d</int></value></param><param><value><int>%d</int></value></param></params></methodCall>", a, b)
}

// checkAdd calls echo.add(a, b) and checks the answer.
func checkAdd(c *http.Client, url string, a, b int) error {
	resp, err := c.Post(url, "text/xml", strings.NewReader(addCall(a, b)))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if want := fmt.Sprintf("<value><int>%d</int></value>", a+b); resp.StatusCode != 200 || !strings.Contains(string(body), want) {
		return fmt.Errorf("%w: echo.add(%d, %d): %d %q", errWrongAnswer, a, b, resp.StatusCode, body)
	}
	return nil
}

var errWrongAnswer = errors.New("wrong answer")

const faultConfig = `
[inet_http_server]
port = %[1]s

[rpcinterface:echo]
supervisor.rpcinterface_factory = conformance_plugin:make_echo_rpcinterface
`

// helperEnv names the mode of TestFaultHelperClient, the client process
// the fault tests kill.
const helperEnv = "RPCINTERFACE_FAULT_HELPER"

// TestFaultHelperClient is not a test: it is the client process that
// TestFaultClientKilled starts (this test binary, run again) and kills
// with SIGKILL once it prints "ready".
func TestFaultHelperClient(t *testing.T) {
	mode := os.Getenv(helperEnv)
	if mode == "" {
		return // not started as the helper: nothing to do (os/exec's TestHelperProcess convention)
	}
	addr := os.Getenv(helperEnv + "_ADDR")
	big := "<?xml version='1.0'?><methodCall><methodName>echo.echo</methodName><params><param><value><string>" +
		strings.Repeat("x", 1<<20) + "</string></value></param></params></methodCall>"
	head := fmt.Sprintf("POST /RPC2 HTTP/1.1\r\nHost: %s\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n", addr, len(big))
	switch mode {
	case "half-body", "unread":
		c, err := net.Dial("tcp", addr)
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		data := head + big
		if mode == "half-body" {
			data = head + big[:len(big)/2]
		}
		io.WriteString(c, data)
	case "load":
		var ok atomic.Int64
		for i := range 8 {
			go func() {
				for n := 0; ; n++ {
					if checkAdd(http.DefaultClient, "http://"+addr+"/RPC2", i, n) == nil {
						ok.Add(1)
					}
					if resp, err := http.Post("http://"+addr+"/RPC2", "text/xml", strings.NewReader(big)); err == nil {
						resp.Body.Read(make([]byte, 100)) // part of the answer only
						resp.Body.Close()
					}
				}
			}()
		}
		for ok.Load() < 8 {
			time.Sleep(10 * time.Millisecond)
		}
	}
	fmt.Println("ready")
	time.Sleep(10 * time.Minute) // until killed
}

// TestFaultClientKilled: a client killed with SIGKILL halfway through
// sending its body, after sending a request without reading the answer,
// and while it has many calls in flight, leaves the host answering
// correctly, with its goroutines (within 2) and live heap (within 4 MiB)
// back to where they were.
func TestFaultClientKilled(t *testing.T) {
	h := startFaultHost(t, "", faultConfig, nil)
	var before figures
	if h.debugAddr != "" {
		if err := checkAdd(http.DefaultClient, h.url(), 1, 1); err != nil {
			t.Fatal(err)
		}
		http.DefaultClient.CloseIdleConnections()
		time.Sleep(200 * time.Millisecond)
		before = h.figures(t)
	}
	for _, mode := range []string{"half-body", "unread", "load"} {
		t.Run(mode, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestFaultHelperClient$")
			cmd.Env = append(os.Environ(), helperEnv+"="+mode, helperEnv+"_ADDR="+h.addr)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			ready := make(chan string, 1)
			go func() {
				line, _ := bufio.NewReader(stdout).ReadString('\n')
				ready <- line
			}()
			select {
			case line := <-ready:
				if strings.TrimSpace(line) != "ready" {
					cmd.Process.Kill()
					cmd.Wait()
					t.Fatalf("client: %q", line)
				}
			case <-time.After(faultLiveness):
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatal("the client never got ready")
			}
			cmd.Process.Kill() // SIGKILL, mid-request
			cmd.Wait()
			for i := range 20 {
				if err := checkAdd(http.DefaultClient, h.url(), i, 1000); err != nil {
					t.Fatal(err)
				}
			}
			if !h.alive() {
				t.Fatal("the host died")
			}
		})
	}
	if h.debugAddr == "" {
		t.Log("the host has no -debug flag: goroutines not checked")
		return
	}
	http.DefaultClient.CloseIdleConnections()
	var after figures
	for deadline := time.Now().Add(faultLiveness); ; time.Sleep(100 * time.Millisecond) {
		if after = h.figures(t); after.Goroutines <= before.Goroutines+2 && after.Heap <= before.Heap+4<<20 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the killed clients: %d goroutines, %d bytes of heap; before: %d, %d",
				after.Goroutines, after.Heap, before.Goroutines, before.Heap)
		}
	}
	t.Logf("goroutines %d before, %d after; heap %d before, %d after", before.Goroutines, after.Goroutines, before.Heap, after.Heap)
}

// TestFaultHostRestartMidLoad: the host is killed with SIGKILL while
// clients call it, over TCP and its unix socket (whose file is left
// behind), and started again with the same config: every client gets
// correct answers again, and no client ever got a wrong one.
func TestFaultHostRestartMidLoad(t *testing.T) {
	config := faultConfig + "\n[unix_http_server]\nfile = %[2]s/h.sock\n"
	h := startFaultHost(t, "", config, nil)
	sock := filepath.Join(filepath.Dir(h.conf), "h.sock")
	unixClient := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", sock)
		},
	}}
	const clients = 16
	var (
		wrong     atomic.Int64
		failed    atomic.Int64
		phase     atomic.Int64 // 0 before the kill, 1 after the restart
		okBefore  atomic.Int64
		recovered [clients]atomic.Bool
		stop      = make(chan struct{})
		wg        sync.WaitGroup
	)
	for i := range clients {
		wg.Go(func() {
			c := &http.Client{Timeout: 10 * time.Second}
			url := h.url()
			if i%4 == 3 {
				c, url = unixClient, "http://localhost/RPC2"
			}
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				p := phase.Load()
				err := checkAdd(c, url, i, n)
				switch {
				case errors.Is(err, errWrongAnswer):
					wrong.Add(1)
					t.Error(err)
					return
				case err != nil:
					failed.Add(1)
					time.Sleep(20 * time.Millisecond)
				case p == 0:
					okBefore.Add(1)
				default:
					recovered[i].Store(true)
				}
			}
		})
	}
	defer func() {
		close(stop)
		wg.Wait()
	}()
	waitFor(t, "calls before the kill", func() bool { return okBefore.Load() >= 200 })
	h.kill()
	if _, err := os.Stat(sock); err != nil {
		t.Logf("the killed host's socket file: %v", err)
	}
	waitFor(t, "clients to notice", func() bool { return failed.Load() > 0 })
	if err := h.start(); err != nil {
		t.Fatalf("restart: %v", err)
	}
	phase.Store(1)
	waitFor(t, "every client to recover", func() bool {
		for i := range recovered {
			if !recovered[i].Load() {
				return false
			}
		}
		return true
	})
	if wrong.Load() != 0 {
		t.Fatalf("%d wrong answers", wrong.Load())
	}
	t.Logf("%d calls before the kill, %d failed while the host was down", okBefore.Load(), failed.Load())
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(faultLiveness); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}

// logConfig has a main log file where every call is logged (loglevel
// trace), and the supervisor namespace for supervisor.clearLog.
const logConfig = faultConfig + `
[supervisord]
logfile = %[2]s/log/main.log
loglevel = trace

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
`

// TestFaultLogCannotGrow: with the host's log file unable to grow (a
// file-size limit, ulimit -f, which makes writes fail with EFBIG as on a
// full disk), the host answers every call correctly; once
// supervisor.clearLog has made room it logs again.
func TestFaultLogCannotGrow(t *testing.T) {
	sh := requireTool(t, "sh")
	const limitBlocks = 16 // of 512 bytes in dash, 1024 in bash: 8 or 16 KiB
	h := startFaultHost(t, "", logConfig, []string{sh, "-c", fmt.Sprintf(`ulimit -f %d && exec "$0" "$@"`, limitBlocks)})
	logPath := filepath.Join(filepath.Dir(h.conf), "log", "main.log")
	for i := range 2000 { // far more than the limit's worth of log lines
		if err := checkAdd(http.DefaultClient, h.url(), i, i); err != nil {
			t.Fatal(err)
		}
	}
	fi, err := os.Stat(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() > 16<<10 {
		t.Fatalf("the log grew to %d bytes: the limit did not apply", fi.Size())
	}
	if !h.alive() {
		t.Fatal("the host died")
	}
	checkLogsAgain(t, h, logPath)
}

// TestFaultLogDiskFull: the host's log file on a tiny tmpfs that is then
// filled up: the host answers every call correctly while the disk is
// full, and logs again once room is made. Needs mount(2): skipped when
// mounting fails (as in an unprivileged container).
func TestFaultLogDiskFull(t *testing.T) {
	mount := requireTool(t, "mount")
	h := startFaultHostOnTmpfs(t, mount)
	if h == nil {
		return
	}
	logDir := filepath.Join(filepath.Dir(h.conf), "log")
	logPath := filepath.Join(logDir, "main.log")
	filler := filepath.Join(logDir, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(make([]byte, 1<<20)); err == nil {
		t.Fatal("a 256 KiB tmpfs took 1 MiB")
	}
	f.Close()
	for i := range 2000 {
		if err := checkAdd(http.DefaultClient, h.url(), i, i); err != nil {
			t.Fatal(err)
		}
	}
	if !h.alive() {
		t.Fatal("the host died")
	}
	os.Remove(filler)
	checkLogsAgain(t, h, logPath)
}

// startFaultHostOnTmpfs starts the host with its log on a 256 KiB tmpfs,
// or skips the test (returning nil) when mounting one fails.
func startFaultHostOnTmpfs(t *testing.T, mount string) *faultHost {
	// The config names %[2]s/log: it is mounted before the host starts.
	dir := shortDir(t)
	logDir := filepath.Join(dir, "log")
	if err := os.Mkdir(logDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(mount, "-t", "tmpfs", "-o", "size=256k", "tmpfs", logDir).CombinedOutput(); err != nil {
		t.Skipf("skipping: cannot mount a tmpfs (%v: %s); the file-size-limit test covers a log that cannot grow", err, strings.TrimSpace(string(out)))
		return nil
	}
	t.Cleanup(func() { exec.Command("umount", logDir).Run() })
	return startFaultHost(t, dir, logConfig, nil)
}

// checkLogsAgain calls supervisor.clearLog, then checks that a call made
// afterwards is logged.
func checkLogsAgain(t *testing.T, h *faultHost, logPath string) {
	t.Helper()
	resp, err := http.Post(h.url(), "text/xml", strings.NewReader(
		"<?xml version='1.0'?><methodCall><methodName>supervisor.clearLog</methodName><params></params></methodCall>"))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "<boolean>1</boolean>") {
		t.Fatalf("supervisor.clearLog: %q", body)
	}
	if err := checkAdd(http.DefaultClient, h.url(), 1, 2); err != nil {
		t.Fatal(err)
	}
	// The fresh log has the call made after clearLog.
	waitFor(t, "a log line after clearLog", func() bool {
		b, _ := os.ReadFile(logPath)
		return strings.Contains(string(b), "XML-RPC method called: echo.add()")
	})
}
