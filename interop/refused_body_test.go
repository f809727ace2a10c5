package interop_test

import (
	"bufio"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestPythonReadsRefusals: a body the host refuses without reading it
// (over the size limit, or sent without the right credentials) is read
// and thrown away after the answer (a lingering close), so Python's
// xmlrpc.client and supervisorctl's transport, which send the whole body
// before reading the answer, get the 413 or 401 (ProtocolError) instead
// of a broken pipe.
func TestPythonReadsRefusals(t *testing.T) {
	python := requireTool(t, "python3")
	h := startHostConfig(t, hostConfig+"\n[inet_http_server]\nport = 127.0.0.1:9001\nusername = admin\npassword = s3cret\n")
	const big = 20 << 20 // beyond the default 16 MiB
	clients := []struct {
		name, python, transport string
	}{{"xmlrpc.client", python, ""}}
	if ctl, err := exec.LookPath("supervisorctl"); err == nil {
		clients = append(clients, struct{ name, python, transport string }{"supervisorctl's transport", shebang(t, ctl), "supervisor"})
	} else if os.Getenv("RPCINTERFACE_REQUIRE_INTEROP") == "1" {
		t.Fatal("supervisorctl is required (RPCINTERFACE_REQUIRE_INTEROP=1) but not on PATH")
	}
	for _, c := range clients {
		for _, tc := range []struct {
			name, user, pass string
			size             int
			want             string
		}{
			{"too large", "admin", "s3cret", big, "ProtocolError 413"},
			{"too large, no credentials", "", "", big, "ProtocolError 401"},
			{"too large, wrong password", "admin", "nope", big, "ProtocolError 401"},
			{"small, wrong password", "admin", "nope", 1000, "ProtocolError 401"},
			{"small", "admin", "s3cret", 1000, "ok"},
		} {
			t.Run(c.name+"/"+tc.name, func(t *testing.T) {
				args := []string{"testdata/bigbody.py", h.URL, tc.user, tc.pass, strconv.Itoa(tc.size)}
				if c.transport != "" {
					args = append(args, c.transport)
				}
				out, err := exec.Command(c.python, args...).CombinedOutput()
				if err != nil {
					t.Fatalf("%v: %s", err, out)
				}
				if got := strings.TrimSpace(string(out)); got != tc.want {
					t.Errorf("the client saw %q, want %q", got, tc.want)
				}
			})
		}
	}
}

// shebang returns the interpreter of a script (supervisorctl's Python,
// which has the supervisor package).
func shebang(t *testing.T, script string) string {
	t.Helper()
	f, err := os.Open(script)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	interp, ok := strings.CutPrefix(strings.TrimSpace(line), "#!")
	if !ok {
		t.Fatalf("%s has no #! line", script)
	}
	return strings.Fields(interp)[0]
}

// TestPythonAnswerLimit: the case. A multicall of 2,000 fetches
// of a stored 1 MiB value would answer 2.7 GB; it is answered with one
// fault once the answer passes the 64 MiB limit, and the host goes on.
func TestPythonAnswerLimit(t *testing.T) {
	requireTool(t, "python3")
	h := startHost(t)
	runPython(t, h.URL, nil, []pyCase{
		{`s.cache.store('big', 'x' * (1 << 20))`, `True`},
		{`s.system.multicall([{'methodName': 'cache.fetch', 'params': ['big']}] * 2000)`,
			`Fault(30, 'FAILED: the answer exceeds the limit of 67108864 bytes at call 64 of 2000: ` +
				`system.multicall stopped there (calls 1 to 64 ran, the others did not)')`},
		{`len(s.system.multicall([{'methodName': 'cache.fetch', 'params': ['big']}] * 8))`, `8`},
		{`s.cache.getCount()`, `1`},
	})
}
