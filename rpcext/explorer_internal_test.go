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
// shows at the next load. Until the handler reloads by itself, the swap is
// done here as a reload does it: the handler built for the first config
// gets the method table built for the second while its explorer is
// mounted.
func TestExplorerShowsTheReloadedTable(t *testing.T) {
	reg := NewRegistry()
	reg.Register("old:make", func(any, Options) (any, error) { return oldNS{}, nil })
	reg.Register("new:make", func(any, Options) (any, error) { return newNS{}, nil })
	build := func(config string) *Handler {
		t.Helper()
		cfg, err := ParseConfig([]byte(config), "supervisord.conf")
		if err != nil {
			t.Fatal(err)
		}
		h, err := NewHandler(cfg, WithRegistry(reg), WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	h := build("[rpcinterface:old]\nsupervisor.rpcinterface_factory = old:make\n")
	reloaded := build("[rpcinterface:new]\nsupervisor.rpcinterface_factory = new:make\n")
	explorer := h.Explorer() // mounted once, as Mount and Serve do
	page := func() string {
		rec := httptest.NewRecorder()
		explorer.ServeHTTP(rec, httptest.NewRequest("GET", ExplorerPath, nil))
		return rec.Body.String()
	}
	if got := page(); !strings.Contains(got, `id="old.before"`) {
		t.Fatal("the first load does not show the table")
	}
	h.svc = reloaded.svc // what a reload does to the handler
	if got := page(); !strings.Contains(got, `id="new.after"`) || strings.Contains(got, `id="old.before"`) {
		t.Error("after the reload the explorer still shows the old table")
	}
}
