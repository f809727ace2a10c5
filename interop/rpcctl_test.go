package interop_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// rpcctlBuild is cmd/rpcctl, built once per test binary.
var rpcctlBuild struct {
	once sync.Once
	dir  string // removed by TestMain
	bin  string
	err  error
}

// rpcctlBinary returns the path of cmd/rpcctl, built on first use.
func rpcctlBinary(t *testing.T) string {
	t.Helper()
	goTool := requireTool(t, "go")
	rpcctlBuild.once.Do(func() {
		if rpcctlBuild.dir, rpcctlBuild.err = os.MkdirTemp("", "interop-rpcctl-"); rpcctlBuild.err != nil {
			return
		}
		bin := filepath.Join(rpcctlBuild.dir, "bin", "rpcctl")
		cmd := exec.Command(goTool, buildArgs("-o", bin, "./cmd/rpcctl")...)
		cmd.Dir = moduleRoot
		if out, err := cmd.CombinedOutput(); err != nil {
			rpcctlBuild.err = fmt.Errorf("go build ./cmd/rpcctl: %v\n%s", err, out)
			return
		}
		rpcctlBuild.bin = bin
	})
	if rpcctlBuild.err != nil {
		t.Fatal(rpcctlBuild.err)
	}
	return rpcctlBuild.bin
}

// ctlRun is one run of the rpcctl program.
type ctlRun struct {
	code           int
	stdout, stderr string
}

// rpcctl runs the program with args and stdin. Runs that do not give -c
// are given an empty [supervisorctl] section, so that no file of this
// machine's (/etc/supervisor/supervisord.conf) is read.
func rpcctl(t *testing.T, stdin string, args ...string) ctlRun {
	t.Helper()
	if !slices.Contains(args, "-c") {
		empty := filepath.Join(t.TempDir(), "empty.conf")
		if err := os.WriteFile(empty, []byte("[supervisorctl]\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append([]string{"-c", empty}, args...)
	}
	cmd := exec.Command(rpcctlBinary(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := ctlRun{stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("rpcctl %q: %v", args, err)
	}
	return r
}

// want fails unless the run exited with code and printed stdout (nil:
// anything) and stderr exactly.
func (r ctlRun) want(t *testing.T, what string, code int, stderr string) {
	t.Helper()
	if r.code != code || r.stderr != stderr {
		t.Errorf("%s: exit %d, stderr %q; want exit %d, stderr %q\nstdout: %s", what, r.code, r.stderr, code, stderr, r.stdout)
	}
}

// json parses the run's output, failing the test when it is not JSON.
func (r ctlRun) json(t *testing.T) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, r.stdout)
	}
	return v
}

// jsonLines parses each line of the run's output.
func (r ctlRun) jsonLines(t *testing.T) []any {
	t.Helper()
	var out []any
	for line := range strings.Lines(r.stdout) {
		var v any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("line %q is not JSON: %v", line, err)
		}
		out = append(out, v)
	}
	return out
}

// TestRpcctlSupervisord runs rpcctl against supervisord 4.2.5: the
// configuration's [supervisorctl] serverurl over the unix socket, -s over
// TCP with a password, faults, 401, multicall from stdin, -raw.
func TestRpcctlSupervisord(t *testing.T) {
	sd := startSupervisord(t, "\n[supervisorctl]\nserverurl = unix://%(here)s/s.sock\n"+clientPrograms)
	httpConf := filepath.Join(sd.dir, "ctl-http.conf")
	if err := os.WriteFile(httpConf, []byte(fmt.Sprintf("[supervisorctl]\nserverurl = %s\nusername = user\npassword = %%(ENV_RPCCTL_PASSWORD)s\n", sd.tcpURL())), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("RPCCTL_PASSWORD", "123")
	conf := []string{"-c", sd.conf}
	tcp := []string{"-s", sd.tcpURL(), "-u", "user", "-p", "123"}

	// The acceptance: the state, over the unix socket the config names.
	r := rpcctl(t, "", append(conf, "call", "supervisor.getState")...)
	r.want(t, "getState", 0, "")
	if got := r.json(t); !reflect.DeepEqual(got, map[string]any{"statecode": 1.0, "statename": "RUNNING"}) {
		t.Errorf("getState: %s", r.stdout)
	}
	r = rpcctl(t, "", append(conf, "call", "supervisor.getProcessInfo", "nosuch")...)
	r.want(t, "getProcessInfo(nosuch)", 1, "10 BAD_NAME: nosuch\n")
	r = rpcctl(t, "", append(conf, "call", "supervisor.startProcess", "nosuch")...)
	r.want(t, "startProcess(nosuch)", 1, "10 BAD_NAME: nosuch\n")
	r = rpcctl(t, "", append(conf, "call", "supervisor.readLog", "-1", "-1")...)
	r.want(t, "readLog(-1, -1)", 1, "3 BAD_ARGUMENTS\n")
	r = rpcctl(t, "", append(conf, "call", "supervisor.nosuch")...)
	r.want(t, "supervisor.nosuch", 1, "1 UNKNOWN_METHOD\n")

	// Arguments typed by supervisord's signatures.
	r = rpcctl(t, "", append(conf, "call", "supervisor.getProcessInfo", "sleeper")...)
	r.want(t, "getProcessInfo(sleeper)", 0, "")
	if info, _ := r.json(t).(map[string]any); info["name"] != "sleeper" || info["statename"] != "RUNNING" || info["pid"].(float64) <= 0 {
		t.Errorf("getProcessInfo(sleeper): %s", r.stdout)
	}
	r = rpcctl(t, "", append(conf, "call", "supervisor.signalProcess", "sleeper", "CONT")...)
	r.want(t, "signalProcess", 0, "")
	if r.json(t) != true {
		t.Errorf("signalProcess: %s", r.stdout)
	}
	r = rpcctl(t, "", append(conf, "call", "supervisor.readLog", "0", "0")...)
	r.want(t, "readLog(0, 0)", 0, "")
	if s, _ := r.json(t).(string); !strings.Contains(s, "supervisord started with pid") {
		t.Errorf("readLog: %.200s", r.stdout)
	}
	r = rpcctl(t, "", append(conf, "call", "supervisor.stopProcess", "slow", "false")...)
	r.want(t, "stopProcess(slow, false)", 1, "70 NOT_RUNNING: slow\n")

	// Introspection.
	r = rpcctl(t, "", append(conf, "methods", "supervisor")...)
	names := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != 0 || !slices.IsSorted(names) || !slices.Contains(names, "supervisor.getState") || slices.ContainsFunc(names, func(n string) bool { return !strings.HasPrefix(n, "supervisor.") }) {
		t.Errorf("methods supervisor: exit %d, %q", r.code, r.stdout)
	}
	r = rpcctl(t, "", append(conf, "help", "supervisor.readLog")...)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "supervisor.readLog(int, int) -> string\n\nRead length bytes from the main log") {
		t.Errorf("help supervisor.readLog: exit %d, %q", r.code, r.stdout)
	}

	// TCP with a password: from the flags, from a config file, wrong, none.
	r = rpcctl(t, "", append(tcp, "call", "supervisor.getPID")...)
	r.want(t, "getPID over TCP", 0, "")
	if r.stdout != strconv.Itoa(sd.cmd.Process.Pid)+"\n" {
		t.Errorf("getPID: %q, supervisord is %d", r.stdout, sd.cmd.Process.Pid)
	}
	r = rpcctl(t, "", "-c", httpConf, "call", "supervisor.getIdentification")
	r.want(t, "-c with http:// and credentials", 0, "")
	if r.stdout != "\"interop\"\n" {
		t.Errorf("getIdentification: %q", r.stdout)
	}
	r = rpcctl(t, "", "-c", httpConf, "-p", "wrong", "call", "supervisor.getState")
	r.want(t, "wrong password", 2, "rpcctl: supervisor.getState: 401 Unauthorized (wrong username or password)\n")
	r = rpcctl(t, "", "-s", sd.tcpURL(), "methods")
	r.want(t, "no credentials", 2, "rpcctl: system.listMethods: 401 Unauthorized (the server wants a username and password: -u and -p, or [supervisorctl] username and password)\n")

	// Multicall in supervisord's dialect, from stdin.
	in := `{"method": "supervisor.getPID"}
{"method": "supervisor.getProcessInfo", "params": ["nosuch"]}
{"method": "supervisor.getState", "params": []}
{"method": "supervisor.readLog", "params": [0, 10]}
`
	r = rpcctl(t, in, append(conf, "multicall")...)
	r.want(t, "multicall", 1, "call 2 (supervisor.getProcessInfo): 10 BAD_NAME: nosuch\n")
	want := []any{float64(sd.cmd.Process.Pid), map[string]any{"faultCode": 10.0, "faultString": "BAD_NAME: nosuch"},
		map[string]any{"statecode": 1.0, "statename": "RUNNING"}}
	if got := r.jsonLines(t); len(got) != 4 || !reflect.DeepEqual(got[:3], want) {
		t.Errorf("multicall: %s", r.stdout)
	}
	r = rpcctl(t, "{\"method\":\"supervisor.getAPIVersion\"}\n", append(tcp, "multicall")...)
	r.want(t, "multicall over TCP", 0, "")
	if r.stdout != "\"3.0\"\n" {
		t.Errorf("multicall over TCP: %q", r.stdout)
	}

	// -raw: supervisord's XML as it sent it.
	r = rpcctl(t, "", append(conf, "-raw", "call", "supervisor.getState")...)
	r.want(t, "-raw", 0, "")
	var state struct {
		Statename string `xmlrpc:"statename"`
	}
	if err := xmlrpc.NewDecoder([]byte(r.stdout), xmlrpc.Limits{}).DecodeResponse(&state, xmlrpc.IgnoreUnknownMembers()); err != nil || state.Statename != "RUNNING" || !strings.HasPrefix(r.stdout, "<?xml version='1.0'?>\n<methodResponse>") {
		t.Errorf("-raw: %v\n%s", err, r.stdout)
	}
}

// TestRpcctlHost runs rpcctl against the example host: plugin methods
// listed, their signatures used, their faults.
func TestRpcctlHost(t *testing.T) {
	h := startHost(t)
	s := []string{"-s", "http://" + h.Addr}

	r := rpcctl(t, "", append(s, "methods")...)
	for _, m := range []string{"another.getRetries", "cache.store", "echo.add", "system.multicall"} {
		if r.code != 0 || !slices.Contains(strings.Split(r.stdout, "\n"), m) {
			t.Errorf("methods: exit %d, no %s in %q", r.code, m, r.stdout)
		}
	}
	r = rpcctl(t, "", append(s, "methods", "cache")...)
	if r.code != 0 || r.stdout != "cache.clear\ncache.delete\ncache.fetch\ncache.getAPIVersion\ncache.getCount\ncache.getKeys\ncache.store\n" {
		t.Errorf("methods cache: exit %d, %q", r.code, r.stdout)
	}
	r = rpcctl(t, "", append(s, "help", "cache.store")...)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "cache.store(string, string) -> boolean\n\n") {
		t.Errorf("help cache.store: exit %d, %q", r.code, r.stdout)
	}

	// cache.store's signature says string: 42 is stored as "42".
	rpcctl(t, "", append(s, "call", "cache.store", "answer", "42")...).want(t, "cache.store", 0, "")
	r = rpcctl(t, "", append(s, "call", "cache.fetch", "answer")...)
	r.want(t, "cache.fetch", 0, "")
	if r.stdout != "\"42\"\n" {
		t.Errorf("cache.fetch: %q, want the string stored", r.stdout)
	}
	// echo.echo takes anything: guessed, or forced.
	for arg, want := range map[string]any{"42": 42.0, "string:42": "42", "1.5": 1.5, "[1, {\"a\": null}]": []any{1.0, map[string]any{"a": nil}}} {
		r = rpcctl(t, "", append(s, "call", "echo.echo", arg)...)
		if r.code != 0 || !reflect.DeepEqual(r.json(t), want) {
			t.Errorf("echo.echo %s: exit %d, %s", arg, r.code, r.stdout)
		}
	}
	r = rpcctl(t, "", append(s, "call", "echo.add", "2", "3")...)
	if r.code != 0 || r.stdout != "5\n" {
		t.Errorf("echo.add: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}
	rpcctl(t, "", append(s, "call", "another.setRetries", "-1")...).want(t, "another.setRetries(-1)", 1, "3 BAD_ARGUMENTS: retries must not be negative, got -1\n")
	rpcctl(t, "", append(s, "call", "cache.fetch", "nosuch")...).want(t, "cache.fetch(nosuch)", 1, "10 BAD_NAME\n")

	r = rpcctl(t, "{\"method\":\"another.getRetries\"}\n{\"method\":\"echo.fail\",\"params\":[10,\"nosuch\"]}\n", append(s, "multicall")...)
	r.want(t, "multicall", 1, "call 2 (echo.fail): 10 BAD_NAME: nosuch\n")
	if got := r.jsonLines(t); !reflect.DeepEqual(got, []any{4.0, map[string]any{"faultCode": 10.0, "faultString": "BAD_NAME: nosuch"}}) {
		t.Errorf("multicall: %s", r.stdout)
	}
}

// TestRpcctlPython runs rpcctl against Python's SimpleXMLRPCServer: no
// signatures (arguments guessed), Python's faults, and multicall in the
// specification's dialect with -spec.
func TestRpcctlPython(t *testing.T) {
	url := startSpecPython(t)
	s := []string{"-s", url}
	r := rpcctl(t, "", append(s, "methods")...)
	if r.code != 0 || !strings.Contains(r.stdout, "add\necho\nfail\ninfo\nsystem.listMethods\n") {
		t.Errorf("methods: exit %d, %q", r.code, r.stdout)
	}
	r = rpcctl(t, "", append(s, "call", "add", "2", "3")...)
	if r.code != 0 || r.stdout != "5\n" {
		t.Errorf("add 2 3: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}
	r = rpcctl(t, "", append(s, "call", "add", "string:2", "3")...)
	r.want(t, "add \"2\" 3", 1, "1 <class 'TypeError'>:can only concatenate str (not \"int\") to str\n")
	r = rpcctl(t, "", append(s, "call", "echo", "{\"b\": \"base64:x\", \"t\": [true, null, 2.5]}")...)
	if r.code != 0 || !reflect.DeepEqual(r.json(t), map[string]any{"b": "base64:x", "t": []any{true, nil, 2.5}}) {
		t.Errorf("echo struct: exit %d, %q", r.code, r.stdout)
	}
	r = rpcctl(t, "", append(s, "call", "echo", "base64:AAH+/w==")...)
	if r.code != 0 || r.stdout != "\"AAH+/w==\"\n" {
		t.Errorf("echo base64: exit %d, %q", r.code, r.stdout)
	}
	r = rpcctl(t, "", append(s, "call", "echo", "dateTime.iso8601:2026-01-02T03:04:05")...)
	if r.code != 0 || r.stdout != "\"2026-01-02T03:04:05\"\n" {
		t.Errorf("echo dateTime: exit %d, %q", r.code, r.stdout)
	}
	rpcctl(t, "", append(s, "call", "fail", "boom")...).want(t, "fail", 1, "1 <class 'ValueError'>:boom\n")

	in := "{\"method\":\"add\",\"params\":[1,2]}\n{\"method\":\"info\",\"params\":[\"x\"]}\n{\"method\":\"info\",\"params\":[\"web\"]}\n"
	r = rpcctl(t, in, append(s, "-spec", "multicall")...)
	r.want(t, "-spec multicall", 1, "call 2 (info): 1 <class 'LookupError'>:x\n")
	want := []any{3.0, map[string]any{"faultCode": 1.0, "faultString": "<class 'LookupError'>:x"},
		map[string]any{"name": "web", "pid": 42.0, "extra": []any{1.0, 2.0}}}
	if got := r.jsonLines(t); !reflect.DeepEqual(got, want) {
		t.Errorf("-spec multicall: %s", r.stdout)
	}
}
