package otelrpc_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/supervisorrpc/rpcinterface/otelrpc"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// echo is the namespace the tests call.
type echo struct{}

func (echo) Add(a, b int) int { return a + b }
func (echo) Fail(code int) error {
	return fmt.Errorf("asked: %w", rpcext.NewFault(rpcext.Code(code), "as asked"))
}
func (echo) Plain() error { return errors.New("disk full") }
func (echo) Boom() int    { panic("boom") }

// TraceID returns the trace and span IDs of the span in the method's
// context: the call's own.
func (echo) TraceID(ctx context.Context) string {
	sc := trace.SpanContextFromContext(ctx)
	return sc.TraceID().String() + "/" + sc.SpanID().String()
}

// rig is an rpcext handler with the adapter, recording spans and
// measurements in memory.
type rig struct {
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	url    string
}

func newRig(t *testing.T) *rig { return newRigMeasuring(t, false) }

// newRigMeasuring is newRig measuring with the adapter's own Metrics,
// produced to the reader, when own is set.
func newRigMeasuring(t *testing.T, own bool) *rig { return newRigTracing(t, own, true) }

// newRigTracing is newRigMeasuring with the no-op tracer provider when
// tracing is off: no span is recorded (the adapter then measures, with
// its own Metrics, without the span path).
func newRigTracing(t *testing.T, own, tracing bool) *rig {
	t.Helper()
	var readerOpts []sdkmetric.ManualReaderOption
	var m *otelrpc.Metrics
	if own {
		m = otelrpc.NewMetrics()
		readerOpts = append(readerOpts, sdkmetric.WithProducer(m))
	}
	r := &rig{spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader(readerOpts...)}
	var tp trace.TracerProvider = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(r.spans))
	if !tracing {
		tp = tracenoop.NewTracerProvider()
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r.reader))
	opts := []otelrpc.Option{otelrpc.WithTracerProvider(tp), otelrpc.WithMeterProvider(mp),
		otelrpc.WithPropagators(propagation.TraceContext{})}
	if own {
		opts = append(opts, otelrpc.WithMetrics(m))
	}
	h, err := rpcext.NewHandler(nil, rpcext.WithNamespace("echo", echo{}), otelrpc.MountOption(opts...),
		rpcext.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(otelrpc.Handler(h, opts...))
	t.Cleanup(srv.Close)
	r.url = srv.URL
	return r
}

// post sends body with the header pairs given, returning the status and
// the answer.
func (r *rig) post(t *testing.T, body string, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, r.url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// call builds a methodCall; params are XML-RPC values.
func call(method string, params ...string) string {
	var b strings.Builder
	b.WriteString("<?xml version='1.0'?>\n<methodCall><methodName>" + method + "</methodName><params>")
	for _, p := range params {
		b.WriteString("<param>" + p + "</param>")
	}
	b.WriteString("</params></methodCall>")
	return b.String()
}

func vInt(n int) string { return fmt.Sprintf("<value><int>%d</int></value>", n) }

// multicall builds a system.multicall of (method, params...) entries.
func multicall(entries ...[]string) string {
	var b strings.Builder
	b.WriteString("<value><array><data>")
	for _, e := range entries {
		b.WriteString("<value><struct><member><name>methodName</name><value>" + e[0] + "</value></member>" +
			"<member><name>params</name><value><array><data>" + strings.Join(e[1:], "") + "</data></array></value></member></struct></value>")
	}
	b.WriteString("</data></array></value>")
	return call("system.multicall", b.String())
}

// attrs returns a span's attributes as strings, by key.
func attrs(s sdktrace.ReadOnlySpan) map[string]string {
	m := map[string]string{}
	for _, kv := range s.Attributes() {
		m[string(kv.Key)] = kv.Value.Emit()
	}
	return m
}

// TestSpanPerCall checks the span of a call answered with a value or a
// fault: its name, kind, attributes and status.
func TestSpanPerCall(t *testing.T) {
	for _, tc := range []struct {
		name     string
		body     string
		spanName string
		attrs    map[string]string
		status   codes.Code
		desc     string
	}{
		{"value", call("echo.add", vInt(1), vInt(2)), "echo.add",
			map[string]string{"rpc.system.name": "xmlrpc", "rpc.method": "echo.add"}, codes.Unset, ""},
		{"fault", call("echo.fail", vInt(10)), "echo.fail",
			map[string]string{"rpc.system.name": "xmlrpc", "rpc.method": "echo.fail", "rpc.response.status_code": "10", "error.type": "10"},
			codes.Error, "BAD_NAME: as asked"},
		{"plain error", call("echo.plain"), "echo.plain",
			map[string]string{"rpc.system.name": "xmlrpc", "rpc.method": "echo.plain", "rpc.response.status_code": "30", "error.type": "30"},
			codes.Error, "FAILED: disk full"},
		{"wrong arity", call("echo.add", vInt(1)), "echo.add",
			map[string]string{"rpc.system.name": "xmlrpc", "rpc.method": "echo.add", "rpc.response.status_code": "2", "error.type": "2"},
			codes.Error, "INCORRECT_PARAMETERS"},
		{"unknown method", call("echo.nope"), "xmlrpc",
			map[string]string{"rpc.system.name": "xmlrpc", "rpc.method": "_OTHER", "rpc.method_original": "echo.nope",
				"rpc.response.status_code": "1", "error.type": "1"},
			codes.Error, "UNKNOWN_METHOD"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t)
			if status, body := r.post(t, tc.body); status != http.StatusOK {
				t.Fatalf("status %d: %s", status, body)
			}
			spans := r.spans.Ended()
			if len(spans) != 1 {
				t.Fatalf("%d spans", len(spans))
			}
			s := spans[0]
			if s.Name() != tc.spanName || s.SpanKind() != trace.SpanKindServer {
				t.Errorf("span %q of kind %v, want %q, server", s.Name(), s.SpanKind(), tc.spanName)
			}
			if got := attrs(s); !maps.Equal(got, tc.attrs) {
				t.Errorf("attributes %v, want %v", got, tc.attrs)
			}
			if s.Status().Code != tc.status || s.Status().Description != tc.desc {
				t.Errorf("status %v %q, want %v %q", s.Status().Code, s.Status().Description, tc.status, tc.desc)
			}
			if s.Parent().IsValid() {
				t.Errorf("a call without trace context has parent %v", s.Parent())
			}
			if s.InstrumentationScope().Name != otelrpc.ScopeName {
				t.Errorf("scope %q", s.InstrumentationScope().Name)
			}
		})
	}
}

// TestMulticallSpans checks that each entry of a system.multicall gets a
// child span of the batch's, with its index.
func TestMulticallSpans(t *testing.T) {
	r := newRig(t)
	status, body := r.post(t, multicall([]string{"echo.add", vInt(1), vInt(2)}, []string{"echo.fail", vInt(70)}, []string{"echo.nope"}))
	if status != http.StatusOK || !strings.Contains(body, "NOT_RUNNING: as asked") {
		t.Fatalf("status %d: %s", status, body)
	}
	spans := r.spans.Ended()
	if len(spans) != 4 {
		t.Fatalf("%d spans", len(spans))
	}
	batch := spans[3] // ends last: the entries run inside it
	if batch.Name() != "system.multicall" || batch.SpanKind() != trace.SpanKindServer || batch.Status().Code != codes.Unset {
		t.Fatalf("batch span %q %v %v", batch.Name(), batch.SpanKind(), batch.Status())
	}
	want := []struct {
		name   string
		method string
		code   string
	}{{"echo.add", "echo.add", ""}, {"echo.fail", "echo.fail", "70"}, {"xmlrpc", "_OTHER", "1"}}
	for i, w := range want {
		s := spans[i]
		a := attrs(s)
		if s.Name() != w.name || s.SpanKind() != trace.SpanKindInternal || a["rpc.method"] != w.method ||
			a["rpc.response.status_code"] != w.code || a["xmlrpc.multicall.index"] != fmt.Sprint(i) {
			t.Errorf("entry %d: span %q %v %v", i, s.Name(), s.SpanKind(), a)
		}
		if s.Parent().SpanID() != batch.SpanContext().SpanID() || s.SpanContext().TraceID() != batch.SpanContext().TraceID() {
			t.Errorf("entry %d: parent %v, want the batch %v", i, s.Parent(), batch.SpanContext())
		}
		if (s.Status().Code == codes.Error) != (w.code != "") {
			t.Errorf("entry %d: status %v", i, s.Status())
		}
	}
}

// TestTraceparentIsParent checks that the trace context of the request's
// traceparent header becomes the call's parent, and that the method's
// context carries the call's span.
func TestTraceparentIsParent(t *testing.T) {
	const traceID, parentID = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	r := newRig(t)
	status, body := r.post(t, call("echo.traceID"), "Traceparent", "00-"+traceID+"-"+parentID+"-01")
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	spans := r.spans.Ended()
	if len(spans) != 1 {
		t.Fatalf("%d spans", len(spans))
	}
	s := spans[0]
	if p := s.Parent(); p.TraceID().String() != traceID || p.SpanID().String() != parentID || !p.IsRemote() {
		t.Fatalf("parent %v, want the traceparent's %s/%s", p, traceID, parentID)
	}
	if want := traceID + "/" + s.SpanContext().SpanID().String(); !strings.Contains(body, want) {
		t.Fatalf("the method saw %s, want its span %s", body, want)
	}

	// Without the header, the method's span starts a trace.
	if _, body = r.post(t, call("echo.traceID")); strings.Contains(body, traceID) {
		t.Fatalf("a call without traceparent joined the trace: %s", body)
	}
}

// TestPanicAndMalformed checks the spans of a method that panics (HTTP
// 500) and of a request found malformed in its parameters (HTTP 400).
func TestPanicAndMalformed(t *testing.T) {
	for _, own := range []bool{false, true} {
		t.Run(map[bool]string{false: "provider", true: "Metrics"}[own], func(t *testing.T) { testPanicAndMalformed(t, own) })
	}
}

func testPanicAndMalformed(t *testing.T, own bool) {
	r := newRigMeasuring(t, own)
	if status, _ := r.post(t, call("echo.boom")); status != http.StatusInternalServerError {
		t.Fatalf("panic: status %d", status)
	}
	if status, _ := r.post(t, call("echo.add", vInt(1), "<value><int>x</int></value>")); status != http.StatusBadRequest {
		t.Fatalf("malformed: status %d", status)
	}
	spans := r.spans.Ended()
	if len(spans) != 2 {
		t.Fatalf("%d spans", len(spans))
	}
	if a := attrs(spans[0]); spans[0].Name() != "echo.boom" || a["error.type"] != "panic" || spans[0].Status().Code != codes.Error {
		t.Errorf("panic span %q %v %v", spans[0].Name(), a, spans[0].Status())
	}
	if a := attrs(spans[1]); !strings.Contains(a["error.type"], "SyntaxError") || a["rpc.response.status_code"] != "" || spans[1].Status().Code != codes.Error {
		t.Errorf("malformed span %v %v", a, spans[1].Status())
	}
	// Both are measured, with their error.type.
	got := callCounts(t, r)
	if got["echo.boom error.type=panic"] != 1 || got["echo.add error.type=*xmlrpc.SyntaxError"] != 1 || len(got) != 2 {
		t.Errorf("measured %v", got)
	}
}

// callCounts returns the counts of rpc.server.call.duration by attribute
// set ("method key=value ..."), checking the instrument's unit.
func callCounts(t *testing.T, r *rig) map[string]uint64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	counts := map[string]uint64{}
	for _, sm := range rm.ScopeMetrics {
		if sm.Scope.Name != otelrpc.ScopeName {
			continue
		}
		for _, m := range sm.Metrics {
			if m.Name != "rpc.server.call.duration" || m.Unit != "s" {
				t.Fatalf("metric %q in %q", m.Name, m.Unit)
			}
			h, ok := m.Data.(metricdata.Histogram[float64])
			if !ok {
				t.Fatalf("rpc.server.call.duration is a %T", m.Data)
			}
			for _, dp := range h.DataPoints {
				counts[describe(dp.Attributes)] += dp.Count
			}
		}
	}
	return counts
}

// describe lays an attribute set out as "method key=value ..." (the
// system name checked and left out).
func describe(set attribute.Set) string {
	method, _ := set.Value("rpc.method")
	if sys, _ := set.Value("rpc.system.name"); sys.AsString() != "xmlrpc" {
		return "rpc.system.name=" + sys.Emit()
	}
	var rest []string
	for _, kv := range set.ToSlice() {
		if kv.Key != "rpc.method" && kv.Key != "rpc.system.name" {
			rest = append(rest, string(kv.Key)+"="+kv.Value.Emit())
		}
	}
	slices.Sort(rest)
	return strings.TrimSpace(method.AsString() + " " + strings.Join(rest, " "))
}

// TestMetrics checks the calls counted by method and fault code, each
// multicall entry included, unknown methods as _OTHER.
func TestMetrics(t *testing.T) {
	for _, mode := range []struct {
		name         string
		own, tracing bool
	}{{"provider", false, true}, {"Metrics", true, true}, {"Metrics without tracing", true, false}} {
		t.Run(mode.name, func(t *testing.T) { testMetrics(t, newRigTracing(t, mode.own, mode.tracing)) })
	}
}

func testMetrics(t *testing.T, r *rig) {
	for range 3 {
		r.post(t, call("echo.add", vInt(1), vInt(2)))
	}
	r.post(t, call("echo.fail", vInt(10)))
	r.post(t, call("echo.fail", vInt(70)))
	r.post(t, call("echo.nope"))
	r.post(t, call("other.nope"))
	r.post(t, multicall([]string{"echo.add", vInt(1), vInt(2)}, []string{"echo.fail", vInt(10)}, []string{"echo.add", vInt(3), vInt(4)}))
	want := map[string]uint64{
		"echo.add": 5,
		"echo.fail error.type=10 rpc.response.status_code=10": 2,
		"echo.fail error.type=70 rpc.response.status_code=70": 1,
		"_OTHER error.type=1 rpc.response.status_code=1":      2,
		"system.multicall": 1,
	}
	if got := callCounts(t, r); !maps.Equal(got, want) {
		t.Fatalf("calls by attributes:\n%v\nwant\n%v", got, want)
	}
}

// TestMetricsWithoutTracing checks that with the no-op tracer provider
// (which the adapter skips) calls are still measured, and start no span.
func TestMetricsWithoutTracing(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	h, err := rpcext.NewHandler(nil, rpcext.WithNamespace("echo", echo{}), otelrpc.MountOption(
		otelrpc.WithTracerProvider(tracenoop.NewTracerProvider()),
		otelrpc.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)))))
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := h.Service().Serve(context.Background(), []byte(call("echo.traceID")), nil)
	if err != nil || !strings.Contains(string(out), "00000000000000000000000000000000/0000000000000000") {
		t.Fatalf("%v: %s", err, out)
	}
	h.Service().Serve(context.Background(), []byte(call("echo.fail", vInt(10))), nil)
	got := callCounts(t, &rig{reader: reader})
	if want := map[string]uint64{"echo.traceID": 1, "echo.fail error.type=10 rpc.response.status_code=10": 1}; !maps.Equal(got, want) {
		t.Fatalf("measured %v, want %v", got, want)
	}
}

// TestDefaults checks that the adapter works with the global providers
// (no-ops unless the program sets them) and without options.
func TestDefaults(t *testing.T) {
	h, err := rpcext.NewHandler(nil, rpcext.WithNamespace("echo", echo{}), otelrpc.MountOption())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(otelrpc.Handler(h))
	defer srv.Close()
	resp, err := http.Post(srv.URL, "text/xml", strings.NewReader(call("echo.add", vInt(2), vInt(3))))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), "<int>5</int>") {
		t.Fatalf("%d %s", resp.StatusCode, b)
	}
}
