package supervisor

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestReloadConfig: reloadConfig reports what supervisorctl reread
// prints, and addProcessGroup, removeProcessGroup and getAllConfigInfo
// follow the file as last read.
func TestReloadConfig(t *testing.T) {
	f := newFixture(t)
	if got := f.value(t, "supervisor.reloadConfig"); fmt.Sprint(got) != "[[[] [] []]]" {
		t.Errorf("reloadConfig of the same file = %v", got)
	}
	// sleeper changes, nolog goes, fresh comes.
	edited := strings.Replace(programs, "[program:sleeper]\ncommand = sleep 1000", "[program:sleeper]\ncommand = sleep 2000", 1)
	edited = strings.Replace(edited, "[program:nolog]", "[program:fresh]", 1)
	if err := os.WriteFile(f.host.conf, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := f.value(t, "supervisor.reloadConfig"); fmt.Sprint(got) != "[[[fresh] [sleeper] [nolog]]]" {
		t.Errorf("reloadConfig after an edit = %v", got)
	}
	avail := map[string]bool{}
	for _, c := range f.value(t, "supervisor.getAllConfigInfo").([]any) {
		m := c.(map[string]any)
		avail[m["name"].(string)] = m["inuse"].(bool)
	}
	if _, ok := avail["nolog"]; ok || avail["fresh"] || !avail["sleeper"] {
		t.Errorf("getAllConfigInfo inuse after reloadConfig: %v", avail)
	}
	steps := []struct {
		method string
		params []any
		want   string
	}{
		{"supervisor.addProcessGroup", []any{"fresh"}, "true"},
		{"supervisor.removeProcessGroup", []any{"nolog"}, "true"},
		{"supervisor.removeProcessGroup", []any{"nolog"}, "fault 10 BAD_NAME: nolog"},
		{"supervisor.addProcessGroup", []any{"nolog"}, "fault 10 BAD_NAME: nolog"},
		{"supervisor.stopProcessGroup", []any{"sleeper"}, "[map[description:OK group:sleeper name:sleeper status:80]]"},
		{"supervisor.removeProcessGroup", []any{"sleeper"}, "true"},
		{"supervisor.addProcessGroup", []any{"sleeper"}, "true"},
		{"supervisor.reloadConfig", nil, "[[[] [] []]]"},
	}
	for _, s := range steps {
		r := f.call(t, s.method, s.params...)
		got := fmt.Sprint(plain(r.Value))
		if r.Fault != nil {
			got = fmt.Sprintf("fault %d %s", r.Fault.Code, r.Fault.String)
		}
		if got != s.want {
			t.Errorf("%s%v = %s, want %s", s.method, s.params, got, s.want)
		}
	}
	if info := f.value(t, "supervisor.getProcessInfo", "sleeper").(map[string]any); info["statename"] != "RUNNING" {
		t.Errorf("sleeper after its update: %v", info["statename"])
	}

	// A file that cannot be read is CANT_REREAD, and changes nothing.
	if err := os.WriteFile(f.host.conf, []byte(edited+"\n[program:broken]\nautostart = true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := f.call(t, "supervisor.reloadConfig")
	if want := "CANT_REREAD: program section program:broken does not specify a command in section 'program:broken' (file: '" + f.host.conf + "')"; r.Fault == nil || r.Fault.Code != 92 || r.Fault.String != want {
		t.Errorf("reloadConfig of a broken file = %v, want fault 92 %q", r, want)
	}
	if got := len(f.value(t, "supervisor.getAllConfigInfo").([]any)); got != 8 {
		t.Errorf("getAllConfigInfo after a failed reloadConfig has %d processes, want 8", got)
	}
}

func TestRestartAsksTheHost(t *testing.T) {
	f := newFixture(t)
	if got := f.value(t, "supervisor.restart"); got != true {
		t.Fatalf("restart = %v", got)
	}
	if f.host.restarts.Load() != 1 {
		t.Error("the host was not asked to restart")
	}
}

func TestSendProcessStdin(t *testing.T) {
	f := newFixture(t)
	f.value(t, "supervisor.startProcess", "printer")
	if got := f.value(t, "supervisor.sendProcessStdin", "printer", "hello\n"); got != true {
		t.Errorf("sendProcessStdin = %v", got)
	}
	// printer's child (sleep) does not read: the input waits in the pipe.
	f.value(t, "supervisor.stopProcess", "printer")
	if r := f.call(t, "supervisor.sendProcessStdin", "printer", "x"); r.Fault == nil || r.Fault.String != "NOT_RUNNING: printer" {
		t.Errorf("sendProcessStdin to a stopped process = %v", r)
	}
}
