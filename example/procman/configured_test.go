package procman

import (
	"errors"
	"strings"
	"testing"
)

func groupOf(name string, prio int, pcs ...ProcessConfig) GroupConfig {
	return GroupConfig{Name: name, Priority: prio, Processes: pcs}
}

func sleeper(name string) ProcessConfig {
	pc := NewProcessConfig(name, "sleep 1000")
	pc.StartSecs, pc.Autostart = 0, false
	return pc
}

func TestConfiguredGroups(t *testing.T) {
	m, _ := newTestManager(t)
	m.SetGroupConfigs([]GroupConfig{groupOf("a", 999, sleeper("a")), groupOf("g", 5, sleeper("x"), sleeper("y"))})

	check := func(step string, wantAdded, wantChanged, wantRemoved string) {
		t.Helper()
		added, changed, removed := m.Diff()
		if got := strings.Join(added, ",") + "|" + strings.Join(changed, ",") + "|" + strings.Join(removed, ","); got != wantAdded+"|"+wantChanged+"|"+wantRemoved {
			t.Errorf("%s: Diff() = %s, want %s|%s|%s", step, got, wantAdded, wantChanged, wantRemoved)
		}
	}
	check("nothing runs", "a,g", "", "")

	for _, tt := range []struct {
		name string
		want error
	}{{"a", nil}, {"a", ErrAlreadyAdded}, {"nope", ErrNoSuchGroup}, {"g", nil}} {
		if _, err := m.AddConfiguredGroup(tt.name); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("AddConfiguredGroup(%s) = %v, want %v", tt.name, err, tt.want)
		}
	}
	check("all added", "", "", "")

	// The configured groups show the paths of the Auto logs made, and
	// the processes added to a group since.
	if _, err := m.AddProcesses("g", sleeper("z")); err != nil {
		t.Fatal(err)
	}
	cgs := m.Configured()
	if len(cgs) != 2 || !cgs[0].InUse || !cgs[1].InUse {
		t.Fatalf("Configured() = %+v", cgs)
	}
	g := cgs[1].GroupConfig
	var names []string
	for _, pc := range g.Processes {
		names = append(names, pc.Name)
		if pc.StdoutLogfile == Auto || !strings.HasPrefix(pc.StdoutLogfile, m.childLogDir) {
			t.Errorf("%s: stdout log %q, want the path made for it", pc.Name, pc.StdoutLogfile)
		}
	}
	if strings.Join(names, ",") != "x,y,z" {
		t.Errorf("configured g has %v, want x,y,z", names)
	}

	// Read again: the same configuration (its Auto logs are not changes),
	// a changed one, a new one and one gone.
	changedX := sleeper("x")
	changedX.Command = "sleep 2000"
	m.SetGroupConfigs([]GroupConfig{groupOf("g", 5, changedX, sleeper("y")), groupOf("b", 1, sleeper("b"))})
	check("re-read", "b", "g", "a")
	if cgs := m.Configured(); len(cgs) != 2 || !cgs[0].InUse || cgs[1].InUse || cgs[0].Processes[0].StdoutLogfile != Auto {
		t.Errorf("Configured() after a re-read: %+v", cgs)
	}
	m.SetGroupConfigs([]GroupConfig{groupOf("g", 5, sleeper("x"), sleeper("y"), sleeper("z")), groupOf("a", 999, sleeper("a"))})
	check("same again", "", "", "")

	// Apply a change as supervisorctl update does: remove, add again.
	m.SetGroupConfigs([]GroupConfig{groupOf("g", 6, sleeper("x"))})
	check("priority changed", "", "g", "a")
	if err := m.RemoveGroup("g"); err != nil {
		t.Fatal(err)
	}
	if err := m.RemoveGroup("a"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.AddConfiguredGroup("g"); err != nil {
		t.Fatal(err)
	}
	check("updated", "", "", "")
	if got := m.Group("g").Priority(); got != 6 {
		t.Errorf("g's priority %d after the update", got)
	}
}

// TestSameProcess: the settings Diff compares, supervisord's __eq__.
func TestSameProcess(t *testing.T) {
	base := sleeper("p")
	base.Environment = []string{"A=1", "B=2"}
	tests := []struct {
		name string
		edit func(*ProcessConfig)
		same bool
	}{
		{"identical", func(*ProcessConfig) {}, true},
		{"auto-log-matches-path", func(c *ProcessConfig) { c.StdoutLogfile = "/tmp/x.log" }, true},
		{"environment-order", func(c *ProcessConfig) { c.Environment = []string{"B=2", "A=1"} }, true},
		{"default-exitcodes", func(c *ProcessConfig) { c.ExitCodes = nil }, true},
		{"command", func(c *ProcessConfig) { c.Command = "sleep 1" }, false},
		{"environment", func(c *ProcessConfig) { c.Environment = []string{"A=1"} }, false},
		{"maxbytes", func(c *ProcessConfig) { c.StdoutLogfileMaxBytes = 1 }, false},
		{"backups", func(c *ProcessConfig) { c.StderrLogfileBackups = 1 }, false},
		{"priority", func(c *ProcessConfig) { c.Priority = 1 }, false},
		{"autostart", func(c *ProcessConfig) { c.Autostart = true }, false},
		{"stopsignal", func(c *ProcessConfig) { c.StopSignal = 9 }, false},
		{"exitcodes-order", func(c *ProcessConfig) { c.ExitCodes = []int{0, 1} }, false},
		{"redirect", func(c *ProcessConfig) { c.RedirectStderr = true }, false},
	}
	for _, tt := range tests {
		other := cloneProcess(base)
		tt.edit(&other)
		if got := sameProcess(base, other); got != tt.same {
			t.Errorf("%s: sameProcess = %v, want %v", tt.name, got, tt.same)
		}
		if got := sameProcess(other, base); got != tt.same {
			t.Errorf("%s (swapped): sameProcess = %v, want %v", tt.name, got, tt.same)
		}
	}
	two := groupOf("g", 1, sleeper("a"), sleeper("b"))
	swapped := groupOf("g", 1, sleeper("b"), sleeper("a"))
	if sameGroup(two, swapped) || !sameGroup(two, cloneGroup(two)) {
		t.Error("sameGroup must compare the processes in order")
	}
}
