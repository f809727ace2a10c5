package main

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
)

// restartConfig: two programs, a main log at trace level (every call
// logged), the supervisor and twiddler namespaces.
const restartConfig = `
[supervisord]
logfile = {dir}/main.log
pidfile = {dir}/host.pid
childlogdir = {dir}
loglevel = trace

[unix_http_server]
file = {dir}/s.sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[rpcinterface:twiddler]
supervisor.rpcinterface_factory = supervisor_twiddler.rpcinterface:make_twiddler_rpcinterface

[program:sleeper]
command = sleep 1000
startsecs = 0

[program:cat]
command = cat
startsecs = 0
`

// TestRestartUnderLoad: restarts (supervisor.restart and SIGHUP), log
// reopens (SIGUSR2) and ignored signals while clients call the host
// without pause; run with -race. Every call is answered (a value, or
// SHUTDOWN_STATE while the programs stop), and the programs end up
// running under the last generation.
func TestRestartUnderLoad(t *testing.T) {
	dir := shortTempDir(t)
	conf := filepath.Join(dir, "supervisord.conf")
	if err := os.WriteFile(conf, []byte(strings.ReplaceAll(restartConfig, "{dir}", dir)), 0o644); err != nil {
		t.Fatal(err)
	}
	var hostLog testkit.LogBuffer
	h, err := newHost(hostOptions{configPath: conf, stderr: &hostLog})
	if err != nil {
		t.Fatal(err)
	}
	sigs := make(chan os.Signal, 4)
	done := make(chan error, 1)
	go func() { done <- h.run(sigs) }()
	defer func() {
		if t.Failed() {
			t.Logf("host log:\n%s", hostLog.String())
		}
	}()
	c := unixClient(filepath.Join(dir, "s.sock"))
	c.call(t, "supervisor.getProcessInfo", []any{"cat"}, []byte(`{"statename": "RUNNING"}`))

	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, calls := range [][]any{
		{"supervisor.getAllProcessInfo"},
		{"supervisor.sendProcessStdin", "cat", "x\n"},
		{"supervisor.getAllConfigInfo"},
		{"twiddler.getGroupNames"},
		{"supervisor.readLog", float64(-100), float64(0)},
	} {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				a := c.once(t, calls[0].(string), calls[1:])
				switch {
				case a.isValue:
				case a.Fault != nil && a.Fault.FaultCode == 6: // SHUTDOWN_STATE
				case a.Fault != nil && a.Fault.FaultCode == 70 && calls[0] == "supervisor.sendProcessStdin": // cat not running yet
				default:
					t.Errorf("%v: %+v %s", calls, a, a.raw)
					return
				}
			}
		})
	}
	for i := range 3 {
		if i%2 == 0 {
			h.Restart()
		} else {
			sigs <- syscall.SIGHUP
		}
		sigs <- syscall.SIGUSR2
		sigs <- syscall.SIGUSR1
		time.Sleep(100 * time.Millisecond)
		c.call(t, "supervisor.getProcessInfo", []any{"cat"}, []byte(`{"statename": "RUNNING"}`))
	}
	close(stop)
	wg.Wait()
	if got := strings.Count(hostLog.String(), "supervisord started with pid"); got < 2 {
		t.Errorf("%d starts logged, want at least 2 (a restart)", got)
	}
	sigs <- syscall.SIGTERM
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the host did not shut down")
	}
	h.close()
	if _, err := os.Stat(filepath.Join(dir, "host.pid")); !os.IsNotExist(err) {
		t.Errorf("pidfile after the exit: %v", err)
	}
}
