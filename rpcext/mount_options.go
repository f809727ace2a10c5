package rpcext

import (
	"log/slog"
	"time"

	"github.com/supervisorrpc/rpcinterface/namespace"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// MountOption configures Mount, NewHandler and Serve.
type MountOption interface{ applyMount(*mountSettings) }

type mountSettings struct {
	host         any
	logger       *slog.Logger
	registry     *Registry
	dialect      namespace.MulticallDialect
	limits       xmlrpc.Limits
	maxBody      int64
	maxCalls     int
	interceptors []namespace.Interceptor
	auth         *authSetting
	namespaces   []extraNamespace

	// Serve only
	extraHandlers   []patternHandler
	shutdownTimeout time.Duration
	listening       func(network, address string)
}

type authSetting struct{ username, password string }

type extraNamespace struct {
	name  string
	value any
}

type mountOptionFunc func(*mountSettings)

func (f mountOptionFunc) applyMount(s *mountSettings) { f(s) }

// DefaultMaxBodyBytes is the default limit on a request body.
const DefaultMaxBodyBytes = 16 << 20

// WithHost sets the host value every factory receives (supervisord passes
// itself; a Go host passes whatever its plugins need to reach it).
func WithHost(host any) MountOption {
	return mountOptionFunc(func(s *mountSettings) { s.host = host })
}

// WithLogger sets the logger for skipped methods, refused requests and
// panics (default slog.Default()). Each call is logged at debug level.
func WithLogger(l *slog.Logger) MountOption {
	return mountOptionFunc(func(s *mountSettings) { s.logger = l })
}

// WithRegistry looks factories up in r instead of the default registry.
func WithRegistry(r *Registry) MountOption {
	return mountOptionFunc(func(s *mountSettings) { s.registry = r })
}

// WithSpecMulticall makes system.multicall wrap each successful result in
// a one-item array, as the multicall specification and Python's
// xmlrpc.client.MultiCall expect. By default results are bare, as
// supervisord 4.2.5 answers.
func WithSpecMulticall() MountOption {
	return mountOptionFunc(func(s *mountSettings) { s.dialect = namespace.MulticallSpec })
}

// WithLimits sets the decoder's limits (zero fields keep their defaults,
// xmlrpc.DefaultLimits).
func WithLimits(l xmlrpc.Limits) MountOption {
	return mountOptionFunc(func(s *mountSettings) { s.limits = l })
}

// WithMaxBodyBytes limits the request body (default DefaultMaxBodyBytes);
// a larger body is answered with HTTP 413 and not read further.
func WithMaxBodyBytes(n int64) MountOption {
	return mountOptionFunc(func(s *mountSettings) { s.maxBody = n })
}

// WithMaxMulticallCalls limits the calls in one system.multicall (default
// namespace.DefaultMaxMulticallCalls).
func WithMaxMulticallCalls(n int) MountOption {
	return mountOptionFunc(func(s *mountSettings) { s.maxCalls = n })
}

// WithInterceptor wraps every method call, including each call inside a
// system.multicall; the first added runs outermost.
func WithInterceptor(i Interceptor) MountOption {
	return mountOptionFunc(func(s *mountSettings) { s.interceptors = append(s.interceptors, i) })
}

// WithBasicAuth requires these credentials (password plain or "{SHA}" and
// hex SHA-1) instead of those of the config's [inet_http_server]. An empty
// username turns authentication off.
func WithBasicAuth(username, password string) MountOption {
	return mountOptionFunc(func(s *mountSettings) { s.auth = &authSetting{username, password} })
}

// WithNamespace publishes v's methods under name besides the config's
// [rpcinterface:x] sections, for hosts that build a namespace in Go rather
// than through a factory.
func WithNamespace(name string, v any) MountOption {
	return mountOptionFunc(func(s *mountSettings) {
		s.namespaces = append(s.namespaces, extraNamespace{name, v})
	})
}

// Interceptor wraps every method call, including each call inside a
// system.multicall: it may inspect or replace the context, time the call,
// refuse it by returning an error without calling next (a *Fault to choose
// the fault), or change the error next returns.
type Interceptor = namespace.Interceptor
