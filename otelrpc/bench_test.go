package otelrpc_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	metricnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/supervisorrpc/rpcinterface/otelrpc"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// BenchmarkInterceptor measures what the adapter adds to a call, served
// in-process as namespace's BenchmarkServe does: echo.add(1, 2) (small)
// and a system.multicall of 100 echo.add (multicall, 101 spans and
// measurements). none has no interceptor; global the adapter with the
// global providers, unset (no-ops that a program may yet set); noop with
// the no-op providers (trace/noop: no span is started); metrics
// the SDK's meter (aggregating the histogram, read by a ManualReader) and
// no-op tracing; own the adapter's Metrics (produced to a ManualReader)
// and no-op tracing, as the example host runs; sdk the SDK's meter and
// tracer, sampling every span (to an exporter that drops them).
func BenchmarkInterceptor(b *testing.B) {
	entries := make([][]string, 100)
	for i := range entries {
		entries[i] = []string{"echo.add", vInt(i), vInt(2 * i)}
	}
	bodies := []struct{ name, body string }{
		{"small", call("echo.add", vInt(1), vInt(2))},
		{"multicall", multicall(entries...)},
	}
	sdkTracer := sdktrace.NewTracerProvider(sdktrace.WithSyncer(tracetest.NewNoopExporter()))
	sdkMeter := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	own := otelrpc.NewMetrics()
	sdkmetric.NewManualReader(sdkmetric.WithProducer(own))
	defer sdkTracer.Shutdown(context.Background())
	defer sdkMeter.Shutdown(context.Background())
	quiet := rpcext.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, p := range []struct {
		name string
		opts []rpcext.MountOption
	}{
		{"none", nil},
		{"global", []rpcext.MountOption{otelrpc.MountOption()}},
		{"noop", []rpcext.MountOption{otelrpc.MountOption(
			otelrpc.WithTracerProvider(tracenoop.NewTracerProvider()), otelrpc.WithMeterProvider(metricnoop.NewMeterProvider()))}},
		{"metrics", []rpcext.MountOption{otelrpc.MountOption(
			otelrpc.WithTracerProvider(tracenoop.NewTracerProvider()), otelrpc.WithMeterProvider(sdkMeter))}},
		{"own", []rpcext.MountOption{otelrpc.MountOption(
			otelrpc.WithTracerProvider(tracenoop.NewTracerProvider()), otelrpc.WithMetrics(own))}},
		{"sdk", []rpcext.MountOption{otelrpc.MountOption(
			otelrpc.WithTracerProvider(sdkTracer), otelrpc.WithMeterProvider(sdkMeter))}},
	} {
		h, err := rpcext.NewHandler(nil, append([]rpcext.MountOption{quiet, rpcext.WithNamespace("echo", echo{})}, p.opts...)...)
		if err != nil {
			b.Fatal(err)
		}
		svc := h.Service()
		for _, w := range bodies {
			b.Run(fmt.Sprintf("%s/%s", p.name, w.name), func(b *testing.B) {
				body := []byte(w.body)
				out, info, err := svc.Serve(context.Background(), body, nil)
				if err != nil || info.Fault != nil || strings.Contains(string(out), "fault") {
					b.Fatalf("%v %v %s", err, info.Fault, out)
				}
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				for b.Loop() {
					if out, _, err = svc.Serve(context.Background(), body, out[:0]); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
