package explorer_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/supervisorrpc/rpcinterface/explorer"
	"github.com/supervisorrpc/rpcinterface/namespace"
)

// Greeter is a namespace.
type Greeter struct{}

// Hello is greeter.hello.
func (Greeter) Hello(name string) string { return "hello " + name }

func ExampleNew() {
	ns, err := namespace.Build("greeter", Greeter{})
	if err != nil {
		panic(err)
	}
	svc, err := namespace.NewService([]*namespace.Namespace{ns})
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	// mux.Handle("/RPC2", ...) serves the calls the page sends.
	src := explorer.SourceFunc(func() *namespace.Service { return svc }) // read at every page load
	mux.Handle("/explorer/", http.StripPrefix("/explorer", explorer.New(src)))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	res, err := http.Get(srv.URL + "/explorer/?q=hello")
	if err != nil {
		panic(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	fmt.Println(res.Status, res.Header.Get("Content-Type"))
	fmt.Println(strings.Contains(string(page), `<pre class="help">greeter.hello(string) -&gt; string</pre>`))
	// Output:
	// 200 OK text/html; charset=utf-8
	// true
}
