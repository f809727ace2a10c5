package rpcext

import (
	"log/slog"
	"time"

	"github.com/supervisorrpc/rpcinterface/namespace"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// MountOption configures Mount, NewHandler and Serve. Every MountOption
// is also a ServeOption; options that only make sense for the listeners
// Serve starts are ServeOptions only, so that passing one to Mount does
// not compile.
type MountOption interface {
	ServeOption
	applyMount(*mountSettings)
}

type mountSettings struct {
	host         any
	logger       *slog.Logger
	registry     *Registry
	dialect      namespace.MulticallDialect
	limits       xmlrpc.Limits
	maxBody      int64
	maxCalls     int
	maxAnswer    int
	bodyTimeout  time.Duration
	callTimeout  time.Duration
	interceptors []namespace.Option // WithInterceptor, WithCallInterceptor, in order
	auth         *authSetting
	namespaces   []extraNamespace
	strict       bool      // WithStrictMethods
	explorer     bool      // serve the API explorer (WithExplorer)
	linger       lingering // tests shorten the lingering close
}

type authSetting struct{ username, password string }

type extraNamespace struct {
	name  string
	value any
}

type mountOptionFunc func(*mountSettings)

func (f mountOptionFunc) applyMount(s *mountSettings) { f(s) }
func (f mountOptionFunc) applyServe(s *serveSettings) { f(&s.mountSettings) }

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

// WithBodyReadTimeout sets how long a request body may take to arrive
// once the headers have. A client that trickles its body slower is
// answered with HTTP 408 and disconnected. The deadline is lifted as soon
// as the body is read, so it never limits how long a method runs.
//
// The listeners Serve starts default to DefaultBodyReadTimeout (a
// non-positive d keeps it). A handler from Mount or NewHandler has no
// body timeout unless this option is given, so that it does not override
// the host's own http.Server ReadTimeout; it takes effect where the
// ResponseWriter supports read deadlines (see http.ResponseController).
func WithBodyReadTimeout(d time.Duration) MountOption {
	return mountOptionFunc(func(s *mountSettings) { s.bodyTimeout = d })
}

// WithCallTimeout bounds how long a call may run (default: no bound; a
// non-positive d keeps none). The method's context gets the deadline; a
// method that has not returned one second after it is abandoned: the
// client is answered with fault FAILED "call timed out after d" (HTTP
// 200, as for any fault), the method's name is logged, and the goroutine
// running it is left to finish on its own. A method that returns a fault
// once its deadline has passed gets the same answer. For
// system.multicall, d bounds the whole batch.
//
// There is no default because no bound is safe for every plugin:
// supervisor.startProcess waits up to the program's startsecs (any
// number of seconds) and stopProcess up to its stopwaitsecs, and a call
// cut short while its work goes on misleads the client. Choose d above
// the longest legitimate call of the plugins you serve. With a call
// timeout, each call runs on a goroutine of its own; without, a method
// that never returns holds its request's goroutine and connection until
// it does.
func WithCallTimeout(d time.Duration) MountOption {
	return mountOptionFunc(func(s *mountSettings) { s.callTimeout = d })
}

// WithMaxAnswerBytes limits the size of an answer (default
// DefaultMaxAnswerBytes; a non-positive n keeps the default). An answer
// stops being built where it crosses the limit, and the call is answered
// with fault FAILED "the answer exceeds the limit of n bytes"; for
// system.multicall the whole answer is that fault, naming the call at
// which it stopped (the calls after it do not run). A result is encoded
// once, into memory, before it is sent: this bounds what one call can
// make the server hold.
func WithMaxAnswerBytes(n int) MountOption {
	return mountOptionFunc(func(s *mountSettings) { s.maxAnswer = n })
}

// WithMaxMulticallCalls limits the calls in one system.multicall (default
// DefaultMaxMulticallCalls).
func WithMaxMulticallCalls(n int) MountOption {
	return mountOptionFunc(func(s *mountSettings) { s.maxCalls = n })
}

// WithInterceptor wraps every method call, including each call inside a
// system.multicall. Interceptors run in the order they were given (this
// option and WithCallInterceptor alike), the first outermost.
func WithInterceptor(i Interceptor) MountOption {
	return mountOptionFunc(func(s *mountSettings) {
		s.interceptors = append(s.interceptors, namespace.WithInterceptor(i))
	})
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

// WithStrictMethods makes Mount, NewHandler and Serve fail when an exported
// method of a namespace cannot be published (a parameter type that cannot
// be decoded, a result that cannot be encoded, ...), with an error naming
// the namespace, the Go method and the reason. By default such a method is
// skipped with a warning in the log, and calling it answers
// UNKNOWN_METHOD. Methods promoted from embedded fields (a sync.Mutex's
// Lock) are skipped either way.
func WithStrictMethods() MountOption {
	return mountOptionFunc(func(s *mountSettings) { s.strict = true })
}

// Interceptor wraps every method call, including each call inside a
// system.multicall: it may inspect or replace the context, time the call,
// refuse it by returning an error without calling next (a *Fault to choose
// the fault), or change the error next returns.
type Interceptor = namespace.Interceptor
