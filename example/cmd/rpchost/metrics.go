package main

import (
	"fmt"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/supervisorrpc/rpcinterface/otelrpc"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// metricsURL is where the host serves its metrics, in Prometheus's text
// format, next to /RPC2 and behind the same credentials.
const metricsURL = "/metrics"

// metrics are the host's measurements: every call's (package otelrpc:
// rpc_server_call_duration_seconds by method and fault code) and the Go
// runtime's and the process's, in a Prometheus registry of their own.
// The calls are measured by otelrpc's own Metrics, which the exporter
// reads as a producer, rather than by an instrument of the provider: the
// same histogram, at a fourteenth of the cost a call (see otelrpc's
// BenchmarkInterceptor), which matters as every call is measured, each
// entry of a system.multicall too.
type metrics struct {
	provider *sdkmetric.MeterProvider
	calls    *otelrpc.Metrics
	handler  http.Handler
}

func newMetrics() (*metrics, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	calls := otelrpc.NewMetrics()
	exporter, err := otelprom.New(otelprom.WithRegisterer(reg), otelprom.WithProducer(calls))
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	return &metrics{
		provider: sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter),
			sdkmetric.WithResource(resource.NewSchemaless(semconv.ServiceName("rpchost")))),
		calls:   calls,
		handler: promhttp.HandlerFor(reg, promhttp.HandlerOpts{}),
	}, nil
}

// adapterOptions are the options of otelrpc the host measures calls
// with: into its Metrics, and no traces (with the no-op tracer provider
// the adapter starts no span).
func (m *metrics) adapterOptions() []otelrpc.Option {
	return []otelrpc.Option{otelrpc.WithMetrics(m.calls), otelrpc.WithMeterProvider(m.provider),
		otelrpc.WithTracerProvider(tracenoop.NewTracerProvider())}
}

// metricsOptions measure every call and serve the measurements at
// metricsURL; none when metrics are off.
func (h *host) metricsOptions() []rpcext.ServeOption {
	if h.metrics == nil {
		return nil
	}
	return append(otelrpc.ServeOptions(h.metrics.adapterOptions()...),
		rpcext.WithHTTPHandler(metricsURL, h.metrics.handler))
}
