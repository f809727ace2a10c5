package main

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// multicallBody is the shared harness's multicall workload: 100 echo.add
// calls in one system.multicall.
func multicallBody() []byte {
	var b strings.Builder
	b.WriteString("<?xml version='1.0'?><methodCall><methodName>system.multicall</methodName><params><param><value><array><data>")
	for i := range 100 {
		fmt.Fprintf(&b, "<value><struct><member><name>methodName</name><value><string>echo.add</string></value></member>"+
			"<member><name>params</name><value><array><data><value><int>%d</int></value><value><int>%d</int></value></data></array></value></member></struct></value>", i, 2*i)
	}
	b.WriteString("</data></array></value></param></params></methodCall>")
	return []byte(b.String())
}

// BenchmarkCallLogMulticall serves the harness's multicall through the
// handler as the host mounts it: without the call log (-quiet), with it at
// loglevel info (the default: it must cost nothing measurable, no
// allocation), and at trace (what info avoids).
func BenchmarkCallLogMulticall(b *testing.B) {
	cfg, err := rpcext.ParseConfig([]byte("[rpcinterface:echo]\nsupervisor.rpcinterface_factory = bench_plugin:make_rpcinterface\n"), "bench.conf")
	if err != nil {
		b.Fatal(err)
	}
	body := multicallBody()
	for _, tt := range []struct {
		name  string
		log   bool
		level slog.Level
	}{{"quiet", false, slog.LevelInfo}, {"info", true, slog.LevelInfo}, {"trace", true, LevelTrace}} {
		b.Run(tt.name, func(b *testing.B) {
			l := newMainLog(io.Discard, false)
			l.level.Set(tt.level)
			logger := l.logger()
			opts := []rpcext.MountOption{rpcext.WithLogger(logger)}
			if tt.log {
				opts = append(opts, rpcext.WithInterceptor(logCalls(logger)))
			}
			h, err := rpcext.NewHandler(cfg, opts...)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, rpcext.Path, bytes.NewReader(body))
				req.Header.Set("Content-Type", "text/xml")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("HTTP %d", w.Code)
				}
			}
		})
	}
}
