package otelrpc_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/supervisorrpc/rpcinterface/otelrpc"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// TestServeOptions checks that ServeOptions traces the calls on the
// listeners rpcext.Serve starts, their clients' trace context read.
func TestServeOptions(t *testing.T) {
	dir, err := os.MkdirTemp("/tmp", "otelrpc")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	sock := filepath.Join(dir, "s.sock")
	cfg, err := rpcext.ParseConfig([]byte("[unix_http_server]\nfile = "+sock+"\n"), "supervisord.conf")
	if err != nil {
		t.Fatal(err)
	}
	spans := tracetest.NewSpanRecorder()
	opts := otelrpc.ServeOptions(otelrpc.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))),
		otelrpc.WithPropagators(propagation.TraceContext{}))
	ctx, stop := context.WithCancel(context.Background())
	ready, done := make(chan struct{}), make(chan error, 1)
	go func() {
		done <- rpcext.Serve(ctx, cfg, append(opts, rpcext.WithNamespace("echo", echo{}),
			rpcext.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))),
			rpcext.WithListening(func(string, string) { close(ready) }))...)
	}()
	defer func() {
		stop()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	select {
	case <-ready:
	case err := <-done:
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", sock)
	}}}
	req, _ := http.NewRequest(http.MethodPost, "http://localhost"+rpcext.Path, strings.NewReader(call("echo.add", vInt(1), vInt(2))))
	req.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ended := spans.Ended()
	if len(ended) != 1 || ended[0].Name() != "echo.add" || ended[0].Parent().TraceID().String() != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Fatalf("spans %v", ended)
	}
}
