package statuspage

import (
	"bytes"
	"context"
	"crypto/rand"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/supervisorrpc/rpcinterface/example/supervisor"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// Supervisor is what the page needs: the methods of supervisord's
// supervisor namespace its own page calls. *supervisor.Supervisor has
// them.
type Supervisor interface {
	GetAllProcessInfo() ([]supervisor.ProcessInfo, error)
	StartProcess(ctx context.Context, name string, wait rpcext.Optional[bool]) (any, error)
	StopProcess(ctx context.Context, name string, wait rpcext.Optional[bool]) (any, error)
	StartAllProcesses(ctx context.Context, wait rpcext.Optional[bool]) ([]supervisor.Result, error)
	StopAllProcesses(ctx context.Context, wait rpcext.Optional[bool]) ([]supervisor.Result, error)
	ClearProcessLogs(name string) error
	ReadProcessStdoutLog(name string, offset, length any) (string, error)
	ReadProcessStderrLog(name string, offset, length any) (string, error)
	GetSupervisorVersion() (string, error)
	GetIdentification() (string, error)
}

// ContentSecurityPolicy is the policy every answer carries: scripts,
// styles, images and connections from the page's own origin only, no
// inline script or style, no framing, forms posted to the same origin.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// Page serves the status page. Mount it at each of Patterns().
type Page struct {
	sup         Supervisor
	explorerURL string
	metricsURL  string
	logtail     string
	logger      *slog.Logger
	key         [32]byte // signs the CSRF tokens and the messages
	origins     *http.CrossOriginProtection
	now         func() time.Time
}

// New returns the page over sup.
func New(sup Supervisor, opts ...Option) *Page {
	p := &Page{sup: sup, logtail: "/logtail/", origins: http.NewCrossOriginProtection(), now: time.Now}
	for _, o := range opts {
		o.apply(p)
	}
	if p.logger == nil {
		p.logger = slog.Default()
	}
	rand.Read(p.key[:])
	return p
}

// Patterns are the ServeMux patterns the page answers, as supervisord's:
// the status page at / and /index.html, the tail view at /tail.html, and
// the page's own files under /ui/.
func Patterns() []string { return []string{"/{$}", "/index.html", "/tail.html", "/ui/"} }

// ServeHTTP serves the status page (GET shows it, POST runs an action),
// the tail view (GET) and the page's files (GET).
func (p *Page) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	secureHeaders(w.Header())
	path := r.URL.Path
	switch {
	case path == "/" || path == "/index.html":
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			p.serveStatus(w, r)
		case http.MethodPost:
			p.serveAction(w, r)
		default:
			methodNotAllowed(w, "GET, HEAD, POST")
		}
	case path == "/tail.html":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			methodNotAllowed(w, "GET, HEAD")
			return
		}
		p.serveTail(w, r)
	case strings.HasPrefix(path, "/ui/"):
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			methodNotAllowed(w, "GET, HEAD")
			return
		}
		assets.Serve(w, r, strings.TrimPrefix(path, "/ui/"))
	default:
		http.NotFound(w, r)
	}
}

func methodNotAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
}

// secureHeaders sets the headers every answer carries.
func secureHeaders(h http.Header) {
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
}

// render writes a page as supervisord's views do: HTML, never cached.
func (p *Page) render(w http.ResponseWriter, r *http.Request, status int, t *template.Template, data any) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		p.logger.Error("statuspage: rendering failed", "page", t.Name(), "error", err)
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// chrome is what every page shows around its content.
type chrome struct {
	Identification string
	Version        string
	ExplorerURL    string
	MetricsURL     string
}

func (p *Page) chrome() chrome {
	c := chrome{ExplorerURL: p.explorerURL, MetricsURL: p.metricsURL}
	c.Identification, _ = p.sup.GetIdentification()
	c.Version, _ = p.sup.GetSupervisorVersion()
	return c
}
