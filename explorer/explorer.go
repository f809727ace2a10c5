package explorer

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/supervisorrpc/rpcinterface/namespace"
)

// Source gives the explorer the method table it shows. Service is called
// on every page load, never cached: a source whose table is replaced (a
// handler that reloads its configuration) is shown as it is at that
// moment. *rpcext.Handler is a Source.
type Source interface {
	Service() *namespace.Service
}

// SourceFunc adapts a function to Source.
type SourceFunc func() *namespace.Service

// Service calls f.
func (f SourceFunc) Service() *namespace.Service { return f() }

// ContentSecurityPolicy is the policy the page and its assets are served
// with: scripts, styles, images and connections from the page's own
// origin only; no inline script or style, no plugins, no framing, no
// <base>, forms posted only to the same origin.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// Handler serves the explorer: the page at "/" (and "" and "/index.html")
// and its assets under "/assets/", relative to where it is mounted (mount
// it with http.StripPrefix). Other paths are 404; methods other than GET
// and HEAD are 405.
type Handler struct {
	src      Source
	endpoint string
	title    string
}

// New returns the explorer over src's method table.
func New(src Source, opts ...Option) *Handler {
	h := &Handler{src: src, endpoint: DefaultEndpoint, title: "XML-RPC API explorer"}
	for _, o := range opts {
		o.apply(h)
	}
	return h
}

// ServeHTTP serves the page or one of its assets.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	secureHeaders(w.Header())
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "Method Not Allowed: the explorer only reads; calls are POSTed to "+h.endpoint+".", http.StatusMethodNotAllowed)
		return
	}
	switch p := r.URL.Path; {
	case p == "" || p == "/" || p == "/index.html":
		h.serveIndex(w, r)
	case strings.HasPrefix(p, "/assets/"):
		assets.Serve(w, r, strings.TrimPrefix(p, "/assets/"))
	default:
		http.NotFound(w, r)
	}
}

// serveIndex renders the page over the source's current method table.
func (h *Handler) serveIndex(w http.ResponseWriter, r *http.Request) {
	svc := h.src.Service()
	if svc == nil {
		http.Error(w, "Service Unavailable: no method table to show.", http.StatusServiceUnavailable)
		return
	}
	p := buildPage(svc, r.URL.Query().Get("q"))
	p.Title, p.Endpoint = h.title, h.endpoint
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, p); err != nil {
		http.Error(w, "Internal Server Error: rendering the explorer failed: "+err.Error(), http.StatusInternalServerError)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Cache-Control", "no-store") // the table may change at any reload
	hdr.Set("Content-Length", strconv.Itoa(buf.Len()))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(buf.Bytes())
}

// secureHeaders sets the headers every answer carries.
func secureHeaders(h http.Header) {
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
}
