package rpcext_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// WithExplorer serves the API explorer at /explorer/, next to /RPC2 and
// behind the same credentials; a browser shows every method with its
// signature and help, and calls them from a form.
func ExampleWithExplorer() {
	registry := rpcext.NewRegistry()
	registry.Register("my.package:make_another_rpcinterface", newAnother)
	cfg, err := rpcext.ParseConfig([]byte(`
[rpcinterface:another]
supervisor.rpcinterface_factory = my.package:make_another_rpcinterface
`), "supervisord.conf")
	if err != nil {
		fmt.Println(err)
		return
	}
	mux := http.NewServeMux()
	if err := rpcext.Mount(mux, cfg, rpcext.WithRegistry(registry), rpcext.WithExplorer()); err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()

	resp, err := http.Get(srv.URL + rpcext.ExplorerPath + "?q=retries")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status)
	fmt.Println(strings.Contains(string(page), `<h3><a class="anchor" href="#another.setRetries">another.setRetries</a></h3>`))
	// Output:
	// 200 OK
	// true
}
