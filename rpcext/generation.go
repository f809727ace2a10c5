package rpcext

import (
	"io"
	"log/slog"
	"sync/atomic"

	"github.com/supervisorrpc/rpcinterface/namespace"
)

// A generation is what a handler serves between two reloads: the method
// table (and the system namespace over it), the credentials, and the
// plugin values behind the table. The handler holds the current one in
// an atomic pointer: a request loads it once and runs on it to the end,
// and a reload swaps in a new one without waiting for anything.
//
// A plugin value that implements io.Closer is closed after the last call
// that can reach it: every generation that publishes it counts its calls
// in progress, and the value counts the generations that publish it and
// are current or still busy. Generations without such a value count
// nothing, so that the request path of a handler without Closers is one
// atomic load.
type generation struct {
	svc     *namespace.Service
	auth    *basicAuth // nil: no credentials asked for at this level
	plugins []*plugin  // the factory-built values it publishes
	logger  *slog.Logger

	// counted is true when one of the plugins is an io.Closer: then calls
	// holds the calls in progress, plus one while the generation is
	// current, and the generation is drained when it drops to zero.
	counted bool
	calls   atomic.Int64
}

// plugin is one [rpcinterface:x] section's value, with what it was built
// from: a reload keeps the value of a section whose factory and options
// are unchanged.
type plugin struct {
	name    string            // the namespace
	factory string            // the factory's name
	options map[string]string // the section's options, expanded as the factory saw them
	ns      *namespace.Namespace
	closer  io.Closer // the value, when it is one

	// tables counts the generations that publish the value and are
	// current or still have calls in progress.
	tables atomic.Int64
}

// newGeneration returns a generation publishing plugins, current (one
// reference) and not yet referenced by its plugins (see adopt).
func newGeneration(svc *namespace.Service, auth *basicAuth, plugins []*plugin, logger *slog.Logger) *generation {
	g := &generation{svc: svc, auth: auth, plugins: plugins, logger: logger}
	for _, p := range plugins {
		if p.closer != nil {
			g.counted = true
		}
	}
	g.calls.Store(1)
	return g
}

// adopt makes the generation's plugins count it, before it is published.
func (g *generation) adopt() {
	for _, p := range g.plugins {
		p.tables.Add(1)
	}
}

// table returns the current generation, counting the caller's call in it
// when it counts calls; the caller calls done when the call is answered.
func (h *Handler) table() *generation {
	for {
		g := h.gen.Load()
		if !g.counted || g.enter() {
			return g
		}
		// Retired and drained between the load and enter: a newer one
		// is current.
	}
}

// enter counts one more call unless the generation has been drained.
func (g *generation) enter() bool {
	for {
		n := g.calls.Load()
		if n == 0 {
			return false
		}
		if g.calls.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// done ends a call counted by table.
func (g *generation) done() {
	if g.counted && g.calls.Add(-1) == 0 {
		g.drained()
	}
}

// retire drops the reference the handler held while g was current; g is
// drained once its last call is done.
func (g *generation) retire() {
	if !g.counted {
		g.drained()
		return
	}
	if g.calls.Add(-1) == 0 {
		g.drained()
	}
}

// drained runs once no call can reach g any more: each plugin value no
// other generation publishes is closed.
func (g *generation) drained() {
	for _, p := range g.plugins {
		if p.tables.Add(-1) == 0 && p.closer != nil {
			if err := p.closer.Close(); err != nil {
				g.logger.Error("rpcext: closing a replaced namespace failed", "namespace", p.name, "error", err)
			} else {
				g.logger.Debug("rpcext: replaced namespace closed", "namespace", p.name)
			}
		}
	}
}
