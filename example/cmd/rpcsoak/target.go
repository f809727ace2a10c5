package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// target is the host under test.
type target struct {
	url            string // http://127.0.0.1:port/RPC2
	addr           string // 127.0.0.1:port
	debugAddr      string
	user, password string

	cmd     *exec.Cmd     // nil for a host started by someone else
	exited  chan struct{} // closed when cmd exits
	dir     string        // scratch directory, removed by close
	logPath string
}

// isLoopback reports whether host (a name or an IP) is a loopback one.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func existingTarget(s settings) (*target, error) {
	u, err := url.Parse(s.url)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		return nil, fmt.Errorf("-url %q: want http://127.0.0.1:PORT/RPC2", s.url)
	}
	if !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("-url %s: only loopback hosts may be soaked", s.url)
	}
	dh, _, err := net.SplitHostPort(s.debug)
	if err != nil || !isLoopback(dh) {
		return nil, fmt.Errorf("-debug %s: want a loopback host:port", s.debug)
	}
	return &target{url: s.url, addr: u.Host, debugAddr: s.debug, user: s.user, password: s.password}, nil
}

// soakConfig is the config of the host rpcsoak starts: the conformance
// corpus's echo plugin and the seed's another plugin, behind credentials.
const soakConfig = `[inet_http_server]
port = %s
username = %s
password = %s

[rpcinterface:echo]
supervisor.rpcinterface_factory = conformance_plugin:make_echo_rpcinterface

[rpcinterface:another]
supervisor.rpcinterface_factory = my.package:make_another_rpcinterface
retries = 4
`

// startTarget builds (unless -host) and starts the example host on two
// free ports of the range, one for XML-RPC, one for -debug.
func startTarget(ctx context.Context, s settings) (*target, error) {
	dir, err := os.MkdirTemp("", "rpcsoak-")
	if err != nil {
		return nil, err
	}
	t := &target{dir: dir, user: "soak", password: randomPassword(), logPath: filepath.Join(dir, "host.log")}
	bin := s.hostBin
	if bin == "" {
		bin = filepath.Join(dir, "rpchost")
		build := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/supervisorrpc/rpcinterface/example/cmd/rpchost")
		if out, err := build.CombinedOutput(); err != nil {
			t.close()
			return nil, fmt.Errorf("building the host (run rpcsoak from the module, or give -host): %v\n%s", err, out)
		}
	}
	help, _ := exec.Command(bin, "-h").CombinedOutput()
	if !strings.Contains(string(help), "-debug") {
		t.close()
		return nil, fmt.Errorf("%s has no -debug flag: rpcsoak needs it to measure goroutines and heap", bin)
	}
	quiet := strings.Contains(string(help), "-quiet") // no log line per call

	conf := filepath.Join(dir, "supervisord.conf")
	args := []string{"-c", conf}
	if quiet {
		args = append(args, "-quiet")
	}
	// Another program may take a port between the probe and the host's
	// listen: then try others.
	for attempt := range 10 {
		free := freePorts(s.portLo, s.portHi, 2, attempt*7)
		if len(free) < 2 {
			t.close()
			return nil, fmt.Errorf("fewer than two free ports in %d-%d", s.portLo, s.portHi)
		}
		t.addr = "127.0.0.1:" + strconv.Itoa(free[0])
		t.debugAddr = "127.0.0.1:" + strconv.Itoa(free[1])
		t.url = "http://" + t.addr + "/RPC2"
		if err := os.WriteFile(conf, fmt.Appendf(nil, soakConfig, t.addr, t.user, t.password), 0o600); err != nil {
			t.close()
			return nil, err
		}
		err := t.start(bin, append(args, "-debug", t.debugAddr))
		if err == nil {
			return t, nil
		}
		out, _ := os.ReadFile(t.logPath)
		if !strings.Contains(string(out), "address already in use") {
			t.close()
			return nil, fmt.Errorf("%v; host log:\n%s", err, out)
		}
	}
	t.close()
	return nil, fmt.Errorf("the host found no free port in %d-%d", s.portLo, s.portHi)
}

// start runs the host and waits until both its listeners accept.
func (t *target) start(bin string, args []string) error {
	log, err := os.Create(t.logPath)
	if err != nil {
		return err
	}
	defer log.Close()
	t.cmd = exec.Command(bin, args...)
	t.cmd.Stdout, t.cmd.Stderr = log, log
	if err := t.cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	t.exited = exited
	cmd := t.cmd
	go func() {
		cmd.Wait()
		close(exited)
	}()
	for _, addr := range []string{t.addr, t.debugAddr} {
		if err := t.waitAccepting(addr); err != nil {
			cmd.Process.Kill()
			<-exited
			return err
		}
	}
	return nil
}

func randomPassword() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// freePorts returns up to n ports of lo-hi nothing listens on now,
// starting at an offset taken from the process id, plus skip.
func freePorts(lo, hi, n, skip int) []int {
	var out []int
	span := hi - lo + 1
	for i := range span {
		p := lo + (os.Getpid()+skip+i)%span
		ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
		if err != nil {
			continue
		}
		ln.Close()
		if out = append(out, p); len(out) == n {
			break
		}
	}
	return out
}

func (t *target) waitAccepting(addr string) error {
	deadline := time.Now().Add(time.Minute) // bounds a host that hangs
	for {
		select {
		case <-t.exited:
			return errors.New("the host exited")
		default:
		}
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the host does not accept connections on %s", addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// alive reports whether the host is still running (always true for one
// started by someone else).
func (t *target) alive() bool {
	if t.exited == nil {
		return true
	}
	select {
	case <-t.exited:
		return false
	default:
		return true
	}
}

func (t *target) close() {
	if t.cmd != nil && t.cmd.Process != nil && t.alive() {
		t.cmd.Process.Signal(os.Interrupt)
		select {
		case <-t.exited:
		case <-time.After(10 * time.Second):
			t.cmd.Process.Kill()
			<-t.exited
		}
	}
	if t.dir != "" {
		os.RemoveAll(t.dir)
	}
}

// runtimeFigures are the host's -debug expvar figures.
type runtimeFigures struct {
	Goroutines int   `json:"goroutines"`
	Heap       int64 `json:"heap"`
}

func (t *target) figures() (runtimeFigures, error) {
	var f runtimeFigures
	c := &http.Client{Timeout: time.Minute}
	resp, err := c.Get("http://" + t.debugAddr + "/debug/vars")
	if err != nil {
		return f, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return f, err
	}
	if resp.StatusCode != 200 {
		return f, fmt.Errorf("/debug/vars: %s", resp.Status)
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return f, fmt.Errorf("/debug/vars: %w", err)
	}
	if f.Goroutines == 0 {
		return f, errors.New("/debug/vars has no goroutines figure: is this rpchost -debug?")
	}
	return f, nil
}
