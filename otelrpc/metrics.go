package otelrpc

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkinstrumentation "go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/semconv/v1.43.0/rpcconv"
)

// Metrics is the rpc.server.call.duration histogram of the calls an
// Interceptor measures, aggregated by the adapter itself instead of by an
// instrument of the meter provider, for a host that reads its metrics
// with an OpenTelemetry SDK reader: give it to the reader as a producer
// (sdkmetric.WithProducer, or the Prometheus exporter's WithProducer) and
// to the Interceptor with WithMetrics.
//
// It is the histogram the provider's instrument makes (its name, unit,
// description, bucket boundaries and attributes, in the adapter's scope,
// with min and max, cumulative), measured with a handful of atomic
// additions a call: the SDK's measurement path checks and looks up the
// attribute set, and offers an exemplar, every time (some 2,100
// instructions a call, against some 150). What the provider configures
// does not apply to it: views, exemplars (there are none) and temporality
// (it is always cumulative). As the SDK does by default, it keeps at most
// 2,000 attribute sets and measures calls beyond them with the single
// set {otel.metric.overflow: true}.
//
// A Metrics is safe for concurrent use; reading it does not hold up the
// calls being measured.
type Metrics struct {
	start time.Time

	mu     sync.Mutex // guards points, bySet and collection
	points []*point
	bySet  map[attribute.Distinct]*point
	// overflow takes the calls of attribute sets beyond maxPoints.
	overflow *point
}

// maxPoints is the SDK's default cardinality limit, overflow included.
const maxPoints = 2000

// durationBounds are rpc.server.call.duration's bucket boundaries in
// semconv 1.43.0 (rpcconv.NewServerCallDuration's; TestMetricsMatchSDK
// compares them).
var durationBounds = [nBounds]float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}

const nBounds = 14

// NewMetrics returns an empty histogram; its series start now.
func NewMetrics() *Metrics {
	m := &Metrics{start: time.Now(), bySet: map[attribute.Distinct]*point{}}
	m.overflow = &point{attrs: attribute.NewSet(attribute.Bool("otel.metric.overflow", true))}
	m.overflow.init()
	return m
}

// point returns the series of attrs, made on its first use, or the
// overflow series when there are too many.
func (m *Metrics) point(attrs attribute.Set) *point {
	m.mu.Lock()
	defer m.mu.Unlock()
	if p := m.bySet[attrs.Equivalent()]; p != nil {
		return p
	}
	if len(m.points) >= maxPoints-1 {
		return m.overflow
	}
	p := &point{attrs: attrs}
	p.init()
	m.points = append(m.points, p)
	m.bySet[attrs.Equivalent()] = p
	return p
}

// Produce returns the histogram's series, as an sdkmetric.Producer does:
// one ScopeMetrics of the adapter's scope, or none before the first call.
func (m *Metrics) Produce(context.Context) ([]metricdata.ScopeMetrics, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	points := m.points
	if m.overflow.begun() > 0 {
		points = append(slices.Clip(points), m.overflow)
	}
	if len(points) == 0 {
		return nil, nil
	}
	now := time.Now()
	bounds := slices.Clone(durationBounds[:])
	dps := make([]metricdata.HistogramDataPoint[float64], 0, len(points))
	for _, p := range points {
		s := p.collect()
		if s.count == 0 {
			continue // made, not yet measured
		}
		dps = append(dps, metricdata.HistogramDataPoint[float64]{
			Attributes:   p.attrs,
			StartTime:    m.start,
			Time:         now,
			Count:        s.count,
			Bounds:       bounds,
			BucketCounts: s.buckets[:],
			Min:          metricdata.NewExtrema(seconds(s.min)),
			Max:          metricdata.NewExtrema(seconds(s.max)),
			Sum:          seconds(s.sum),
		})
	}
	if len(dps) == 0 {
		return nil, nil
	}
	d := rpcconv.ServerCallDuration{}
	return []metricdata.ScopeMetrics{{
		Scope: sdkinstrumentation.Scope{Name: ScopeName, SchemaURL: semconv.SchemaURL},
		Metrics: []metricdata.Metrics{{
			Name:        d.Name(),
			Description: d.Description(),
			Unit:        d.Unit(),
			Data: metricdata.Histogram[float64]{
				Temporality: metricdata.CumulativeTemporality,
				DataPoints:  dps,
			},
		}},
	}}, nil
}

// point is one series: the measurements of one attribute set, in two
// halves so that a collection reads a consistent whole while calls go on
// being measured. Calls add to the hot half; a collection makes the other
// half hot, waits for the calls still adding to the old one, reads it
// (every measurement so far: the halves are merged after each
// collection), then adds it to the new hot half and empties it.
type point struct {
	attrs attribute.Set
	// hotBegun: bit 63 is the hot half, the other bits count the
	// measurements begun, ever.
	hotBegun atomic.Uint64
	halves   [2]half
}

const hotBit = 1 << 63

// half is a running histogram of durations in nanoseconds, whose sum,
// an integer, takes one atomic addition.
type half struct {
	done    atomic.Uint64 // measurements finished (a half's count)
	buckets [nBounds + 1]atomic.Uint64
	sum     atomic.Int64 // nanoseconds
	min     atomic.Int64 // nanoseconds; math.MaxInt64 when empty
	max     atomic.Int64 // nanoseconds; math.MinInt64 when empty
}

func (p *point) init() {
	for i := range p.halves {
		p.halves[i].min.Store(math.MaxInt64)
		p.halves[i].max.Store(math.MinInt64)
	}
}

// begun returns how many measurements have begun.
func (p *point) begun() uint64 { return p.hotBegun.Load() &^ hotBit }

// record measures one call that took d.
func (p *point) record(d time.Duration) {
	h := &p.halves[p.hotBegun.Add(1)>>63]
	h.add(int64(d))
	h.done.Add(1)
}

// batch gathers measurements of one series made one after the other (a
// system.multicall's entries, mostly of one method and outcome) so that
// they are added to the series at once: a measurement costs four atomic
// additions, a batch's the same.
type batch struct {
	p        *point
	count    uint64
	buckets  [nBounds + 1]uint64
	sum      int64
	min, max int64
}

// add measures one call that took d into p, adding what the batch holds
// for another series first.
func (b *batch) add(p *point, d time.Duration) {
	if b.p != p {
		b.flush()
		b.p, b.min, b.max = p, math.MaxInt64, math.MinInt64
	}
	ns := int64(d)
	b.count++
	b.buckets[bucket(ns)]++
	b.sum += ns
	b.min, b.max = min(b.min, ns), max(b.max, ns)
}

// flush adds the batch to its series and empties it.
func (b *batch) flush() {
	if b.count == 0 {
		return
	}
	p := b.p
	h := &p.halves[p.hotBegun.Add(b.count)>>63]
	for i, c := range b.buckets {
		if c > 0 {
			h.buckets[i].Add(c)
		}
	}
	h.sum.Add(b.sum)
	minMax(h, b.min, b.max)
	h.done.Add(b.count)
	*b = batch{}
}

// boundsNS are durationBounds in nanoseconds: d's bucket, counted in
// seconds, is the first bound d does not exceed, as the SDK counts (a
// bound's bucket includes it); d/1e9 <= b exactly when d <= b*1e9, the
// bounds being whole numbers of nanoseconds.
var boundsNS = func() (ns [nBounds]int64) {
	for i, b := range durationBounds {
		ns[i] = int64(math.Round(b * 1e9))
	}
	return ns
}()

// bucket returns the index of the bucket of d nanoseconds.
func bucket(d int64) int {
	for i, b := range boundsNS {
		if d <= b {
			return i
		}
	}
	return nBounds
}

// add adds d nanoseconds to h, but not to its count (done).
func (h *half) add(d int64) {
	h.buckets[bucket(d)].Add(1)
	h.sum.Add(d)
	minMax(h, d, d)
}

// minMax lowers h's min to lo and raises its max to hi where they are
// beyond them.
func minMax(h *half, lo, hi int64) {
	for old := h.min.Load(); lo < old && !h.min.CompareAndSwap(old, lo); old = h.min.Load() {
	}
	for old := h.max.Load(); hi > old && !h.max.CompareAndSwap(old, hi); old = h.max.Load() {
	}
}

// snapshot is a point's histogram as read, in nanoseconds.
type snapshot struct {
	count    uint64
	buckets  [nBounds + 1]uint64
	sum      int64
	min, max int64
}

// collect reads the point: every measurement begun before it was called,
// each whole (Metrics.mu is held, so collections do not overlap).
func (p *point) collect() snapshot {
	n := p.hotBegun.Add(hotBit) // the other half is hot from now on
	begun := n &^ hotBit
	cold := &p.halves[(n>>63)^1]
	for cold.done.Load() != begun {
		runtime.Gosched() // a call between its two additions
	}
	s := snapshot{count: begun, sum: cold.sum.Load(), min: cold.min.Load(), max: cold.max.Load()}
	for i := range cold.buckets {
		s.buckets[i] = cold.buckets[i].Load()
	}
	// The cold half into the hot one, so that it holds every
	// measurement, and emptied for the next collection.
	hot := &p.halves[n>>63]
	for i := range cold.buckets {
		if c := cold.buckets[i].Swap(0); c > 0 {
			hot.buckets[i].Add(c)
		}
	}
	hot.sum.Add(cold.sum.Swap(0))
	if s.count > 0 {
		minMax(hot, s.min, s.max)
	}
	cold.min.Store(math.MaxInt64)
	cold.max.Store(math.MinInt64)
	hot.done.Add(cold.done.Swap(0))
	return s
}

// seconds converts nanoseconds to seconds, the histogram's unit.
func seconds(ns int64) float64 { return float64(ns) / 1e9 }
