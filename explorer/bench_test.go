package explorer_test

import (
	"net/http/httptest"
	"testing"

	"github.com/supervisorrpc/rpcinterface/explorer"
)

// BenchmarkPage renders the page over a small table, as each page load
// does (not a hot path: people load it, clients do not).
func BenchmarkPage(b *testing.B) {
	svc := service(b, map[string]any{"calc": Calc{help: map[string]string{"add": addDoc}}, "plain": Plain{}})
	h := explorer.New(sourceOf(svc))
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}
