package explorer

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

//go:embed static
var staticFS embed.FS

// pageTemplate is parsed once; a broken template fails every test.
var pageTemplate = template.Must(template.New("index.html").Funcs(template.FuncMap{
	"kinds":      func() []kind { return kinds },
	"extraParam": func() param { return param{Type: "any", Kind: "json"} },
}).ParseFS(templateFS, "templates/*.html"))

// asset is one embedded file, with its ETag.
type asset struct {
	data  []byte
	ctype string
	etag  string
}

// assets are the files under static/, by name, read once.
var assets = func() map[string]asset {
	m := map[string]asset{}
	fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := staticFS.ReadFile(p)
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

// serveAsset serves one embedded file, answering If-None-Match.
func serveAsset(w http.ResponseWriter, r *http.Request, name string) {
	a, ok := assets[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", a.ctype)
	hdr.Set("ETag", a.etag)
	hdr.Set("Cache-Control", "no-cache") // revalidate: a new build may change it
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.data))
}
