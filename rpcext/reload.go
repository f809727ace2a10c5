package rpcext

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/supervisorrpc/rpcinterface/namespace"
)

// ErrHandlerClosed is returned by Reload on a handler that was closed.
var ErrHandlerClosed = errors.New("rpcext: the handler is closed")

// Reload makes h serve cfg's [rpcinterface:x] sections without a restart,
// with the options h was built with:
//
//   - a section whose factory and options are unchanged keeps its value,
//     and so its state; options are compared as the factory sees them,
//     after %(ENV_X)s expansion and with the keys inherited from
//     [DEFAULT], so an edit that changes nothing the factory receives
//     changes nothing;
//   - a new section, or one whose factory or options changed, is built by
//     its factory;
//   - a removed section's methods answer UNKNOWN_METHOD;
//   - WithNamespace namespaces are kept as they are.
//
// The new method table, the system namespace over it, and the
// credentials of [inet_http_server] (unless WithBasicAuth set them) are
// swapped in at once: calls in progress finish on the values they
// started with, and every call that starts afterwards sees the new
// table, as does the API explorer at its next page load. A replaced or
// removed value that implements io.Closer is closed once the last call
// that can reach it has been answered, and never while a newer table
// still publishes it; values given with WithNamespace are never closed.
//
// If a factory fails, leaves an option unread, or the new table cannot
// be built, nothing changes: the error names the section (a
// *ConfigError), and the values already built for the new table are
// closed. Reloads are serialized; calls are never blocked by one.
func (h *Handler) Reload(cfg *Config) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrHandlerClosed
	}
	p, err := h.prepare(cfg)
	if err != nil {
		return err
	}
	p.commit()
	return nil
}

// Close retires h's namespaces as a Reload to a config without
// [rpcinterface:x] sections does: every call that starts afterwards
// answers UNKNOWN_METHOD for them (WithNamespace namespaces and the
// credentials stay), and each value that implements io.Closer is closed
// once its last call in progress has been answered (at once when none
// is). Reload then returns ErrHandlerClosed. Serve closes its handler
// when it returns; a host using NewHandler calls Close when it stops
// serving. Closing twice does nothing.
func (h *Handler) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	old := h.gen.Load()
	svc, err := namespace.NewService(h.extras, h.svcOpts...)
	if err != nil {
		// The same namespaces made a service at NewHandler: unreachable.
		h.logger.Error("rpcext: closing the handler", "error", err)
		return
	}
	g := newGeneration(svc, old.auth, nil, h.logger)
	h.gen.Store(g)
	old.retire()
}

// reload is a prepared reload, applied by commit or undone by abort.
type reload struct {
	h     *Handler
	gen   *generation
	built []*plugin // values made for it: closed by abort
	kept  []string
	gone  []string
}

// prepare builds the generation cfg describes, reusing the current one's
// unchanged plugins. Nothing is published. h.mu is held.
func (h *Handler) prepare(cfg *Config) (*reload, error) {
	old := h.gen.Load() // nil at NewHandler
	current := map[string]*plugin{}
	if old != nil {
		for _, p := range old.plugins {
			current[p.name] = p
		}
	}
	rl := &reload{h: h}
	var plugins []*plugin
	nss := make([]*namespace.Namespace, 0, len(current)+len(h.extras))
	fail := func(err error) (*reload, error) {
		rl.abort()
		return nil, err
	}
	if cfg != nil {
		for _, ri := range cfg.RPCInterfaces {
			if h.isExtra(ri.Name) {
				where := &ConfigError{File: ri.Options.File(), Section: ri.Options.Section(),
					Err: fmt.Errorf("namespace %s is also published with WithNamespace", ri.Name)}
				if sec := cfg.Section(ri.Options.Section()); sec != nil {
					where.File, where.Line = sec.File, sec.Line
				}
				return fail(where)
			}
			options := ri.Options.Clone().Map() // a clone: the reads it records are its own
			if p := current[ri.Name]; p != nil && p.factory == ri.Factory && maps.Equal(p.options, options) {
				plugins = append(plugins, p)
				nss = append(nss, p.ns)
				rl.kept = append(rl.kept, p.name)
				delete(current, ri.Name)
				continue
			}
			delete(current, ri.Name) // replaced, not removed
			p, err := h.build(cfg, ri, options)
			if err != nil {
				return fail(err)
			}
			rl.built = append(rl.built, p)
			plugins = append(plugins, p)
			nss = append(nss, p.ns)
		}
	}
	for name := range current {
		rl.gone = append(rl.gone, name)
	}
	slices.Sort(rl.gone)
	nss = append(nss, h.extras...)
	svc, err := namespace.NewService(nss, h.svcOpts...)
	if err != nil {
		return fail(fmt.Errorf("rpcext: %w", err))
	}
	var auth *basicAuth
	if h.ownAuth {
		if cred := credentialsOf(cfg, h.settings); cred != nil && cred.username != "" {
			if auth, err = newBasicAuth(cred.username, cred.password); err != nil {
				if cfg != nil && cfg.InetHTTPServer != nil && h.settings.auth == nil {
					return fail(configErrorFor(cfg.InetHTTPServer.Section, err))
				}
				return fail(fmt.Errorf("rpcext: %w", err))
			}
		}
	}
	rl.gen = newGeneration(svc, auth, plugins, h.logger)
	return rl, nil
}

// isExtra reports whether a WithNamespace namespace has the name.
func (h *Handler) isExtra(name string) bool {
	for _, ns := range h.extras {
		if ns.Name() == name {
			return true
		}
	}
	return false
}

// build calls one section's factory and reflects over its value.
func (h *Handler) build(cfg *Config, ri RPCInterface, options map[string]string) (*plugin, error) {
	where := &ConfigError{File: ri.Options.File(), Section: ri.Options.Section()}
	if sec := cfg.Section(ri.Options.Section()); sec != nil {
		where.File, where.Line = sec.File, sec.Line
	}
	factory, ok := h.settings.registry.Lookup(ri.Factory)
	if !ok {
		return nil, unresolvedFactory(cfg, where, ri.Factory, h.settings.registry.Names())
	}
	opts := ri.Options.Clone() // a record of this factory's reads alone
	v, err := factory(h.settings.host, opts)
	if err != nil {
		return nil, factoryError(where, ri.Factory, err)
	}
	p := &plugin{name: ri.Name, factory: ri.Factory, options: options}
	p.closer, _ = v.(io.Closer)
	if err := opts.CheckRead(); err != nil { // keys the factory never read, as supervisord's TypeError
		p.close(h)
		return nil, err
	}
	if p.ns, err = h.reflect(ri.Name, v); err != nil {
		p.close(h)
		where.Err = err
		return nil, where
	}
	return p, nil
}

// reflect builds the namespace of v, logging the methods it skips.
func (h *Handler) reflect(name string, v any) (*namespace.Namespace, error) {
	var opts []namespace.BuildOption
	if h.settings.strict {
		opts = append(opts, namespace.StrictMethods())
	}
	ns, err := namespace.Build(name, v, opts...)
	if err != nil {
		return nil, err
	}
	for _, sk := range ns.Skipped() {
		h.logger.Warn("rpcext: method not published", "namespace", name, "method", sk.GoName, "reason", sk.Reason)
	}
	return ns, nil
}

// close closes a value that was never published.
func (p *plugin) close(h *Handler) {
	if p.closer == nil {
		return
	}
	if err := p.closer.Close(); err != nil {
		h.logger.Error("rpcext: closing an unused namespace failed", "namespace", p.name, "error", err)
	}
}

// commit publishes the prepared generation and retires the one it
// replaces.
func (rl *reload) commit() {
	h := rl.h
	rl.gen.adopt()
	old := h.gen.Swap(rl.gen)
	if old == nil {
		return // NewHandler
	}
	built := make([]string, len(rl.built))
	for i, p := range rl.built {
		built[i] = p.name
	}
	h.logger.Info("rpcext: namespaces reloaded", "built", built, "kept", rl.kept, "removed", rl.gone)
	old.retire()
}

// abort closes the values built for a reload that is not applied.
func (rl *reload) abort() {
	for _, p := range rl.built {
		p.close(rl.h)
	}
}
