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
	return newInstrumentation(newConfig(opts)).intercept
}

// instrumentation is one Interceptor's tracer, instrument, and what it
// made once per method.
type instrumentation struct {
	tracer   trace.Tracer
	tracing  bool // false with the no-op provider: no span is started at all
	duration metric.Float64Histogram
	other    *methodTelemetry // every method the host does not serve
	// methods holds one methodTelemetry per method served, read without
	// a lock; mu serializes the copies that add one.
	methods atomic.Pointer[map[string]*methodTelemetry]
	mu      sync.Mutex
}

func newInstrumentation(c config) *instrumentation {
	ins := &instrumentation{
		tracer: c.tracerProvider.Tracer(ScopeName, trace.WithSchemaURL(semconv.SchemaURL)),
		other:  newMethodTelemetry(otherMethod, SystemName),
	}
	_, noop := c.tracerProvider.(tracenoop.TracerProvider)
	ins.tracing = !noop
	meter := c.meterProvider.Meter(ScopeName, metric.WithSchemaURL(semconv.SchemaURL))
	d, err := rpcconv.NewServerCallDuration(meter) // semconv's name, unit and buckets
	if err != nil {
		otel.Handle(err) // d is then a no-op, as otelhttp does
	}
	ins.duration = d.Inst()
	ins.methods.Store(&map[string]*methodTelemetry{})
	return ins
}

// methodTelemetry is what the calls of one method share: the span's name
// and start options, the measurement's attribute sets.
type methodTelemetry struct {
	method     string // rpc.method
	spanName   string
	serverOpts []trace.SpanStartOption // a call of its own
	entryOpts  []trace.SpanStartOption // an entry of a system.multicall
	okOpts     []metric.RecordOption
	panicOpts  []metric.RecordOption
	faults     sync.Map // xmlrpc code -> []metric.RecordOption
}

func newMethodTelemetry(method, spanName string) *methodTelemetry {
	attrs := []attribute.KeyValue{systemAttr, semconv.RPCMethod(method)}
	return &methodTelemetry{
		method:     method,
		spanName:   spanName,
		serverOpts: []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(attrs...)},
		entryOpts:  []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindInternal), trace.WithAttributes(attrs...)},
		okOpts:     recordOpts(attrs...),
		panicOpts:  recordOpts(append(attrs, semconv.ErrorTypeKey.String(panicked))...),
	}
}

func recordOpts(attrs ...attribute.KeyValue) []metric.RecordOption {
	return []metric.RecordOption{metric.WithAttributeSet(attribute.NewSet(attrs...))}
}

// faultOpts returns the measurement's options for a call answered with a
// fault of code, made on its first use.
func (m *methodTelemetry) faultOpts(code rpcext.Code) []metric.RecordOption {
	if o, ok := m.faults.Load(code); ok {
		return o.([]metric.RecordOption)
	}
	c := strconv.Itoa(int(code))
	o, _ := m.faults.LoadOrStore(code, recordOpts(systemAttr, semconv.RPCMethod(m.method),
		semconv.RPCResponseStatusCode(c), semconv.ErrorTypeKey.String(c)))
	return o.([]metric.RecordOption)
}

// method returns the telemetry of c's method, made on its first call.
func (ins *instrumentation) method(c *rpcext.Call) *methodTelemetry {
	if !c.Known {
		return ins.other
	}
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
	m := newMethodTelemetry(name, name)
	methods := maps.Clone(old)
	methods[name] = m
	ins.methods.Store(&methods)
	return m
}

// intercept is the CallInterceptor: a span around the call, and its
// duration measured, with what became of it.
func (ins *instrumentation) intercept(ctx context.Context, c *rpcext.Call, next func(context.Context) error) error {
	m := ins.method(c)
	measure := ins.duration.Enabled(ctx)
	var start time.Time
	if measure {
		start = time.Now()
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
			ins.end(ctx, span, measure, start, m.panicOpts)
		}
	}()
	err := next(ctx)
	returned = true
	rec := m.okOpts
	switch code, isFault := rpcext.FaultCode(err); {
	case isFault:
		rec = m.faultOpts(code)
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
		rec = recordOpts(systemAttr, semconv.RPCMethod(m.method), et)
	}
	ins.end(ctx, span, measure, start, rec)
	return err
}

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

// end ends the span and records the call's duration.
func (ins *instrumentation) end(ctx context.Context, span trace.Span, measure bool, start time.Time, rec []metric.RecordOption) {
	span.End()
	if measure {
		ins.duration.Record(ctx, time.Since(start).Seconds(), rec...)
	}
}

// faultString is the fault string the client receives for err, by the
// dispatcher's rule: its *Fault's, else FAILED with its text.
func faultString(err error) string {
	if f, ok := errors.AsType[*rpcext.Fault](err); ok && f != nil {
		return f.FaultString()
	}
	return rpcext.NewFault(rpcext.CodeFailed, fmt.Sprint(err)).FaultString()
}
