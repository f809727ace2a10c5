package procman

import (
	"errors"
	"maps"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/config"
)

func parseConfig(t *testing.T, text string) *config.Config {
	t.Helper()
	cfg, err := config.Parse([]byte(text), "/etc/test/supervisord.conf", config.WithEnviron([]string{"HOME=/home/u", "ROLE=web"}))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestGroupsFromConfig(t *testing.T) {
	cfg := parseConfig(t, `
[program:web]
command = /usr/bin/web --role %(ENV_ROLE)s --name %(program_name)s
directory = %(here)s
environment = PORT="80%(process_num)s",GREETING=hi
stdout_logfile = /tmp/%(program_name)s-%(ENV_PORT)s.log
stdout_logfile_maxbytes = 1KB
stdout_logfile_backups = 2
stderr_logfile = NONE
stderr_logfile_maxbytes = 0
priority = 5
autostart = false
autorestart = true
startsecs = 0
startretries = 7
stopsignal = INT
stopwaitsecs = 3
exitcodes = 0,2
redirect_stderr = false

[program:worker]
command = sleep 1000
process_name = %(program_name)s_%(process_num)s
numprocs = 2
numprocs_start = 1
stopasgroup = false
autorestart = unexpected

[group:batch]
programs = worker
priority = 10

[program:plain]
command = sleep 1
`)
	groups, err := GroupsFromConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range groups {
		names = append(names, g.Name)
	}
	if want := []string{"web", "batch", "plain"}; !slices.Equal(names, want) {
		t.Fatalf("groups %q, want %q (by priority, then name, as supervisord sorts them)", names, want)
	}

	web := groups[0].Processes[0]
	want := ProcessConfig{
		Name:          "web",
		Command:       "/usr/bin/web --role web --name web",
		Directory:     "/etc/test",
		Environment:   []string{"PORT=800", "GREETING=hi"},
		Priority:      5,
		Autorestart:   RestartAlways,
		StartRetries:  7,
		StopSignal:    syscall.SIGINT,
		StopWait:      3 * time.Second,
		StopAsGroup:   true,
		KillAsGroup:   true,
		ExitCodes:     []int{0, 2},
		StdoutLogfile: "/tmp/web-800.log",

		StdoutLogfileMaxBytes: 1024,
		StdoutLogfileBackups:  2,
		StderrLogfileBackups:  10,
	}
	if !equalConfig(web, want) {
		t.Errorf("web:\n got %+v\nwant %+v", web, want)
	}
	if groups[0].Priority != 5 {
		t.Errorf("web's group priority %d", groups[0].Priority)
	}

	batch := groups[1]
	if batch.Priority != 10 || len(batch.Processes) != 2 {
		t.Fatalf("batch: %+v", batch)
	}
	for i, p := range batch.Processes {
		if wantName := []string{"worker_1", "worker_2"}[i]; p.Name != wantName {
			t.Errorf("process %d named %q, want %q", i, p.Name, wantName)
		}
		if p.StopAsGroup || p.KillAsGroup || p.Autorestart != RestartUnexpected || p.StdoutLogfile != Auto {
			t.Errorf("%s: %+v", p.Name, p)
		}
	}

	plain := groups[2].Processes[0]
	def := NewProcessConfig("plain", "sleep 1")
	if !equalConfig(plain, def) {
		t.Errorf("defaults:\n got %+v\nwant %+v", plain, def)
	}
}

func equalConfig(a, b ProcessConfig) bool {
	ok := slices.Equal(a.Environment, b.Environment) && slices.Equal(a.ExitCodes, b.ExitCodes)
	a.Environment, b.Environment, a.ExitCodes, b.ExitCodes = nil, nil, nil, nil
	return ok && reflect.DeepEqual(a, b)
}

func TestGroupsFromConfigErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"no-command", "[program:a]\nautostart=true\n", "program section program:a does not specify a command"},
		{"bad-bool", "[program:a]\ncommand=x\nautostart=maybe\n", "not a valid boolean value: 'maybe'"},
		{"bad-int", "[program:a]\ncommand=x\nstartsecs=soon\n", "invalid literal for int() with base 10: 'soon'"},
		{"bad-signal", "[program:a]\ncommand=x\nstopsignal=FOO\n", "value 'FOO' is not a valid signal name"},
		{"bad-autorestart", "[program:a]\ncommand=x\nautorestart=often\n", "invalid 'autorestart' value 'often'"},
		{"bad-exitcodes", "[program:a]\ncommand=x\nexitcodes=0,256\n", "not a valid list of exit codes: '0,256'"},
		{"numprocs-name", "[program:a]\ncommand=x\nnumprocs=2\n", "%(process_num) must be present within process_name when numprocs > 1"},
		{"group-unknown", "[group:g]\nprograms=nope\n", "[group:g] names unknown program nope"},
		{"user", "[program:a]\ncommand=x\nuser=nobody\n", "user= is not supported"},
		{"bad-name", "[program:a]\ncommand=x\nprocess_name=a b\n", "Invalid name: 'a b' because of character: ' '"},
		{"unknown-name", "[program:a]\ncommand=%(nope)s\n", "cannot be expanded"},
		{"stopasgroup-not-killasgroup", "[program:a]\ncommand=x\nkillasgroup=false\n", "Cannot set stopasgroup=true and killasgroup=false"},
		{"logfile-dir", "[program:a]\ncommand=x\nstdout_logfile=/nonexistent/dir/a.log\n", "does not exist"},
		{"bad-maxbytes", "[program:a]\ncommand=x\nstdout_logfile_maxbytes=50XB\n", "invalid literal for int() with base 10: '50xb'"},
		{"bad-maxbytes-number", "[program:a]\ncommand=x\nstderr_logfile_maxbytes=1.5MB\n", "invalid literal for int() with base 10: '1.5'"},
		{"bad-backups", "[program:a]\ncommand=x\nstdout_logfile_backups=many\n", "invalid literal for int() with base 10: 'many'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := GroupsFromConfig(parseConfig(t, tt.text))
			var ce *config.Error
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want a *config.Error containing %q", err, tt.want)
			}
		})
	}
}

// TestSupervisordEnvironment: [supervisord] environment= reaches every
// process, the program's own environment= winning.
func TestSupervisordEnvironment(t *testing.T) {
	cfg := parseConfig(t, `
[supervisord]
environment = SHARED="one",HOMEDIR=%(ENV_HOME)s,OVERRIDDEN=base

[program:a]
command = sleep 1
environment = OVERRIDDEN=mine

[program:b]
command = sleep 1
`)
	groups, err := GroupsFromConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{
		"a": {"SHARED": "one", "HOMEDIR": "/home/u", "OVERRIDDEN": "mine"},
		"b": {"SHARED": "one", "HOMEDIR": "/home/u", "OVERRIDDEN": "base"},
	}
	for _, g := range groups {
		if got := envMap(g.Processes[0].Environment); !maps.Equal(got, want[g.Name]) {
			t.Errorf("%s: environment %v, want %v", g.Name, got, want[g.Name])
		}
	}
}
