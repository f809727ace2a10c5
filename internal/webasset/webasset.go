// Package webasset serves the embedded files of the module's HTML pages
// (the API explorer's and the example host's status page's scripts and
// style sheets): each file read once, with its content type and an ETag
// from its contents, so browsers revalidate instead of downloading again.
package webasset

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"time"
)

// Set is the files of one directory of an embedded file system, by base
// name. It is safe for concurrent use.
type Set struct{ files map[string]file }

type file struct {
	data  []byte
	ctype string
	etag  string
}

// Load reads every file below dir in fsys. It panics if fsys cannot be
// read, as template.Must does: the files are embedded, so an error is a
// build mistake that every test of the page catches.
func Load(fsys fs.FS, dir string) *Set {
	s := &Set{files: map[string]file{}}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		ctype := mime.TypeByExtension(path.Ext(p))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		s.files[path.Base(p)] = file{data, ctype, `"` + hex.EncodeToString(sum[:8]) + `"`}
		return nil
	})
	if err != nil {
		panic(fmt.Sprintf("webasset: reading %s: %v", dir, err))
	}
	return s
}

// Has reports whether the set holds a file of that name.
func (s *Set) Has(name string) bool {
	_, ok := s.files[name]
	return ok
}

// Serve answers with the file of that name (404 when there is none),
// answering If-None-Match with 304 and Range requests as
// http.ServeContent does. Cache-Control no-cache makes browsers revalidate,
// since a new build may change a file under the same name.
func (s *Set) Serve(w http.ResponseWriter, r *http.Request, name string) {
	f, ok := s.files[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", f.ctype)
	hdr.Set("ETag", f.etag)
	hdr.Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(f.data))
}
