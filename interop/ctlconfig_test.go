package interop_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/config"
)

// supervisorPython returns the Python interpreter supervisorctl runs
// with (its #! line), which can import the supervisor package.
func supervisorPython(t *testing.T) string {
	t.Helper()
	ctl := requireTool(t, "supervisorctl")
	f, err := os.Open(ctl)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	line, _ := bufio.NewReader(f).ReadString('\n')
	fields := strings.Fields(strings.TrimPrefix(line, "#!"))
	if !strings.HasPrefix(line, "#!") || len(fields) == 0 {
		t.Fatalf("%s has no #! line naming its interpreter: %q", ctl, line)
	}
	return fields[0]
}

// readCtlConfig is supervisorctl's reading of a config file: a JSON line
// with its serverurl, username and password (null when absent), or the
// message of the error supervisorctl stops with.
const readCtlConfig = `
import io, json, sys
from supervisor.options import ClientOptions
o = ClientOptions()
o.stderr = io.StringIO()
try:
    o.realize(['-c', sys.argv[1]])
    print(json.dumps({"serverurl": o.serverurl, "username": o.username, "password": o.password}))
except SystemExit:
    print(json.dumps({"error": o.stderr.getvalue().splitlines()[0].removeprefix("Error: ")}))
`

// TestSupervisorctlConfig reads [supervisorctl] sections with
// config.LoadSupervisorctl and with supervisorctl's own ClientOptions,
// and compares what each makes of them: the server URL, the credentials
// (absent or set), and the error.
func TestSupervisorctlConfig(t *testing.T) {
	python := supervisorPython(t)
	dir := t.TempDir()
	// LC_CTYPE as Python sets it in a C locale (PEP 538), so that both
	// see the same names.
	environ := []string{"HOME=/home/u", "U=me", "HOST=example.org", "LC_CTYPE=C.UTF-8"}
	files := map[string]string{
		"here-env":  "[supervisorctl]\nserverurl = unix://%(here)s/s.sock\nusername = %(ENV_U)s\npassword = 123\n",
		"http":      "[supervisorctl]\nserverurl = http://%(ENV_HOST)s:9001 ; the box\n",
		"relative":  "[supervisorctl]\nserverurl = unix://rel.sock\n",
		"home":      "[supervisorctl]\nserverurl = unix://~/x/../s.sock\n",
		"defaults":  "[DEFAULT]\npassword = a%%b\n[supervisorctl]\nusername =\n",
		"empty":     "[supervisorctl]\n",
		"others":    "[inet_http_server]\nport = bad\n[unix_http_server]\nchown = nosuchuser\n[supervisorctl]\nusername = u\n",
		"none":      "[supervisord]\n",
		"include":   "[include]\nfiles = *.conf\n",
		"environ":   "[supervisord]\nenvironment = X=1\n[supervisorctl]\nserverurl = http://%(ENV_X)s\n",
		"here-pass": "[supervisorctl]\npassword = %(here)s\n",
		"percent":   "[supervisorctl]\nusername = 100%\n",
		"continued": "[supervisorctl]\nserverurl = http://h:1\n  /path\n",
	}
	for name, text := range files {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name+".conf")
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(python, "-c", readCtlConfig, path)
			cmd.Env = environ
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("python: %v\n%s", err, out)
			}
			var want struct {
				ServerURL          string
				Username, Password *string
				Error              string
			}
			if err := json.Unmarshal(out, &want); err != nil {
				t.Fatalf("python said %q: %v", out, err)
			}

			ctl, err := config.LoadSupervisorctl(path, config.WithEnviron(environ))
			if want.Error != "" {
				var ce *config.Error
				if !errors.As(err, &ce) || ce.Err.Error() != want.Error {
					t.Errorf("%+v, %v\nsupervisorctl: %s", ctl, err, want.Error)
				}
				return
			}
			if err != nil {
				t.Fatalf("%v\nsupervisorctl reads %s", err, out)
			}
			if ctl.ServerURL != want.ServerURL {
				t.Errorf("ServerURL %q, supervisorctl %q", ctl.ServerURL, want.ServerURL)
			}
			for _, kv := range []struct {
				key, got string
				want     *string
			}{{"username", ctl.Username, want.Username}, {"password", ctl.Password, want.Password}} {
				_, present := ctl.Section.Raw(kv.key)
				if present != (kv.want != nil) || kv.want != nil && kv.got != *kv.want {
					t.Errorf("%s %q (present %v), supervisorctl %s", kv.key, kv.got, present, out)
				}
			}
		})
	}
}
