package interop_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// extModule is testdata/extmodule, a program in a module of its own that
// uses the client through a replace directive to this checkout, built
// once per test binary.
var extModule struct {
	once sync.Once
	dir  string // removed by TestMain
	bin  string
	err  error
}

func extModuleBinary(t *testing.T) string {
	t.Helper()
	goTool := requireTool(t, "go")
	extModule.once.Do(func() {
		dir, err := os.MkdirTemp("", "interop-extmodule-")
		if err != nil {
			extModule.err = err
			return
		}
		extModule.dir = dir
		bin := filepath.Join(dir, "extmodule")
		cmd := exec.Command(goTool, "build", "-o", bin, ".")
		cmd.Dir = filepath.Join("testdata", "extmodule")
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
		if out, err := cmd.CombinedOutput(); err != nil {
			extModule.err = fmt.Errorf("go build testdata/extmodule: %v\n%s", err, out)
			return
		}
		extModule.bin = bin
	})
	if extModule.err != nil {
		t.Fatal(extModule.err)
	}
	return extModule.bin
}

// runExtModule runs the program against url and fails the test unless it
// passes every check.
func runExtModule(t *testing.T, args ...string) {
	t.Helper()
	out, err := exec.Command(extModuleBinary(t), args...).CombinedOutput()
	if err != nil || !strings.HasSuffix(string(out), "PASS\n") {
		t.Errorf("extmodule %s: %v\n%s", strings.Join(args, " "), err, out)
		return
	}
	t.Logf("extmodule %s:\n%s", strings.Join(args, " "), out)
}

// extPrograms are the programs extmodule expects: a running sleeper, and
// slow, which stays STARTING.
const extPrograms = `
[program:sleeper]
command = sleep 1000
startsecs = 0

[program:slow]
command = sleep 1000
autostart = false
startsecs = 3600
`

// TestExternalModule: a program in another module, using only the
// client's fixed names, against supervisord 4.2.5 and the example host,
// over a unix socket and over TCP with a password: typed structs, maps,
// faults with codes, multicall with a per-call fault, 401, a deadline.
func TestExternalModule(t *testing.T) {
	extModuleBinary(t)
	t.Run("supervisord", func(t *testing.T) {
		sd := startSupervisord(t, extPrograms)
		runExtModule(t, "-url", sd.unixURL(), "-slow", "slow")
		runExtModule(t, "-url", sd.tcpURL(), "-user", "user", "-pass", "123", "-slow", "slow")
	})
	t.Run("example host", func(t *testing.T) {
		dir := ctlTempDir(t)
		sock := filepath.Join(dir, "s.sock")
		conf := filepath.Join(dir, "supervisord.conf")
		var port int
		startCtlHost(t, conf, func(p int) {
			port = p
			if err := os.WriteFile(conf, []byte(fmt.Sprintf(supervisordConfig, dir, sock, p, extPrograms)), 0o644); err != nil {
				t.Fatal(err)
			}
		})
		eventually(t, func() (bool, string) {
			out, err := exec.Command(extModuleBinary(t), "-url", "unix://"+sock).CombinedOutput()
			return err == nil, string(out)
		})
		runExtModule(t, "-url", "unix://"+sock, "-slow", "slow")
		runExtModule(t, "-url", fmt.Sprintf("http://127.0.0.1:%d", port), "-user", "user", "-pass", "123", "-slow", "slow")
	})
}
