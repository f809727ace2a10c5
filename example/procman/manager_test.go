package procman

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestAutostartAndPriority(t *testing.T) {
	m, log := newTestManager(t)
	mk := func(name string, prio int, autostart bool) ProcessConfig {
		pc := NewProcessConfig(name, "sleep 1000")
		pc.StartSecs = 0
		pc.Priority = prio
		pc.Autostart = autostart
		return pc
	}
	if _, err := m.AddGroup(GroupConfig{Name: "late", Priority: 20, Processes: []ProcessConfig{mk("late", 20, true)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.AddGroup(GroupConfig{Name: "g", Priority: 10, Processes: []ProcessConfig{
		mk("b", 2, true), mk("a", 1, true), mk("manual", 0, false),
	}}); err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, p := range m.Processes() {
		order = append(order, p.Group()+":"+p.Name())
	}
	if want := "g:manual g:a g:b late:late"; strings.Join(order, " ") != want {
		t.Errorf("order %v, want %s", order, want)
	}
	for _, p := range m.Processes() {
		if s := p.Info().State; s != Stopped {
			t.Errorf("%s is %v before Autostart", p.Name(), s)
		}
	}
	m.Autostart()
	// Groups in priority order, each group's processes in the order they
	// are configured, whatever their priority (supervisord 4.2.5 spawns a
	// [group:x] of b (priority 7) and a (priority 5) as b, then a).
	spawned := regexp.MustCompile(`spawned: '(\w+)'`).FindAllStringSubmatch(log.String(), -1)
	var got []string
	for _, s := range spawned {
		got = append(got, s[1])
	}
	if strings.Join(got, " ") != "b a late" {
		t.Errorf("spawned %v, want b a late", got)
	}
	if s := m.Group("g").Process("manual").Info().State; s != Stopped {
		t.Errorf("manual is %v", s)
	}
	// A group added after Autostart starts at once.
	g, err := m.AddGroup(GroupConfig{Name: "new", Processes: []ProcessConfig{mk("new", 1, true)}})
	if err != nil {
		t.Fatal(err)
	}
	if s := g.Process("new").Info().State; s != Running {
		t.Errorf("new is %v", s)
	}
}

func TestAddRemoveGroup(t *testing.T) {
	m, _ := newTestManager(t)
	p := addProcess(t, m, "a", "sleep 1000", func(c *ProcessConfig) { c.StartSecs = 0 })
	if _, err := m.AddGroup(GroupConfig{Name: "a"}); !errors.Is(err, ErrAlreadyAdded) {
		t.Errorf("AddGroup twice: %v", err)
	}
	if _, err := m.AddGroup(GroupConfig{Name: "b:c"}); err == nil {
		t.Error("AddGroup with a colon in the name succeeded")
	}
	if err := m.RemoveGroup("nope"); !errors.Is(err, ErrNoSuchGroup) {
		t.Errorf("RemoveGroup(nope): %v", err)
	}
	if err := p.Start(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if err := m.RemoveGroup("a"); !errors.Is(err, ErrStillRunning) {
		t.Errorf("RemoveGroup of a running group: %v", err)
	}
	if err := p.Stop(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if err := m.RemoveGroup("a"); err != nil {
		t.Fatal(err)
	}
	if m.Group("a") != nil || len(m.Processes()) != 0 {
		t.Error("the group is still there")
	}
	if err := p.Start(ctxT(t)); !errors.Is(err, ErrNoSuchGroup) {
		t.Errorf("Start of a removed process: %v", err)
	}
}

func TestShutdown(t *testing.T) {
	m, log := newTestManager(t)
	run := addProcess(t, m, "run", "sleep 1000", func(c *ProcessConfig) { c.StartSecs = 0; c.Priority = 1 })
	last := addProcess(t, m, "last", "sleep 1000", func(c *ProcessConfig) { c.StartSecs = 0; c.Priority = 2 })
	backoff := addProcess(t, m, "backoff", "sh -c 'exit 1'", func(c *ProcessConfig) { c.StartRetries = 100 })
	for _, p := range []*Process{run, last} {
		if err := p.Start(ctxT(t)); err != nil {
			t.Fatal(err)
		}
	}
	backoff.Start(ctxT(t))
	waitState(t, backoff, Backoff)
	if err := m.Shutdown(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[*Process]State{run: Stopped, last: Stopped, backoff: Fatal} {
		if s := p.Info().State; s != want {
			t.Errorf("%s is %v after Shutdown, want %v", p.Name(), s, want)
		}
	}
	// Highest priority number first.
	if i, j := strings.Index(log.String(), "stopped: last"), strings.Index(log.String(), "stopped: run"); i < 0 || j < i {
		t.Errorf("stop order wrong:\n%s", log)
	}
	if err := run.Start(ctxT(t)); !errors.Is(err, ErrShuttingDown) {
		t.Errorf("Start after Shutdown: %v", err)
	}
}

func TestShutdownContext(t *testing.T) {
	m, _ := newTestManager(t)
	p := addProcess(t, m, "p", `sh -c 'trap "" TERM; echo ready; while :; do sleep 1; done'`, func(c *ProcessConfig) {
		c.StartSecs = 0
		c.StopWait = 1 << 62
	})
	if err := p.Start(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	waitLog(t, p.Config().StdoutLogfile, "ready")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := m.Shutdown(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Shutdown: %v, want context.Canceled", err)
	}
	m.Close() // kills what Shutdown could not stop
	waitState(t, p, Stopped)
}

func TestAutoLogNamesAndCleanup(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "old-stdout---supervisor-abc123.log")
	keep := filepath.Join(dir, "other.log")
	for _, f := range []string{stale, keep} {
		os.WriteFile(f, nil, 0o644)
	}
	m := New(WithChildLogDir(dir))
	defer m.Close()
	if err := m.ClearAutoChildLogDir(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("the stale AUTO log is still there")
	}
	if _, err := os.Stat(keep); err != nil {
		t.Error("another file was removed")
	}
	g, err := m.AddGroup(GroupConfig{Name: "p", Processes: []ProcessConfig{NewProcessConfig("p", "sleep 1")}})
	if err != nil {
		t.Fatal(err)
	}
	info := g.Process("p").Info()
	for ch, path := range map[string]string{"stdout": info.StdoutLogfile, "stderr": info.StderrLogfile} {
		if !regexp.MustCompile(`^p-`+ch+`---supervisor-\w+\.log$`).MatchString(filepath.Base(path)) || filepath.Dir(path) != dir {
			t.Errorf("%s log %q", ch, path)
		}
		if _, err := os.Stat(path); err != nil {
			t.Errorf("AUTO log not created: %v", err)
		}
	}
}
