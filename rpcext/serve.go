package rpcext

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Serve runs supervisord's HTTP servers for cfg until ctx is done: the TCP
// listener of [inet_http_server] and the UNIX socket of [unix_http_server],
// at the same time, each requiring its own section's credentials. Both
// serve /RPC2, the API explorer with WithExplorer, and the
// WithHTTPHandler patterns. The factories are called once and their
// namespaces are shared by both listeners.
//
// When ctx is done Serve stops accepting, waits for calls in progress (up
// to the shutdown timeout), removes the socket file (if it is still the
// one it made), closes the plugin values that implement io.Closer and
// returns nil. A stale socket file left by a dead server is replaced; one
// that a live server answers on is an error.
//
// Serve is NewServer and (*Server).Serve in one call; a host that
// reloads its config while serving keeps the *Server.
func Serve(ctx context.Context, cfg *Config, opts ...ServeOption) error {
	s, err := NewServer(cfg, opts...)
	if err != nil {
		return err
	}
	return s.Serve(ctx)
}

// ErrServerClosed is returned by Reload and Serve once Serve has returned.
var ErrServerClosed = errors.New("rpcext: the server is closed")

// Server runs supervisord's HTTP servers for a config, as Serve does, and
// can take a new config while it serves (Reload): namespaces, listeners
// and credentials change without a restart, and without closing what
// did not change.
type Server struct {
	settings  serveSettings
	rpc       *Handler
	acceptLog *rateLog

	mu        sync.Mutex
	cfg       *Config
	state     serverState
	listeners [2]*listener // inet, unix; nil when the config has none
	errc      chan error   // a listener failed
	wg        sync.WaitGroup
}

type serverState int

const (
	serverNew serverState = iota
	serverServing
	serverDone
)

// NewServer builds the server for cfg: every [rpcinterface:x] section's
// factory is called, as NewHandler calls them, but nothing listens until
// Serve. cfg must have an [inet_http_server] or a [unix_http_server].
func NewServer(cfg *Config, opts ...ServeOption) (*Server, error) {
	s := &Server{errc: make(chan error, 1)}
	for _, o := range opts {
		o.applyServe(&s.settings)
	}
	if s.settings.logger == nil {
		s.settings.logger = slog.Default()
	}
	if s.settings.bodyTimeout <= 0 {
		s.settings.bodyTimeout = DefaultBodyReadTimeout
	}
	if s.settings.maxConns <= 0 {
		s.settings.maxConns = DefaultMaxConnections
	}
	if err := hasListener(cfg); err != nil {
		return nil, err
	}
	rpc, err := newHandler(cfg, s.settings.mountSettings, false)
	if err != nil {
		return nil, err
	}
	s.rpc, s.cfg = rpc, cfg
	s.acceptLog = newRateLog(s.settings.logger, "rpcext: more connection warnings, not logged")
	return s, nil
}

func hasListener(cfg *Config) error {
	if cfg == nil || cfg.InetHTTPServer == nil && cfg.UnixHTTPServer == nil {
		file := "the config"
		if cfg != nil {
			file = cfg.File
		}
		return fmt.Errorf("rpcext: %s has neither [inet_http_server] nor [unix_http_server]: nothing to serve", file)
	}
	return nil
}

// Handler returns the handler behind /RPC2 on every listener (its
// Service is the current method table).
func (s *Server) Handler() *Handler { return s.rpc }

// Serve listens as the config says and serves until ctx is done or a
// listener fails, then stops as the package-level Serve does. It may be
// called once; afterwards it, and Reload, return ErrServerClosed.
func (s *Server) Serve(ctx context.Context) error {
	s.mu.Lock()
	if s.state != serverNew {
		s.mu.Unlock()
		return ErrServerClosed
	}
	var bound []*listener
	for kind := range s.listeners {
		l, err := s.bind(kind, s.cfg)
		if err != nil {
			for _, b := range bound {
				b.closeNow()
			}
			s.state = serverDone
			s.mu.Unlock()
			s.rpc.Close()
			return err
		}
		if l != nil {
			bound = append(bound, l)
		}
	}
	s.state = serverServing
	for _, l := range bound {
		s.start(l)
	}
	s.mu.Unlock()

	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-s.errc:
	}
	s.mu.Lock()
	s.state = serverDone
	current := s.listeners
	s.listeners = [2]*listener{}
	s.mu.Unlock()
	sctx, cancel := context.WithTimeout(context.Background(), orDefault(s.settings.shutdownTimeout, DefaultShutdownTimeout))
	defer cancel()
	var stops sync.WaitGroup
	for _, l := range current {
		if l != nil {
			stops.Go(func() { l.shutdown(sctx) })
		}
	}
	stops.Wait()
	s.wg.Wait() // replaced listeners still finishing their calls
	s.rpc.Close()
	return serveErr
}

const (
	kindInet = 0
	kindUnix = 1
)

// listener is one of the server's listeners and what it was made from.
type listener struct {
	kind    int
	inet    *InetHTTPServer // kindInet: its section
	unix    *UnixHTTPServer // kindUnix: its section
	ln      net.Listener
	srv     *http.Server
	auth    atomic.Pointer[basicAuth] // nil: no credentials asked for
	sock    *socketFile               // kindUnix: the socket file made for it
	closing atomic.Bool               // its Serve returning is no failure
}

// bind listens for the section of the given kind in cfg (nil when cfg has
// none), with the section's credentials, not yet serving.
func (s *Server) bind(kind int, cfg *Config) (*listener, error) {
	l := &listener{kind: kind}
	var section *Section
	var cred authSetting
	switch {
	case kind == kindInet && cfg.InetHTTPServer != nil:
		is := cfg.InetHTTPServer
		l.inet, section, cred = is, is.Section, authSetting{is.Username, is.Password}
	case kind == kindUnix && cfg.UnixHTTPServer != nil:
		us := cfg.UnixHTTPServer
		l.unix, section, cred = us, us.Section, authSetting{us.Username, us.Password}
	default:
		return nil, nil
	}
	auth, err := listenerAuth(cred)
	if err != nil {
		return nil, configErrorFor(section, err)
	}
	if kind == kindInet {
		l.ln, err = net.Listen("tcp", l.address())
	} else {
		l.ln, l.sock, err = listenUnix(l.unix)
	}
	if err != nil {
		return nil, configErrorFor(section, err)
	}
	l.auth.Store(auth)
	l.ln = newLimitListener(l.ln, s.settings.maxConns, s.acceptLog)
	l.srv = &http.Server{
		Handler:           s.listenerHandler(l),
		ReadHeaderTimeout: orDefault(s.settings.readHeaderTimeout, DefaultReadHeaderTimeout),
		IdleTimeout:       orDefault(s.settings.idleTimeout, DefaultIdleTimeout),
		MaxHeaderBytes:    DefaultMaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.settings.logger.Handler(), slog.LevelDebug),
	}
	return l, nil
}

// address is the TCP address of an inet listener.
func (l *listener) address() string {
	return net.JoinHostPort(l.inet.Host, strconv.Itoa(l.inet.Port))
}

// listenerAuth returns the checker for a listener's credentials, nil for
// none.
func listenerAuth(cred authSetting) (*basicAuth, error) {
	if cred.username == "" {
		return nil, nil
	}
	return newBasicAuth(cred.username, cred.password)
}

// start serves l and makes it the listener of its kind.
func (s *Server) start(l *listener) {
	s.listeners[l.kind] = l
	if s.settings.listening != nil {
		s.settings.listening(l.ln.Addr().Network(), l.ln.Addr().String())
	}
	s.wg.Go(func() {
		if err := l.srv.Serve(l.ln); err != nil && !errors.Is(err, http.ErrServerClosed) && !l.closing.Load() {
			select {
			case s.errc <- fmt.Errorf("rpcext: serving %s: %w", l.ln.Addr(), err):
			default:
			}
		}
	})
}

// retire stops l accepting at once and lets its calls in progress finish
// (up to the shutdown timeout) in the background.
func (s *Server) retire(l *listener) {
	l.closing.Store(true)
	l.ln.Close()
	s.wg.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), orDefault(s.settings.shutdownTimeout, DefaultShutdownTimeout))
		defer cancel()
		l.shutdown(ctx)
	})
}

// shutdown stops l, waiting for its calls in progress until ctx is done,
// and removes its socket file while it is still the one made for it.
func (l *listener) shutdown(ctx context.Context) {
	l.closing.Store(true)
	if err := l.srv.Shutdown(ctx); err != nil {
		l.srv.Close()
	}
	l.sock.remove()
}

// closeNow closes a listener that never served.
func (l *listener) closeNow() {
	l.closing.Store(true)
	l.ln.Close()
	l.sock.remove()
}

// listenerHandler returns the handler of one listener: /RPC2 and the extra
// handlers, behind the listener's credentials.
func (s *Server) listenerHandler(l *listener) http.Handler {
	mux := http.NewServeMux()
	mux.Handle(Path, s.rpc)
	if s.settings.explorer {
		mux.Handle(ExplorerPath, s.rpc.Explorer())
	}
	for _, ph := range s.settings.extraHandlers {
		mux.Handle(ph.pattern, ph.h)
	}
	var h http.Handler = mux
	for _, mw := range slices.Backward(s.settings.middleware) {
		h = mw(h)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Credentials first, for every path, as supervisord checks them.
		if a := l.auth.Load(); a != nil {
			if res, user := a.check(r.Header.Get("Authorization")); res != authOK {
				s.rpc.unauthorized(w, r, res, user, time.Now())
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

// orDefault returns d, or def when d is not positive.
func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func configErrorFor(s *Section, err error) error {
	if s == nil {
		return fmt.Errorf("rpcext: %w", err)
	}
	return &ConfigError{File: s.File, Line: s.Line, Section: s.Name, Err: err}
}
