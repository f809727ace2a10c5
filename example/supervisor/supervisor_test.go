package supervisor

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/internal/replay"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

const waitTimeout = 30 * time.Second

// testHost is a Host over a real procman.Manager.
type testHost struct {
	m         *procman.Manager
	log       string
	conf      string // the config file ReadGroupConfigs reads
	shutting  atomic.Bool
	shutdowns atomic.Int32
	restarts  atomic.Int32
	reopens   atomic.Int32
}

func (h *testHost) Restart() { h.restarts.Add(1) }
func (h *testHost) ReadGroupConfigs() ([]procman.GroupConfig, error) {
	cfg, err := rpcext.LoadConfig(h.conf)
	if err != nil {
		return nil, err
	}
	return procman.GroupsFromConfig(cfg)
}

func (h *testHost) Manager() *procman.Manager { return h.m }
func (h *testHost) Identification() string    { return "test-id" }
func (h *testHost) MainLogfile() string       { return h.log }
func (h *testHost) ReopenMainLog() error {
	h.reopens.Add(1)
	return os.WriteFile(h.log, nil, 0o644)
}
func (h *testHost) Shutdown()          { h.shutting.Store(true); h.shutdowns.Add(1) }
func (h *testHost) ShuttingDown() bool { return h.shutting.Load() }

// programs is the test configuration: supervisord's research setup.
const programs = `
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:sleeper]
command = sleep 1000
startsecs = 0

[program:quick]
command = sh -c 'exit 3'
autostart = false
startsecs = 3600
startretries = 0

[program:nocmd]
command = /nonexistent/binary
autostart = false

[program:nolog]
command = sleep 1000
autostart = false
stdout_logfile = NONE

[program:printer]
command = sh -c 'echo out; echo err >&2; exec sleep 1000'
autostart = false
startsecs = 0

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

type fixture struct {
	url  string
	host *testHost
	m    *procman.Manager
}

// newFixture serves the namespace over HTTP, as a host mounts it, with the
// autostart programs started.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "supervisord.conf")
	if err := os.WriteFile(conf, []byte(programs), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := rpcext.LoadConfig(conf)
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
		if _, err := m.AddConfiguredGroup(g.Name); err != nil {
			t.Fatal(err)
		}
	}
	host := &testHost{m: m, log: filepath.Join(dir, "main.log"), conf: conf}
	os.WriteFile(host.log, []byte("line 1\nline 2\n"), 0o644)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := rpcext.NewHandler(cfg, rpcext.WithHost(host), rpcext.WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		m.Shutdown(ctx)
		m.Close()
	})
	m.Autostart()
	return &fixture{url: srv.URL, host: host, m: m}
}

// methodCall encodes a call the way Python's xmlrpc.client does.
func methodCall(method string, params ...any) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<?xml version='1.0'?>\n<methodCall>\n<methodName>%s</methodName>\n<params>\n", method)
	for _, p := range params {
		b.WriteString("<param>\n<value>")
		switch v := p.(type) {
		case string:
			b.WriteString("<string>")
			xml.EscapeText(&b, []byte(v))
			b.WriteString("</string>")
		case int:
			fmt.Fprintf(&b, "<int>%d</int>", v)
		case bool:
			if v {
				b.WriteString("<boolean>1</boolean>")
			} else {
				b.WriteString("<boolean>0</boolean>")
			}
		default:
			panic(fmt.Sprintf("methodCall: %T", p))
		}
		b.WriteString("</value>\n</param>\n")
	}
	b.WriteString("</params>\n</methodCall>\n")
	return b.Bytes()
}

func (f *fixture) callCtx(ctx context.Context, t *testing.T, method string, params ...any) (*replay.Response, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, "POST", f.url+"/RPC2", bytes.NewReader(methodCall(method, params...)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "text/xml")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: HTTP %d: %s", method, resp.StatusCode, body)
	}
	r, err := replay.ParseResponse(body)
	if err != nil {
		t.Fatalf("%s: %v\n%s", method, err, body)
	}
	return r, nil
}

func (f *fixture) call(t *testing.T, method string, params ...any) *replay.Response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	r, err := f.callCtx(ctx, t, method, params...)
	if err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	return r
}

// value calls and fails on a fault; ints come back as int.
func (f *fixture) value(t *testing.T, method string, params ...any) any {
	t.Helper()
	r := f.call(t, method, params...)
	if r.Fault != nil {
		t.Fatalf("%s%v: fault %d %q", method, params, r.Fault.Code, r.Fault.String)
	}
	return plain(r.Value)
}

// plain turns *big.Int into int throughout.
func plain(v any) any {
	switch x := v.(type) {
	case *big.Int:
		return int(x.Int64())
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = plain(e)
		}
		return out
	}
	return v
}

func (f *fixture) waitState(t *testing.T, name string, s procman.State) {
	t.Helper()
	_, p, err := (&Supervisor{host: f.host}).lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	if _, err := p.WaitFor(ctx, func(i procman.Info) bool { return i.State == s }); err != nil {
		t.Fatalf("%s never %v: %v", name, s, err)
	}
}

func TestPublishedMethods(t *testing.T) {
	f := newFixture(t)
	// supervisord 4.2.5's system.methodSignature answers, for the methods
	// this namespace publishes.
	want := map[string][]any{
		"supervisor.addProcessGroup":      {"boolean", "string"},
		"supervisor.clearAllProcessLogs":  {"array"},
		"supervisor.clearLog":             {"boolean"},
		"supervisor.clearProcessLog":      {"boolean", "string"},
		"supervisor.clearProcessLogs":     {"boolean", "string"},
		"supervisor.getAPIVersion":        {"string"},
		"supervisor.getAllConfigInfo":     {"array"},
		"supervisor.getAllProcessInfo":    {"array"},
		"supervisor.getIdentification":    {"string"},
		"supervisor.getPID":               {"int"},
		"supervisor.getProcessInfo":       {"struct", "string"},
		"supervisor.getState":             {"struct"},
		"supervisor.getSupervisorVersion": {"string"},
		"supervisor.getVersion":           {"string"},
		"supervisor.readLog":              {"string", "int", "int"},
		"supervisor.readMainLog":          {"string", "int", "int"},
		"supervisor.readProcessLog":       {"string", "string", "int", "int"},
		"supervisor.readProcessStderrLog": {"string", "string", "int", "int"},
		"supervisor.readProcessStdoutLog": {"string", "string", "int", "int"},
		"supervisor.reloadConfig":         {"array"},
		"supervisor.removeProcessGroup":   {"boolean", "string"},
		"supervisor.restart":              {"boolean"},
		"supervisor.sendProcessStdin":     {"boolean", "string", "string"},
		"supervisor.shutdown":             {"boolean"},
		"supervisor.signalAllProcesses":   {"array", "string"},
		"supervisor.signalProcess":        {"boolean", "string", "string"},
		"supervisor.signalProcessGroup":   {"array", "string", "string"},
		"supervisor.startAllProcesses":    {"array", "boolean"},
		"supervisor.startProcess":         {"boolean", "string", "boolean"},
		"supervisor.startProcessGroup":    {"array", "string", "boolean"},
		"supervisor.stopAllProcesses":     {"array", "boolean"},
		"supervisor.stopProcess":          {"boolean", "string", "boolean"},
		"supervisor.stopProcessGroup":     {"array", "string", "boolean"},
		"supervisor.tailProcessLog":       {"array", "string", "int", "int"},
		"supervisor.tailProcessStderrLog": {"array", "string", "int", "int"},
		"supervisor.tailProcessStdoutLog": {"array", "string", "int", "int"},
	}
	var got []string
	for _, n := range f.value(t, "system.listMethods").([]any) {
		if s := n.(string); strings.HasPrefix(s, "supervisor.") {
			got = append(got, s)
		}
	}
	var names []string
	for n := range want {
		names = append(names, n)
	}
	slices.Sort(names)
	if !slices.Equal(got, names) {
		t.Fatalf("published:\n%q\nwant\n%q", got, names)
	}
	for _, name := range names {
		sig := f.value(t, "system.methodSignature", name)
		if !slices.Equal(sig.([]any), want[name]) {
			t.Errorf("methodSignature(%s) = %v, want %v", name, sig, want[name])
		}
		short := strings.TrimPrefix(name, "supervisor.")
		if help := f.value(t, "system.methodHelp", name); help != docstrings[short] {
			t.Errorf("methodHelp(%s) = %q, want the docstring", name, help)
		}
	}
}

func TestIdentity(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		method string
		want   any
	}{
		{"supervisor.getAPIVersion", "3.0"},
		{"supervisor.getVersion", "3.0"},
		{"supervisor.getSupervisorVersion", "4.2.5"},
		{"supervisor.getIdentification", "test-id"},
		{"supervisor.getState", map[string]any{"statecode": 1, "statename": "RUNNING"}},
		{"supervisor.getPID", os.Getpid()},
	}
	for _, tt := range tests {
		if got := f.value(t, tt.method); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s = %v, want %v", tt.method, got, tt.want)
		}
	}
}

func TestFaults(t *testing.T) {
	f := newFixture(t)
	f.value(t, "supervisor.startProcess", "printer")
	tests := []struct {
		method string
		params []any
		code   int
		text   string
	}{
		{"supervisor.getProcessInfo", []any{"nosuch"}, 10, "BAD_NAME: nosuch"},
		{"supervisor.getProcessInfo", []any{"grp:*"}, 10, "BAD_NAME: grp:*"},
		{"supervisor.getProcessInfo", []any{"grp"}, 10, "BAD_NAME: grp"},
		{"supervisor.getProcessInfo", []any{"grp:nosuch"}, 10, "BAD_NAME: grp:nosuch"},
		{"supervisor.startProcess", []any{"bogus"}, 10, "BAD_NAME: bogus"},
		{"supervisor.startProcess", []any{"nocmd"}, 20, "NO_FILE: can't find command '/nonexistent/binary'"},
		{"supervisor.startProcess", []any{"quick"}, 50, "SPAWN_ERROR: quick"},
		{"supervisor.startProcess", []any{"sleeper"}, 60, "ALREADY_STARTED: sleeper"},
		{"supervisor.startProcess", []any{}, 2, "INCORRECT_PARAMETERS"},
		{"supervisor.startProcessGroup", []any{"bogus"}, 10, "BAD_NAME: bogus"},
		{"supervisor.stopProcess", []any{"nocmd"}, 70, "NOT_RUNNING: nocmd"},
		{"supervisor.stopProcessGroup", []any{"bogus"}, 10, "BAD_NAME: bogus"},
		{"supervisor.signalProcess", []any{"sleeper", "FOO"}, 11, "BAD_SIGNAL: FOO"},
		{"supervisor.signalProcess", []any{"sleeper", "99999"}, 11, "BAD_SIGNAL: 99999"},
		{"supervisor.signalProcess", []any{"sleeper", 99999}, 11, "BAD_SIGNAL: 99999"},
		{"supervisor.signalProcess", []any{"nocmd", "HUP"}, 70, "NOT_RUNNING: nocmd"},
		{"supervisor.signalProcess", []any{"bogus", "HUP"}, 10, "BAD_NAME: bogus"},
		{"supervisor.signalProcessGroup", []any{"bogus", "HUP"}, 10, "BAD_NAME: bogus"},
		{"supervisor.readProcessStdoutLog", []any{"nolog", 0, 0}, 20, "NO_FILE"},
		{"supervisor.readProcessStdoutLog", []any{"printer", -5, 3}, 3, "BAD_ARGUMENTS"},
		{"supervisor.readProcessStdoutLog", []any{"printer", 0, -1}, 3, "BAD_ARGUMENTS"},
		{"supervisor.readProcessStdoutLog", []any{"grp:*", 0, 0}, 10, "BAD_NAME: grp:*"},
		{"supervisor.readProcessStdoutLog", []any{"printer", "x", 0}, 2, "INCORRECT_PARAMETERS: offset must be an integer"},
		{"supervisor.readLog", []any{-20, 5}, 3, "BAD_ARGUMENTS"},
		{"supervisor.readLog", []any{0, -5}, 3, "BAD_ARGUMENTS"},
		{"supervisor.tailProcessStdoutLog", []any{"bogus", 0, 0}, 10, "BAD_NAME: bogus"},
		{"supervisor.clearProcessLogs", []any{"grp:*"}, 10, "BAD_NAME: grp:*"},
		{"supervisor.clearProcessLogs", []any{"bogus"}, 10, "BAD_NAME: bogus"},
		{"supervisor.sendRemoteCommEvent", []any{"t", "d"}, 1, "UNKNOWN_METHOD"},
		{"supervisor.addProcessGroup", []any{"nosuch"}, 10, "BAD_NAME: nosuch"},
		{"supervisor.addProcessGroup", []any{"sleeper"}, 90, "ALREADY_ADDED: sleeper"},
		{"supervisor.removeProcessGroup", []any{"nosuch"}, 10, "BAD_NAME: nosuch"},
		{"supervisor.removeProcessGroup", []any{"sleeper"}, 91, "STILL_RUNNING: sleeper"},
		{"supervisor.sendProcessStdin", []any{"nocmd", "x"}, 70, "NOT_RUNNING: nocmd"},
		{"supervisor.sendProcessStdin", []any{"bogus", "x"}, 10, "BAD_NAME: bogus"},
		{"supervisor.sendProcessStdin", []any{"grp:*", "x"}, 10, "BAD_NAME: grp:*"},
		{"supervisor.sendProcessStdin", []any{"sleeper", 5}, 2, "INCORRECT_PARAMETERS: 5"},
	}
	for _, tt := range tests {
		r := f.call(t, tt.method, tt.params...)
		if r.Fault == nil || r.Fault.Code != tt.code || r.Fault.String != tt.text {
			t.Errorf("%s%v = %v, want fault %d %q", tt.method, tt.params, r, tt.code, tt.text)
		}
	}
}

func TestValues(t *testing.T) {
	f := newFixture(t)
	f.value(t, "supervisor.startProcess", "printer")
	info := f.value(t, "supervisor.getProcessInfo", "printer").(map[string]any)
	waitFile(t, info["stdout_logfile"].(string), "out\n")
	waitFile(t, info["stderr_logfile"].(string), "err\n")
	tests := []struct {
		method string
		params []any
		want   any
	}{
		{"supervisor.readProcessStdoutLog", []any{"printer", 0, 0}, "out\n"},
		{"supervisor.readProcessLog", []any{"printer", -2, 0}, "t\n"},
		{"supervisor.readProcessStdoutLog", []any{"printer", "1", "2"}, "ut"},
		{"supervisor.readProcessStderrLog", []any{"printer", 0, 0}, "err\n"},
		{"supervisor.tailProcessStdoutLog", []any{"printer", 0, 100}, []any{"out\n", 4, false}},
		{"supervisor.tailProcessLog", []any{"printer", 0, 2}, []any{"t\n", 4, true}},
		{"supervisor.tailProcessStderrLog", []any{"printer", 4, 100}, []any{"", 4, false}},
		{"supervisor.tailProcessStdoutLog", []any{"nolog", 0, 100}, []any{"", 0, false}},
		{"supervisor.readLog", []any{-7, 0}, "line 2\n"},
		{"supervisor.readMainLog", []any{0, 6}, "line 1"},
		{"supervisor.signalProcess", []any{"printer", "0"}, true},
		{"supervisor.signalProcess", []any{"printer", 18}, true},
		{"supervisor.signalProcessGroup", []any{"sleeper", "FOO"}, []any{
			map[string]any{"name": "sleeper", "group": "sleeper", "status": 11, "description": "BAD_SIGNAL: FOO"}}},
		{"supervisor.signalProcessGroup", []any{"nocmd", "FOO"}, []any{}},
		{"supervisor.clearProcessLogs", []any{"printer"}, true},
		{"supervisor.readProcessStdoutLog", []any{"printer", 0, 0}, ""},
	}
	for _, tt := range tests {
		if got := f.value(t, tt.method, tt.params...); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s%v = %#v, want %#v", tt.method, tt.params, got, tt.want)
		}
	}
}

func waitFile(t *testing.T, path, want string) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		b, _ := os.ReadFile(path)
		if string(b) == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s holds %q, want %q", path, b, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestProcessInfo(t *testing.T) {
	f := newFixture(t)
	f.call(t, "supervisor.startProcess", "quick")
	f.waitState(t, "quick", procman.Fatal)
	f.value(t, "supervisor.startProcess", "grp:a")
	f.value(t, "supervisor.stopProcess", "grp:a")

	stopped := regexp.MustCompile(`^[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M$`)
	tests := []struct {
		name, group, state string
		description        *regexp.Regexp
		pid                bool
	}{
		{"sleeper", "sleeper", "RUNNING", regexp.MustCompile(`^pid [1-9]\d*, uptime 0:00:\d\d$`), true},
		{"nocmd", "nocmd", "STOPPED", regexp.MustCompile(`^Not started$`), false},
		{"quick", "quick", "FATAL", regexp.MustCompile(`^Exited too quickly \(process log may have details\)$`), false},
		{"a", "grp", "STOPPED", stopped, false},
	}
	all := f.value(t, "supervisor.getAllProcessInfo").([]any)
	var order []string
	for _, i := range all {
		m := i.(map[string]any)
		order = append(order, m["group"].(string)+":"+m["name"].(string))
	}
	if want := "grp:a grp:b nocmd:nocmd nolog:nolog printer:printer quick:quick sleeper:sleeper slow:slow"; strings.Join(order, " ") != want {
		t.Errorf("getAllProcessInfo order %v, want %s", order, want)
	}
	for _, tt := range tests {
		spec := tt.name
		if tt.group != tt.name {
			spec = tt.group + ":" + tt.name
		}
		info := f.value(t, "supervisor.getProcessInfo", spec).(map[string]any)
		if info["name"] != tt.name || info["group"] != tt.group || info["statename"] != tt.state ||
			!tt.description.MatchString(info["description"].(string)) || (info["pid"].(int) > 0) != tt.pid {
			t.Errorf("%s: %v", spec, info)
		}
		if info["logfile"] != info["stdout_logfile"] {
			t.Errorf("%s: logfile %v, stdout_logfile %v", spec, info["logfile"], info["stdout_logfile"])
		}
	}
	avail := f.value(t, "supervisor.getAllConfigInfo").([]any)
	var names []string
	for _, c := range avail {
		m := c.(map[string]any)
		names = append(names, m["name"].(string))
		if m["name"] == "sleeper" && (m["autostart"] != true || m["inuse"] != true || m["group_prio"] != 999 ||
			m["process_prio"] != 999 || m["command"] != "sleep 1000" || m["stopsignal"] != 15 || m["directory"] != "none") {
			t.Errorf("config of sleeper: %v", m)
		}
	}
	if !slices.IsSorted(names) || len(names) != 8 {
		t.Errorf("getAllConfigInfo names %v", names)
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		seconds int
		want    string
	}{
		{0, "0:00:00"}, {5, "0:00:05"}, {3600*12 + 184, "12:03:04"},
		{86400 + 5, "1 day, 0:00:05"}, {3*86400 + 4*3600 + 5*60 + 6, "3 days, 4:05:06"},
	}
	for _, tt := range tests {
		if got := timedelta(tt.seconds); got != tt.want {
			t.Errorf("timedelta(%d) = %q, want %q", tt.seconds, got, tt.want)
		}
	}
	if got := describe(ProcessInfo{Name: "x", State: int(procman.Backoff)}); got != `unknown error (try "tail x")` {
		t.Errorf("BACKOFF without spawnerr: %q", got)
	}
	if got := describe(ProcessInfo{State: int(procman.Running), PID: 7, Start: 100, Now: 50}); got != "pid 7, uptime 0:00:00" {
		t.Errorf("clock set back: %q", got)
	}
}

func TestGroups(t *testing.T) {
	f := newFixture(t)
	ok := func(name string) map[string]any {
		return map[string]any{"name": name, "group": "grp", "status": 80, "description": "OK"}
	}
	steps := []struct {
		method string
		params []any
		want   any
	}{
		{"supervisor.startProcess", []any{"grp:*"}, []any{ok("a"), ok("b")}},
		{"supervisor.startProcess", []any{"grp:*"}, []any{}},
		{"supervisor.startProcessGroup", []any{"grp"}, []any{}},
		{"supervisor.stopProcess", []any{"grp:a"}, true},
		{"supervisor.startProcessGroup", []any{"grp", false}, []any{ok("a")}},
		{"supervisor.signalProcess", []any{"grp:", "CONT"}, []any{ok("a"), ok("b")}},
		{"supervisor.stopProcess", []any{"grp:*"}, []any{ok("a"), ok("b")}},
		{"supervisor.stopProcessGroup", []any{"grp"}, []any{}},
	}
	for _, s := range steps {
		got := f.value(t, s.method, s.params...)
		if rs, ok := got.([]any); ok { // waited-for results come in completion order
			slices.SortFunc(rs, func(a, b any) int {
				return strings.Compare(a.(map[string]any)["name"].(string), b.(map[string]any)["name"].(string))
			})
		}
		if fmt.Sprint(got) != fmt.Sprint(s.want) {
			t.Errorf("%s%v = %v, want %v", s.method, s.params, got, s.want)
		}
	}
	if r := f.call(t, "supervisor.stopProcess", "grp:a"); r.Fault == nil || r.Fault.String != "NOT_RUNNING: grp:a" {
		t.Errorf("stopProcess(grp:a) = %v", r)
	}
}

func TestAllProcesses(t *testing.T) {
	f := newFixture(t)
	// slow (startsecs 3600) is STARTING, so not started again.
	f.value(t, "supervisor.startProcess", "slow", false)
	results := f.value(t, "supervisor.startAllProcesses").([]any)
	got := map[string]string{}
	for _, r := range results {
		m := r.(map[string]any)
		got[m["name"].(string)] = m["description"].(string)
	}
	want := map[string]string{
		"a": "OK", "b": "OK", "nocmd": "NO_FILE: can't find command '/nonexistent/binary'",
		"nolog": "OK", "printer": "OK", "quick": "SPAWN_ERROR: quick",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("startAllProcesses: %v, want %v", got, want)
	}
	// Results of starts that ended at once come first, in order; quick
	// (its child must exit) and nolog (startsecs 1) were waited for.
	var order []string
	for _, r := range results {
		order = append(order, r.(map[string]any)["name"].(string))
	}
	if strings.Join(order[:4], " ") != "a b nocmd printer" {
		t.Errorf("result order %v, want a b nocmd printer first", order)
	}
	stopped := f.value(t, "supervisor.stopAllProcesses").([]any)
	if len(stopped) != 6 { // a, b, nolog, printer, sleeper, slow
		t.Errorf("stopAllProcesses: %v", stopped)
	}
	cleared := f.value(t, "supervisor.clearAllProcessLogs").([]any)
	if len(cleared) != 8 {
		t.Errorf("clearAllProcessLogs: %v", cleared)
	}
}

func TestStartWaitAbandoned(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := f.callCtx(ctx, t, "supervisor.startProcess", "slow")
		done <- err
	}()
	f.waitState(t, "slow", procman.Starting)
	// Other calls are served while the start waits.
	if got := f.value(t, "supervisor.getVersion"); got != "3.0" {
		t.Errorf("getVersion during a start: %v", got)
	}
	cancel()
	if err := <-done; err == nil {
		t.Fatal("the cancelled call got an answer")
	}
	// The client went away: the start goes on.
	info := f.value(t, "supervisor.getProcessInfo", "slow").(map[string]any)
	if info["statename"] != "STARTING" {
		t.Errorf("slow after the client left: %v", info["statename"])
	}
	if r := f.call(t, "supervisor.startProcess", "slow", false); r.Fault == nil || r.Fault.String != "ALREADY_STARTED: slow" {
		t.Errorf("startProcess(slow, false): %v", r)
	}
}

func TestStartNoWait(t *testing.T) {
	f := newFixture(t)
	if got := f.value(t, "supervisor.startProcess", "slow", false); got != true {
		t.Fatalf("startProcess(slow, false) = %v", got)
	}
	if info := f.value(t, "supervisor.getProcessInfo", "slow").(map[string]any); info["statename"] != "STARTING" {
		t.Errorf("slow: %v", info["statename"])
	}
	if got := f.value(t, "supervisor.stopProcess", "slow", false); got != true {
		t.Fatalf("stopProcess(slow, false) = %v", got)
	}
}

func TestClearLog(t *testing.T) {
	f := newFixture(t)
	if got := f.value(t, "supervisor.clearLog"); got != true {
		t.Fatalf("clearLog = %v", got)
	}
	if f.host.reopens.Load() != 1 {
		t.Error("the host was not asked to reopen its log")
	}
	if got := f.value(t, "supervisor.readLog", 0, 0); got != "" {
		t.Errorf("log after clearLog: %q", got)
	}
	os.Remove(f.host.log)
	if r := f.call(t, "supervisor.readLog", 0, 0); r.Fault == nil || r.Fault.String != "NO_FILE: "+f.host.log {
		t.Errorf("readLog of a missing log: %v", r)
	}
	if r := f.call(t, "supervisor.clearLog"); r.Fault == nil || r.Fault.String != "NO_FILE" {
		t.Errorf("clearLog of a missing log: %v", r)
	}
}

func TestShutdown(t *testing.T) {
	f := newFixture(t)
	if got := f.value(t, "supervisor.shutdown"); got != true {
		t.Fatalf("shutdown = %v", got)
	}
	if f.host.shutdowns.Load() != 1 {
		t.Fatal("the host was not asked to shut down")
	}
	for _, m := range []string{"supervisor.shutdown", "supervisor.getState", "supervisor.getVersion", "supervisor.getAllProcessInfo"} {
		if r := f.call(t, m); r.Fault == nil || r.Fault.Code != 6 || r.Fault.String != "SHUTDOWN_STATE" {
			t.Errorf("%s while shutting down: %v", m, r)
		}
	}
	// signalAllProcesses signals first, then faults, as supervisord does.
	if r := f.call(t, "supervisor.signalAllProcesses", "CONT"); r.Fault == nil || r.Fault.Code != 6 {
		t.Errorf("signalAllProcesses while shutting down: %v", r)
	}
}

func TestXMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain\ttext\r\n", "plain\ttext\r\n"},
		{"caf\xc3\xa9", "café"},
		{"\x1b[31mred", "\ufffd[31mred"},
		{"bad \xff byte", "bad \ufffd byte"},
		{"\xef\xbf\xbe", "\ufffd"},
	}
	for _, tt := range tests {
		if got := xmlText([]byte(tt.in)); got != tt.want {
			t.Errorf("xmlText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFactoryNeedsHost(t *testing.T) {
	if _, err := New(struct{}{}, rpcext.Options{}); err == nil {
		t.Error("New accepted a host that is not a Host")
	}
}

// TestFactoryTakesNoOptions: make_main_rpcinterface(supervisord) takes no
// keyword arguments, so any key in the section stops Mount.
func TestFactoryTakesNoOptions(t *testing.T) {
	opts := rpcext.NewOptions("rpcinterface:supervisor", map[string]string{"retries": "1"})
	if _, err := New(&testHost{m: procman.New()}, opts); err != nil {
		t.Fatal(err)
	}
	err := opts.CheckRead()
	if want := "[rpcinterface:supervisor] retries: unknown option (the factory reads no options)"; err == nil || err.Error() != want {
		t.Errorf("CheckRead: %v, want %s", err, want)
	}
}
