package rpcext

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
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
// to the shutdown timeout), removes the socket file and returns nil. A
// stale socket file left by a dead server is replaced; one that a live
// server answers on is an error.
func Serve(ctx context.Context, cfg *Config, opts ...ServeOption) error {
	s := serveSettings{}
	for _, o := range opts {
		o.applyServe(&s)
	}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	if cfg.InetHTTPServer == nil && cfg.UnixHTTPServer == nil {
		return fmt.Errorf("rpcext: %s has neither [inet_http_server] nor [unix_http_server]: nothing to serve", cfg.File)
	}
	if s.bodyTimeout <= 0 {
		s.bodyTimeout = DefaultBodyReadTimeout
	}
	rpc, err := newHandler(cfg, s.mountSettings, nil)
	if err != nil {
		return err
	}

	type listener struct {
		net.Listener
		srv     *http.Server
		cleanup func()
	}
	var listeners []listener
	closeAll := func() {
		for _, l := range listeners {
			l.Close()
			if l.cleanup != nil {
				l.cleanup()
			}
		}
	}
	add := func(ln net.Listener, cred *authSetting, section *Section, cleanup func()) error {
		h, err := s.listenerHandler(rpc, cred)
		if err != nil {
			if cleanup != nil {
				cleanup()
			}
			ln.Close()
			return configErrorFor(section, err)
		}
		srv := &http.Server{
			Handler:           h,
			ReadHeaderTimeout: orDefault(s.readHeaderTimeout, DefaultReadHeaderTimeout),
			IdleTimeout:       orDefault(s.idleTimeout, DefaultIdleTimeout),
			MaxHeaderBytes:    DefaultMaxHeaderBytes,
			ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelDebug),
		}
		listeners = append(listeners, listener{ln, srv, cleanup})
		if s.listening != nil {
			s.listening(ln.Addr().Network(), ln.Addr().String())
		}
		return nil
	}
	if is := cfg.InetHTTPServer; is != nil {
		ln, err := net.Listen("tcp", net.JoinHostPort(is.Host, strconv.Itoa(is.Port)))
		if err != nil {
			return configErrorFor(is.Section, err)
		}
		if err := add(ln, &authSetting{is.Username, is.Password}, is.Section, nil); err != nil {
			return err
		}
	}
	if us := cfg.UnixHTTPServer; us != nil {
		ln, cleanup, err := listenUnix(us)
		if err != nil {
			closeAll()
			return configErrorFor(us.Section, err)
		}
		if err := add(ln, &authSetting{us.Username, us.Password}, us.Section, cleanup); err != nil {
			closeAll()
			return err
		}
	}

	errc := make(chan error, len(listeners))
	var wg sync.WaitGroup
	for _, l := range listeners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := l.srv.Serve(l.Listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- err
			}
		}()
	}
	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-errc:
	}
	sctx, cancel := context.WithTimeout(context.Background(), orDefault(s.shutdownTimeout, DefaultShutdownTimeout))
	defer cancel()
	for _, l := range listeners {
		if err := l.srv.Shutdown(sctx); err != nil {
			l.srv.Close()
		}
		if l.cleanup != nil {
			l.cleanup()
		}
	}
	wg.Wait()
	return serveErr
}

// listenerHandler returns the handler of one listener: /RPC2 and the extra
// handlers, behind the listener's credentials.
func (s *serveSettings) listenerHandler(rpc *Handler, cred *authSetting) (http.Handler, error) {
	mux := http.NewServeMux()
	mux.Handle(Path, rpc)
	if s.explorer {
		mux.Handle(ExplorerPath, rpc.Explorer())
	}
	for _, ph := range s.extraHandlers {
		mux.Handle(ph.pattern, ph.h)
	}
	var h http.Handler = mux
	for _, mw := range slices.Backward(s.middleware) {
		h = mw(h)
	}
	if cred == nil || cred.username == "" {
		return h, nil
	}
	a, err := newBasicAuth(cred.username, cred.password)
	if err != nil {
		return nil, err
	}
	return requireAuth(a, rpc, h), nil
}

// requireAuth checks credentials before anything else, as supervisord
// does for every path.
func requireAuth(a *basicAuth, rpc *Handler, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.check(r.Header.Get("Authorization")) == authOK {
			next.ServeHTTP(w, r)
			return
		}
		rpc.unauthorized(w, r, time.Now())
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

// listenUnix listens on the [unix_http_server] socket, replacing a stale
// socket file, and applies chmod and chown. cleanup removes the socket.
//
// The socket is bound inside a fresh private directory (mode 0700) next
// to its path, given its mode and owner there, and only then renamed into
// place: it is never reachable with the permissions the process's umask
// gives a new socket (with umask 0, anyone's). When the private path
// would be too long for a socket address, it is bound in place.
func listenUnix(us *UnixHTTPServer) (net.Listener, func(), error) {
	path := us.File
	if fi, err := os.Lstat(path); err == nil {
		if fi.Mode()&os.ModeSocket == 0 {
			return nil, nil, fmt.Errorf("%s exists and is not a socket", path)
		}
		if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
			c.Close()
			return nil, nil, fmt.Errorf("another server is already listening on %s", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, nil, fmt.Errorf("removing the stale socket: %w", err)
		}
	}
	bind := path
	if len(path)+len("/.rpcext-0123456789/s") < maxUnixPath {
		dir, err := os.MkdirTemp(filepath.Dir(path), ".rpcext-")
		if err != nil {
			return nil, nil, err
		}
		defer os.RemoveAll(dir) // empty once the socket is moved out
		bind = filepath.Join(dir, "s")
	}
	ln, err := net.Listen("unix", bind)
	if err != nil {
		return nil, nil, err
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	var once sync.Once
	cleanup := func() { once.Do(func() { os.Remove(path) }) }
	fail := func(err error) (net.Listener, func(), error) {
		ln.Close()
		os.Remove(bind)
		return nil, nil, err
	}
	if err := os.Chmod(bind, us.Chmod); err != nil {
		return fail(fmt.Errorf("chmod %s: %w", path, err))
	}
	if us.Chown != "" {
		uid, gid, err := lookupOwner(us.Chown)
		if err != nil {
			return fail(err)
		}
		if err := os.Chown(bind, uid, gid); err != nil {
			return fail(fmt.Errorf("chown %s: %w", path, err))
		}
	}
	if bind != path {
		if err := os.Rename(bind, path); err != nil {
			return fail(fmt.Errorf("moving the socket into place: %w", err))
		}
	}
	return unixListener{ln, &net.UnixAddr{Name: path, Net: "unix"}}, cleanup, nil
}

// maxUnixPath is the longest socket path every Unix accepts (sun_path is
// 104 bytes on BSDs and macOS, 108 on Linux, the NUL included).
const maxUnixPath = 103

// unixListener reports the socket's final path as its address.
type unixListener struct {
	net.Listener
	addr net.Addr
}

func (l unixListener) Addr() net.Addr { return l.addr }

// lookupOwner resolves "user" or "user:group" (names or numbers).
func lookupOwner(spec string) (uid, gid int, err error) {
	name, group, hasGroup := strings.Cut(spec, ":")
	uid, gid = -1, -1
	if uid, err = strconv.Atoi(name); err != nil {
		u, lerr := user.Lookup(name)
		if lerr != nil {
			return 0, 0, fmt.Errorf("invalid chown user %q: %w", name, lerr)
		}
		uid, _ = strconv.Atoi(u.Uid)
	}
	if hasGroup {
		if gid, err = strconv.Atoi(group); err != nil {
			g, lerr := user.LookupGroup(group)
			if lerr != nil {
				return 0, 0, fmt.Errorf("invalid chown group %q: %w", group, lerr)
			}
			gid, _ = strconv.Atoi(g.Gid)
		}
	}
	return uid, gid, nil
}
