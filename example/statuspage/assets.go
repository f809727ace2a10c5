package statuspage

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed ui
var uiFS embed.FS

// The pages' templates, parsed once; each has the layout.
var (
	statusTemplate = template.Must(template.ParseFS(templateFS, "templates/layout.html", "templates/status.html"))
	tailTemplate   = template.Must(template.ParseFS(templateFS, "templates/layout.html", "templates/tail.html"))
)

type asset struct {
	data  []byte
	ctype string
	etag  string
}

// assets are the files under ui/, by name, read once.
var assets = func() map[string]asset {
	m := map[string]asset{}
	fs.WalkDir(uiFS, "ui", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := uiFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		ctype := mime.TypeByExtension(path.Ext(p))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		m[path.Base(p)] = asset{data, ctype, `"` + hex.EncodeToString(sum[:8]) + `"`}
		return nil
	})
	return m
}()

// serveAsset serves one of the page's files, answering If-None-Match.
func serveAsset(w http.ResponseWriter, r *http.Request, name string) {
	a, ok := assets[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", a.ctype)
	hdr.Set("ETag", a.etag)
	hdr.Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.data))
}
