package procman

import (
	"cmp"
	"errors"
	"slices"
	"sync"
)

// Group is a process group. Its processes are those of its configuration
// plus those added with Manager.AddProcesses, less those removed with
// Manager.RemoveProcess.
type Group struct {
	name     string
	priority int

	// mu guards procs. procs is only replaced while the Manager's mu is
	// held too, so code holding that may read it without mu.
	mu    sync.RWMutex
	procs []*Process // by priority, ties in the order they were added
}

// Name returns the group name.
func (g *Group) Name() string { return g.name }

// Priority returns the group's priority (lower starts first).
func (g *Group) Priority() int { return g.priority }

// Processes returns the group's processes by priority.
func (g *Group) Processes() []*Process {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return slices.Clone(g.procs)
}

// Process returns the process called name, or nil.
func (g *Group) Process(name string) *Process {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.processLocked(name)
}

func (g *Group) processLocked(name string) *Process {
	for _, p := range g.procs {
		if p.cfg.Name == name {
			return p
		}
	}
	return nil
}

// setProcs replaces the processes (with the Manager's mu held), sorted by
// priority, ties in the order given.
func (g *Group) setProcs(procs []*Process) {
	slices.SortStableFunc(procs, func(a, b *Process) int { return cmp.Compare(a.cfg.Priority, b.cfg.Priority) })
	g.mu.Lock()
	g.procs = procs
	g.mu.Unlock()
}

func autostart(procs []*Process) {
	for _, p := range procs {
		p.mu.Lock()
		p.autostartLocked()
		p.mu.Unlock()
	}
}

func closeLogs(procs []*Process) error {
	var errs []error
	for _, p := range procs {
		for _, l := range []*LogFile{p.stdout, p.stderr} {
			if l != nil {
				errs = append(errs, l.Close())
			}
		}
	}
	return errors.Join(errs...)
}
