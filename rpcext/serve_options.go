package rpcext

import (
	"net/http"
	"time"
)

// ServeOption configures Serve. Every MountOption is a ServeOption too;
// the options below concern only the listeners Serve starts, so they are
// ServeOptions alone: Mount and NewHandler do not accept them.
type ServeOption interface{ applyServe(*serveSettings) }

type serveSettings struct {
	mountSettings

	extraHandlers     []patternHandler
	middleware        []func(http.Handler) http.Handler
	shutdownTimeout   time.Duration
	readHeaderTimeout time.Duration
	idleTimeout       time.Duration
	maxConns          int
	listening         func(network, address string)
}

type serveOptionFunc func(*serveSettings)

func (f serveOptionFunc) applyServe(s *serveSettings) { f(s) }

type patternHandler struct {
	pattern string
	h       http.Handler
}

// WithHTTPHandler serves h at pattern on the listeners Serve starts, next
// to /RPC2 and behind the same credentials (a host puts supervisorctl's
// /logtail/ endpoints there, for instance).
func WithHTTPHandler(pattern string, h http.Handler) ServeOption {
	return serveOptionFunc(func(s *serveSettings) {
		s.extraHandlers = append(s.extraHandlers, patternHandler{pattern, h})
	})
}

// WithHTTPMiddleware wraps the handler of each listener Serve starts with
// mw, behind the credentials check: mw sees every request that presented
// the listener's credentials (or every request, on a listener without
// any), to /RPC2, the explorer and the WithHTTPHandler patterns alike,
// and none that did not. The first given is outermost. A host uses it for
// what net/http middleware does: reading trace context from the headers
// (otelrpc.Middleware), request IDs, access logs.
func WithHTTPMiddleware(mw func(http.Handler) http.Handler) ServeOption {
	return serveOptionFunc(func(s *serveSettings) { s.middleware = append(s.middleware, mw) })
}

// WithShutdownTimeout sets how long Serve waits for calls in progress once
// its context is done (default DefaultShutdownTimeout; a non-positive d
// keeps the default); calls still running after that are cut off.
func WithShutdownTimeout(d time.Duration) ServeOption {
	return serveOptionFunc(func(s *serveSettings) { s.shutdownTimeout = d })
}

// WithReadHeaderTimeout sets how long a client may take to send its
// request headers (default DefaultReadHeaderTimeout; a non-positive d
// keeps the default): a client that takes longer (slow-loris) is
// disconnected.
func WithReadHeaderTimeout(d time.Duration) ServeOption {
	return serveOptionFunc(func(s *serveSettings) { s.readHeaderTimeout = d })
}

// WithIdleTimeout sets how long a keep-alive connection may stay idle
// between requests (default DefaultIdleTimeout; a non-positive d keeps
// the default).
func WithIdleTimeout(d time.Duration) ServeOption {
	return serveOptionFunc(func(s *serveSettings) { s.idleTimeout = d })
}

// WithListening calls f with each listener's address once Serve listens,
// and with each listener a Server.Reload starts (useful with port 0 in
// tests, and to log where the host is reachable). f runs while the server
// holds its lock: it must not call Reload.
func WithListening(f func(network, address string)) ServeOption {
	return serveOptionFunc(func(s *serveSettings) { s.listening = f })
}

// WithMaxConnections limits the connections each listener Serve starts
// keeps open at a time (default DefaultMaxConnections; a non-positive n
// keeps the default). At the limit, new clients wait until a connection
// closes (they are not refused), and the limit being reached is logged
// at warning level, rate-limited. Keep it below the process's file
// descriptor limit, so that the host's programs and logs always get one.
func WithMaxConnections(n int) ServeOption {
	return serveOptionFunc(func(s *serveSettings) { s.maxConns = n })
}
