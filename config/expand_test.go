package config

import (
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
