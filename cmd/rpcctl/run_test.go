package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/rpcext"
	"github.com/supervisorrpc/rpcinterface/rpctest"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// testNS is the namespace rpcctl's tests call ("t"): a method for each
// parameter type, so that the signature's conversions are seen by a
// server that decodes into Go types.
type testNS struct{ calls atomic.Int64 }

type procInfo struct {
	Name    string    `xmlrpc:"name"`
	PID     int       `xmlrpc:"pid"`
	Started time.Time `xmlrpc:"started"`
	Token   []byte    `xmlrpc:"token"`
	Load    float64   `xmlrpc:"load"`
}

func (n *testNS) Add(a, b int) int                { n.calls.Add(1); return a + b }
func (n *testNS) Scale(x float64, by int) float64 { n.calls.Add(1); return x * float64(by) }
func (n *testNS) Not(b bool) bool                 { n.calls.Add(1); return !b }
func (n *testNS) Len(s string) int                { n.calls.Add(1); return len(s) }
func (n *testNS) Later(t time.Time, h int) time.Time {
	n.calls.Add(1)
	return t.Add(time.Duration(h) * time.Hour)
}
func (n *testNS) Reverse(b []byte) []byte {
	n.calls.Add(1)
	slices.Reverse(b)
	return b
}
func (n *testNS) Sum(xs []int) int { n.calls.Add(1); return sumOf(xs) }
func (n *testNS) Keys(m map[string]any) []string {
	n.calls.Add(1)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
func (n *testNS) Info(name string) (procInfo, error) {
	n.calls.Add(1)
	if name != "web" {
		return procInfo{}, rpcext.NewFault(rpcext.CodeBadName, name)
	}
	return procInfo{Name: "web", PID: 42, Started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Token: []byte("hi"), Load: 0.5}, nil
}
func (n *testNS) Echo(v any) any { n.calls.Add(1); return v }
func (n *testNS) Wait(ctx context.Context) error {
	n.calls.Add(1)
	<-ctx.Done()
	return ctx.Err()
}

func sumOf(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// serve serves a testNS as namespace t with config, and returns the
// server and the namespace.
func serve(t *testing.T, config string, opts ...rpcext.MountOption) (*rpctest.Server, *testNS) {
	ns := &testNS{}
	return rpctest.NewServer(t, config, append([]rpcext.MountOption{rpcext.WithNamespace("t", ns)}, opts...)...), ns
}

// result is one run of rpcctl.
type result struct {
	code           int
	stdout, stderr string
}

// rpcctl runs the command in process with stdin, finding no
// configuration file by the search (the tests give -c or -s).
func rpcctl(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, exists: func(string) bool { return false }}
	code := a.run(t.Context(), append([]string{"rpcctl"}, args...))
	return result{code, out.String(), errb.String()}
}

// jsonOf parses JSON text, failing the test when it is not.
func jsonOf(t *testing.T, text string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, text)
	}
	return v
}

// TestCall calls methods of every parameter type, the arguments
// converted by the signatures, guessed, or forced by a prefix, and reads
// the answers printed as JSON.
func TestCall(t *testing.T) {
	srv, _ := serve(t, "")
	tests := []struct {
		args []string
		want string // JSON
	}{
		{[]string{"t.add", "2", "3"}, `5`},
		{[]string{"t.add", "-2", "4294967296"}, `4294967294`},
		{[]string{"t.scale", "3", "2"}, `6`}, // "3" sent as a double: the signature says so
		{[]string{"t.scale", "0.25", "2"}, `0.5`},
		{[]string{"t.not", "0"}, `true`},
		{[]string{"t.not", "true"}, `false`},
		{[]string{"t.len", "12345"}, `5`}, // a string, not the int it looks like
		{[]string{"t.len", "[1, 2]"}, `6`},
		{[]string{"t.len", "string:int:1"}, `5`},
		{[]string{"t.later", "2026-01-02T03:04:05", "2"}, `"2026-01-02T05:04:05"`},
		{[]string{"t.later", "20261231T23:00:00", "1"}, `"2027-01-01T00:00:00"`},
		{[]string{"t.reverse", "AAH+/w=="}, `"//4BAA=="`},
		{[]string{"t.sum", "[1, 2, 3]"}, `6`},
		{[]string{"t.keys", `{"b": 1, "a": [true]}`}, `["a", "b"]`},
		{[]string{"t.info", "web"}, `{"name": "web", "pid": 42, "started": "2026-01-02T03:04:05", "token": "aGk=", "load": 0.5}`},
		// An any parameter: the value is guessed, or forced.
		{[]string{"t.echo", "1.5"}, `1.5`},
		{[]string{"t.echo", "7"}, `7`},
		{[]string{"t.echo", "true"}, `true`},
		{[]string{"t.echo", "web"}, `"web"`},
		{[]string{"t.echo", "string:7"}, `"7"`},
		{[]string{"t.echo", "double:7"}, `7`},
		{[]string{"t.echo", "base64:aGk="}, `"aGk="`},
		{[]string{"t.echo", "dateTime.iso8601:2026-01-02T03:04:05"}, `"2026-01-02T03:04:05"`},
		{[]string{"t.echo", "nil:"}, `null`},
		{[]string{"t.echo", `{"x": [1, "a", null, {"y": 2.5}]}`}, `{"x": [1, "a", null, {"y": 2.5}]}`},
	}
	for _, tt := range tests {
		r := rpcctl(t, "", append([]string{"-s", srv.URL, "call"}, tt.args...)...)
		if r.code != exitOK || r.stderr != "" {
			t.Errorf("call %q: exit %d, stderr %q", tt.args, r.code, r.stderr)
			continue
		}
		if got, want := jsonOf(t, r.stdout), jsonOf(t, tt.want); !reflect.DeepEqual(got, want) {
			t.Errorf("call %q printed %s, want %s", tt.args, r.stdout, tt.want)
		}
	}
	// Indented, so that a person can read it.
	r := rpcctl(t, "", "-s", srv.URL, "call", "t.info", "web")
	if !strings.HasPrefix(r.stdout, "{\n  \"load\": 0.5,\n  \"name\": \"web\",\n") {
		t.Errorf("not indented two spaces, members sorted:\n%s", r.stdout)
	}
}

// Faults exit 1 with CODE FAULTSTRING on stderr, nothing on stdout.
func TestCallFault(t *testing.T) {
	srv, _ := serve(t, "")
	tests := []struct {
		args   []string
		stderr string
	}{
		{[]string{"t.info", "nosuch"}, "10 BAD_NAME: nosuch\n"},
		{[]string{"t.nosuch"}, "1 UNKNOWN_METHOD\n"},
		{[]string{"t.add", "1"}, "2 INCORRECT_PARAMETERS\n"},
		{[]string{"t.add", "string:x", "1"}, "2 INCORRECT_PARAMETERS: t.add: parameter 1: cannot use <string> as int\n"},
	}
	for _, tt := range tests {
		r := rpcctl(t, "", append([]string{"-s", srv.URL, "call"}, tt.args...)...)
		if r.code != exitFault || r.stderr != tt.stderr || r.stdout != "" {
			t.Errorf("call %q: exit %d, stdout %q, stderr %q; want exit 1 and %q", tt.args, r.code, r.stdout, r.stderr, tt.stderr)
		}
	}
}

// Usage errors exit 2 with the reason, before anything is sent.
func TestUsageErrors(t *testing.T) {
	srv, ns := serve(t, "")
	s := []string{"-s", srv.URL}
	tests := []struct {
		args   []string
		stdin  string
		stderr string
	}{
		{nil, "", "rpcctl: no command (methods, help, call or multicall)\nFor help, use rpcctl -h\n"},
		{[]string{"status"}, "", `unknown command "status"`},
		{[]string{"-x", "methods"}, "", "flag provided but not defined: -x"},
		{[]string{"-timeout", "soon", "methods"}, "", `invalid value "soon" for flag -timeout`},
		{append(s, "methods", "a", "b"), "", "methods takes at most one namespace, not 2 arguments"},
		{append(s, "help"), "", "help takes one method name"},
		{append(s, "call"), "", "call needs a method name"},
		{append(s, "multicall", "x"), "", "multicall reads its calls from stdin and takes no arguments"},
		{append(s, "-raw", "methods"), "", "-raw is for call and multicall, -spec for multicall"},
		{append(s, "-spec", "call", "t.add"), "", "-raw is for call and multicall, -spec for multicall"},
		{append(s, "call", "t.add", "x", "1"), "", `rpcctl: t.add argument 1: "x" is not an integer (the method's signature says int; a TYPE: prefix sends another type, e.g. string:x)`},
		{append(s, "call", "t.echo", "{oops}"), "", `t.echo argument 1: "{oops}" is not JSON`},
		{append(s, "call", "t.echo", "int:x"), "", `t.echo argument 1: "x" is not an integer`},
		{append(s, "multicall"), "{\"method\":\"t.add\"}\n{\"method\": 1}\n", "rpcctl: stdin line 2: \"method\" must be a method's name, not a number\n"},
		{[]string{"-s", "ftp://h", "methods"}, "", `rpcctl: server URL "ftp://h": unsupported scheme "ftp" (want http, https or unix)`},
		{[]string{"-c", "/nonexistent/supervisord.conf", "methods"}, "", "rpcctl: /nonexistent/supervisord.conf: could not find config file: no such file or directory\n"},
		{append(s, "call", "t.add", "1", "2", "-raw"), "", `rpcctl: options go before the command (rpcctl -raw ... call ...); to send "-raw" as an argument, write string:-raw`},
		{append(s, "call", "--timeout=5s", "t.add"), "", `options go before the command (rpcctl -timeout ... call ...)`},
		{append(s, "methods", "-h"), "", `options go before the command`},
	}
	for _, tt := range tests {
		r := rpcctl(t, tt.stdin, tt.args...)
		if r.code != exitError || !strings.Contains(r.stderr, tt.stderr) || r.stdout != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q", tt.args, r.code, r.stdout, r.stderr, tt.stderr)
		}
	}
	if n := ns.calls.Load(); n != 0 {
		t.Errorf("%d calls reached the namespace", n)
	}
	r := rpcctl(t, "", "-s", srv.URL, "call", "t.add", "-1", "string:-raw")
	if r.code != exitFault || !strings.Contains(r.stderr, "cannot use <string> as int") {
		t.Errorf("-1 and string:-raw are arguments: exit %d, %q", r.code, r.stderr)
	}
	r = rpcctl(t, "", "-h")
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "Usage: rpcctl") || !strings.Contains(r.stdout, "string:1 sends the string") {
		t.Errorf("-h: exit %d, %q", r.code, r.stdout)
	}
}

func TestMethodsAndHelp(t *testing.T) {
	srv, _ := serve(t, "")
	r := rpcctl(t, "", "-s", srv.URL, "methods")
	names := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != exitOK || !slices.IsSorted(names) || !slices.Contains(names, "t.add") || !slices.Contains(names, "system.multicall") {
		t.Errorf("methods: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}
	for _, ns := range []string{"t", "t."} {
		r = rpcctl(t, "", "-s", srv.URL, "methods", ns)
		want := "t.add\nt.echo\nt.info\nt.keys\nt.later\nt.len\nt.not\nt.reverse\nt.scale\nt.sum\nt.wait\n"
		if r.code != exitOK || r.stdout != want {
			t.Errorf("methods %s: exit %d, %q, want %q", ns, r.code, r.stdout, want)
		}
	}
	r = rpcctl(t, "", "-s", srv.URL, "methods", "nosuch")
	if r.code != exitError || r.stderr != "rpcctl: the server has no methods in namespace \"nosuch\"\n" {
		t.Errorf("methods nosuch: exit %d, %q", r.code, r.stderr)
	}

	r = rpcctl(t, "", "-s", srv.URL, "help", "t.scale")
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "t.scale(double, int) -> double\n") {
		t.Errorf("help t.scale: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}
	r = rpcctl(t, "", "-s", srv.URL, "help", "system.listMethods")
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "system.listMethods() -> array\n\n") || len(r.stdout) < 40 {
		t.Errorf("help system.listMethods: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}
	r = rpcctl(t, "", "-s", srv.URL, "help", "t.nosuch")
	if r.code != exitFault || !strings.HasPrefix(r.stderr, "1 UNKNOWN_METHOD") && !strings.HasPrefix(r.stderr, "4 SIGNATURE_UNSUPPORTED") {
		t.Errorf("help t.nosuch: exit %d, %q", r.code, r.stderr)
	}
}

// TestMulticall: calls from stdin, answers in order one a line, faults
// as objects, exit 1 when any call faulted.
func TestMulticall(t *testing.T) {
	srv, ns := serve(t, "")
	in := `{"method": "t.add", "params": [1, 2]}
{"method": "t.info", "params": ["x"]}
{"method": "t.info", "params": ["web"]}

{"method": "t.echo", "params": [{"a": [1.5, null]}]}
{"method": "t.nosuch"}
`
	r := rpcctl(t, in, "-s", srv.URL, "multicall")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	want := []string{`3`, `{"faultCode": 10, "faultString": "BAD_NAME: x"}`,
		`{"name": "web", "pid": 42, "started": "2026-01-02T03:04:05", "token": "aGk=", "load": 0.5}`,
		`{"a": [1.5, null]}`, `{"faultCode": 1, "faultString": "UNKNOWN_METHOD"}`}
	if r.code != exitFault || len(lines) != len(want) {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	for i := range want {
		if got, w := jsonOf(t, lines[i]), jsonOf(t, want[i]); !reflect.DeepEqual(got, w) {
			t.Errorf("answer %d: %s, want %s", i+1, lines[i], want[i])
		}
	}
	if r.stderr != "call 2 (t.info): 10 BAD_NAME: x\ncall 5 (t.nosuch): 1 UNKNOWN_METHOD\n" {
		t.Errorf("stderr %q", r.stderr)
	}

	r = rpcctl(t, `{"method":"t.add","params":[1,2]} {"method":"t.not","params":[true]}`, "-s", srv.URL, "multicall")
	if r.code != exitOK || r.stdout != "3\nfalse\n" || r.stderr != "" {
		t.Errorf("no faults: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}
	calls := ns.calls.Load()
	r = rpcctl(t, "\n \n", "-s", srv.URL, "multicall")
	if r.code != exitOK || r.stdout != "" || r.stderr != "" || ns.calls.Load() != calls {
		t.Errorf("no calls: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}

	// The specification's dialect.
	spec, _ := serve(t, "", rpcext.WithSpecMulticall())
	r = rpcctl(t, "{\"method\":\"t.sum\",\"params\":[[1,2]]}\n{\"method\":\"t.info\",\"params\":[\"x\"]}\n", "-s", spec.URL, "-spec", "multicall")
	if r.code != exitFault || r.stdout != "3\n{\"faultCode\":10,\"faultString\":\"BAD_NAME: x\"}\n" {
		t.Errorf("-spec: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}
	r = rpcctl(t, "{\"method\":\"t.sum\",\"params\":[[1,2]]}\n", "-s", spec.URL, "multicall")
	if r.code != exitOK || r.stdout != "[3]\n" {
		t.Errorf("a spec server read without -spec: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}
}

// TestRaw: -raw prints the answer's XML, which decodes to the answer;
// faults still exit 1.
func TestRaw(t *testing.T) {
	srv, _ := serve(t, "")
	r := rpcctl(t, "", "-s", srv.URL, "-raw", "call", "t.add", "2", "3")
	var n int
	if err := xmlrpc.NewDecoder([]byte(r.stdout), xmlrpc.Limits{}).DecodeResponse(&n); r.code != exitOK || err != nil || n != 5 {
		t.Errorf("-raw call: exit %d, %q: %d, %v", r.code, r.stdout, n, err)
	}
	r = rpcctl(t, "", "-s", srv.URL, "-raw", "call", "t.info", "x")
	err := xmlrpc.NewDecoder([]byte(r.stdout), xmlrpc.Limits{}).DecodeResponse(nil)
	if f, _ := err.(*xmlrpc.Fault); r.code != exitFault || f == nil || f.Code != 10 || r.stderr != "10 BAD_NAME: x\n" {
		t.Errorf("-raw call of a fault: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}
	r = rpcctl(t, "{\"method\":\"t.add\",\"params\":[1,1]}\n{\"method\":\"t.info\",\"params\":[\"x\"]}\n", "-s", srv.URL, "-raw", "multicall")
	var answers []any
	err = xmlrpc.NewDecoder([]byte(r.stdout), xmlrpc.Limits{}).DecodeResponse(&answers)
	if r.code != exitFault || err != nil || len(answers) != 2 || answers[0] != 2 || r.stderr != "call 2 (t.info): 10 BAD_NAME: x\n" {
		t.Errorf("-raw multicall: exit %d, %q, %q: %v, %v", r.code, r.stdout, r.stderr, answers, err)
	}
}

// TestConnection: -c with [supervisorctl], flags winning over it, 401s,
// a server that is not there, and -timeout.
func TestConnection(t *testing.T) {
	srv, _ := serve(t, "[inet_http_server]\nport = 127.0.0.1:9001\nusername = user\npassword = 123\n")
	dir := t.TempDir()
	conf := filepath.Join(dir, "supervisord.conf")
	text := fmt.Sprintf("[supervisorctl]\nserverurl = %s\nusername = user\npassword = %%(ENV_RPCCTL_TEST_PASSWORD)s\n", srv.URL)
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("RPCCTL_TEST_PASSWORD", "123")
	r := rpcctl(t, "", "-c", conf, "call", "t.add", "1", "2")
	if r.code != exitOK || r.stdout != "3\n" {
		t.Errorf("-c: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}
	r = rpcctl(t, "", "--configuration="+conf, "call", "t.add", "1", "2")
	if r.code != exitOK || r.stdout != "3\n" {
		t.Errorf("--configuration: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}
	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"-c", conf, "-p", "wrong"}, "rpcctl: t.add: 401 Unauthorized (wrong username or password)\n"},
		{[]string{"-s", srv.URL}, "rpcctl: t.add: 401 Unauthorized (the server wants a username and password: -u and -p, or [supervisorctl] username and password)\n"},
		{[]string{"-s", srv.URL, "-u", "user"}, "401 Unauthorized (the server wants"},
		{[]string{"-s", "http://127.0.0.1:1"}, "connection refused"},
		{[]string{"-s", "unix://" + filepath.Join(dir, "nosuch.sock")}, "nosuch.sock: connect: no such file or directory"},
	} {
		r := rpcctl(t, "", append(tt.args, "call", "t.add", "int:1", "int:2")...)
		if r.code != exitError || !strings.Contains(r.stderr, tt.stderr) || r.stdout != "" {
			t.Errorf("%q: exit %d, %q, %q; want exit 2 and %q", tt.args, r.code, r.stdout, r.stderr, tt.stderr)
		}
	}
	r = rpcctl(t, "", "-s", srv.URL, "-u", "user", "-password", "123", "-timeout", "50ms", "call", "t.wait")
	if r.code != exitError || !strings.Contains(r.stderr, "context deadline exceeded") || !strings.HasSuffix(r.stderr, " (-timeout)\n") {
		t.Errorf("-timeout: exit %d, %q", r.code, r.stderr)
	}
	// The signature lookup fails as the call would: reported once, exit 2.
	r = rpcctl(t, "", "-s", srv.URL, "call", "t.add", "1", "2")
	if r.code != exitError || !strings.HasPrefix(r.stderr, "rpcctl: system.methodSignature: 401 Unauthorized") {
		t.Errorf("signature lookup without credentials: exit %d, %q", r.code, r.stderr)
	}
}

// The program's own entry point, with the real file system.
func TestRun(t *testing.T) {
	srv, _ := serve(t, "")
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"/nonexistent/bin/rpcctl", "-c", "/dev/null", "-s", srv.URL, "call", "t.add", "1", "2"}, strings.NewReader(""), &out, &errb)
	// /dev/null has no [supervisorctl] section: supervisorctl stops there too.
	if code != exitError || !strings.Contains(errb.String(), ".ini file does not include supervisorctl section") {
		t.Errorf("exit %d, %q, %q", code, out.String(), errb.String())
	}
}
