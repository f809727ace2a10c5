package conformance_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/example/conformance"
	"github.com/supervisorrpc/rpcinterface/internal/benchbody"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// BenchmarkServe serves the shared harness's five workloads in-process
// through this plugin, as the corpus config
// (../shared/conformance/supervisord.conf) mounts it and as the harness
// measures the example host over HTTP: echo.add is Python's a + b over
// any values, echo.echo takes and returns any value.
func BenchmarkServe(b *testing.B) {
	echo, err := conformance.New(nil, rpcext.NewOptions("rpcinterface:echo", nil))
	if err != nil {
		b.Fatal(err)
	}
	h, err := rpcext.NewHandler(nil, rpcext.WithNamespace("echo", echo),
		rpcext.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		b.Fatal(err)
	}
	svc := h.Service()
	bodies := benchbody.Bodies()
	ctx := context.Background()
	for _, w := range benchbody.Names {
		b.Run(w, func(b *testing.B) {
			body := bodies[w]
			out, info, err := svc.Serve(ctx, body, nil)
			if err != nil || info.Fault != nil || strings.Contains(string(out), "<fault>") {
				b.Fatalf("%v %v %.200s", err, info.Fault, out)
			}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if out, _, err = svc.Serve(ctx, body, out[:0]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
