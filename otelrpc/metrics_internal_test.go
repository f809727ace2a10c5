package otelrpc

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// TestPointHistogram records known durations and checks the buckets (a
// bound belongs to its own bucket, as the SDK counts), sum, min and max,
// collected twice: the second collection holds the first's measurements
// too (cumulative).
func TestPointHistogram(t *testing.T) {
	m := NewMetrics()
	p := m.point(attribute.NewSet(attribute.String("k", "v")))
	ms := time.Millisecond
	for _, d := range []time.Duration{ms, 5 * ms, 5*ms + 1, 300 * ms} {
		p.record(d)
	}
	s := p.collect()
	want := [nBounds + 1]uint64{2, 1, 0, 0, 0, 0, 0, 1}
	if s.count != 4 || s.buckets != want || s.min != int64(ms) || s.max != int64(300*ms) || s.sum != int64(311*ms+1) {
		t.Fatalf("first: %+v", s)
	}
	p.record(11 * time.Second)
	p.record(100 * time.Microsecond)
	s = p.collect()
	want[0]++
	want[nBounds]++
	if s.count != 6 || s.buckets != want || s.min != int64(100*time.Microsecond) || s.max != int64(11*time.Second) ||
		s.sum != int64(11*time.Second+311*ms+100*time.Microsecond+1) {
		t.Fatalf("second: %+v", s)
	}
	if s = p.collect(); s.count != 6 || s.buckets != want {
		t.Fatalf("third, with nothing new: %+v", s)
	}
}

// TestPointConcurrent measures from several goroutines while collecting:
// every collection is a consistent whole (its buckets add up to its
// count, which never decreases), and the last holds every measurement.
func TestPointConcurrent(t *testing.T) {
	m := NewMetrics()
	p := m.point(attribute.NewSet())
	const goroutines, each = 8, 5000
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				p.record(time.Duration(g*each+i) * time.Microsecond)
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	var last uint64
	check := func(s snapshot) {
		var total uint64
		for _, c := range s.buckets {
			total += c
		}
		if total != s.count || s.count < last {
			t.Fatalf("buckets add up to %d, count %d (was %d)", total, s.count, last)
		}
		last = s.count
	}
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		m.mu.Lock()
		check(p.collect())
		m.mu.Unlock()
	}
	m.mu.Lock()
	s := p.collect()
	m.mu.Unlock()
	check(s)
	n := int64(goroutines * each)
	us := int64(time.Microsecond)
	if s.count != goroutines*each || s.min != 0 || s.max != (n-1)*us || s.sum != n*(n-1)/2*us {
		t.Fatalf("last: count %d min %v max %v sum %v", s.count, s.min, s.max, s.sum)
	}
}

// TestMetricsOverflow checks the cardinality limit: past 2,000 attribute
// sets, calls are measured in the one set {otel.metric.overflow: true}.
func TestMetricsOverflow(t *testing.T) {
	m := NewMetrics()
	for i := range maxPoints + 10 {
		m.point(attribute.NewSet(attribute.Int("i", i))).record(time.Millisecond)
	}
	sms, err := m.Produce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	dps := sms[0].Metrics[0].Data.(metricdata.Histogram[float64]).DataPoints
	if len(dps) != maxPoints {
		t.Fatalf("%d series", len(dps))
	}
	last := dps[len(dps)-1]
	if v, ok := last.Attributes.Value("otel.metric.overflow"); !ok || !v.AsBool() || last.Count != 11 {
		t.Fatalf("last series %v, count %d", last.Attributes, last.Count)
	}
}

// TestMetricsPointOncePerSet checks that an attribute set asked for twice
// (two instrumentations measuring into one Metrics, say) has one series.
func TestMetricsPointOncePerSet(t *testing.T) {
	m := NewMetrics()
	a := m.point(attribute.NewSet(attribute.String("k", "v"), attribute.Int("n", 1)))
	b := m.point(attribute.NewSet(attribute.Int("n", 1), attribute.String("k", "v")))
	if a != b || len(m.points) != 1 {
		t.Fatalf("two points (%p, %p), %d series", a, b, len(m.points))
	}
}

// TestOutcomesBounded has a method answer with more distinct fault codes
// than the interceptor keeps outcomes for: the cache stops growing at
// its bound, and every call is still measured, in its own series until
// Metrics overflows.
func TestOutcomesBounded(t *testing.T) {
	m := NewMetrics()
	ins := newInstrumentation(newConfig([]Option{WithMetrics(m)}))
	mt := ins.newMethodTelemetry("echo.fail", "echo.fail")
	const n = maxCachedOutcomes + 50
	for code := range n {
		mt.fault(rpcext.Code(code)).point.record(time.Millisecond)
	}
	kept := 0
	mt.faults.Range(func(any, any) bool { kept++; return true })
	if kept != maxCachedOutcomes {
		t.Errorf("%d outcomes kept, want %d", kept, maxCachedOutcomes)
	}
	if o := mt.fault(rpcext.Code(n - 1)); o.point != m.overflow {
		t.Errorf("a code past the bound is measured in %v", o.point.attrs)
	}
	var total uint64
	m.mu.Lock()
	for _, p := range append(m.points, m.overflow) {
		total += p.collect().count
	}
	m.mu.Unlock()
	if total != n {
		t.Errorf("%d calls measured, want %d", total, n)
	}
}
