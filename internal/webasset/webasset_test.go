package webasset_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/supervisorrpc/rpcinterface/internal/webasset"
)

func TestServe(t *testing.T) {
	s := webasset.Load(fstest.MapFS{
		"static/app.js":    {Data: []byte("console.log(1)")},
		"static/sub/a.css": {Data: []byte("a{}")},
		"other/x.js":       {Data: []byte("no")},
	}, "static")
	if !s.Has("app.js") || !s.Has("a.css") || s.Has("x.js") {
		t.Fatal("the set holds the wrong files")
	}
	get := func(name, inm string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, "/"+name, nil)
		if inm != "" {
			r.Header.Set("If-None-Match", inm)
		}
		w := httptest.NewRecorder()
		s.Serve(w, r, name)
		return w
	}
	w := get("app.js", "")
	if w.Code != 200 || w.Body.String() != "console.log(1)" || w.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("app.js: %d %q %v", w.Code, w.Body, w.Header())
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/javascript; charset=utf-8" && ct != "application/javascript" {
		t.Errorf("Content-Type %q", ct)
	}
	etag := w.Header().Get("ETag")
	if etag == "" || get("a.css", "").Header().Get("ETag") == etag {
		t.Errorf("ETags do not tell the files apart: %q", etag)
	}
	if w := get("app.js", etag); w.Code != http.StatusNotModified {
		t.Errorf("If-None-Match with the ETag: %d, want 304", w.Code)
	}
	if w := get("x.js", ""); w.Code != http.StatusNotFound {
		t.Errorf("a file outside the directory: %d, want 404", w.Code)
	}
}
