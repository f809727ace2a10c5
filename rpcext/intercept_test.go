package rpcext_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// TestCallInterceptorMounted checks that Mount installs interceptors of
// both kinds in the order given, and what a CallInterceptor is told of a
// multicall and its entries.
func TestCallInterceptorMounted(t *testing.T) {
	var seen []string
	plain := rpcext.WithInterceptor(func(ctx context.Context, method string, next func(context.Context) error) error {
		seen = append(seen, "plain "+method)
		return next(ctx)
	})
	described := rpcext.WithCallInterceptor(func(ctx context.Context, c *rpcext.Call, next func(context.Context) error) error {
		err := next(ctx)
		code, isFault := rpcext.FaultCode(err)
		seen = append(seen, fmt.Sprintf("call %s/%s known=%v multicall=%v index=%d fault=%v %d",
			c.Namespace, c.Name, c.Known, c.Multicall, c.Index, isFault, code))
		return err
	})
	h, _, _ := newTestHandler(t, testConfig, plain, described)
	entry := func(m string) string {
		return "<struct><member><name>methodName</name><value>" + m + "</value></member></struct>"
	}
	w := post(h, call("system.multicall", "<array><data><value>"+entry("test.getRetries")+"</value><value>"+
		entry("test.nope")+"</value><value>"+entry("test.missing")+"</value></data></array>"))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	want := []string{
		"plain system.multicall",
		"plain test.getRetries",
		"call test/getRetries known=true multicall=true index=0 fault=false 0",
		"plain test.nope",
		"call test/nope known=false multicall=true index=1 fault=true 1",
		"plain test.missing",
		"call test/missing known=true multicall=true index=2 fault=true 2", // missing its parameter
		"call system/multicall known=true multicall=false index=0 fault=false 0",
	}
	if !slices.Equal(seen, want) {
		t.Fatalf("interceptors saw\n%s\nwant\n%s", strings.Join(seen, "\n"), strings.Join(want, "\n"))
	}
}
