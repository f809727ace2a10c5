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

	// cfg is the group's configuration as its processes were made (Auto
	// logs resolved to their paths), kept up to date by AddProcesses and
	// RemoveProcess. A group added with AddConfiguredGroup shares it with
	// the Manager's configured groups, as supervisord's group shares its
	// config object with process_group_configs. Guarded by the Manager's
	// mu.
	cfg *GroupConfig

	// mu guards procs. procs is only replaced while the Manager's mu is
	// held too, so code holding that may read it without mu.
	mu    sync.RWMutex
	procs []*Process // in the order they were configured or added
}

// Name returns the group name.
func (g *Group) Name() string { return g.name }

// Priority returns the group's priority (lower starts first).
func (g *Group) Priority() int { return g.priority }

// Processes returns the group's processes by priority, ties in the order
// they were configured or added: the order supervisord starts and stops
// a group's processes in when asked to (startProcessGroup, stopProcessGroup;
// shutdown stops them in the reverse order).
func (g *Group) Processes() []*Process {
	g.mu.RLock()
	procs := slices.Clone(g.procs)
	g.mu.RUnlock()
	slices.SortStableFunc(procs, func(a, b *Process) int { return cmp.Compare(a.cfg.Priority, b.cfg.Priority) })
	return procs
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

// setProcs replaces the processes (with the Manager's mu held).
func (g *Group) setProcs(procs []*Process) {
	g.mu.Lock()
	g.procs = procs
	g.mu.Unlock()
}

// autostart starts the processes that have autostart and were never
// started, in the order given: supervisord autostarts a group's processes
// in the order they are configured, whatever their priority.
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
