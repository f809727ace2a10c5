package otelrpc

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/semconv/v1.43.0/rpcconv"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// SystemName is the rpc.system.name of every span and measurement.
// XML-RPC is not among the systems the semantic conventions list, which
// allow others by name.
const SystemName = "xmlrpc"

// MulticallIndexKey is the attribute that tells a system.multicall
// entry's span which entry it is, counting from 0.
const MulticallIndexKey = attribute.Key("xmlrpc.multicall.index")

// otherMethod is rpc.method for a method the host does not serve.
const otherMethod = "_OTHER"

// panicked is error.type for a method that panicked.
const panicked = "panic"

var systemAttr = semconv.RPCSystemNameKey.String(SystemName)

// Interceptor returns an rpcext.CallInterceptor that traces and measures
// every call, each entry of a system.multicall included (see the package
// documentation for what is recorded). Install it with
// rpcext.WithCallInterceptor, MountOption or ServeOptions.
func Interceptor(opts ...Option) rpcext.CallInterceptor {
	ins := newInstrumentation(newConfig(opts))
	if !ins.tracing && ins.metrics != nil {
		// A function literal rather than the method value, whose wrapper
		// is one more call for every call and entry.
		return func(ctx context.Context, c *rpcext.Call, next func(context.Context) error) error {
			if c.Multicall {
				if clk, _ := ctx.Value(entryClockKey).(*entryClock); clk != nil {
					return ins.measureEntry(ctx, c, next, clk)
				}
			}
			return ins.measure(ctx, c, next)
		}
	}
	return ins.intercept
}

// instrumentation is one Interceptor's tracer, instrument, and what it
// made once per method.
type instrumentation struct {
	tracer   trace.Tracer
	tracing  bool // false with the no-op tracer provider: no span is started at all
	duration metric.Float64Histogram
	metrics  *Metrics         // measured here instead of with duration (WithMetrics)
	other    *methodTelemetry // every method the host does not serve
	// methods holds one methodTelemetry per method served, read without
	// a lock; mu serializes the copies that add one.
	methods atomic.Pointer[map[string]*methodTelemetry]
	mu      sync.Mutex
	// recent caches methods by the address of their names (method).
	recent [16]atomic.Pointer[methodTelemetry]
	// cached counts the outcomes of faults and malformed requests kept
	// in the methods' maps: a fault's code is the method's to choose, at
	// times from what the client sent, so past maxCachedOutcomes an
	// outcome is made for each call instead of kept.
	cached atomic.Int64
}

// maxCachedOutcomes bounds the outcomes of faults and malformed requests
// an Interceptor keeps, over all methods: as many as the SDK keeps
// attribute sets by default.
const maxCachedOutcomes = maxPoints

func newInstrumentation(c config) *instrumentation {
	ins := &instrumentation{
		tracer:  c.tracerProvider.Tracer(ScopeName, trace.WithSchemaURL(semconv.SchemaURL)),
		metrics: c.metrics,
	}
	_, noop := c.tracerProvider.(tracenoop.TracerProvider)
	ins.tracing = !noop
	if ins.metrics == nil {
		meter := c.meterProvider.Meter(ScopeName, metric.WithSchemaURL(semconv.SchemaURL))
		d, err := rpcconv.NewServerCallDuration(meter) // semconv's name, unit and buckets
		if err != nil {
			otel.Handle(err) // d is then a no-op, as otelhttp does
		}
		ins.duration = d.Inst()
	}
	ins.other = ins.newMethodTelemetry(otherMethod, SystemName)
	ins.methods.Store(&map[string]*methodTelemetry{})
	return ins
}

// methodTelemetry is what the calls of one method share: the span's name
// and start options, the measurement's attribute sets (and, with
// WithMetrics, their series).
type methodTelemetry struct {
	ins        *instrumentation
	method     string // rpc.method
	spanName   string
	serverOpts []trace.SpanStartOption // a call of its own
	entryOpts  []trace.SpanStartOption // an entry of a system.multicall
	ok, panic  outcome
	faults     sync.Map // xmlrpc code -> *outcome
	errs       sync.Map // error.type of a malformed request -> *outcome
}

// outcome is how the calls that ended one way are measured: the
// measurement's options for the provider's instrument, or the series of
// Metrics.
type outcome struct {
	opts  []metric.RecordOption
	point *point
}

func (ins *instrumentation) newMethodTelemetry(method, spanName string) *methodTelemetry {
	attrs := []attribute.KeyValue{systemAttr, semconv.RPCMethod(method)}
	m := &methodTelemetry{
		ins:        ins,
		method:     method,
		spanName:   spanName,
		serverOpts: []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(attrs...)},
		entryOpts:  []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(attrs...)},
	}
	m.ok = ins.outcome(attrs...)
	m.panic = ins.outcome(append(attrs, semconv.ErrorTypeKey.String(panicked))...)
	return m
}

// outcome makes the outcome of attrs.
func (ins *instrumentation) outcome(attrs ...attribute.KeyValue) outcome {
	set := attribute.NewSet(attrs...)
	if ins.metrics != nil {
		return outcome{point: ins.metrics.point(set)}
	}
	return outcome{opts: []metric.RecordOption{metric.WithAttributeSet(set)}}
}

// fault returns the outcome of a call answered with a fault of code,
// made on its first use.
func (m *methodTelemetry) fault(code rpcext.Code) *outcome {
	if o, ok := m.faults.Load(code); ok {
		return o.(*outcome)
	}
	c := strconv.Itoa(int(code))
	o := m.ins.outcome(systemAttr, semconv.RPCMethod(m.method), semconv.RPCResponseStatusCode(c), semconv.ErrorTypeKey.String(c))
	if m.ins.cached.Add(1) > maxCachedOutcomes {
		return &o
	}
	v, _ := m.faults.LoadOrStore(code, &o)
	return v.(*outcome)
}

// malformed returns the outcome of a call whose request turned out
// malformed, with error.type et, made on its first use.
func (m *methodTelemetry) malformed(et attribute.KeyValue) *outcome {
	key := et.Value.AsString()
	if o, ok := m.errs.Load(key); ok {
		return o.(*outcome)
	}
	o := m.ins.outcome(systemAttr, semconv.RPCMethod(m.method), et)
	if m.ins.cached.Add(1) > maxCachedOutcomes {
		return &o
	}
	v, _ := m.errs.LoadOrStore(key, &o)
	return v.(*outcome)
}

// method returns the telemetry of c's method, made on its first call.
// The method's name is the dispatcher's, one string per method, whose
// address picks a slot of a small cache before the map is asked.
func (ins *instrumentation) method(c *rpcext.Call) *methodTelemetry {
	if !c.Known {
		return ins.other
	}
	slot := &ins.recent[uintptr(unsafe.Pointer(unsafe.StringData(c.Method)))>>4%uintptr(len(ins.recent))]
	if m := slot.Load(); m != nil && m.method == c.Method {
		return m
	}
	m := ins.lookup(c)
	slot.Store(m)
	return m
}

// lookup returns the telemetry of c's method from the map, adding it.
func (ins *instrumentation) lookup(c *rpcext.Call) *methodTelemetry {
	if m := (*ins.methods.Load())[c.Method]; m != nil {
		return m
	}
	ins.mu.Lock()
	defer ins.mu.Unlock()
	old := *ins.methods.Load()
	if m := old[c.Method]; m != nil {
		return m
	}
	name := strings.Clone(c.Method)
	m := ins.newMethodTelemetry(name, name)
	methods := maps.Clone(old)
	methods[name] = m
	ins.methods.Store(&methods)
	return m
}

// epoch is where the adapter's clock starts: time.Since(epoch) reads the
// monotonic clock alone, where time.Now reads the wall clock too.
var epoch = time.Now()

// now reads the adapter's clock; tests replace it.
var now = func() time.Duration { return time.Since(epoch) }

// intercept is the CallInterceptor: a span around the call, and its
// duration measured, with what became of it.
func (ins *instrumentation) intercept(ctx context.Context, c *rpcext.Call, next func(context.Context) error) error {
	m := ins.method(c)
	measure := ins.metrics != nil || ins.duration.Enabled(ctx)
	var start time.Duration
	if measure {
		start = now()
	}
	span := trace.Span(tracenoop.Span{})
	if ins.tracing {
		ctx, span = ins.startSpan(ctx, c, m)
	}
	returned := false
	defer func() {
		if !returned {
			// The method panicked; the dispatcher recovers the panic
			// (HTTP 500, or FAILED for a multicall entry) and logs it.
			span.SetAttributes(semconv.ErrorTypeKey.String(panicked))
			span.SetStatus(codes.Error, "the method panicked")
			ins.end(ctx, span, measure, start, &m.panic)
		}
	}()
	err := next(ctx)
	returned = true
	out := &m.ok
	switch code, isFault := rpcext.FaultCode(err); {
	case isFault:
		out = m.fault(code)
		if span.IsRecording() {
			text := strconv.Itoa(int(code))
			span.SetAttributes(semconv.RPCResponseStatusCode(text), semconv.ErrorTypeKey.String(text))
			span.SetStatus(codes.Error, faultString(err))
		}
	case err != nil:
		// A malformed request, found while the parameters were read:
		// HTTP 400, no fault.
		et := semconv.ErrorType(err)
		span.SetAttributes(et)
		span.SetStatus(codes.Error, err.Error())
		out = m.malformed(et)
	}
	ins.end(ctx, span, measure, start, out)
	return err
}

// measure is intercept without spans, measuring into Metrics: what a
// host that exports metrics only runs for every call. A system.multicall
// carries a clock to its entries (measureEntry), so that each entry
// after the first starts when the one before ended (one clock read an
// entry, not two), and gathers their measurements to add them at once.
// Interceptor's function sends the entries that have a clock to
// measureEntry, the rest here.
func (ins *instrumentation) measure(ctx context.Context, c *rpcext.Call, next func(context.Context) error) error {
	m := ins.method(c)
	if c.Known && c.Method == multicallMethod {
		own := &entryClock{}
		defer own.flush() // the entries' measurements, once the multicall is done
		ctx = context.WithValue(ctx, entryClockKey, own)
	}
	start := now()
	out := &m.panic // until next returns: if it does not, the method panicked
	defer func() { out.point.record(now() - start) }()
	err := next(ctx)
	out = m.result(err)
	return err
}

// measureEntry is measure of c, an entry of the system.multicall whose
// clock is clk. Entries run one after the other, mostly of one method:
// clk keeps the telemetry of the last entry's method too.
func (ins *instrumentation) measureEntry(ctx context.Context, c *rpcext.Call, next func(context.Context) error, clk *entryClock) error {
	m := clk.m
	// The dispatcher's name is one string per method: the same address
	// and length are the same name (and another address only a lookup).
	if !c.Known || m == nil || unsafe.StringData(c.Method) != unsafe.StringData(clk.method) || len(c.Method) != len(clk.method) {
		m = ins.method(c)
		clk.m, clk.method = nil, ""
		if c.Known {
			clk.m, clk.method = m, c.Method
		}
	}
	start := clk.ended
	if clk.next != c.Index || c.Index == 0 {
		start = now()
	}
	out := &m.panic // until next returns: if it does not, the method panicked
	defer func() {
		end := now()
		clk.add(out.point, end-start)
		clk.ended, clk.next = end, c.Index+1
	}()
	err := next(ctx)
	out = m.result(err)
	return err
}

// result returns the outcome of a call of m that returned err.
func (m *methodTelemetry) result(err error) *outcome {
	if err == nil {
		return &m.ok
	}
	return m.failed(err)
}

// failed returns the outcome of a call of m that returned err, not nil.
func (m *methodTelemetry) failed(err error) *outcome {
	if code, isFault := rpcext.FaultCode(err); isFault {
		return m.fault(code)
	}
	return m.malformed(semconv.ErrorType(err)) // a malformed request: HTTP 400
}

// multicallMethod is the method whose entries measure carries a clock to.
const multicallMethod = "system.multicall"

// entryClock is when the last measured entry of a system.multicall
// ended, and which entry measure expects next: entries run one after the
// other, and an entry that did not run through the interceptor (one the
// dispatcher answered itself) breaks the chain. The entries' measurements
// are gathered in its batch and added to their series when the series
// changes or the system.multicall ends. m is the telemetry of the last
// entry's method, when it was known, named method.
type entryClock struct {
	batch
	ended  time.Duration
	next   int
	m      *methodTelemetry
	method string
}

// clockKey is the type of entryClockKey. A pointer key is compared
// without a call as a context is searched.
type clockKey struct{ _ byte }

// entryClockKey is the context key of a system.multicall's entryClock.
var entryClockKey = &clockKey{}

// startSpan starts the span of c, a call of m.
func (ins *instrumentation) startSpan(ctx context.Context, c *rpcext.Call, m *methodTelemetry) (context.Context, trace.Span) {
	opts := m.serverOpts
	if c.Multicall {
		opts = m.entryOpts
	}
	if !c.Known {
		// The name as sent, for the span only (metrics say _OTHER); a
		// copy, so as not to keep the request's memory alive.
		opts = append(opts[:len(opts):len(opts)], trace.WithAttributes(semconv.RPCMethodOriginal(strings.Clone(c.Method))))
	}
	ctx, span := ins.tracer.Start(ctx, m.spanName, opts...)
	if c.Multicall && span.IsRecording() {
		span.SetAttributes(MulticallIndexKey.Int(c.Index))
	}
	return ctx, span
}

// end ends the span and measures the call's duration, from start.
func (ins *instrumentation) end(ctx context.Context, span trace.Span, measure bool, start time.Duration, out *outcome) {
	span.End()
	if !measure {
		return
	}
	d := now() - start
	if out.point != nil {
		out.point.record(d)
		return
	}
	ins.duration.Record(ctx, d.Seconds(), out.opts...)
}

// faultString is the fault string the client receives for err, by the
// dispatcher's rule: its *Fault's, else FAILED with its text.
func faultString(err error) string {
	if f, ok := errors.AsType[*rpcext.Fault](err); ok && f != nil {
		return f.FaultString()
	}
	return rpcext.NewFault(rpcext.CodeFailed, fmt.Sprint(err)).FaultString()
}
