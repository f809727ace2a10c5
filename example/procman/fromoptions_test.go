package procman

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/config"
)

func TestProcessesFromOptions(t *testing.T) {
	cfg := parseConfig(t, "[supervisord]\n")
	def := NewProcessConfig("p", "sleep 1")
	tests := []struct {
		name    string
		program string
		options map[string]string
		check   func(t *testing.T, pcs []ProcessConfig)
	}{
		{"defaults", "p", map[string]string{"command": "sleep 1"}, func(t *testing.T, pcs []ProcessConfig) {
			if len(pcs) != 1 || !equalConfig(pcs[0], def) {
				t.Errorf("got %+v, want %+v", pcs, def)
			}
		}},
		{"keys-lower-cased", "p", map[string]string{"COMMAND": "sleep 1", "AutoStart": "false", "bogus": "ignored"}, func(t *testing.T, pcs []ProcessConfig) {
			if len(pcs) != 1 || pcs[0].Command != "sleep 1" || pcs[0].Autostart {
				t.Errorf("got %+v", pcs)
			}
		}},
		{"taken-as-is", "p", map[string]string{"command": " sh -c 'echo a ; echo b' # not a comment "}, func(t *testing.T, pcs []ProcessConfig) {
			if want := " sh -c 'echo a ; echo b' # not a comment "; pcs[0].Command != want {
				t.Errorf("command %q, want %q", pcs[0].Command, want)
			}
		}},
		{"expanded", "p", map[string]string{"command": "echo %(program_name)s %(group_name)s %(here)s %(ENV_ROLE)s 100%%"}, func(t *testing.T, pcs []ProcessConfig) {
			if want := "echo p g /etc/test web 100%"; pcs[0].Command != want {
				t.Errorf("command %q, want %q", pcs[0].Command, want)
			}
		}},
		{"numprocs", "p", map[string]string{"command": "sleep %(process_num)d", "numprocs": "2", "numprocs_start": "1",
			"process_name": "%(program_name)s_%(process_num)02d"}, func(t *testing.T, pcs []ProcessConfig) {
			var got []string
			for _, pc := range pcs {
				got = append(got, pc.Name+"="+pc.Command)
			}
			if want := []string{"p_01=sleep 1", "p_02=sleep 2"}; !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		}},
		{"no-processes", "p", map[string]string{"command": "sleep 1", "numprocs": "0"}, func(t *testing.T, pcs []ProcessConfig) {
			if len(pcs) != 0 {
				t.Errorf("got %+v, want none", pcs)
			}
		}},
		{"name-stripped", " sp ", map[string]string{"command": "sleep 1", "startsecs": "5"}, func(t *testing.T, pcs []ProcessConfig) {
			if pcs[0].Name != "sp" || pcs[0].StartSecs != 5*time.Second {
				t.Errorf("got %+v", pcs[0])
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pcs, err := ProcessesFromOptions(cfg, tt.program, "g", tt.options)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, pcs)
		})
	}
}

func TestProcessesFromOptionsErrors(t *testing.T) {
	cfg := parseConfig(t, "[supervisord]\n")
	tests := []struct {
		name, program string
		options       map[string]string
		want          string // the ConfigError's Err
	}{
		{"no-command", "p", map[string]string{"autostart": "false"}, "program section program:p does not specify a command"},
		{"bad-int", "p", map[string]string{"command": "x", "startsecs": "abc"}, "invalid literal for int() with base 10: 'abc'"},
		{"numprocs-name", "p", map[string]string{"command": "x", "numprocs": "2"}, "%(process_num) must be present within process_name when numprocs > 1"},
		{"bad-program-name", "a b", map[string]string{"command": "x"}, "Invalid name: 'a b' because of character: ' '"},
		{"space-reported-first", "a/b c", map[string]string{"command": "x"}, "Invalid name: 'a/b c' because of character: ' '"},
		{"unknown-name", "p", map[string]string{"command": "sleep %(foo)s"}, "Format string 'sleep %(foo)s' for 'program:p.command' contains names ('foo') which cannot be expanded"},
		{"user", "p", map[string]string{"command": "x", "user": "nobody"}, "user= is not supported by this process manager"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ProcessesFromOptions(cfg, tt.program, "g", tt.options)
			var ce *config.Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v, want a *config.Error", err)
			}
			if !strings.HasPrefix(ce.Err.Error(), tt.want) {
				t.Errorf("Err %q, want it to begin with %q", ce.Err, tt.want)
			}
			if ce.Section != "program:"+tt.program || ce.File != cfg.File || ce.Line != 0 {
				t.Errorf("section %q file %q line %d, want program:%s %s 0", ce.Section, ce.File, ce.Line, tt.program, cfg.File)
			}
		})
	}
}

func TestProcessesFromOptionsNilConfig(t *testing.T) {
	t.Setenv("PROCMAN_TEST_VAR", "v1")
	pcs, err := ProcessesFromOptions(nil, "p", "g", map[string]string{"command": "echo %(ENV_PROCMAN_TEST_VAR)s"})
	if err != nil {
		t.Fatal(err)
	}
	if pcs[0].Command != "echo v1" {
		t.Errorf("command %q", pcs[0].Command)
	}
}

// process_num is an integer for config files too.
func TestGroupsFromConfigProcessNumFormat(t *testing.T) {
	groups, err := GroupsFromConfig(parseConfig(t, "[program:w]\ncommand = x\nnumprocs = 2\nprocess_name = %(program_name)s_%(process_num)03d\n"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, pc := range groups[0].Processes {
		got = append(got, pc.Name)
	}
	if want := []string{"w_000", "w_001"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Names from section headers are stripped, as supervisord strips them.
func TestGroupsFromConfigStripsNames(t *testing.T) {
	groups, err := GroupsFromConfig(parseConfig(t, "[program: w ]\ncommand = x\n"))
	if err != nil {
		t.Fatal(err)
	}
	if g := groups[0]; g.Name != "w" || g.Processes[0].Name != "w" {
		t.Errorf("group %q process %q, want w and w", g.Name, g.Processes[0].Name)
	}
}

func TestSupervisordMessage(t *testing.T) {
	_, err := ProcessesFromOptions(parseConfig(t, ""), "p", "g", map[string]string{"startsecs": "1"})
	want := "program section program:p does not specify a command in section 'program:p' (file: '/etc/test/supervisord.conf')"
	if got := SupervisordMessage(err); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := SupervisordMessage(errors.New("plain")); got != "plain" {
		t.Errorf("a plain error gives %q", got)
	}
}

// TestProcessesFromOptionsLiteral: option values arriving at run time are
// taken literally, even where a config file line would strip a comment or
// spaces, and expanded as supervisord expands them.
func TestProcessesFromOptionsLiteral(t *testing.T) {
	cfg := parseConfig(t, "[supervisord]\n")
	procs, err := ProcessesFromOptions(cfg, "p", "g", map[string]string{"command": "echo %(program_name)s ; x  "})
	if err != nil {
		t.Fatal(err)
	}
	if len(procs) != 1 || procs[0].Command != "echo p ; x  " {
		t.Fatalf("got %+v", procs)
	}
}
