package interop_test

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/supervisorrpc/rpcinterface/example/another"
	_ "github.com/supervisorrpc/rpcinterface/example/cache"
	_ "github.com/supervisorrpc/rpcinterface/example/conformance"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// hostConfig is the config the interop hosts serve: the conformance
// corpus's echo plugin, the seed's another plugin and supervisor_cache.
const hostConfig = `
[rpcinterface:echo]
supervisor.rpcinterface_factory = conformance_plugin:make_echo_rpcinterface

[rpcinterface:another]
supervisor.rpcinterface_factory = my.package:make_another_rpcinterface
retries = 4

[rpcinterface:cache]
supervisor.rpcinterface_factory = supervisor_cache.rpcinterface:make_cache_rpcinterface
`

const (
	hostPkg = "./example/cmd/rpchost"
	// moduleRoot is where go build runs: tests run in interop/.
	moduleRoot = ".."
	// Ports the interop hosts may use (the project's range for tests).
	firstPort, lastPort = 19400, 19499
)

// build is the example host, built once per test binary.
var build struct {
	once sync.Once
	dir  string // removed by TestMain
	bin  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
	if extModule.dir != "" {
		os.RemoveAll(extModule.dir)
	}
	if rpcctlBuild.dir != "" {
		os.RemoveAll(rpcctlBuild.dir)
	}
	os.Exit(code)
}

// hostBinary returns the path of example/cmd/rpchost, built on first use.
func hostBinary(t *testing.T) string {
	t.Helper()
	goTool := requireTool(t, "go")
	build.once.Do(func() {
		if build.dir, build.err = os.MkdirTemp("", "interop-rpchost-"); build.err != nil {
			return
		}
		bin := filepath.Join(build.dir, "rpchost")
		cmd := exec.Command(goTool, buildArgs("-o", bin, hostPkg)...)
		cmd.Dir = moduleRoot
		if out, err := cmd.CombinedOutput(); err != nil {
			build.err = fmt.Errorf("go build %s: %v\n%s", hostPkg, err, out)
			return
		}
		build.bin = bin
	})
	if build.err != nil {
		t.Fatal(build.err)
	}
	return build.bin
}

// buildArgs is the go command's "build" with args, and -race when the
// tests run under the race detector, so that the host's own races (its
// reloads under load, its signal handling) are found by the tests that
// drive it.
func buildArgs(args ...string) []string {
	if raceEnabled {
		return append([]string{"build", "-race"}, args...)
	}
	return append([]string{"build"}, args...)
}

// raceReport returns the race detector's reports in a host's output, or
// "" when it has none.
func raceReport(out string) string {
	i := strings.Index(out, "WARNING: DATA RACE")
	if i < 0 {
		return ""
	}
	return out[i:]
}

// hostHasFlag reports whether the example host has the command-line flag
// name (its -h usage lists it).
func hostHasFlag(t *testing.T, name string) bool {
	t.Helper()
	out, _ := exec.Command(hostBinary(t), "-h").CombinedOutput() // -h exits non-zero
	return strings.Contains(string(out), "\n  -"+name+" ") || strings.Contains(string(out), "\n  -"+name+"\n")
}

// host is a running example host.
type host struct {
	Addr string // 127.0.0.1:port
	URL  string // http://127.0.0.1:port/RPC2
}

// startHost runs the example host on hostConfig with extra command-line
// args until the test ends.
func startHost(t *testing.T, args ...string) *host {
	t.Helper()
	return startHostConfig(t, hostConfig, args...)
}

// startHostConfig runs the example host with config on a free port from
// the project's test range until the test ends. It returns once the host
// accepts connections.
func startHostConfig(t *testing.T, config string, args ...string) *host {
	t.Helper()
	bin := hostBinary(t)
	dir := t.TempDir()
	conf := filepath.Join(dir, "supervisord.conf")
	if err := os.WriteFile(conf, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	var lastErr error
	for range 20 {
		port := nextPort()
		h, err := tryHost(t, bin, conf, filepath.Join(dir, fmt.Sprintf("host-%d.log", port)), port, args)
		if err == nil {
			return h
		}
		if !errors.Is(err, errPortTaken) {
			t.Fatal(err)
		}
		lastErr = err
	}
	t.Fatalf("no free port in %d-%d: %v", firstPort, lastPort, lastErr)
	return nil
}

// ports hands out the test range's ports round-robin, starting at an
// offset taken from the process id, so that hosts started by one test
// binary never race each other for a port.
var ports struct {
	mu      sync.Mutex
	started bool
	next    int
}

func nextPort() int {
	ports.mu.Lock()
	defer ports.mu.Unlock()
	span := lastPort - firstPort + 1
	if !ports.started {
		ports.started, ports.next = true, os.Getpid()%span
	}
	p := firstPort + ports.next%span
	ports.next++
	return p
}

var errPortTaken = errors.New("port taken")

// tryHost starts the host on port; errPortTaken means try another one.
func tryHost(t *testing.T, bin, conf, logPath string, port int, args []string) (*host, error) {
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errPortTaken, err)
	}
	ln.Close()
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	cmd := exec.Command(bin, append([]string{"-c", conf, "-listen", addr}, args...)...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	// stop shuts the host down as an operator does, with SIGTERM, so that
	// it stops its programs (SIGKILL would leave them running under pid 1);
	// SIGKILL only if it has not exited after a generous grace period.
	stop := func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(time.Minute):
			cmd.Process.Kill()
			<-exited
		}
	}
	if err := waitAccepting(addr, exited); err != nil {
		stop()
		log, _ := os.ReadFile(logPath)
		if strings.Contains(string(log), "address already in use") {
			return nil, fmt.Errorf("%w: %s", errPortTaken, log)
		}
		return nil, fmt.Errorf("%v\nhost log:\n%s", err, log)
	}
	t.Cleanup(func() {
		stop()
		log, _ := os.ReadFile(logPath)
		if r := raceReport(string(log)); r != "" {
			t.Errorf("the host (%s) has a data race:\n%s", addr, r)
		}
		if t.Failed() {
			t.Logf("host log (%s):\n%s", addr, log)
		}
	})
	return &host{Addr: addr, URL: "http://" + addr + rpcext.Path}, nil
}

// waitAccepting waits until addr accepts connections or the host exits.
// The deadline only bounds a host that hangs; it is not a speed
// requirement.
func waitAccepting(addr string, exited <-chan struct{}) error {
	deadline := time.Now().Add(time.Minute)
	for {
		select {
		case <-exited:
			return fmt.Errorf("host exited before accepting connections on %s", addr)
		default:
		}
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			select {
			case <-exited: // someone else's server answered
				return fmt.Errorf("host exited before accepting connections on %s", addr)
			default:
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("host did not accept connections on %s within a minute", addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// startSpecServer serves hostConfig in this process with the multicall
// specification's dialect (rpcext.WithSpecMulticall), for clients such as
// Python's xmlrpc.client.MultiCall that expect it: the example host has no
// switch for it. It returns the /RPC2 URL.
func startSpecServer(t *testing.T) string {
	t.Helper()
	cfg, err := rpcext.ParseConfig([]byte(hostConfig), "interop.conf")
	if err != nil {
		t.Fatal(err)
	}
	h, err := rpcext.NewHandler(cfg, rpcext.WithSpecMulticall(), rpcext.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(rpcext.Path, h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + rpcext.Path
}
