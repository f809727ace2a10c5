package otelrpc

import (
	"net/http"

	"go.opentelemetry.io/otel/propagation"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// Handler returns h with the trace context the client sent in each
// request's headers (read by the propagators: WithPropagators) in the
// request's context, where Interceptor finds the parent of the call's
// span. A request without one reaches h unchanged.
func Handler(h http.Handler, opts ...Option) http.Handler {
	prop := newConfig(opts).propagators
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := prop.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		if ctx != r.Context() {
			r = r.WithContext(ctx)
		}
		h.ServeHTTP(w, r)
	})
}

// Middleware is Handler as middleware, for rpcext.WithHTTPMiddleware and
// routers that take func(http.Handler) http.Handler.
func Middleware(opts ...Option) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler { return Handler(h, opts...) }
}

// MountOption returns the option of rpcext.Mount and rpcext.NewHandler
// that traces and measures every call (Interceptor). Wrap the handler, or
// the server's, with Handler for the clients' trace context to be read.
func MountOption(opts ...Option) rpcext.MountOption {
	return rpcext.WithCallInterceptor(Interceptor(opts...))
}

// ServeOptions returns the options of rpcext.Serve that trace and measure
// every call on its listeners and read the clients' trace context:
// Interceptor and Middleware, the latter behind the listeners'
// credentials.
func ServeOptions(opts ...Option) []rpcext.ServeOption {
	return []rpcext.ServeOption{
		rpcext.WithCallInterceptor(Interceptor(opts...)),
		rpcext.WithHTTPMiddleware(Middleware(opts...)),
	}
}
