package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

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
		otelrpc.MountOption(otelrpc.WithMeterProvider(m.provider)),
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
