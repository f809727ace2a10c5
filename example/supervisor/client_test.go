package supervisor_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/example/supervisor"
	"github.com/supervisorrpc/rpcinterface/rpcext"
	"github.com/supervisorrpc/rpcinterface/rpctest"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// host is a supervisor.Host over a real process manager.
type host struct {
	m        *procman.Manager
	log      string
	groups   []procman.GroupConfig // what ReadGroupConfigs reads
	shutting atomic.Bool
	restarts atomic.Int32
}

func (h *host) Restart() { h.restarts.Add(1) }
func (h *host) ReadGroupConfigs() ([]procman.GroupConfig, error) {
	return h.groups, nil
}

func (h *host) Manager() *procman.Manager { return h.m }
func (h *host) Identification() string    { return "client-test" }
func (h *host) MainLogfile() string       { return h.log }
func (h *host) ReopenMainLog() error      { return os.WriteFile(h.log, nil, 0o644) }
func (h *host) Shutdown()                 { h.shutting.Store(true) }
func (h *host) ShuttingDown() bool        { return h.shutting.Load() }

const clientConfig = `
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:sleeper]
command = sleep 1000
startsecs = 0

[program:printer]
command = sh -c 'echo out; echo err >&2; exec sleep 1000'
autostart = false
startsecs = 0

[program:nocmd]
command = /nonexistent/binary
autostart = false

[group:grp]
programs = a,b

[program:a]
command = sleep 1000
autostart = false
startsecs = 0

[program:b]
command = sleep 1000
autostart = false
startsecs = 0
`

// serveSupervisor serves the supervisor namespace over clientConfig's
// programs, the autostart ones started, and returns its typed client.
func serveSupervisor(t *testing.T) (*supervisor.Client, *host) {
	dir := t.TempDir()
	cfg, err := rpcext.ParseConfig([]byte(clientConfig), filepath.Join(dir, "supervisord.conf"))
	if err != nil {
		t.Fatal(err)
	}
	groups, err := procman.GroupsFromConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	m := procman.New(procman.WithChildLogDir(dir))
	m.SetGroupConfigs(groups)
	for _, g := range groups {
		if _, err := m.AddGroup(g); err != nil {
			t.Fatal(err)
		}
	}
	h := &host{m: m, log: filepath.Join(dir, "main.log"), groups: groups}
	os.WriteFile(h.log, []byte("line 1\nline 2\n"), 0o644)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		m.Shutdown(ctx)
		m.Close()
	})
	srv := rpctest.NewServer(t, clientConfig, rpcext.WithHost(h))
	m.Autostart()
	return supervisor.NewClient(srv.Client()), h
}

// faultCode returns err's fault code, or fails the test.
func faultCode(t *testing.T, what string, err error) xmlrpc.Code {
	t.Helper()
	var f *xmlrpc.Fault
	if !errors.As(err, &f) {
		t.Fatalf("%s: %v, want a fault", what, err)
	}
	return f.Code
}

func TestClientIdentity(t *testing.T) {
	sv, _ := serveSupervisor(t)
	ctx := t.Context()
	if v, err := sv.GetAPIVersion(ctx); err != nil || v != supervisor.APIVersion {
		t.Errorf("GetAPIVersion: %q, %v", v, err)
	}
	if v, err := sv.GetSupervisorVersion(ctx); err != nil || v != supervisor.SupervisorVersion {
		t.Errorf("GetSupervisorVersion: %q, %v", v, err)
	}
	if v, err := sv.GetIdentification(ctx); err != nil || v != "client-test" {
		t.Errorf("GetIdentification: %q, %v", v, err)
	}
	if v, err := sv.GetState(ctx); err != nil || v != (supervisor.State{Statecode: 1, Statename: "RUNNING"}) {
		t.Errorf("GetState: %+v, %v", v, err)
	}
	if v, err := sv.GetPID(ctx); err != nil || v != os.Getpid() {
		t.Errorf("GetPID: %d, %v", v, err)
	}
	if v, err := sv.ReadLog(ctx, 0, 6); err != nil || v != "line 1" {
		t.Errorf("ReadLog: %q, %v", v, err)
	}
	if err := sv.ClearLog(ctx); err != nil {
		t.Errorf("ClearLog: %v", err)
	}
	if v, err := sv.ReadLog(ctx, 0, 0); err != nil || v != "" {
		t.Errorf("ReadLog after ClearLog: %q, %v", v, err)
	}
}

func TestClientProcesses(t *testing.T) {
	sv, _ := serveSupervisor(t)
	ctx := t.Context()

	all, err := sv.GetAllProcessInfo(ctx)
	if err != nil || len(all) != 5 {
		t.Fatalf("GetAllProcessInfo: %d, %v", len(all), err)
	}
	info, err := sv.GetProcessInfo(ctx, "sleeper")
	if err != nil || info.Statename != "RUNNING" || info.PID == 0 || !strings.HasPrefix(info.Description, "pid ") {
		t.Errorf("GetProcessInfo: %+v, %v", info, err)
	}
	if _, err := sv.GetProcessInfo(ctx, "nosuch"); faultCode(t, "GetProcessInfo(nosuch)", err) != xmlrpc.CodeBadName {
		t.Errorf("GetProcessInfo(nosuch): %v", err)
	}
	configs, err := sv.GetAllConfigInfo(ctx)
	if err != nil || len(configs) != 5 || configs[0].Name != "a" || configs[0].Group != "grp" {
		t.Errorf("GetAllConfigInfo: %+v, %v", configs, err)
	}

	if err := sv.StartProcess(ctx, "printer", true); err != nil {
		t.Fatalf("StartProcess: %v", err)
	}
	if err := sv.StartProcess(ctx, "printer", true); faultCode(t, "StartProcess again", err) != xmlrpc.CodeAlreadyStarted {
		t.Errorf("StartProcess again: %v", err)
	}
	if err := sv.StartProcess(ctx, "nocmd", true); faultCode(t, "StartProcess(nocmd)", err) != xmlrpc.CodeNoFile {
		t.Errorf("StartProcess(nocmd): %v", err)
	}
	waitForLog(t, sv, "printer")
	if s, err := sv.ReadProcessStderrLog(ctx, "printer", 0, 100); err != nil || s != "err\n" {
		t.Errorf("ReadProcessStderrLog: %q, %v", s, err)
	}
	tail, err := sv.TailProcessStdoutLog(ctx, "printer", 0, 100)
	if err != nil || tail != (supervisor.LogTail{Bytes: "out\n", Offset: 4}) {
		t.Errorf("TailProcessStdoutLog: %+v, %v", tail, err)
	}
	if tail, err := sv.TailProcessStderrLog(ctx, "printer", 0, 2); err != nil || tail != (supervisor.LogTail{Bytes: "r\n", Offset: 4, Overflow: true}) {
		t.Errorf("TailProcessStderrLog: %+v, %v", tail, err)
	}
	if err := sv.ClearProcessLogs(ctx, "printer"); err != nil {
		t.Errorf("ClearProcessLogs: %v", err)
	}
	if s, err := sv.ReadProcessStdoutLog(ctx, "printer", 0, 100); err != nil || s != "" {
		t.Errorf("ReadProcessStdoutLog after clearing: %q, %v", s, err)
	}
	if err := sv.SignalProcess(ctx, "printer", "CONT"); err != nil {
		t.Errorf("SignalProcess: %v", err)
	}
	if err := sv.SignalProcess(ctx, "printer", "NOSUCH"); faultCode(t, "SignalProcess(NOSUCH)", err) != xmlrpc.CodeBadSignal {
		t.Errorf("SignalProcess(NOSUCH): %v", err)
	}
	if err := sv.StopProcess(ctx, "printer", true); err != nil {
		t.Errorf("StopProcess: %v", err)
	}
	if err := sv.StopProcess(ctx, "printer", true); faultCode(t, "StopProcess again", err) != xmlrpc.CodeNotRunning {
		t.Errorf("StopProcess again: %v", err)
	}

	// Groups: "grp:*" through the process methods, then the group ones.
	if err := sv.StartProcess(ctx, "grp:*", true); err != nil {
		t.Errorf("StartProcess(grp:*): %v", err)
	}
	if err := sv.StartProcess(ctx, "grp:*", true); err != nil {
		t.Errorf("StartProcess(grp:*) when running (nothing to start): %v", err)
	}
	if rs, err := sv.SignalProcessGroup(ctx, "grp", "CONT"); err != nil || len(rs) != 2 || rs[0].Status != int(xmlrpc.CodeSuccess) {
		t.Errorf("SignalProcessGroup: %+v, %v", rs, err)
	}
	if err := sv.SignalProcess(ctx, "grp:*", "CONT"); err != nil {
		t.Errorf("SignalProcess(grp:*): %v", err)
	}
	// (Results that waited come in the order the processes stopped.)
	if rs, err := sv.StopProcessGroup(ctx, "grp", true); err != nil || len(rs) != 2 ||
		!slices.Contains(rs, supervisor.Result{Name: "b", Group: "grp", Status: 80, Description: "OK"}) {
		t.Errorf("StopProcessGroup: %+v, %v", rs, err)
	}
	if rs, err := sv.StartProcessGroup(ctx, "grp", true); err != nil || len(rs) != 2 {
		t.Errorf("StartProcessGroup: %+v, %v", rs, err)
	}
	if err := sv.StopProcess(ctx, "grp:", true); err != nil {
		t.Errorf("StopProcess(grp:): %v", err)
	}
	if _, err := sv.StartProcessGroup(ctx, "nosuch", true); faultCode(t, "StartProcessGroup(nosuch)", err) != xmlrpc.CodeBadName {
		t.Errorf("StartProcessGroup(nosuch): %v", err)
	}
	if rs, err := sv.SignalAllProcesses(ctx, "CONT"); err != nil || len(rs) != 1 || rs[0].Name != "sleeper" {
		t.Errorf("SignalAllProcesses: %+v, %v", rs, err)
	}
	if rs, err := sv.ClearAllProcessLogs(ctx); err != nil || len(rs) != 5 {
		t.Errorf("ClearAllProcessLogs: %+v, %v", rs, err)
	}
	if rs, err := sv.StopAllProcesses(ctx, true); err != nil || len(rs) != 1 {
		t.Errorf("StopAllProcesses: %+v, %v", rs, err)
	}
	rs, err := sv.StartAllProcesses(ctx, true)
	if err != nil || len(rs) != 5 {
		t.Fatalf("StartAllProcesses: %+v, %v", rs, err)
	}
	for _, r := range rs {
		want := int(xmlrpc.CodeSuccess)
		if r.Name == "nocmd" {
			want = int(xmlrpc.CodeNoFile)
		}
		if r.Status != want {
			t.Errorf("StartAllProcesses: %+v", r)
		}
	}
}

// waitForLog waits until a process has written its first lines.
func waitForLog(t *testing.T, sv *supervisor.Client, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	for {
		// stdout and stderr are copied to their logs independently: wait
		// for both.
		out, err := sv.ReadProcessStdoutLog(ctx, name, 0, 100)
		if err == nil && out != "" {
			var errOut string
			if errOut, err = sv.ReadProcessStderrLog(ctx, name, 0, 100); err == nil && errOut != "" {
				return
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s wrote nothing to one of its logs: %v", name, err)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func TestClientShutdown(t *testing.T) {
	sv, h := serveSupervisor(t)
	if err := sv.Shutdown(t.Context()); err != nil || !h.ShuttingDown() {
		t.Fatalf("Shutdown: %v", err)
	}
	if _, err := sv.GetState(t.Context()); faultCode(t, "GetState while shutting down", err) != xmlrpc.CodeShutdownState {
		t.Errorf("GetState while shutting down: %v", err)
	}
}
