package twiddler_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	_ "github.com/supervisorrpc/rpcinterface/example/supervisor"
	"github.com/supervisorrpc/rpcinterface/example/twiddler"
	"github.com/supervisorrpc/rpcinterface/internal/replay"
	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// waitTimeout bounds every wait; nothing asserts how long anything took.
const waitTimeout = 30 * time.Second

// config serves the supervisor namespace, the twiddler and a whitelisted
// twiddler over an empty group (dyn) and a program's own group (base).
const config = `
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[rpcinterface:twiddler]
supervisor.rpcinterface_factory = supervisor_twiddler.rpcinterface:make_twiddler_rpcinterface

[rpcinterface:twl]
supervisor.rpcinterface_factory = supervisor_twiddler.rpcinterface:make_twiddler_rpcinterface
whitelist = getAPIVersion, getGroupNames

[group:dyn]
programs =

[program:base]
command = sleep 1000
autostart = false
`

// testHost is a twiddler.Host (and a supervisor.Host) over a real
// procman.Manager, logging to a buffer.
type testHost struct {
	m        *procman.Manager
	cfg      *rpcext.Config
	logger   *slog.Logger
	log      testkit.LogBuffer
	shutting atomic.Bool
}

func (h *testHost) Manager() *procman.Manager { return h.m }
func (h *testHost) Config() *rpcext.Config    { return h.cfg }
func (h *testHost) Logger() *slog.Logger      { return h.logger }
func (h *testHost) ShuttingDown() bool        { return h.shutting.Load() }
func (h *testHost) Identification() string    { return "test" }
func (h *testHost) MainLogfile() string       { return "" }
func (h *testHost) ReopenMainLog() error      { return nil }
func (h *testHost) Shutdown()                 { h.shutting.Store(true) }
func (h *testHost) Restart()                  {}
func (h *testHost) ReadGroupConfigs() ([]procman.GroupConfig, error) {
	return procman.GroupsFromConfig(h.cfg)
}

type fixture struct {
	url  string
	host *testHost
	conf string // the config file's name
}

// newFixture serves config through rpcext.NewHandler over httptest, as a
// host mounts it, with a real process manager that has autostarted.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "supervisord.conf")
	cfg, err := rpcext.ParseConfig([]byte(config), conf)
	if err != nil {
		t.Fatal(err)
	}
	groups, err := procman.GroupsFromConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	host := &testHost{m: procman.New(procman.WithChildLogDir(dir)), cfg: cfg}
	host.logger = slog.New(slog.NewTextHandler(&host.log, &slog.HandlerOptions{Level: slog.Level(-100)}))
	host.m.SetGroupConfigs(groups) // as the example host does
	for _, g := range groups {
		if _, err := host.m.AddConfiguredGroup(g.Name); err != nil {
			t.Fatal(err)
		}
	}
	h, err := rpcext.NewHandler(cfg, rpcext.WithHost(host), rpcext.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		host.m.Shutdown(ctx)
		host.m.Close()
	})
	host.m.Autostart()
	return &fixture{url: srv.URL + rpcext.Path, host: host, conf: conf}
}

// b64 is a <base64> parameter.
type b64 []byte

// encode writes v as an XML-RPC value, the way Python's xmlrpc.client
// encodes it.
func encode(b *bytes.Buffer, v any) {
	b.WriteString("<value>")
	switch v := v.(type) {
	case nil:
		b.WriteString("<nil/>")
	case string:
		b.WriteString("<string>")
		xml.EscapeText(b, []byte(v))
		b.WriteString("</string>")
	case int:
		fmt.Fprintf(b, "<int>%d</int>", v)
	case bool:
		fmt.Fprintf(b, "<boolean>%d</boolean>", map[bool]int{false: 0, true: 1}[v])
	case float64:
		fmt.Fprintf(b, "<double>%s</double>", strconv.FormatFloat(v, 'f', -1, 64))
	case b64:
		fmt.Fprintf(b, "<base64>%s</base64>", base64.StdEncoding.EncodeToString(v))
	case []any:
		b.WriteString("<array><data>")
		for _, e := range v {
			encode(b, e)
		}
		b.WriteString("</data></array>")
	case map[string]any:
		b.WriteString("<struct>")
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b.WriteString("<member><name>")
			xml.EscapeText(b, []byte(k))
			b.WriteString("</name>")
			encode(b, v[k])
			b.WriteString("</member>")
		}
		b.WriteString("</struct>")
	default:
		panic(fmt.Sprintf("encode: %T", v))
	}
	b.WriteString("</value>")
}

// call sends method(params...) and parses the answer.
func (f *fixture) call(t *testing.T, method string, params ...any) *replay.Response {
	t.Helper()
	var b bytes.Buffer
	fmt.Fprintf(&b, "<?xml version='1.0'?>\n<methodCall>\n<methodName>%s</methodName>\n<params>\n", method)
	for _, p := range params {
		b.WriteString("<param>\n")
		encode(&b, p)
		b.WriteString("\n</param>\n")
	}
	b.WriteString("</params>\n</methodCall>\n")
	resp, err := http.Post(f.url, "text/xml", &b)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: HTTP %d: %s", method, resp.StatusCode, body)
	}
	r, err := replay.ParseResponse(body)
	if err != nil {
		t.Fatalf("%s: %v\n%s", method, err, body)
	}
	return r
}

// value calls method and fails the test on a fault; ints come back as int.
func (f *fixture) value(t *testing.T, method string, params ...any) any {
	t.Helper()
	r := f.call(t, method, params...)
	if r.Fault != nil {
		t.Fatalf("%s%v: fault %d %q", method, params, r.Fault.Code, r.Fault.String)
	}
	return plain(r.Value)
}

// fault calls method and checks the fault it answers.
func (f *fixture) fault(t *testing.T, code int, text, method string, params ...any) {
	t.Helper()
	r := f.call(t, method, params...)
	if r.Fault == nil || r.Fault.Code != code || r.Fault.String != text {
		t.Errorf("%s%v = %v, want fault %d %q", method, params, r, code, text)
	}
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

// process returns the manager's process of group called name.
func (f *fixture) process(t *testing.T, group, name string) *procman.Process {
	t.Helper()
	g := f.host.m.Group(group)
	if g == nil || g.Process(name) == nil {
		t.Fatalf("no process %s:%s", group, name)
	}
	return g.Process(name)
}

// waitState waits until group:name is in state s.
func (f *fixture) waitState(t *testing.T, group, name string, s procman.State) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	if i, err := f.process(t, group, name).WaitFor(ctx, func(i procman.Info) bool { return i.State == s }); err != nil {
		t.Fatalf("%s:%s never %v (%v, %q): %v", group, name, s, i.State, i.SpawnErr, err)
	}
}

// statuses returns "group:name STATE" for every process supervisor's
// getAllProcessInfo lists.
func (f *fixture) statuses(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, i := range f.value(t, "supervisor.getAllProcessInfo").([]any) {
		m := i.(map[string]any)
		out = append(out, fmt.Sprintf("%s:%s %s", m["group"], m["name"], m["statename"]))
	}
	return out
}

func TestIntrospection(t *testing.T) {
	f := newFixture(t)
	var methods []string
	for _, m := range f.value(t, "system.listMethods").([]any) {
		if s := m.(string); strings.HasPrefix(s, "twiddler.") {
			methods = append(methods, s)
		}
	}
	want := []string{"twiddler.addProgramToGroup", "twiddler.getAPIVersion", "twiddler.getGroupNames",
		"twiddler.log", "twiddler.removeProcessFromGroup"}
	if !slices.Equal(methods, want) {
		t.Errorf("methods %q, want %q", methods, want)
	}
	signatures := map[string][]any{
		"getAPIVersion":          {"int"}, // the docstring's mistake, as supervisord reports it
		"getGroupNames":          {"array"},
		"log":                    {"boolean", "string", "string|int"},
		"addProgramToGroup":      {"boolean", "string", "string", "struct"},
		"removeProcessFromGroup": {"boolean", "string", "string"},
	}
	for name, sig := range signatures {
		if got := f.value(t, "system.methodSignature", "twiddler."+name).([]any); !reflect.DeepEqual(got, sig) {
			t.Errorf("%s signature %v, want %v", name, got, sig)
		}
		help := f.value(t, "system.methodHelp", "twiddler."+name).(string)
		if !strings.HasPrefix(help, " ") || !strings.Contains(help, "@return") {
			t.Errorf("%s help %q is not the docstring", name, help)
		}
	}
	if help := f.value(t, "system.methodHelp", "twiddler.removeProcessFromGroup"); help != ` Remove a process from a process group.  When a program is added with
            addProgramToGroup(), one or more processes for that program is added
            to the group.  This method removes individual processes (named by the
            numprocs and process_name options), not programs.

        @param string group_name    Name of an existing process group
        @param string process_name  Name of the process to remove from group
        @return boolean             Always return True unless error
        ` {
		t.Errorf("removeProcessFromGroup help %q", help)
	}
}

func TestValues(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		method string
		params []any
		want   any
	}{
		{"twiddler.getAPIVersion", nil, "1.0"},
		{"twiddler.getGroupNames", nil, []any{"base", "dyn"}}, // supervisord sorts groups by priority, then name
		{"twl.getAPIVersion", nil, "1.0"},
		{"twl.getGroupNames", nil, []any{"base", "dyn"}},
		{"twiddler.log", []any{"hello"}, true},
	}
	for _, tt := range tests {
		if got := f.value(t, tt.method, tt.params...); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s%v = %#v, want %#v", tt.method, tt.params, got, tt.want)
		}
	}
}

func TestFaults(t *testing.T) {
	f := newFixture(t)
	sleep := map[string]any{"command": "sleep 1000"}
	in := fmt.Sprintf(" in section 'program:foo' (file: '%s')", f.conf)
	tests := []struct {
		method string
		params []any
		code   int
		text   string
	}{
		{"twiddler.addProgramToGroup", []any{"nogroup", "foo", sleep}, 10, "BAD_NAME: group: nogroup"},
		{"twiddler.addProgramToGroup", []any{"dyn", "foo", map[string]any{"autostart": "false"}}, 2,
			"INCORRECT_PARAMETERS: program section program:foo does not specify a command" + in},
		{"twiddler.addProgramToGroup", []any{"dyn", "foo", map[string]any{"command": "sleep 100", "startsecs": "abc"}}, 2,
			"INCORRECT_PARAMETERS: invalid literal for int() with base 10: 'abc'" + in},
		{"twiddler.addProgramToGroup", []any{"dyn", "foo", map[string]any{"command": "sleep 100", "numprocs": "2"}}, 2,
			"INCORRECT_PARAMETERS: %(process_num) must be present within process_name when numprocs > 1" + in},
		{"twiddler.addProgramToGroup", []any{"dyn", "a b", sleep}, 2,
			fmt.Sprintf("INCORRECT_PARAMETERS: Invalid name: 'a b' because of character: ' ' in section 'program:a b' (file: '%s')", f.conf)},
		{"twiddler.addProgramToGroup", []any{"dyn", "foo", "notadict"}, 2, "INCORRECT_PARAMETERS"},
		{"twiddler.addProgramToGroup", []any{"dyn", "foo", 5}, 2, "INCORRECT_PARAMETERS"},
		{"twiddler.addProgramToGroup", []any{"dyn", "foo", []any{"command", "sleep 1"}}, 2, "INCORRECT_PARAMETERS"},
		{"twiddler.addProgramToGroup", []any{"dyn", "foo", ""}, 2,
			"INCORRECT_PARAMETERS: program section program:foo does not specify a command" + in},
		{"twiddler.addProgramToGroup", []any{"dyn", "foo", map[string]any{"command": []any{"sleep"}}}, 2,
			"INCORRECT_PARAMETERS: option command must be a string, an integer, a boolean or a double, not an array"},
		{"twiddler.addProgramToGroup", []any{"base", "base", sleep}, 10, "BAD_NAME: base"},
		{"twiddler.addProgramToGroup", []any{"dyn", "foo"}, 2, "INCORRECT_PARAMETERS"},
		{"twiddler.removeProcessFromGroup", []any{"nogroup", "foo"}, 10, "BAD_NAME: group: nogroup"},
		{"twiddler.removeProcessFromGroup", []any{"dyn", "nope"}, 10, "BAD_NAME: nope"},
		{"twiddler.removeProcessFromGroup", []any{"base", "base:base"}, 10, "BAD_NAME: base:base"},
		{"twiddler.log", []any{"x", "BOGUS"}, 2, "INCORRECT_PARAMETERS"},
		{"twiddler.log", []any{"x", 7}, 2, "INCORRECT_PARAMETERS"},
		{"twiddler.log", []any{"x", "20"}, 2, "INCORRECT_PARAMETERS"},
		{"twiddler.log", []any{"x", "ERROR"}, 2, "INCORRECT_PARAMETERS"},
		{"twiddler.log", []any{"x", true}, 2, "INCORRECT_PARAMETERS"},
		{"twiddler.log", []any{"x", nil}, 2, "INCORRECT_PARAMETERS"},
		{"twiddler.log", nil, 2, "INCORRECT_PARAMETERS"},
		{"twl.log", []any{"x"}, 230, "UNKNOWN: log"},
		{"twl.addProgramToGroup", []any{"dyn", "foo", sleep}, 230, "UNKNOWN: addProgramToGroup"},
		{"twl.removeProcessFromGroup", []any{"dyn", "foo"}, 230, "UNKNOWN: removeProcessFromGroup"},
	}
	for _, tt := range tests {
		f.fault(t, tt.code, tt.text, tt.method, tt.params...)
	}
	if got, want := f.statuses(t), []string{"base:base STOPPED"}; !slices.Equal(got, want) {
		t.Errorf("processes after the faults %q, want %q", got, want)
	}
}

// TestAddAndRemove follows supervisor_twiddler's transcript against
// supervisord: programs added to an empty group and to a program's group
// run under the manager and show in the supervisor namespace; a running
// process cannot be removed, a stopped one can.
func TestAddAndRemove(t *testing.T) {
	f := newFixture(t)
	f.value(t, "twiddler.addProgramToGroup", "dyn", "foo", map[string]any{"command": "sleep 1000", "startsecs": 0})
	f.waitState(t, "dyn", "foo", procman.Running) // autostart
	info := f.value(t, "supervisor.getProcessInfo", "dyn:foo").(map[string]any)
	if info["statename"] != "RUNNING" || info["pid"] == 0 {
		t.Errorf("getProcessInfo(dyn:foo) = %v", info)
	}
	f.fault(t, 10, "BAD_NAME: foo", "twiddler.addProgramToGroup", "dyn", "foo", map[string]any{"command": "sleep 1000"})

	f.value(t, "twiddler.addProgramToGroup", "dyn", "multi", map[string]any{"command": "sleep 1000", "autostart": "false",
		"numprocs": "2", "process_name": "%(program_name)s_%(process_num)02d"})
	f.value(t, "twiddler.addProgramToGroup", "base", "extra", map[string]any{"command": "sleep 1000", "autostart": false})
	want := []string{"base:base STOPPED", "base:extra STOPPED", "dyn:foo RUNNING", "dyn:multi_00 STOPPED", "dyn:multi_01 STOPPED"}
	if got := f.statuses(t); !slices.Equal(got, want) {
		t.Errorf("getAllProcessInfo %q, want %q", got, want)
	}
	var configs []string
	for _, c := range f.value(t, "supervisor.getAllConfigInfo").([]any) {
		m := c.(map[string]any)
		configs = append(configs, fmt.Sprintf("%s:%s", m["group"], m["name"]))
	}
	slices.Sort(configs)
	if want := []string{"base:base", "base:extra", "dyn:foo", "dyn:multi_00", "dyn:multi_01"}; !slices.Equal(configs, want) {
		t.Errorf("getAllConfigInfo %q, want %q", configs, want)
	}
	f.fault(t, 60, "ALREADY_STARTED: dyn:foo", "supervisor.startProcess", "dyn:foo")

	f.fault(t, 91, "STILL_RUNNING: foo", "twiddler.removeProcessFromGroup", "dyn", "foo")
	f.value(t, "supervisor.stopProcess", "dyn:foo")
	f.value(t, "twiddler.removeProcessFromGroup", "dyn", "foo")
	f.value(t, "twiddler.removeProcessFromGroup", "dyn", "multi_00")
	f.value(t, "twiddler.removeProcessFromGroup", "base", "extra")
	f.fault(t, 10, "BAD_NAME: dyn:foo", "supervisor.getProcessInfo", "dyn:foo")
	want = []string{"base:base STOPPED", "dyn:multi_01 STOPPED"}
	if got := f.statuses(t); !slices.Equal(got, want) {
		t.Errorf("getAllProcessInfo after the removals %q, want %q", got, want)
	}
	f.fault(t, 10, "BAD_NAME: foo", "twiddler.removeProcessFromGroup", "dyn", "foo")

	// The last process of a group goes, the group stays.
	f.value(t, "twiddler.removeProcessFromGroup", "dyn", "multi_01")
	if got := f.value(t, "twiddler.getGroupNames"); !reflect.DeepEqual(got, []any{"base", "dyn"}) {
		t.Errorf("getGroupNames %v", got)
	}
	// A removed name can be added again; supervisor starts it.
	f.value(t, "twiddler.addProgramToGroup", "dyn", "foo", map[string]any{"command": "sleep 1000", "startsecs": "0", "autostart": "no"})
	f.value(t, "supervisor.startProcess", "dyn:foo")
	f.waitState(t, "dyn", "foo", procman.Running)
}

// TestOptions checks how option values of each XML-RPC type are read.
func TestOptions(t *testing.T) {
	t.Setenv("TWIDDLER_TEST", "1000") // for %(ENV_TWIDDLER_TEST)s
	f := newFixture(t)
	tests := []struct {
		name    string
		options any
		check   func(procman.ProcessConfig) bool
	}{
		{"ints-and-bools", map[string]any{"command": "sleep 1000", "startsecs": 7, "autostart": false, "stopasgroup": true, "priority": 5.0},
			func(c procman.ProcessConfig) bool {
				return c.StartSecs == 7*time.Second && !c.Autostart && c.StopAsGroup && c.Priority == 5
			}},
		{"pairs", []any{[]any{"command", "sleep 1000"}, []any{"autostart", "false"}},
			func(c procman.ProcessConfig) bool { return c.Command == "sleep 1000" && !c.Autostart }},
		{"nil-is-absent", map[string]any{"command": "sleep 1000", "autostart": "false", "startsecs": nil},
			func(c procman.ProcessConfig) bool { return c.StartSecs == time.Second }},
		{"base64-text", map[string]any{"command": b64("sleep 1000"), "autostart": "false"},
			func(c procman.ProcessConfig) bool { return c.Command == "sleep 1000" }},
		{"case-and-expansion", map[string]any{"Command": "sleep %(ENV_TWIDDLER_TEST)s", "AUTOSTART": "false", "directory": "%(here)s"},
			func(c procman.ProcessConfig) bool {
				return c.Command == "sleep 1000" && !c.Autostart && c.Directory == filepath.Dir(f.conf)
			}},
		{"as-is", map[string]any{"command": "sh -c 'sleep 1000 ; true'", "autostart": "false"},
			func(c procman.ProcessConfig) bool { return c.Command == "sh -c 'sleep 1000 ; true'" }},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := fmt.Sprintf("p%d", i)
			f.value(t, "twiddler.addProgramToGroup", "dyn", name, tt.options)
			if c := f.process(t, "dyn", name).Config(); !tt.check(c) {
				t.Errorf("config %+v", c)
			}
			f.value(t, "twiddler.removeProcessFromGroup", "dyn", name)
		})
	}
}

func TestLog(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		params []any
		want   string
	}{
		{[]any{"hello from twiddler"}, `level=INFO msg="hello from twiddler"`},
		{[]any{"warn msg", "warn"}, `level=WARN msg="warn msg"`},
		{[]any{"err msg", 40}, `level=ERROR msg="err msg"`},
		{[]any{"crit", "CRIT"}, `level=ERROR+4 msg=crit`},
		{[]any{"debug", "Debg"}, `level=DEBUG msg=debug`},
		{[]any{"trace", 5}, `level=DEBUG-4 msg=trace`},
		{[]any{"blather", "blat"}, `level=DEBUG-8 msg=blather`},
		{[]any{"double", 20.0}, `level=INFO msg=double`},
		{[]any{"base64", b64("info")}, `level=INFO msg=base64`},
		{[]any{"100% %(x)s"}, `level=INFO msg="100% %(x)s"`},
	}
	for _, tt := range tests {
		if got := f.value(t, "twiddler.log", tt.params...); got != true {
			t.Errorf("log%v = %v", tt.params, got)
		}
		if !strings.Contains(f.host.log.String(), tt.want+"\n") {
			t.Errorf("log%v: main log lacks %q:\n%s", tt.params, tt.want, f.host.log.String())
		}
	}
}

func TestShutdownState(t *testing.T) {
	f := newFixture(t)
	f.host.shutting.Store(true)
	calls := [][]any{
		{"twiddler.getAPIVersion"},
		{"twiddler.getGroupNames"},
		{"twiddler.log", "x"},
		{"twiddler.addProgramToGroup", "dyn", "foo", map[string]any{"command": "sleep 1000"}},
		{"twiddler.removeProcessFromGroup", "base", "base"},
		{"twl.log", "x"}, // shutdown is checked before the whitelist
	}
	for _, c := range calls {
		f.fault(t, 6, "SHUTDOWN_STATE", c[0].(string), c[1:]...)
	}
}

func TestFactory(t *testing.T) {
	section := func(extra string) string {
		return "[rpcinterface:twiddler]\nsupervisor.rpcinterface_factory = " + twiddler.FactoryName + "\n" + extra
	}
	host := &testHost{m: procman.New()}
	tests := []struct {
		name   string
		config string
		host   any
		ok     bool
	}{
		{"plain", section(""), host, true},
		{"whitelist", section("whitelist = log\n"), host, true},
		{"empty-whitelist", section("whitelist =\n"), host, true},
		{"unknown-option", section("retries = 3\n"), host, false},
		{"misspelt-whitelist", section("whitelst = log\n"), host, false},
		{"no-host", section(""), nil, false},
		{"not-a-host", section(""), struct{}{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := rpcext.ParseConfig([]byte(tt.config), "test.conf")
			if err != nil {
				t.Fatal(err)
			}
			_, err = rpcext.NewHandler(cfg, rpcext.WithHost(tt.host), rpcext.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
			if (err == nil) != tt.ok {
				t.Errorf("NewHandler: %v, want ok=%v", err, tt.ok)
			}
			if tt.name == "misspelt-whitelist" && (err == nil || !strings.Contains(err.Error(), "whitelst: unknown option (did you mean whitelist?)")) {
				t.Errorf("NewHandler: %v, want the key named and whitelist suggested", err)
			}
		})
	}
}
