package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/config"
)

// TestSupervisorctl checks the reading of [supervisorctl] against
// supervisor 4.2.5's ClientOptions.read_config; every expectation was
// recorded from it (interop's TestSupervisorctlConfig compares the two
// on files like these).
func TestSupervisorctl(t *testing.T) {
	dir := t.TempDir()
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	env := config.WithEnviron([]string{"HOME=/home/u", "U=me", "HOST=example.org"})
	const absent = "\x00absent"
	tests := []struct {
		name, text string
		url        string
		user, pass string // absent: the key is not there
		err        string
	}{
		{name: "empty section", text: "[supervisorctl]\n",
			url: "http://localhost:9001", user: absent, pass: absent},
		{name: "here and ENV", text: "[supervisorctl]\nserverurl = unix://%(here)s/s.sock\nusername = %(ENV_U)s\npassword = 123\n",
			url: "unix://" + dir + "/s.sock", user: "me", pass: "123"},
		{name: "http with ENV", text: "[supervisorctl]\nserverurl = http://%(ENV_HOST)s:9001 ; the box\n",
			url: "http://example.org:9001", user: absent, pass: absent},
		{name: "relative socket: the working directory", text: "[supervisorctl]\nserverurl = unix://rel.sock\n",
			url: "unix://" + filepath.Join(cwd, "rel.sock"), user: absent, pass: absent},
		{name: "home and dot-dot", text: "[supervisorctl]\nserverurl = unix://~/x/../s.sock\n",
			url: "unix:///home/u/s.sock", user: absent, pass: absent},
		{name: "DEFAULT inherited, %% and empty values", text: "[DEFAULT]\npassword = a%%b\n[supervisorctl]\nusername =\n",
			url: "http://localhost:9001", user: "", pass: "a%b"},
		{name: "other sections are not checked", text: "[inet_http_server]\nport = bad\n[unix_http_server]\nchown = nosuchuser\n[supervisorctl]\n",
			url: "http://localhost:9001", user: absent, pass: absent},
		{name: "no section", text: "[supervisord]\n",
			err: "ctl.conf: .ini file does not include supervisorctl section"},
		{name: "include is not followed", text: "[include]\nfiles = *.conf\n",
			err: "ctl.conf: .ini file does not include supervisorctl section"},
		{name: "environment= is not applied", text: "[supervisord]\nenvironment = X=1\n[supervisorctl]\nserverurl = http://%(ENV_X)s\n",
			err: "ctl.conf:4: [supervisorctl] serverurl: Format string 'http://%(ENV_X)s' for 'supervisorctl.serverurl' contains names ('ENV_X') which cannot be expanded. Available names: ENV_HOME, ENV_HOST, ENV_U, here"},
		{name: "no here in password", text: "[supervisorctl]\npassword = %(here)s\n",
			err: "ctl.conf:2: [supervisorctl] password: Format string '%(here)s' for 'supervisorctl.password' contains names ('here') which cannot be expanded. Available names: ENV_HOME, ENV_HOST, ENV_U"},
		{name: "badly formatted", text: "[supervisorctl]\nusername = 100%\n",
			err: "ctl.conf:2: [supervisorctl] username: Format string '100%' for 'supervisorctl.username' is badly formatted: incomplete format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(dir, "ctl.conf")
			ctl, err := config.ParseSupervisorctl([]byte(tt.text), name, env)
			if tt.err != "" {
				var ce *config.Error
				if err == nil || !errors.As(err, &ce) || err.Error() != dir+"/"+tt.err {
					t.Fatalf("%+v, %v\nwant the *Error %s", ctl, err, dir+"/"+tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ctl.ServerURL != tt.url {
				t.Errorf("ServerURL %q, want %q", ctl.ServerURL, tt.url)
			}
			for _, kv := range []struct{ key, got, want string }{
				{"username", ctl.Username, tt.user}, {"password", ctl.Password, tt.pass},
			} {
				_, present := ctl.Section.Raw(kv.key)
				switch {
				case kv.want == absent && (present || kv.got != ""):
					t.Errorf("%s %q (present %v), want absent", kv.key, kv.got, present)
				case kv.want != absent && (!present || kv.got != kv.want):
					t.Errorf("%s %q (present %v), want %q", kv.key, kv.got, present, kv.want)
				}
			}
		})
	}
}

func TestLoadSupervisorctl(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "supervisord.conf")
	if err := os.WriteFile(name, []byte("[supervisorctl]\nserverurl = unix://%(here)s/s.sock\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctl, err := config.LoadSupervisorctl(name)
	if err != nil || ctl.ServerURL != "unix://"+dir+"/s.sock" || ctl.Section.File != name {
		t.Errorf("%+v, %v", ctl, err)
	}
	missing := filepath.Join(dir, "nosuch.conf")
	_, err = config.LoadSupervisorctl(missing)
	if err == nil || err.Error() != missing+": could not find config file: no such file or directory" || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	_, err = config.LoadSupervisorctl(dir)
	if err == nil || !strings.Contains(err.Error(), "could not read config file") {
		t.Errorf("a directory: %v", err)
	}
}
