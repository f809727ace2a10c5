package procman

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
)

// names returns group:name of every process of m, in Processes' order.
func names(m *Manager) string {
	var s []string
	for _, p := range m.Processes() {
		s = append(s, p.Group()+":"+p.Name())
	}
	return strings.Join(s, " ")
}

func TestAddProcesses(t *testing.T) {
	m, _ := newTestManager(t)
	mk := func(name string, prio int, autostart bool) ProcessConfig {
		pc := NewProcessConfig(name, "sleep 1000")
		pc.StartSecs, pc.Priority, pc.Autostart = 0, prio, autostart
		return pc
	}
	if _, err := m.AddGroup(GroupConfig{Name: "g", Processes: []ProcessConfig{mk("base", 5, false)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.AddGroup(GroupConfig{Name: "empty"}); err != nil {
		t.Fatal(err)
	}

	refused := []struct {
		name  string
		group string
		pcs   []ProcessConfig
		want  error
	}{
		{"unknown-group", "nope", []ProcessConfig{mk("x", 1, true)}, ErrNoSuchGroup},
		{"name-taken", "g", []ProcessConfig{mk("new", 1, true), mk("base", 1, true)}, ErrProcessExists},
		{"same-name-twice", "g", []ProcessConfig{mk("twin", 1, true), mk("twin", 1, true)}, ErrProcessExists},
		{"bad-name", "g", []ProcessConfig{mk("a:b", 1, true)}, nil},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			_, err := m.AddProcesses(tt.group, tt.pcs...)
			if err == nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			if got := names(m); got != "g:base" {
				t.Errorf("processes %s after a refused add, want g:base", got)
			}
		})
	}

	// Before Autostart, added processes wait for it, like the others.
	early, err := m.AddProcesses("empty", mk("early", 1, true))
	if err != nil {
		t.Fatal(err)
	}
	if s := early[0].Info().State; s != Stopped {
		t.Errorf("early is %v before Autostart", s)
	}
	m.Autostart()
	waitState(t, early[0], Running)

	// After Autostart, autostart processes start at once; the group stays
	// ordered by priority, ties in the order added.
	added, err := m.AddProcesses("g", mk("late", 5, true), mk("first", 1, false))
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 2 || added[0].Name() != "late" || added[1].Name() != "first" {
		t.Fatalf("added %v", added)
	}
	waitState(t, added[0], Running)
	if s := added[1].Info().State; s != Stopped {
		t.Errorf("first (no autostart) is %v", s)
	}
	if got, want := names(m), "g:first g:base g:late empty:early"; got != want {
		t.Errorf("processes %s, want %s", got, want)
	}
	if p := m.Group("g").Process("late"); p != added[0] {
		t.Errorf("Group.Process(late) = %v", p)
	}
	if _, err := os.Stat(added[0].Info().StdoutLogfile); err != nil {
		t.Errorf("Auto stdout log of an added process: %v", err)
	}
}

func TestRemoveProcess(t *testing.T) {
	m, _ := newTestManager(t)
	pc := NewProcessConfig("dyn", "sleep 1000")
	pc.StartSecs = 0
	if _, err := m.AddGroup(GroupConfig{Name: "g"}); err != nil {
		t.Fatal(err)
	}
	m.Autostart()
	added, err := m.AddProcesses("g", pc)
	if err != nil {
		t.Fatal(err)
	}
	p := added[0]
	waitState(t, p, Running)

	tests := []struct {
		name, group, process string
		want                 error
	}{
		{"unknown-group", "nope", "dyn", ErrNoSuchGroup},
		{"unknown-process", "g", "nope", ErrNoSuchProcess},
		{"running", "g", "dyn", ErrStillRunning},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := m.RemoveProcess(tt.group, tt.process); !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}

	if err := p.Stop(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if err := m.RemoveProcess("g", "dyn"); err != nil {
		t.Fatal(err)
	}
	if m.Group("g").Process("dyn") != nil || names(m) != "" {
		t.Errorf("dyn still there: %q", names(m))
	}
	if m.Group("g") == nil {
		t.Error("the emptied group went too")
	}
	if err := p.Start(ctxT(t)); !errors.Is(err, ErrNoSuchGroup) {
		t.Errorf("Start of a removed process: %v, want ErrNoSuchGroup", err)
	}
	if _, err := os.Stat(p.Info().StdoutLogfile); err != nil {
		t.Errorf("the log file of a removed process stays: %v", err)
	}
	// The name is free again.
	pc.Autostart = false
	if _, err := m.AddProcesses("g", pc); err != nil {
		t.Errorf("adding dyn again: %v", err)
	}
}

// Processes come and go while others read the groups (run with -race).
func TestAddRemoveConcurrently(t *testing.T) {
	m, _ := newTestManager(t)
	if _, err := m.AddGroup(GroupConfig{Name: "g"}); err != nil {
		t.Fatal(err)
	}
	m.Autostart()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				for _, p := range m.Processes() {
					p.Info()
				}
				m.Group("g").Process("p0")
			}
		})
	}
	var workers sync.WaitGroup
	for w := range 4 {
		workers.Go(func() {
			for i := range 20 {
				pc := NewProcessConfig(fmt.Sprintf("p%d_%d", w, i), "sleep 1000")
				pc.Autostart = false
				if _, err := m.AddProcesses("g", pc); err != nil {
					t.Error(err)
					return
				}
				if i%2 == 0 {
					if err := m.RemoveProcess("g", pc.Name); err != nil {
						t.Error(err)
						return
					}
				}
			}
		})
	}
	workers.Wait()
	close(stop)
	wg.Wait()
	if n := len(m.Group("g").Processes()); n != 40 {
		t.Errorf("%d processes, want 40", n)
	}
}
