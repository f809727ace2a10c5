package interop_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/client"
	"github.com/supervisorrpc/rpcinterface/example/supervisor"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// clientPrograms are the programs of the typed client's tests.
const clientPrograms = `
[program:sleeper]
command = sleep 1000
startsecs = 0

[program:printer]
command = sh -c 'echo out; echo err >&2; exec cat'
startsecs = 0

[program:nocmd]
command = /nonexistent/binary
autostart = false

[program:slow]
command = sleep 1000
autostart = false
startsecs = 3600

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

// wantFault fails unless err is a fault with code.
func wantFault(t *testing.T, what string, err error, code xmlrpc.Code) {
	t.Helper()
	var f *xmlrpc.Fault
	if !errors.As(err, &f) || f.Code != code {
		t.Errorf("%s: %v, want fault %d (%v)", what, err, code, code)
	}
}

// checkResults fails unless every result has status SUCCESS but those
// listed in bad, which have the code given.
func checkResults(t *testing.T, what string, rs []supervisor.Result, err error, n int, bad map[string]xmlrpc.Code) {
	t.Helper()
	if err != nil || len(rs) != n {
		t.Errorf("%s: %+v, %v; want %d results", what, rs, err, n)
		return
	}
	for _, r := range rs {
		want := xmlrpc.CodeSuccess
		if c, ok := bad[r.Name]; ok {
			want = c
		}
		if xmlrpc.Code(r.Status) != want {
			t.Errorf("%s: %+v, want status %d", what, r, want)
		}
	}
}

// TestSupervisordTypedClient calls every method of the typed client
// against supervisord 4.2.5 over its unix socket, and checks the answers
// decode into this module's structs and the faults keep their codes.
func TestSupervisordTypedClient(t *testing.T) {
	sd := startSupervisord(t, clientPrograms)
	sv := sd.typed(t)
	ctx := t.Context()

	// The daemon.
	if v, err := sv.GetAPIVersion(ctx); err != nil || v != "3.0" {
		t.Errorf("GetAPIVersion: %q, %v", v, err)
	}
	if v, err := sv.GetSupervisorVersion(ctx); err != nil || v != "4.2.5" {
		t.Errorf("GetSupervisorVersion: %q, %v", v, err)
	}
	if v, err := sv.GetIdentification(ctx); err != nil || v != "interop" {
		t.Errorf("GetIdentification: %q, %v", v, err)
	}
	if v, err := sv.GetState(ctx); err != nil || v != (supervisor.State{Statecode: 1, Statename: "RUNNING"}) {
		t.Errorf("GetState: %+v, %v", v, err)
	}
	if v, err := sv.GetPID(ctx); err != nil || v != sd.cmd.Process.Pid {
		t.Errorf("GetPID: %d, %v (supervisord is %d)", v, err, sd.cmd.Process.Pid)
	}
	if v, err := sv.ReadLog(ctx, 0, 0); err != nil || !strings.Contains(v, "supervisord started with pid") {
		t.Errorf("ReadLog: %q, %v", v, err)
	}
	if _, err := sv.ReadLog(ctx, -1, -1); err == nil {
		t.Error("ReadLog(-1, -1): no fault")
	} else {
		wantFault(t, "ReadLog(-1, -1)", err, xmlrpc.CodeBadArguments)
	}
	if err := sv.ClearLog(ctx); err != nil {
		t.Errorf("ClearLog: %v", err)
	}

	// Processes and their info.
	eventually(t, func() (bool, string) {
		i, err := sv.GetProcessInfo(ctx, "printer")
		return err == nil && i.Statename == "RUNNING", i.Statename
	})
	all, err := sv.GetAllProcessInfo(ctx)
	if err != nil || len(all) != 6 {
		t.Fatalf("GetAllProcessInfo: %+v, %v", all, err)
	}
	info, err := sv.GetProcessInfo(ctx, "sleeper")
	if err != nil || info.Statename != "RUNNING" || info.PID == 0 || info.Group != "sleeper" || !strings.HasPrefix(info.Description, "pid ") {
		t.Errorf("GetProcessInfo: %+v, %v", info, err)
	}
	_, err = sv.GetProcessInfo(ctx, "nosuch")
	wantFault(t, "GetProcessInfo(nosuch)", err, xmlrpc.CodeBadName)
	configs, err := sv.GetAllConfigInfo(ctx)
	if err != nil || len(configs) != 6 || configs[0].Name != "a" || configs[0].Group != "grp" || configs[0].Command != "sleep 1000" {
		t.Errorf("GetAllConfigInfo: %+v, %v", configs, err)
	}

	// Logs and stdin.
	eventually(t, func() (bool, string) {
		s, err := sv.ReadProcessStdoutLog(ctx, "printer", 0, 100)
		return err == nil && s == "out\n", s
	})
	if s, err := sv.ReadProcessStderrLog(ctx, "printer", 0, 100); err != nil || s != "err\n" {
		t.Errorf("ReadProcessStderrLog: %q, %v", s, err)
	}
	if err := sv.SendProcessStdin(ctx, "printer", "hello\n"); err != nil {
		t.Errorf("SendProcessStdin: %v", err)
	}
	eventually(t, func() (bool, string) {
		tail, err := sv.TailProcessStdoutLog(ctx, "printer", 0, 100)
		return err == nil && tail == (supervisor.LogTail{Bytes: "out\nhello\n", Offset: 10}), tail.Bytes
	})
	if tail, err := sv.TailProcessStderrLog(ctx, "printer", 0, 2); err != nil || tail != (supervisor.LogTail{Bytes: "r\n", Offset: 4, Overflow: true}) {
		t.Errorf("TailProcessStderrLog: %+v, %v", tail, err)
	}
	err = sv.SendProcessStdin(ctx, "nocmd", "x")
	wantFault(t, "SendProcessStdin(nocmd)", err, xmlrpc.CodeNotRunning)
	if err := sv.ClearProcessLogs(ctx, "printer"); err != nil {
		t.Errorf("ClearProcessLogs: %v", err)
	}
	if s, err := sv.ReadProcessStdoutLog(ctx, "printer", 0, 100); err != nil || s != "" {
		t.Errorf("ReadProcessStdoutLog after ClearProcessLogs: %q, %v", s, err)
	}
	rs, err := sv.ClearAllProcessLogs(ctx)
	checkResults(t, "ClearAllProcessLogs", rs, err, 6, nil)
	if err := sv.SendRemoteCommEvent(ctx, "interop", "data"); err != nil {
		t.Errorf("SendRemoteCommEvent: %v", err)
	}

	// Starting, stopping, signalling: processes.
	if err := sv.StopProcess(ctx, "sleeper", true); err != nil {
		t.Errorf("StopProcess: %v", err)
	}
	wantFault(t, "StopProcess again", sv.StopProcess(ctx, "sleeper", true), xmlrpc.CodeNotRunning)
	if err := sv.StartProcess(ctx, "sleeper", true); err != nil {
		t.Errorf("StartProcess: %v", err)
	}
	wantFault(t, "StartProcess again", sv.StartProcess(ctx, "sleeper", true), xmlrpc.CodeAlreadyStarted)
	wantFault(t, "StartProcess(nocmd)", sv.StartProcess(ctx, "nocmd", true), xmlrpc.CodeNoFile)
	wantFault(t, "StartProcess(nosuch)", sv.StartProcess(ctx, "nosuch", true), xmlrpc.CodeBadName)
	if err := sv.SignalProcess(ctx, "sleeper", "CONT"); err != nil {
		t.Errorf("SignalProcess: %v", err)
	}
	wantFault(t, "SignalProcess(NOSUCH)", sv.SignalProcess(ctx, "sleeper", "NOSUCH"), xmlrpc.CodeBadSignal)
	wantFault(t, "SignalProcess(stopped)", sv.SignalProcess(ctx, "grp:a", "CONT"), xmlrpc.CodeNotRunning)

	// Groups.
	rs, err = sv.StartProcessGroup(ctx, "grp", true)
	checkResults(t, "StartProcessGroup", rs, err, 2, nil)
	rs, err = sv.SignalProcessGroup(ctx, "grp", "CONT")
	checkResults(t, "SignalProcessGroup", rs, err, 2, nil)
	if err := sv.SignalProcess(ctx, "grp:*", "CONT"); err != nil {
		t.Errorf("SignalProcess(grp:*): %v", err)
	}
	rs, err = sv.StopProcessGroup(ctx, "grp", true)
	checkResults(t, "StopProcessGroup", rs, err, 2, nil)
	if err := sv.StartProcess(ctx, "grp:*", true); err != nil {
		t.Errorf("StartProcess(grp:*): %v", err)
	}
	if err := sv.StopProcess(ctx, "grp:", true); err != nil {
		t.Errorf("StopProcess(grp:): %v", err)
	}
	_, err = sv.StartProcessGroup(ctx, "nosuch", true)
	wantFault(t, "StartProcessGroup(nosuch)", err, xmlrpc.CodeBadName)
	rs, err = sv.SignalAllProcesses(ctx, "CONT")
	checkResults(t, "SignalAllProcesses", rs, err, 2, nil) // sleeper, printer
	rs, err = sv.StopAllProcesses(ctx, true)
	checkResults(t, "StopAllProcesses", rs, err, 2, nil)
	rs, err = sv.StartAllProcesses(ctx, false)
	checkResults(t, "StartAllProcesses", rs, err, 6, map[string]xmlrpc.Code{"nocmd": xmlrpc.CodeNoFile})

	// A deadline ends a call supervisord is still working on: slow never
	// leaves STARTING, so a waiting start never answers.
	if err := sv.StopProcess(ctx, "slow", true); err != nil {
		t.Errorf("StopProcess(slow): %v", err)
	}
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	err = sv.StartProcess(short, "slow", true)
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("StartProcess(slow) past its deadline: %v", err)
	}

	// The config: reread, add, remove.
	conf, err := os.ReadFile(sd.conf)
	if err != nil {
		t.Fatal(err)
	}
	late := "\n[program:late]\ncommand = sleep 1000\nautostart = false\nstartsecs = 0\n"
	if err := os.WriteFile(sd.conf, append(conf, late...), 0o644); err != nil {
		t.Fatal(err)
	}
	if ch, err := sv.ReloadConfig(ctx); err != nil || !slices.Equal(ch.Added, []string{"late"}) || len(ch.Changed) != 0 || len(ch.Removed) != 0 {
		t.Errorf("ReloadConfig: %+v, %v", ch, err)
	}
	if err := sv.AddProcessGroup(ctx, "late"); err != nil {
		t.Errorf("AddProcessGroup: %v", err)
	}
	wantFault(t, "AddProcessGroup again", sv.AddProcessGroup(ctx, "late"), xmlrpc.CodeAlreadyAdded)
	wantFault(t, "AddProcessGroup(nosuch)", sv.AddProcessGroup(ctx, "nosuch"), xmlrpc.CodeBadName)
	if err := sv.StartProcess(ctx, "late", true); err != nil {
		t.Errorf("StartProcess(late): %v", err)
	}
	wantFault(t, "RemoveProcessGroup(running)", sv.RemoveProcessGroup(ctx, "late"), xmlrpc.CodeStillRunning)
	if err := sv.StopProcess(ctx, "late", true); err != nil {
		t.Errorf("StopProcess(late): %v", err)
	}
	if err := sv.RemoveProcessGroup(ctx, "late"); err != nil {
		t.Errorf("RemoveProcessGroup: %v", err)
	}

	// Restart: supervisord comes back with the same pid.
	pid := sd.cmd.Process.Pid
	if err := sv.Restart(ctx); err != nil {
		t.Errorf("Restart: %v", err)
	}
	eventually(t, func() (bool, string) {
		got, err := sd.typed(t).GetPID(ctx)
		return err == nil && got == pid, fmt.Sprint(got, err)
	})

	// Shutdown: supervisord exits.
	if err := sd.typed(t).Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if !sd.exited() {
		t.Error("supervisord did not exit after Shutdown")
	}
}

// TestSupervisordClient: multicall in supervisord's dialect with typed
// results and per-call faults, maps, faults' codes, and credentials over
// TCP (401 for a wrong or missing password).
func TestSupervisordClient(t *testing.T) {
	sd := startSupervisord(t, clientPrograms)
	ctx := t.Context()
	for _, tc := range []struct {
		name string
		url  string
		opts []client.Option
	}{
		{"unix socket", sd.unixURL(), nil},
		{"TCP with a password", sd.tcpURL(), []client.Option{client.WithBasicAuth("user", "123")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := client.Dial(tc.url, tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			var pid int
			var state supervisor.State
			var infos []supervisor.ProcessInfo
			var info map[string]any
			errs, err := c.Multicall(ctx,
				client.Request{Method: "supervisor.getPID", Result: &pid},
				client.Request{Method: "supervisor.getState", Result: &state},
				client.Request{Method: "supervisor.getProcessInfo", Args: []any{"nosuch"}, Result: &info},
				client.Request{Method: "supervisor.getAllProcessInfo", Result: &infos},
				client.Request{Method: "supervisor.nosuch"},
				client.Request{Method: "supervisor.getProcessInfo", Args: []any{"sleeper"}, Result: &info},
			)
			if err != nil {
				t.Fatal(err)
			}
			codes := []xmlrpc.Code{0, 0, xmlrpc.CodeBadName, 0, xmlrpc.CodeUnknownMethod, 0}
			for i, code := range codes {
				if code == 0 && errs[i] != nil {
					t.Errorf("call %d: %v", i, errs[i])
				} else if code != 0 {
					wantFault(t, fmt.Sprint("call ", i), errs[i], code)
				}
			}
			if f, _ := errs[2].(*xmlrpc.Fault); f == nil || f.FaultString() != "BAD_NAME: nosuch" {
				t.Errorf("fault string: %v", errs[2])
			}
			if pid != sd.cmd.Process.Pid || state.Statename != "RUNNING" || len(infos) != 6 || info["name"] != "sleeper" || info["group"] != "sleeper" {
				t.Errorf("results: pid %d, state %+v, %d infos, info %v", pid, state, len(infos), info)
			}
			// A struct answer into a map, and into a struct missing members.
			var small struct {
				Name string `xmlrpc:"name"`
			}
			if err := c.Call(ctx, "supervisor.getProcessInfo", &small, "sleeper"); err != nil || small.Name != "sleeper" {
				t.Errorf("into a smaller struct: %+v, %v", small, err)
			}
			strict, _ := client.Dial(tc.url, append(tc.opts, client.WithStrictMembers())...)
			var te *xmlrpc.TypeError
			if err := strict.Call(ctx, "supervisor.getProcessInfo", &small, "sleeper"); !errors.As(err, &te) {
				t.Errorf("strict client, smaller struct: %v", err)
			}
			strict.Close()
			err = c.Call(ctx, "supervisor.startProcess", nil, "nosuch")
			wantFault(t, "supervisor.startProcess(nosuch)", err, xmlrpc.CodeBadName)
			if err := c.Call(ctx, "supervisor.getProcessInfo", nil); err == nil {
				t.Error("no arguments: no fault")
			} else {
				wantFault(t, "no arguments", err, xmlrpc.CodeIncorrectParameters)
			}
			// Introspection: supervisord answers one flat signature, and a
			// fault for a method without one.
			if names, err := c.ListMethods(ctx); err != nil || !slices.Contains(names, "supervisor.getProcessInfo") {
				t.Errorf("ListMethods: %q, %v", names, err)
			}
			if help, err := c.MethodHelp(ctx, "supervisor.getProcessInfo"); err != nil || !strings.Contains(help, "@param string name") {
				t.Errorf("MethodHelp: %q, %v", help, err)
			}
			if sig, err := c.MethodSignature(ctx, "supervisor.readLog"); err != nil || !slices.Equal(slices.Concat(sig...), []string{"string", "int", "int"}) || len(sig) != 1 {
				t.Errorf("MethodSignature(supervisor.readLog): %q, %v", sig, err)
			}
			_, err = c.MethodSignature(ctx, "supervisor.nosuch")
			wantFault(t, "MethodSignature(supervisor.nosuch)", err, xmlrpc.CodeSignatureUnsupported)
		})
	}
	for _, opts := range [][]client.Option{{client.WithBasicAuth("user", "wrong")}, nil} {
		c, err := client.Dial(sd.tcpURL(), opts...)
		if err != nil {
			t.Fatal(err)
		}
		err = c.Call(ctx, "supervisor.getState", nil)
		var he *client.HTTPError
		if !errors.As(err, &he) || he.StatusCode != 401 || !strings.Contains(err.Error(), "401 Unauthorized") {
			t.Errorf("credentials %v: %v, want 401 Unauthorized", opts != nil, err)
		}
		c.Close()
	}
}

// TestSupervisordConfigInfoUID pins a documented limit of the shared
// ConfigInfo: supervisord sends uid as an integer for a program with a
// user= setting, which the string field cannot hold; the error names it.
func TestSupervisordConfigInfoUID(t *testing.T) {
	sd := startSupervisord(t, "\n[program:asroot]\ncommand = sleep 1000\nautostart = false\nuser = root\n")
	_, err := sd.typed(t).GetAllConfigInfo(t.Context())
	var te *xmlrpc.TypeError
	if !errors.As(err, &te) || te.Path != "[0].uid" {
		t.Errorf("GetAllConfigInfo with user=root: %v, want a TypeError at [0].uid", err)
	}
}
