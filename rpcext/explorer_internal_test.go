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

// TestExplorerShowsTheCurrentTable: the explorer reads the handler's
// method table at every page load, so that the table a reload swaps in
// shows at the next load. (The swap is done here as a reload does it:
// the handler's service is replaced while its explorer is mounted.)
func TestExplorerShowsTheCurrentTable(t *testing.T) {
	quiet := WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))
	h, err := NewHandler(nil, WithNamespace("old", oldNS{}), quiet)
	if err != nil {
		t.Fatal(err)
	}
	reloaded, err := NewHandler(nil, WithNamespace("new", newNS{}), quiet)
	if err != nil {
		t.Fatal(err)
	}
	page := func() string {
		rec := httptest.NewRecorder()
		h.Explorer().ServeHTTP(rec, httptest.NewRequest("GET", ExplorerPath, nil))
		return rec.Body.String()
	}
	explorer := h.Explorer()
	rec := httptest.NewRecorder()
	explorer.ServeHTTP(rec, httptest.NewRequest("GET", ExplorerPath, nil))
	if !strings.Contains(rec.Body.String(), `id="old.before"`) {
		t.Fatal("the first load does not show the table")
	}
	h.svc = reloaded.svc // what a reload does to the handler
	rec = httptest.NewRecorder()
	explorer.ServeHTTP(rec, httptest.NewRequest("GET", ExplorerPath, nil))
	if got := rec.Body.String(); !strings.Contains(got, `id="new.after"`) || strings.Contains(got, `id="old.before"`) {
		t.Error("the explorer mounted before the swap still shows the old table")
	}
	if got := page(); !strings.Contains(got, `id="new.after"`) {
		t.Error("a new explorer does not show the new table")
	}
}
