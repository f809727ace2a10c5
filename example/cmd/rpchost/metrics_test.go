package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/supervisorrpc/rpcinterface/otelrpc"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

type adder struct{}

func (adder) Add(a, b int) int { return a + b }

// TestMetrics: with metrics on, the status page is told of /metrics and
// the page served there shows the calls measured with the host's
// provider; with metrics off there is neither.
func TestMetrics(t *testing.T) {
	h := &host{}
	if h.metricsPath() != "" || h.metricsOptions() != nil {
		t.Fatal("metrics off, yet a path or options")
	}
	m, err := newMetrics()
	if err != nil {
		t.Fatal(err)
	}
	h.metrics = m
	if h.metricsPath() != "/metrics" || len(h.metricsOptions()) == 0 {
		t.Fatalf("metrics on: path %q, %d options", h.metricsPath(), len(h.metricsOptions()))
	}

	rpc, err := rpcext.NewHandler(nil, rpcext.WithNamespace("calc", adder{}),
		otelrpc.MountOption(m.adapterOptions()...),
		rpcext.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	body := "<methodCall><methodName>calc.add</methodName><params><param><value><int>1</int></value></param>" +
		"<param><value><int>2</int></value></param></params></methodCall>"
	req := httptest.NewRequest(http.MethodPost, rpcext.Path, strings.NewReader(body))
	rpc.ServeHTTP(httptest.NewRecorder(), req)

	w := httptest.NewRecorder()
	m.handler.ServeHTTP(w, httptest.NewRequest(http.MethodGet, metricsURL, nil))
	page := w.Body.String()
	for _, want := range []string{`rpc_server_call_duration_seconds_count{`, `rpc_method="calc.add"`, `target_info{service_name="rpchost"}`, "\ngo_goroutines "} {
		if !strings.Contains(page, want) {
			t.Errorf("/metrics lacks %s:\n%s", want, page)
		}
	}
}

// TestMetricsPageAsProvider checks that /metrics reads the same from the
// host's otelrpc.Metrics as it would from an instrument of the meter
// provider (otelrpc's default), the sums of durations aside: the same
// series, labels, buckets and counts.
func TestMetricsPageAsProvider(t *testing.T) {
	page := func(own bool) string {
		reg := prometheus.NewRegistry()
		calls := otelrpc.NewMetrics()
		opts := []otelprom.Option{otelprom.WithRegisterer(reg)}
		if own {
			opts = append(opts, otelprom.WithProducer(calls))
		}
		exporter, err := otelprom.New(opts...)
		if err != nil {
			t.Fatal(err)
		}
		adapter := []otelrpc.Option{otelrpc.WithTracerProvider(tracenoop.NewTracerProvider()),
			otelrpc.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(exporter)))}
		if own {
			adapter = append(adapter, otelrpc.WithMetrics(calls))
		}
		rpc, err := rpcext.NewHandler(nil, rpcext.WithNamespace("calc", adder{}), otelrpc.MountOption(adapter...),
			rpcext.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
		if err != nil {
			t.Fatal(err)
		}
		const body = "<methodCall><methodName>calc.add</methodName><params><param><value><int>1</int></value></param>" +
			"<param><value><int>2</int></value></param></params></methodCall>"
		for _, b := range []string{body, body, body, strings.Replace(body, "calc.add", "calc.nope", 1)} {
			rpc.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, rpcext.Path, strings.NewReader(b)))
		}
		w := httptest.NewRecorder()
		promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(w, httptest.NewRequest(http.MethodGet, metricsURL, nil))
		return regexp.MustCompile(`(_sum\{[^}]*\}) \S+`).ReplaceAllString(w.Body.String(), "$1 (sum)")
	}
	provider, own := page(false), page(true)
	if !strings.Contains(own, `rpc_server_call_duration_seconds_count{`) || !strings.Contains(own, `rpc_method="_OTHER"`) {
		t.Fatalf("no calls on the page:\n%s", own)
	}
	if own != provider {
		t.Errorf("from otelrpc.Metrics:\n%s\nfrom the provider:\n%s", own, provider)
	}
}
