package procman

import (
	"errors"
	"slices"
)

// Group is a process group. Its processes do not change.
type Group struct {
	name     string
	priority int
	procs    []*Process // by priority, ties in configuration order
}

// Name returns the group name.
func (g *Group) Name() string { return g.name }

// Priority returns the group's priority (lower starts first).
func (g *Group) Priority() int { return g.priority }

// Processes returns the group's processes by priority.
func (g *Group) Processes() []*Process { return slices.Clone(g.procs) }

// Process returns the process called name, or nil.
func (g *Group) Process(name string) *Process {
	for _, p := range g.procs {
		if p.cfg.Name == name {
			return p
		}
	}
	return nil
}

func (g *Group) autostart() {
	for _, p := range g.procs {
		p.mu.Lock()
		p.autostartLocked()
		p.mu.Unlock()
	}
}

func (g *Group) closeLogs() error {
	var errs []error
	for _, p := range g.procs {
		for _, l := range []*LogFile{p.stdout, p.stderr} {
			if l != nil {
				errs = append(errs, l.Close())
			}
		}
	}
	return errors.Join(errs...)
}
