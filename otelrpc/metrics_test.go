package otelrpc_test

import (
	"context"
	"slices"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/supervisorrpc/rpcinterface/otelrpc"
)

// TestMetricsMatchSDK makes the same calls measured by the meter
// provider's instrument and by Metrics, and checks that a reader gets the
// same metric from both: scope, name, description, unit, temporality,
// bucket boundaries, and per attribute set the count, how the calls fall
// into buckets (all in the first: they take microseconds), and a sum,
// min and max that are durations.
func TestMetricsMatchSDK(t *testing.T) {
	var got [2]metricdata.ScopeMetrics
	for i, own := range []bool{false, true} {
		r := newRigMeasuring(t, own)
		for range 3 {
			r.post(t, call("echo.add", vInt(1), vInt(2)))
		}
		r.post(t, call("echo.fail", vInt(10)))
		r.post(t, call("echo.nope"))
		r.post(t, call("echo.boom"))
		r.post(t, multicall([]string{"echo.add", vInt(1), vInt(2)}, []string{"echo.fail", vInt(10)}))
		var rm metricdata.ResourceMetrics
		if err := r.reader.Collect(context.Background(), &rm); err != nil {
			t.Fatal(err)
		}
		for _, sm := range rm.ScopeMetrics {
			if sm.Scope.Name == "github.com/supervisorrpc/rpcinterface/otelrpc" {
				got[i] = sm
			}
		}
	}
	sdk, own := got[0], got[1]
	if sdk.Scope != own.Scope {
		t.Errorf("scope %+v, want %+v", own.Scope, sdk.Scope)
	}
	if len(sdk.Metrics) != 1 || len(own.Metrics) != 1 {
		t.Fatalf("metrics: %d from the provider, %d from Metrics", len(sdk.Metrics), len(own.Metrics))
	}
	sm, om := sdk.Metrics[0], own.Metrics[0]
	if sm.Name != om.Name || sm.Description != om.Description || sm.Unit != om.Unit {
		t.Errorf("metric %q %q %q, want %q %q %q", om.Name, om.Description, om.Unit, sm.Name, sm.Description, sm.Unit)
	}
	sh := sm.Data.(metricdata.Histogram[float64])
	oh, ok := om.Data.(metricdata.Histogram[float64])
	if !ok || oh.Temporality != sh.Temporality {
		t.Fatalf("data %T %v, want %v", om.Data, oh.Temporality, sh.Temporality)
	}
	byAttrs := func(h metricdata.Histogram[float64]) map[string]metricdata.HistogramDataPoint[float64] {
		m := map[string]metricdata.HistogramDataPoint[float64]{}
		for _, dp := range h.DataPoints {
			m[describe(dp.Attributes)] = dp
		}
		return m
	}
	sp, op := byAttrs(sh), byAttrs(oh)
	if len(sp) != len(op) || len(sp) != 5 {
		t.Fatalf("series %v, want %v", keysOf(op), keysOf(sp))
	}
	for k, s := range sp {
		o, ok := op[k]
		if !ok {
			t.Errorf("no series %s", k)
			continue
		}
		if o.Count != s.Count || !slices.Equal(o.Bounds, s.Bounds) || !slices.Equal(o.BucketCounts, s.BucketCounts) {
			t.Errorf("%s: count %d bounds %v buckets %v, want %d %v %v", k, o.Count, o.Bounds, o.BucketCounts, s.Count, s.Bounds, s.BucketCounts)
		}
		omin, ok1 := o.Min.Value()
		omax, ok2 := o.Max.Value()
		if !ok1 || !ok2 || omin <= 0 || omin > omax || o.Sum < omax || o.Sum > float64(o.Count)*omax {
			t.Errorf("%s: sum %v min %v max %v", k, o.Sum, o.Min, o.Max)
		}
		if !o.StartTime.Before(o.Time) {
			t.Errorf("%s: start %v, time %v", k, o.StartTime, o.Time)
		}
	}
}

func keysOf[V any](m map[string]V) []string {
	var k []string
	for s := range m {
		k = append(k, s)
	}
	slices.Sort(k)
	return k
}

// TestMetricsEmpty checks that Metrics produces nothing before a call,
// as the provider reports no series for an instrument never used.
func TestMetricsEmpty(t *testing.T) {
	m := otelrpc.NewMetrics()
	reader := sdkmetric.NewManualReader(sdkmetric.WithProducer(m))
	sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	if len(rm.ScopeMetrics) != 0 {
		t.Fatalf("%+v", rm.ScopeMetrics)
	}
}
