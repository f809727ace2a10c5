package rpcext_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// A CallInterceptor is told which namespace and method a call is for,
// whether the method exists and whether the call is an entry of a
// system.multicall; rpcext.FaultCode says which fault the call is
// answered with. Here it prints each call as it ends.
func ExampleWithCallInterceptor() {
	logCalls := func(ctx context.Context, c *rpcext.Call, next func(context.Context) error) error {
		err := next(ctx)
		outcome := "ok"
		if code, ok := rpcext.FaultCode(err); ok {
			outcome = fmt.Sprintf("fault %d", code)
		}
		where := ""
		if c.Multicall {
			where = fmt.Sprintf(" (multicall entry %d)", c.Index)
		}
		fmt.Printf("%s/%s known=%v%s: %s\n", c.Namespace, c.Name, c.Known, where, outcome)
		return err
	}
	h, err := rpcext.NewHandler(nil, rpcext.WithNamespace("another", &Another{retries: 1}),
		rpcext.WithCallInterceptor(logCalls))
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	entry := func(method string, params string) string {
		return "<value><struct><member><name>methodName</name><value>" + method + "</value></member>" +
			"<member><name>params</name><value><array><data>" + params + "</data></array></value></member></struct></value>"
	}
	body := "<methodCall><methodName>system.multicall</methodName><params><param><value><array><data>" +
		entry("another.getRetries", "") + entry("another.setRetries", "<value><int>-1</int></value>") + entry("another.nope", "") +
		"</data></array></value></param></params></methodCall>"
	resp, err := http.Post(srv.URL, "text/xml", strings.NewReader(body))
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	// Output:
	// another/getRetries known=true (multicall entry 0): ok
	// another/setRetries known=true (multicall entry 1): fault 3
	// another/nope known=false (multicall entry 2): fault 1
	// system/multicall known=true: ok
}
