package otelrpc_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"

	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/supervisorrpc/rpcinterface/otelrpc"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// A host mounting rpcext on its own mux adds the interceptor with
// MountOption and wraps the mux with Handler, which reads the clients'
// trace context. Here the spans are kept in memory and printed.
func ExampleMountOption() {
	spans := tracetest.NewSpanRecorder()
	opts := []otelrpc.Option{
		otelrpc.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))),
		otelrpc.WithPropagators(propagation.TraceContext{}),
	}
	mux := http.NewServeMux()
	err := rpcext.Mount(mux, nil, rpcext.WithNamespace("echo", echo{}), otelrpc.MountOption(opts...))
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(otelrpc.Handler(mux, opts...))
	defer srv.Close()

	req, _ := http.NewRequest(http.MethodPost, srv.URL+rpcext.Path,
		strings.NewReader(call("echo.fail", "<value><int>10</int></value>")))
	req.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	for _, s := range spans.Ended() {
		fmt.Println(s.Name(), s.SpanKind(), s.Status().Code, s.Status().Description)
		fmt.Println("trace", s.Parent().TraceID())
		var attrs []string
		for _, kv := range s.Attributes() {
			attrs = append(attrs, string(kv.Key)+"="+kv.Value.Emit())
		}
		slices.Sort(attrs)
		fmt.Println(strings.Join(attrs, "\n"))
	}
	// Output:
	// echo.fail server Error BAD_NAME: as asked
	// trace 4bf92f3577b34da6a3ce929d0e0e4736
	// error.type=10
	// rpc.method=echo.fail
	// rpc.response.status_code=10
	// rpc.system.name=xmlrpc
}

// A host that exports metrics only measures calls with the adapter's own
// Metrics, which its reader produces (here a ManualReader; the Prometheus
// exporter takes it with its WithProducer option).
func ExampleNewMetrics() {
	calls := otelrpc.NewMetrics()
	reader := sdkmetric.NewManualReader(sdkmetric.WithProducer(calls))
	sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	h, err := rpcext.NewHandler(nil, rpcext.WithNamespace("echo", echo{}), otelrpc.MountOption(
		otelrpc.WithMetrics(calls), otelrpc.WithTracerProvider(tracenoop.NewTracerProvider())))
	if err != nil {
		fmt.Println(err)
		return
	}
	for range 2 {
		h.Service().Serve(context.Background(), []byte(call("echo.add", "<value><int>1</int></value>", "<value><int>2</int></value>")), nil)
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		fmt.Println(err)
		return
	}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			for _, dp := range m.Data.(metricdata.Histogram[float64]).DataPoints {
				method, _ := dp.Attributes.Value("rpc.method")
				fmt.Println(m.Name, m.Unit, method.AsString(), dp.Count)
			}
		}
	}
	// Output:
	// rpc.server.call.duration s echo.add 2
}
