package namespace

import (
	"context"
	"errors"
	"strings"
	"unsafe"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// Interceptor wraps every method call, including each call inside a
// system.multicall. It may inspect or replace ctx, time the call, refuse
// it by returning an error without calling next (a *xmlrpc.Fault to choose
// the fault), or change the error next returns. next may be called only
// while the interceptor runs: it belongs to the call, whose working
// memory is reused once the call is answered.
//
// An Interceptor is told the method's name; a CallInterceptor is told
// more (namespace, whether the method exists, which multicall entry).
type Interceptor func(ctx context.Context, method string, next func(context.Context) error) error

// CallInterceptor wraps every method call as an Interceptor does, and is
// told what tracing and metrics need of it in c. Like next, c belongs to
// the call: it is valid only while the interceptor runs and is reused
// afterwards; keep copies of its fields, never c, and do not change it.
// Describing the call allocates nothing.
type CallInterceptor func(ctx context.Context, c *Call, next func(context.Context) error) error

// Call describes the method call a CallInterceptor wraps.
type Call struct {
	// Method is the full method name the client sent ("echo.add").
	Method string
	// Namespace and Name are Method split at its first dot ("echo" and
	// "add"); Namespace is "" when Method has no dot.
	Namespace, Name string
	// Known reports whether the method exists. A call of a method that
	// does not is answered with UNKNOWN_METHOD, unless an interceptor
	// answers it otherwise; Method is then whatever the client sent.
	Known bool
	// Multicall reports whether the call is an entry of a
	// system.multicall, and Index which, counting from 0. The
	// system.multicall call itself is intercepted too, before its entries,
	// which run inside it: its interceptors' context is their parent.
	Multicall bool
	Index     int
}

// describe fills in what the chain's interceptors are told of the call c
// of m (nil: unknown), named name, multicall entry index, over what it
// told of the call before.
func (ch *chain) describe(c *call, m *Method, name string, index int) {
	in := &ch.info
	if m != nil && in.Known && in.Multicall == !c.top && unsafe.StringData(in.Method) == unsafe.StringData(m.name) && len(in.Method) == len(m.name) {
		// The method of the call before (a multicall's entries are
		// mostly of one): only the entry differs. name is m.name, one
		// string per method.
		in.Index = index
		return
	}
	in.Method, in.Known, in.Multicall, in.Index = name, m != nil, !c.top, index
	var i int
	if m != nil {
		i = m.dot // name is m.name
	} else {
		i = strings.IndexByte(name, '.')
	}
	if i >= 0 {
		in.Namespace, in.Name = name[:i], name[i+1:]
	} else {
		in.Namespace, in.Name = "", name
	}
}

// WithInterceptor adds an interceptor. Interceptors of both kinds run in
// the order they were added, the first outermost.
func WithInterceptor(i Interceptor) Option {
	return optionFunc(func(s *Service) { s.interceptors = append(s.interceptors, interceptor{plain: i}) })
}

// WithCallInterceptor adds a CallInterceptor. Interceptors of both kinds
// run in the order they were added, the first outermost.
func WithCallInterceptor(i CallInterceptor) Option {
	return optionFunc(func(s *Service) { s.interceptors = append(s.interceptors, interceptor{described: i}) })
}

// interceptor is one of a service's interceptors, of either kind (one
// field set): calling each kind directly saves an adapter's call.
type interceptor struct {
	plain     Interceptor
	described CallInterceptor
}

// FaultCode returns the code of the fault a call is answered with when it
// returns err (its method, or the interceptors inside the one asking):
// the code of the *xmlrpc.Fault err is or wraps, else xmlrpc.CodeFailed.
// ok is false when err is nil, and when err fails the whole request
// rather than the call (a malformed body: *xmlrpc.SyntaxError,
// *xmlrpc.LimitError), which is answered with HTTP 400 and no fault. It
// allocates nothing.
func FaultCode(err error) (code xmlrpc.Code, ok bool) {
	if err == nil || isRequestError(err) {
		return 0, false
	}
	if f, ok := errors.AsType[*xmlrpc.Fault](err); ok && f != nil {
		return f.Code, true
	}
	return xmlrpc.CodeFailed, true
}
