package otelrpc

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

// ScopeName is the instrumentation scope of the spans and measurements
// the adapter makes.
const ScopeName = "github.com/supervisorrpc/rpcinterface/otelrpc"

// Option configures the adapter.
type Option interface{ apply(*config) }

type config struct {
	tracerProvider trace.TracerProvider
	meterProvider  metric.MeterProvider
	metrics        *Metrics
	propagators    propagation.TextMapPropagator
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithTracerProvider makes spans with tp (default: the global provider,
// otel.GetTracerProvider()).
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(c *config) { c.tracerProvider = tp })
}

// WithMeterProvider records measurements with mp (default: the global
// provider, otel.GetMeterProvider()).
func WithMeterProvider(mp metric.MeterProvider) Option {
	return optionFunc(func(c *config) { c.meterProvider = mp })
}

// WithMetrics measures calls into m, which a reader of the host's
// metrics produces (see Metrics), instead of into an instrument of the
// meter provider, which is then not used.
func WithMetrics(m *Metrics) Option {
	return optionFunc(func(c *config) { c.metrics = m })
}

// WithPropagators reads the trace context of requests with p (default:
// the global propagators, otel.GetTextMapPropagator()).
func WithPropagators(p propagation.TextMapPropagator) Option {
	return optionFunc(func(c *config) { c.propagators = p })
}

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		o.apply(&c)
	}
	if c.tracerProvider == nil {
		c.tracerProvider = otel.GetTracerProvider()
	}
	if c.meterProvider == nil {
		c.meterProvider = otel.GetMeterProvider()
	}
	if c.propagators == nil {
		c.propagators = otel.GetTextMapPropagator()
	}
	return c
}
