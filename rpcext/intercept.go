package rpcext

import "github.com/supervisorrpc/rpcinterface/namespace"

// CallInterceptor wraps every method call as an Interceptor does, and is
// told more of it in a *Call: the namespace and method, whether the
// method exists, whether the call is an entry of a system.multicall and
// which. The Call belongs to the call: it is valid only while the
// interceptor runs. Tracing and metrics adapters (module otelrpc) are
// CallInterceptors.
type CallInterceptor = namespace.CallInterceptor

// Call describes the method call a CallInterceptor wraps.
type Call = namespace.Call

// WithCallInterceptor wraps every method call, including each call inside
// a system.multicall, with i. Interceptors run in the order they were
// given (this option and WithInterceptor alike), the first outermost.
func WithCallInterceptor(i CallInterceptor) MountOption {
	return mountOptionFunc(func(s *mountSettings) {
		s.interceptors = append(s.interceptors, namespace.WithCallInterceptor(i))
	})
}

// FaultCode returns the code of the fault a call is answered with when it
// returns err, as an interceptor sees it after next: the code of the
// *Fault err is or wraps, else CodeFailed. ok is false when err is nil,
// and when err fails the whole request rather than the call (a malformed
// body, answered with HTTP 400). It allocates nothing.
func FaultCode(err error) (code Code, ok bool) { return namespace.FaultCode(err) }
