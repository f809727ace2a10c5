package rpcext

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
)

type oldNS struct{}

func (oldNS) Before() string { return "before" }

type newNS struct{}

func (newNS) After() string { return "after" }

// TestExplorerShowsTheReloadedTable: the explorer reads the handler's
// method table at every page load, so that the table a reload swaps in
// shows at the next load, without mounting the explorer again.
func TestExplorerShowsTheReloadedTable(t *testing.T) {
	reg := NewRegistry()
	reg.Register("old:make", func(any, Options) (any, error) { return oldNS{}, nil })
	reg.Register("new:make", func(any, Options) (any, error) { return newNS{}, nil })
	parse := func(config string) *Config {
		t.Helper()
		cfg, err := ParseConfig([]byte(config), "supervisord.conf")
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	h, err := NewHandler(parse("[rpcinterface:old]\nsupervisor.rpcinterface_factory = old:make\n"),
		WithRegistry(reg), WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	explorer := h.Explorer() // mounted once, as Mount and Serve do
	page := func() string {
		rec := httptest.NewRecorder()
		explorer.ServeHTTP(rec, httptest.NewRequest("GET", ExplorerPath, nil))
		return rec.Body.String()
	}
	if got := page(); !strings.Contains(got, `id="old.before"`) {
		t.Fatal("the first load does not show the table")
	}
	if err := h.Reload(parse("[rpcinterface:new]\nsupervisor.rpcinterface_factory = new:make\n")); err != nil {
		t.Fatal(err)
	}
	if got := page(); !strings.Contains(got, `id="new.after"`) || strings.Contains(got, `id="old.before"`) {
		t.Error("after the reload the explorer still shows the old table")
	}
}
