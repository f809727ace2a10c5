package otelrpc

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	tracenoop "go.opentelemetry.io/otel/trace/noop"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// fakeClock is a clock that moves only when told.
var fakeClock atomic.Int64

// slow is a namespace whose Sleep moves the fake clock.
type slow struct{}

func (slow) Sleep(ms int) int { fakeClock.Add(int64(ms) * int64(time.Millisecond)); return ms }
func (slow) Add(a, b int) int { return a + b }

// TestMulticallEntryDurations measures, on a clock that moves only when
// a method sleeps or an interceptor outside the adapter's takes 1 ms, a
// system.multicall without tracing: each entry right after a measured
// one is timed from that one's end (so it counts the 1 ms taken before
// it), any other from its own start; the system.multicall counts all its
// entries' time.
func TestMulticallEntryDurations(t *testing.T) {
	defer func(c func() time.Duration) { now = c }(now)
	now = func() time.Duration { return time.Duration(fakeClock.Load()) }
	m := NewMetrics()
	outside := func(ctx context.Context, method string, next func(context.Context) error) error {
		fakeClock.Add(int64(time.Millisecond))
		return next(ctx)
	}
	h, err := rpcext.NewHandler(nil, rpcext.WithNamespace("slow", slow{}), rpcext.WithInterceptor(outside),
		rpcext.WithCallInterceptor(Interceptor(WithMetrics(m), WithTracerProvider(tracenoop.NewTracerProvider()))),
		rpcext.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	entry := func(method string, params ...string) string {
		return testkit.Struct("methodName", testkit.String(method), "params", testkit.Array(params...))
	}
	notStruct := testkit.Int(0) // answered by the dispatcher: no interceptor runs
	body := testkit.MethodCall("system.multicall", testkit.Array(notStruct, entry("slow.sleep", testkit.Int(30)), notStruct,
		entry("slow.add", testkit.Int(1), testkit.Int(2)), entry("slow.add", testkit.Int(1), testkit.Int(2)), entry("slow.sleep", testkit.Int(30))))
	out, info, err := h.Service().Serve(context.Background(), body, nil)
	if err != nil || info.Fault != nil || strings.Count(string(out), "not a struct") != 2 {
		t.Fatalf("%v %v %s", err, info.Fault, out)
	}
	sms, err := m.Produce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	type series struct {
		count uint64
		sum   float64
	}
	got := map[string]series{}
	for _, dp := range sms[0].Metrics[0].Data.(metricdata.Histogram[float64]).DataPoints {
		method, _ := dp.Attributes.Value("rpc.method")
		got[method.AsString()] = series{dp.Count, dp.Sum}
	}
	want := map[string]series{
		"slow.sleep":       {2, 0.030 + 0.031}, // the second after a measured entry
		"slow.add":         {2, 0 + 0.001},     // the first after an unmeasured entry
		"system.multicall": {1, 0.064},
	}
	for k, w := range want {
		if g := got[k]; g.count != w.count || g.sum < w.sum-1e-9 || g.sum > w.sum+1e-9 {
			t.Errorf("%s: count %d sum %v, want %d %v", k, g.count, g.sum, w.count, w.sum)
		}
	}
	if len(got) != len(want) {
		t.Errorf("series %v", got)
	}
}
