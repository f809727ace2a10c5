package rpcext_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// TestServeOnlyOptions pins that the options concerning only Serve's
// listeners are not MountOptions (Mount would ignore them), while every
// MountOption is accepted by Serve.
func TestServeOnlyOptions(t *testing.T) {
	serveOnly := map[string]rpcext.ServeOption{
		"WithHTTPHandler":       rpcext.WithHTTPHandler("/x", http.NotFoundHandler()),
		"WithShutdownTimeout":   rpcext.WithShutdownTimeout(time.Second),
		"WithReadHeaderTimeout": rpcext.WithReadHeaderTimeout(time.Second),
		"WithIdleTimeout":       rpcext.WithIdleTimeout(time.Second),
		"WithListening":         rpcext.WithListening(func(string, string) {}),
		"WithHTTPMiddleware":    rpcext.WithHTTPMiddleware(func(h http.Handler) http.Handler { return h }),
	}
	for name, o := range serveOnly {
		if _, ok := o.(rpcext.MountOption); ok {
			t.Errorf("%s is a MountOption: Mount and NewHandler would accept it and ignore it", name)
		}
	}
	mount := map[string]rpcext.MountOption{
		"WithHost":             rpcext.WithHost(nil),
		"WithMaxBodyBytes":     rpcext.WithMaxBodyBytes(1),
		"WithBodyReadTimeout":  rpcext.WithBodyReadTimeout(time.Second),
		"WithCallTimeout":      rpcext.WithCallTimeout(time.Second),
		"WithSpecMulticall":    rpcext.WithSpecMulticall(),
		"WithBasicAuth":        rpcext.WithBasicAuth("u", "p"),
		"WithMaxMulticallCall": rpcext.WithMaxMulticallCalls(1),
		"WithCallInterceptor":  rpcext.WithCallInterceptor(nil),
	}
	for name, o := range mount {
		var _ rpcext.ServeOption = o // compile-time: a MountOption is a ServeOption
		if o == nil {
			t.Errorf("%s returned nil", name)
		}
	}
}
