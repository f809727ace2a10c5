package namespace

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"sync"

	"github.com/supervisorrpc/rpcinterface/internal/logcut"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// Service dispatches XML-RPC calls to the methods of its namespaces and
// the system namespace (listMethods, methodHelp, methodSignature,
// multicall) over all of them. It knows nothing of HTTP: Serve turns a
// request body into a response body. A Service is safe for concurrent use.
type Service struct {
	methods      map[string]*Method // "namespace.method", system included
	names        []string           // sorted, for system.listMethods
	limits       xmlrpc.Limits
	dialect      MulticallDialect
	maxCalls     int
	maxAnswer    int
	logger       *slog.Logger
	interceptors []interceptor
	// states pools the per-request working memory, whose interceptor
	// chains are made for this service's interceptors.
	states sync.Pool
}

// MulticallDialect chooses how system.multicall reports successful calls.
type MulticallDialect int

const (
	// MulticallSupervisord answers each successful call with its bare
	// value, as supervisord 4.2.5 does: ["pong", 3]. The default.
	MulticallSupervisord MulticallDialect = iota
	// MulticallSpec wraps each successful call's value in a one-item
	// array, as the multicall specification says and as Python's
	// xmlrpc.client.MultiCall expects: [["pong"], [3]].
	MulticallSpec
)

// Option configures a Service.
type Option interface{ apply(*Service) }

type optionFunc func(*Service)

func (f optionFunc) apply(s *Service) { f(s) }

// WithLimits sets the decoder's limits (zero fields: xmlrpc.DefaultLimits).
func WithLimits(l xmlrpc.Limits) Option { return optionFunc(func(s *Service) { s.limits = l }) }

// WithMulticallDialect sets how system.multicall reports successes.
func WithMulticallDialect(d MulticallDialect) Option {
	return optionFunc(func(s *Service) { s.dialect = d })
}

// DefaultMaxMulticallCalls is the default limit on calls in one
// system.multicall.
const DefaultMaxMulticallCalls = 10_000

// WithMaxMulticallCalls limits the number of calls in one system.multicall
// (default DefaultMaxMulticallCalls); a longer batch is answered with
// fault INCORRECT_PARAMETERS before any of its calls runs.
func WithMaxMulticallCalls(n int) Option {
	return optionFunc(func(s *Service) { s.maxCalls = n })
}

// DefaultMaxAnswerBytes is the default limit on the size of an answer.
const DefaultMaxAnswerBytes = 64 << 20

// WithMaxAnswerBytes limits the size of an answer (default
// DefaultMaxAnswerBytes; a non-positive n keeps the default). A result
// that would take the answer past it stops being encoded where it
// crosses the limit and the call is answered with fault FAILED saying so;
// in a system.multicall the whole answer is that fault, and the calls
// after the one that crossed the limit are not run. The answer is
// checked as it is built, so one that is too large is never built whole.
func WithMaxAnswerBytes(n int) Option {
	return optionFunc(func(s *Service) {
		if n > 0 {
			s.maxAnswer = n
		}
	})
}

// WithLogger sets where panics in methods are logged (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return optionFunc(func(s *Service) { s.logger = l }) }

// NewService builds a service over namespaces, whose names must differ.
func NewService(namespaces []*Namespace, opts ...Option) (*Service, error) {
	s := &Service{methods: map[string]*Method{}, maxCalls: DefaultMaxMulticallCalls, maxAnswer: DefaultMaxAnswerBytes}
	for _, o := range opts {
		o.apply(s)
	}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	s.states.New = func() any { return s.newState() }
	seen := map[string]bool{}
	for _, ns := range namespaces {
		if seen[ns.name] {
			return nil, fmt.Errorf("namespace %s is defined twice", ns.name)
		}
		seen[ns.name] = true
		for _, m := range ns.methods {
			s.methods[m.name] = m
		}
	}
	for _, m := range s.systemMethods() {
		s.methods[m.name] = m
	}
	for name := range s.methods {
		s.names = append(s.names, name)
	}
	slices.Sort(s.names)
	return s, nil
}

// Method returns the method with the given full name ("echo.add").
func (s *Service) Method(name string) (*Method, bool) {
	m, ok := s.methods[name]
	return m, ok
}

// MethodNames returns the names system.listMethods answers, sorted.
func (s *Service) MethodNames() []string { return slices.Clone(s.names) }

// CallInfo describes a call Serve answered.
type CallInfo struct {
	Method string        // the method name as sent
	Fault  *xmlrpc.Fault // the fault answered, nil for a value
	Calls  int           // for system.multicall: the number of calls in it
}

// PanicError is returned by Serve when the method panicked; the panic has
// been logged with its stack. A server answers it with HTTP 500.
type PanicError struct {
	Method string // the method that panicked, as called
	Value  any    // what it panicked with
	Stack  []byte // the goroutine's stack at the panic
}

// Error names the method and the panic's value.
func (e *PanicError) Error() string {
	return fmt.Sprintf("method %s panicked: %v", e.Method, e.Value)
}

// state is the per-request working memory, pooled.
type state struct {
	d     xmlrpc.Decoder
	e     xmlrpc.Encoder
	c     call // the top-level call
	inner call // the current call inside a system.multicall
	// entries is what system.multicall's first pass learned of each call.
	entries []entryInfo
	// chains run the top-level call and a call inside a multicall
	// through the interceptors.
	chains [2]chain
}

// newState makes a state for s, its chains linked through s's
// interceptors.
func (s *Service) newState() *state {
	st := new(state)
	if len(s.interceptors) > 0 {
		for k := range st.chains {
			st.chains[k].link(s.interceptors)
		}
	}
	return st
}

// Serve decodes the methodCall in body, runs it and appends the
// methodResponse to dst, a value or a fault. Its error is non-nil only
// when there is no XML-RPC answer to give: the body is not a well-formed
// methodCall (*xmlrpc.SyntaxError) or exceeds a limit (*xmlrpc.LimitError),
// which a server answers with HTTP 400, or the method panicked
// (*PanicError, HTTP 500). A method runs only when the whole request has
// been decoded and found well-formed.
func (s *Service) Serve(ctx context.Context, body, dst []byte) ([]byte, CallInfo, error) {
	st := s.states.Get().(*state)
	defer func() {
		st.c, st.inner = call{}, call{}
		if len(s.interceptors) > 0 {
			st.chains[0].reset()
			st.chains[1].reset()
		}
		// The pool must not keep the request or the answer alive: either
		// may be large, and both belong to the caller.
		st.d.Reset(nil, s.limits)
		st.e.Reset(nil)
		if cap(st.entries) > maxKeptEntries {
			st.entries = nil
		}
		clear(st.entries[:cap(st.entries)]) // no method names kept
		s.states.Put(st)
	}()
	d, e := &st.d, &st.e
	d.Reset(body, s.limits)
	e.Reset(dst)
	e.FollowOrder(d) // a struct a method echoes keeps the client's order
	e.MaxBytes = len(dst) + s.maxAnswer
	var info CallInfo

	name, err := d.MethodCall()
	if err != nil {
		return dst, info, err
	}
	m := s.methods[string(name)]
	if m != nil {
		info.Method = m.name
	} else {
		info.Method = string(name)
	}
	start := e.Mark()
	e.BeginResponse()
	st.c = call{ctx: ctx, d: d, e: e, m: m, top: true, st: st}
	err = s.run(&st.c, m, info.Method, 0)
	switch {
	case err == nil:
		e.EndResponse()
		if m != nil && m.name == "system.multicall" {
			info.Calls = st.c.n
		}
		return e.Bytes(), info, nil
	case isRequestError(err):
		return dst, info, err
	}
	if pe, ok := errors.AsType[*PanicError](err); ok {
		return dst, info, pe
	}
	f := s.fault(err, info.Method)
	info.Fault = f
	e.Rewind(start)
	e.Fault(int(f.Code), f.FaultString())
	return e.Bytes(), info, nil
}

// fault converts a call's error to the fault it answers, logging results
// that could not be encoded.
func (s *Service) fault(err error, method string) *xmlrpc.Fault {
	if at, ok := tooLarge(err); ok {
		at.max = s.maxAnswer // the encoder's limit counts the caller's buffer too
		attrs := []any{"method", method, "max", at.max}
		if at.calls > 0 {
			attrs = append(attrs, "calls", at.calls, "stopped_at", at.at)
		}
		s.logger.Warn("xmlrpc: answer too large", attrs...)
		return xmlrpc.NewFault(xmlrpc.CodeFailed, at.Error())
	}
	if ef, ok := errors.AsType[encodeFailed](err); ok {
		s.logger.Error("xmlrpc: method result cannot be sent", "method", logcut.String(method), "error", logcut.Error(ef.err))
		return xmlrpc.NewFault(xmlrpc.CodeFailed, "cannot encode the result of "+method+": "+ef.err.Error())
	}
	return toFault(err)
}

// run calls m (nil: an unknown method) through the interceptors,
// recovering a panic into a *PanicError; index is a multicall entry's.
func (s *Service) run(c *call, m *Method, name string, index int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			stack := debug.Stack()
			s.logger.Error("xmlrpc: method panicked", "method", logcut.String(name), "panic", logcut.String(fmt.Sprint(r)), "stack", string(stack))
			err = &PanicError{Method: name, Value: r, Stack: stack}
		}
	}()
	inv := unknownMethod
	if m != nil {
		inv = m.invoke
	}
	if len(s.interceptors) == 0 {
		return inv(c)
	}
	start := c.e.Mark()
	ch := &c.st.chains[b2i(!c.top)]
	ch.c, ch.inv, ch.called, ch.invErr = c, inv, false, nil
	ch.describe(c, m, name, index)
	err = ch.next[0](c.ctx)
	called, invErr := ch.called, ch.invErr
	switch {
	case isRequestError(invErr):
		// A malformed request fails whatever the interceptors made of it.
		return invErr
	case !called:
		// Refused without running: the request must still be well-formed.
		if ferr := c.finish(0, -1); ferr != nil && isRequestError(ferr) {
			return ferr
		}
		if err == nil {
			// Nothing was answered: a value is owed, and there is none.
			s.logger.Error("xmlrpc: an interceptor returned nil without calling the method", "method", name)
			err = xmlrpc.NewFault(xmlrpc.CodeFailed, "an interceptor refused "+name+" without an error")
		}
	case err == nil && invErr != nil:
		// The method failed and wrote no value: an interceptor returning
		// nil cannot make that a success.
		err = invErr
	}
	if err != nil {
		c.e.Rewind(start)
	}
	return err
}

// chain runs one call through the interceptors. Its next functions are
// made once per pooled state, for its service's interceptors, and reused:
// running the interceptors allocates nothing. What it refers to of a call
// is set before the call runs and dropped (reset) when the request is
// answered: a multicall's entries run one after the other on one chain.
type chain struct {
	c      *call
	inv    invoker
	info   Call  // what the interceptors are told of the call
	called bool  // the method's invoker ran
	invErr error // what it returned
	// next[i] runs interceptor i, next[len(interceptors)] the method.
	next []func(context.Context) error
}

// link makes the chain's next functions: each calls its interceptor
// directly with the next one, and the last the method's invoker.
func (ch *chain) link(ics []interceptor) {
	next := make([]func(context.Context) error, len(ics)+1)
	next[len(ics)] = func(ctx context.Context) error {
		ch.called = true
		ch.c.ctx = ctx
		ch.invErr = ch.inv(ch.c)
		return ch.invErr
	}
	info := &ch.info
	for i := len(ics) - 1; i >= 0; i-- {
		on := next[i+1]
		if d := ics[i].described; d != nil {
			next[i] = func(ctx context.Context) error { return d(ctx, info, on) }
		} else {
			p := ics[i].plain
			next[i] = func(ctx context.Context) error { return p(ctx, info.Method, on) }
		}
	}
	ch.next = next
}

// reset drops what the chain refers to, keeping its next functions.
func (ch *chain) reset() { *ch = chain{next: ch.next} }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

var errUnknownMethod = xmlrpc.NewFault(xmlrpc.CodeUnknownMethod, "")

func unknownMethod(c *call) error {
	if err := c.finish(0, -1); err != nil {
		return err
	}
	return errUnknownMethod
}
