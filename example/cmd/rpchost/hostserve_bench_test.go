package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/example/conformance"
	"github.com/supervisorrpc/rpcinterface/internal/benchbody"
	"github.com/supervisorrpc/rpcinterface/otelrpc"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// BenchmarkHostServe serves the shared harness's five workloads
// in-process through the corpus plugin
// (conformance_plugin:make_echo_rpcinterface, as
// ../shared/conformance/supervisord.conf mounts it) with the interceptors
// the host installs (serveOptions, metricsOptions): default is the host
// at its default flags, the call log at loglevel info and the /metrics
// interceptor with the host's meter provider; quiet is -quiet
// -metrics=false, no interceptor. What default costs beyond quiet is what
// the default flags cost a call.
func BenchmarkHostServe(b *testing.B) {
	echo, err := conformance.New(nil, rpcext.NewOptions("rpcinterface:echo", nil))
	if err != nil {
		b.Fatal(err)
	}
	bodies := benchbody.Bodies()
	for _, mode := range []struct {
		name           string
		logEachCall    bool
		metricsEnabled bool
	}{{"default", true, true}, {"quiet", false, false}} {
		logger := newMainLog(io.Discard, false).logger()
		opts := []rpcext.MountOption{rpcext.WithLogger(logger), rpcext.WithNamespace("echo", echo)}
		if mode.logEachCall {
			opts = append(opts, rpcext.WithInterceptor(logCalls(logger)))
		}
		if mode.metricsEnabled {
			m, err := newMetrics()
			if err != nil {
				b.Fatal(err)
			}
			opts = append(opts, otelrpc.MountOption(m.adapterOptions()...))
		}
		h, err := rpcext.NewHandler(nil, opts...)
		if err != nil {
			b.Fatal(err)
		}
		svc := h.Service()
		for _, w := range benchbody.Names {
			b.Run(mode.name+"/"+w, func(b *testing.B) {
				body := bodies[w]
				out, info, err := svc.Serve(context.Background(), body, nil)
				if err != nil || info.Fault != nil || strings.Contains(string(out), "<fault>") {
					b.Fatalf("%v %v %.200s", err, info.Fault, out)
				}
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				for b.Loop() {
					if out, _, err = svc.Serve(context.Background(), body, out[:0]); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
