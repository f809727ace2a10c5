package config

import (
	"maps"
	"os"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

func TestExpandValues(t *testing.T) {
	cfg, err := Parse([]byte("[program:web]\nprocess_name = %(program_name)s_%(process_num)02d\n"), "x.conf")
	if err != nil {
		t.Fatal(err)
	}
	got, err := cfg.Section("program:web").ExpandValues("process_name", map[string]any{"program_name": "web", "process_num": 3})
	if err != nil || got != "web_03" {
		t.Fatalf("got %q, %v", got, err)
	}
	if _, err := cfg.Section("program:web").ExpandValues("process_name", map[string]any{"program_name": 1.5}); err == nil {
		t.Fatal("a float value was accepted")
	}
}

// TestExpandMessages checks supervisord's options.expand wording.
func TestExpandMessages(t *testing.T) {
	x := pycompat.NewDict()
	x.Set("ENV_HOME", "/h")
	x.Set("ENV_B", "2")
	tests := []struct{ in, want string }{
		{"%(here)s", "Format string '%(here)s' for 'rpcinterface:x.g' contains names ('here') which cannot be expanded. Available names: ENV_B, ENV_HOME"},
		{"100%", "Format string '100%' for 'rpcinterface:x.g' is badly formatted: incomplete format"},
		{"it's %(no)s", `Format string "it's %(no)s" for 'rpcinterface:x.g' contains names ('no') which cannot be expanded. Available names: ENV_B, ENV_HOME`},
	}
	for _, tt := range tests {
		_, err := expand(tt.in, x, "rpcinterface:x.g")
		if err == nil || err.Error() != tt.want {
			t.Errorf("expand(%q) error\n got %v\nwant %s", tt.in, err, tt.want)
		}
	}
}

// TestExpansions pins the expansion table: which names each kind of
// section offers, as supervisor 4.2.5's options.py offers them, with
// HOME=/h in the environment and [supervisord] environment=EXTRA=1.
func TestExpansions(t *testing.T) {
	c, err := Parse([]byte("[supervisord]\nenvironment = EXTRA=1\n"), "/etc/s/x.conf", WithEnviron([]string{"HOME=/h"}))
	if err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	env := map[string]string{"ENV_HOME": "/h", "ENV_EXTRA": "1"}
	procEnv := map[string]string{"ENV_HOME": "/h"}
	with := func(m map[string]string, kv ...string) map[string]string {
		out := maps.Clone(m)
		for i := 0; i < len(kv); i += 2 {
			out[kv[i]] = kv[i+1]
		}
		return out
	}
	tests := []struct {
		section, key string
		want         map[string]string
	}{
		{"rpcinterface:x", "retries", env},
		{"inet_http_server", "port", env},
		{"unix_http_server", "chmod", env},
		{"unix_http_server", "FILE", with(env, "here", "/etc/s")},
		{"unix_http_server:2", "file", with(env, "here", "/etc/s")},
		{"program:p", "command", with(env, "here", "/etc/s")},
		{"fcgi-program:p", "socket", with(env, "here", "/etc/s")},
		{"eventlistener:e", "command", with(env, "here", "/etc/s")},
		{"group:g", "programs", with(env, "here", "/etc/s")},
		{"supervisord", "logfile", with(procEnv, "here", "/etc/s")},
		{"supervisord", "environment", with(procEnv, "here", "/etc/s")},
		{"include", "files", with(procEnv, "here", "/etc/s", "host_node_name", host)},
		{"include", "other", procEnv},
		{"supervisorctl", "serverurl", env},
	}
	for _, tt := range tests {
		if got := c.Expansions(tt.section, tt.key); !maps.Equal(got, tt.want) {
			t.Errorf("Expansions(%q, %q)\n got %v\nwant %v", tt.section, tt.key, got, tt.want)
		}
	}
}
