package rpcext

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// Reload makes the server serve cfg without a restart. Its
// [rpcinterface:x] sections are reloaded as Handler.Reload says (unchanged
// ones keep their value and state, calls in progress finish on the table
// they started with), and its listeners follow [inet_http_server] and
// [unix_http_server], changing only what changed:
//
//   - new credentials apply to the next request; the listener stays;
//   - a new port or host, or a new socket path, is bound before the old
//     listener stops accepting; the old one then finishes its calls in
//     progress (up to the shutdown timeout) and, for a socket, removes
//     its file;
//   - a new chmod or chown is applied to the socket file in place;
//   - a section added starts a listener, a section removed stops one;
//   - a listener whose section did not change is never closed: its
//     clients see no refused connection.
//
// The one exception is a TCP address that the old listener's holds (the
// same port on another host, such as 127.0.0.1:9001 becoming *:9001): the
// old listener must stop before the new one can bind, so for that moment
// new connections are refused.
//
// If a factory fails, an address cannot be bound or chmod or chown fail,
// nothing changes, and the error names the section. Before Serve, Reload
// only replaces the config Serve will listen for; after Serve has
// returned it returns ErrServerClosed.
func (s *Server) Reload(cfg *Config) error {
	if err := hasListener(cfg); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state == serverDone {
		return ErrServerClosed
	}
	h := s.rpc
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrServerClosed
	}
	rl, err := h.prepare(cfg)
	if err != nil {
		return err
	}
	if s.state == serverNew {
		rl.commit()
		s.cfg = cfg
		return nil
	}
	plan, err := s.rebind(cfg)
	if err != nil {
		rl.abort()
		return err
	}
	rl.commit()
	plan.commit(s)
	s.cfg = cfg
	return nil
}

// rebinding is what a reload does to the listeners, prepared: new
// listeners bound but not serving, credentials not yet swapped, socket
// modes already changed (undo restores them).
type rebinding struct {
	started []*listener
	retired []*listener
	auths   []authSwap
	undo    []func()
}

// authSwap is a listener that stays, with its new section and
// credentials.
type authSwap struct {
	l    *listener
	auth *basicAuth
	inet *InetHTTPServer
	unix *UnixHTTPServer
}

// rebind prepares the listeners for cfg; on error it has undone what it
// did. s.mu is held.
func (s *Server) rebind(cfg *Config) (*rebinding, error) {
	p := &rebinding{}
	fail := func(err error) (*rebinding, error) {
		p.abort()
		return nil, err
	}
	var handover *listener // an inet listener that must stop before its successor binds
	for kind, old := range s.listeners {
		next, section, cred := sectionOf(kind, cfg)
		switch {
		case old == nil && next == nil:
			continue
		case next == nil:
			p.retired = append(p.retired, old)
			continue
		case old != nil && sameAddress(old, next):
			auth, err := listenerAuth(cred)
			if err != nil {
				return fail(configErrorFor(section, err))
			}
			p.auths = append(p.auths, authSwap{old, auth, cfg.InetHTTPServer, cfg.UnixHTTPServer})
			if kind == kindUnix {
				if err := p.remode(old, cfg.UnixHTTPServer); err != nil {
					return fail(configErrorFor(section, err))
				}
			}
			continue
		}
		l, err := s.bind(kind, cfg)
		if err != nil {
			if old != nil && kind == kindInet && errors.Is(err, syscall.EADDRINUSE) && old.inet.Port == cfg.InetHTTPServer.Port {
				handover = old
				continue
			}
			return fail(err)
		}
		p.undo = append(p.undo, l.closeNow)
		p.started = append(p.started, l)
		if old != nil {
			p.retired = append(p.retired, old)
		}
	}
	if handover != nil {
		// Last, as it cannot be undone without a moment of refusals.
		if err := s.handover(p, handover, cfg); err != nil {
			return fail(err)
		}
	}
	return p, nil
}

// sectionOf returns cfg's section for a listener kind, its Section and
// credentials.
func sectionOf(kind int, cfg *Config) (any, *Section, authSetting) {
	if kind == kindInet && cfg.InetHTTPServer != nil {
		is := cfg.InetHTTPServer
		return is, is.Section, authSetting{is.Username, is.Password}
	}
	if kind == kindUnix && cfg.UnixHTTPServer != nil {
		us := cfg.UnixHTTPServer
		return us, us.Section, authSetting{us.Username, us.Password}
	}
	return nil, nil, authSetting{}
}

// sameAddress reports whether l listens where the section asks.
func sameAddress(l *listener, section any) bool {
	switch sec := section.(type) {
	case *InetHTTPServer:
		return l.inet != nil && l.inet.Host == sec.Host && l.inet.Port == sec.Port
	case *UnixHTTPServer:
		return l.unix != nil && l.unix.File == sec.File
	}
	return false
}

// remode applies a new chmod or chown to a unix listener's socket file.
func (p *rebinding) remode(l *listener, us *UnixHTTPServer) error {
	if l.unix.Chmod == us.Chmod && l.unix.Chown == us.Chown {
		return nil
	}
	if !l.sock.ours() {
		return fmt.Errorf("%s is no longer the socket this server made: not changing its mode", us.File)
	}
	before, err := os.Lstat(us.File)
	if err != nil {
		return err
	}
	if err := setMode(us.File, us.Chmod, us.Chown); err != nil {
		setMode(us.File, l.unix.Chmod, l.unix.Chown) // back to what it was, as far as possible
		return fmt.Errorf("%s: %w", us.File, err)
	}
	oldUnix := l.unix
	p.undo = append(p.undo, func() { os.Chmod(us.File, before.Mode().Perm()); setMode(us.File, oldUnix.Chmod, oldUnix.Chown) })
	return nil
}

// handover replaces an inet listener whose port the new address shares:
// the old one stops accepting, the new one binds; if it cannot, the old
// address is bound again.
func (s *Server) handover(p *rebinding, old *listener, cfg *Config) error {
	old.closing.Store(true)
	old.ln.Close()
	l, err := s.bind(kindInet, cfg)
	if err == nil {
		p.started = append(p.started, l)
		p.retired = append(p.retired, old)
		return nil
	}
	// Serve the old address again, with a new listener (the old one's
	// connections finish on it).
	again, rerr := s.bind(kindInet, &Config{InetHTTPServer: old.inet})
	if rerr != nil {
		s.settings.logger.Error("rpcext: the TCP listener could not be bound again after a failed reload", "address", old.address(), "error", rerr)
	}
	p.retired = append(p.retired, old)
	if again != nil {
		again.auth.Store(old.auth.Load())
		// Whatever else fails, this one serves.
		s.retire(old)
		s.start(again)
		p.retired = p.retired[:len(p.retired)-1]
	}
	return err
}

// abort undoes a prepared rebinding.
func (p *rebinding) abort() {
	for i := len(p.undo) - 1; i >= 0; i-- {
		p.undo[i]()
	}
}

// commit applies a prepared rebinding.
func (p *rebinding) commit(s *Server) {
	for _, a := range p.auths {
		a.l.auth.Store(a.auth)
		if a.l.kind == kindInet {
			a.l.inet = a.inet
		} else {
			a.l.unix = a.unix
		}
	}
	for _, l := range p.retired {
		if s.listeners[l.kind] == l {
			s.listeners[l.kind] = nil
		}
		s.retire(l)
	}
	for _, l := range p.started {
		s.start(l)
	}
}
