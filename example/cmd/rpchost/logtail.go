package main

import (
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// tailHead is how much of a log a stream starts with, and tailPoll how
// often it looks for more (supervisord's tail_f_producer: 1024 bytes,
// about 0.1 s).
const (
	tailHead = 1024
	tailPoll = 100 * time.Millisecond
)

// logtailHandler serves GET /logtail/<name>[/<stdout|stderr>], what
// supervisorctl tail -f reads: 404 for an unknown process or channel, or a
// log that is not set or does not exist; else the log's last 1024 bytes
// and then what is appended to it, until the client goes away.
func (h *host) logtailHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowGet(w, r) {
			return
		}
		name, channel, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/logtail/"), "/")
		if channel == "" {
			channel = "stdout"
		}
		path := h.processLog(name, channel)
		if path == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("X-Accel-Buffering", "no")
		h.stream(w, r, path)
	})
}

// mainlogtailHandler serves GET /mainlogtail, what supervisorctl maintail
// -f reads: the host's own log, as /logtail serves a process's.
func (h *host) mainlogtailHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowGet(w, r) {
			return
		}
		path := h.MainLogfile()
		if path == "" {
			http.NotFound(w, r)
			return
		}
		h.stream(w, r, path)
	})
}

func allowGet(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
	return false
}

// processLog returns the log file of a process's channel, looked up by
// supervisord's namespec rules ("name" or "group:name"), or "".
func (h *host) processLog(name, channel string) string {
	group, process, ok := strings.Cut(name, ":")
	if !ok {
		process = name
	}
	g := h.Manager().Group(group)
	if g == nil {
		return ""
	}
	p := g.Process(process)
	if p == nil {
		return ""
	}
	switch info := p.Info(); channel {
	case "stdout":
		return info.StdoutLogfile
	case "stderr":
		return info.StderrLogfile
	}
	return ""
}

// stream sends the file at path as supervisord's tail_f_producer does:
// its last 1024 bytes, then appended data as it comes; "==> File
// truncated <==" when it shrinks, and the new file from its start when
// the path names another file (clear or rotation). It ends when the
// client goes away or the host restarts or shuts down (supervisord closes
// every connection then). A missing file is 404.
func (h *host) stream(w http.ResponseWriter, r *http.Request, path string) {
	f, err := os.Open(path)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer func() { f.Close() }()
	fi, err := f.Stat()
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain;charset=utf-8")
	w.Header().Set("Last-Modified", fi.ModTime().UTC().Format(http.TimeFormat))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	rc := http.NewResponseController(w)
	done := h.streamsEnd()
	pos := max(0, fi.Size()-tailHead)
	send := func(size int64) bool {
		if size > pos {
			if _, err := io.Copy(w, io.NewSectionReader(f, pos, size-pos)); err != nil {
				return false
			}
			pos = size
		}
		return rc.Flush() == nil
	}
	if !send(fi.Size()) {
		return
	}
	tick := time.NewTicker(tailPoll)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-done:
			return
		case <-tick.C:
		}
		if st, err := os.Stat(path); err == nil && !os.SameFile(st, fi) {
			if nf, err := os.Open(path); err == nil {
				f.Close()
				f, fi, pos = nf, st, 0
			}
		}
		cur, err := f.Stat()
		if err != nil {
			return
		}
		if cur.Size() < pos {
			if _, err := io.WriteString(w, "==> File truncated <==\n"); err != nil {
				return
			}
			pos = 0
		}
		if !send(cur.Size()) {
			return
		}
	}
}
