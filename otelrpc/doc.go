// Package otelrpc traces and measures the XML-RPC calls an rpcext host
// serves, with OpenTelemetry, as otelhttp does for HTTP handlers and
// otelgrpc for gRPC servers. It is a module of its own so that users of
// the core module do not inherit the OpenTelemetry dependencies.
//
// Interceptor is an rpcext.CallInterceptor that makes, for every call:
//
//   - a span named after the method ("echo.add"), of kind server for a
//     call of its own and internal for each entry of a system.multicall
//     (a child of the system.multicall span), with the attributes of the
//     OpenTelemetry semantic conventions for RPC (semconv 1.43.0):
//     rpc.system.name "xmlrpc", rpc.method, and on a fault
//     rpc.response.status_code and error.type, both the fault code
//     ("10"), with the span's status Error and the fault's text as its
//     description; xmlrpc.multicall.index on a multicall entry;
//   - a measurement of rpc.server.call.duration (a histogram, seconds)
//     with rpc.system.name, rpc.method and, on a fault,
//     rpc.response.status_code and error.type: its count is the number of
//     calls by method and fault code. In Prometheus's text format it is
//     rpc_server_call_duration_seconds{_bucket,_sum,_count}.
//
// A method the host does not serve is recorded as rpc.method "_OTHER" (the
// span named "xmlrpc", with rpc.method_original the name sent), so that a
// client cannot make the number of series grow without bound. A method
// that panics ends its span and measurement with error.type "panic"; a
// request that turns out malformed while its parameters are read (HTTP
// 400) with error.type naming the decoder's error.
//
// The span covers the call as the dispatcher runs it: its parameters
// decoded, the method, its result encoded. Reading the request body and
// writing the answer are the HTTP server's part (wrap the handler with
// otelhttp to see them).
//
// Handler (or Middleware) reads the trace context a client sends in the
// request's headers, with the propagators given (by default the global
// ones, otel.GetTextMapPropagator(), as otelhttp does: set them to
// propagation.TraceContext{} for W3C traceparent), into the request's
// context, where the interceptor finds the parent of the call's span.
//
// With Mount or NewHandler:
//
//	err := rpcext.Mount(mux, cfg, otelrpc.MountOption())
//	srv := &http.Server{Handler: otelrpc.Handler(mux)}
//
// With Serve, which runs supervisord's listeners:
//
//	err := rpcext.Serve(ctx, cfg, otelrpc.ServeOptions()...)
//
// The tracer and meter providers are the global ones unless
// WithTracerProvider or WithMeterProvider say otherwise. With the no-op
// tracer provider (go.opentelemetry.io/otel/trace/noop) no span is started
// at all, and measuring a call allocates nothing: a host that exports
// metrics only passes it.
//
// Measuring a call with the SDK's instrument costs some 2,100
// instructions (the SDK checks and looks up the attribute set and offers
// an exemplar each time), more than a small call itself. A host that
// reads its metrics with an SDK reader can have the adapter aggregate the
// histogram itself, at some 150 instructions a call: NewMetrics, given to
// the reader as a producer and to the adapter with WithMetrics (see
// Metrics for what then differs):
//
//	calls := otelrpc.NewMetrics()
//	exporter, err := prometheus.New(prometheus.WithProducer(calls))
//	...
//	opts := otelrpc.ServeOptions(otelrpc.WithMetrics(calls), otelrpc.WithTracerProvider(noop.NewTracerProvider()))
//
// Measured so, without tracing, each entry of a system.multicall after
// the first is timed from the end of the entry before it, which the
// system.multicall call carries to its entries in their context (two
// small allocations a multicall): an entry then costs one reading of the
// clock, some 40 ns on a virtual machine, instead of two, and its
// duration includes the dispatcher's step from the entry before, a
// fraction of a microsecond. The entries' measurements are gathered and
// added to their series together, when the system.multicall is done (a
// measurement costs four atomic additions; a run of entries of one
// method and outcome, the same).
package otelrpc
