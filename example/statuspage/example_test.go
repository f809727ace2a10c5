package statuspage_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/example/statuspage"
	"github.com/supervisorrpc/rpcinterface/example/supervisor"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// daemon is a host of the supervisor namespace (supervisor.Host).
type daemon struct{ m *procman.Manager }

func (d daemon) Manager() *procman.Manager { return d.m }
func (daemon) Identification() string      { return "supervisor" }
func (daemon) MainLogfile() string         { return "" }
func (daemon) ReopenMainLog() error        { return nil }
func (daemon) Shutdown()                   {}
func (daemon) ShuttingDown() bool          { return false }
func (daemon) Restart()                    {}
func (daemon) ReadGroupConfigs() ([]procman.GroupConfig, error) {
	return nil, nil
}

func ExampleNew() {
	m := procman.New()
	defer m.Close()
	ns, err := supervisor.New(daemon{m}, rpcext.Options{})
	if err != nil {
		panic(err)
	}
	page := statuspage.New(ns.(statuspage.Supervisor), statuspage.WithExplorer(rpcext.ExplorerPath))
	mux := http.NewServeMux()
	for _, pattern := range statuspage.Patterns() {
		mux.Handle(pattern, page) // next to /RPC2, /logtail/ and the explorer, behind the same credentials
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()

	res, err := http.Get(srv.URL + "/")
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	fmt.Println(res.Status)
	fmt.Println(strings.Contains(string(body), "No programs to manage"))
	// Output:
	// 200 OK
	// true
}
