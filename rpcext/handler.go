package rpcext

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/logcut"
	"github.com/supervisorrpc/rpcinterface/namespace"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// Handler serves XML-RPC at the path it is mounted on: POST requests whose
// body is a methodCall, answered with a methodResponse (text/xml). What a
// client can observe matches supervisord 4.2.5, with the documented
// exceptions (see the package documentation). Reload makes it serve a new
// config without a restart; each request runs on the method table that
// was current when it arrived.
type Handler struct {
	gen         atomic.Pointer[generation] // the current one, never nil
	maxBody     int64
	bodyTimeout time.Duration // 0: none
	callTimeout time.Duration // 0: none
	logger      *slog.Logger
	acquire     func() *[]byte // getBuffer; tests watch the buffers
	release     func(*[]byte)  // putBuffer
	authLog     *rateLog       // failed authentications
	refusedLog  *rateLog       // requests refused at WARN or ERROR
	linger      lingering      // see lingeringClose

	// What Reload needs, guarded by mu.
	mu       sync.Mutex
	settings mountSettings
	ownAuth  bool                   // credentials from the config (NewHandler), not the listeners (Serve)
	extras   []*namespace.Namespace // WithNamespace's, built once
	svcOpts  []namespace.Option
	closed   bool
}

// NewHandler builds the handler for cfg: every [rpcinterface:x] section's
// factory is looked up in the registry and called once, and the value it
// returns is published as namespace x. The host's credentials for Basic
// auth come from [inet_http_server] unless WithBasicAuth says otherwise.
func NewHandler(cfg *Config, opts ...MountOption) (*Handler, error) {
	s := mountSettings{}
	for _, o := range opts {
		o.applyMount(&s)
	}
	return newHandler(cfg, s, true)
}

// credentialsOf returns the credentials a handler for cfg requires.
func credentialsOf(cfg *Config, s mountSettings) *authSetting {
	switch {
	case s.auth != nil:
		return s.auth
	case cfg != nil && cfg.InetHTTPServer != nil:
		return &authSetting{cfg.InetHTTPServer.Username, cfg.InetHTTPServer.Password}
	}
	return nil
}

// newHandler builds a handler; ownAuth says whether it checks the
// credentials itself (else the listeners in front of it do).
func newHandler(cfg *Config, s mountSettings, ownAuth bool) (*Handler, error) {
	if s.logger == nil {
		s.logger = slog.Default()
	}
	if s.registry == nil {
		s.registry = defaultRegistry
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	h := &Handler{
		maxBody:     s.maxBody,
		bodyTimeout: max(s.bodyTimeout, 0),
		callTimeout: max(s.callTimeout, 0),
		logger:      s.logger,
		acquire:     getBuffer,
		release:     putBuffer,
		authLog:     newRateLog(s.logger, "rpcext: more failed authentications, not logged"),
		refusedLog:  newRateLog(s.logger, "rpcext: more refused requests, not logged"),
		linger:      lingering{lingerTime, lingerIdle},
		settings:    s,
		ownAuth:     ownAuth,
	}
	if s.linger != (lingering{}) {
		h.linger = s.linger
	}
	h.svcOpts = []namespace.Option{
		namespace.WithLimits(s.limits),
		namespace.WithMulticallDialect(s.dialect),
		namespace.WithLogger(s.logger),
		namespace.WithMaxAnswerBytes(s.maxAnswer),
	}
	if s.maxCalls > 0 {
		h.svcOpts = append(h.svcOpts, namespace.WithMaxMulticallCalls(s.maxCalls))
	}
	h.svcOpts = append(h.svcOpts, s.interceptors...)
	for _, x := range s.namespaces {
		ns, err := h.reflect(x.name, x.value)
		if err != nil {
			return nil, fmt.Errorf("rpcext: %w", err)
		}
		h.extras = append(h.extras, ns)
	}
	rl, err := h.prepare(cfg)
	if err != nil {
		return nil, err
	}
	rl.commit()
	return h, nil
}

// Service returns the dispatcher behind the handler now, for callers that
// serve XML-RPC bodies without HTTP, and for the API explorer, which reads
// it at every page load. A Reload replaces it; a call made through it
// directly is not counted as one in progress, so a value the reload
// replaces may be closed while such a call runs.
func (h *Handler) Service() *namespace.Service { return h.gen.Load().svc }

// ServeHTTP answers one XML-RPC request. In order: credentials (401 with
// the Basic challenge when they are missing, wrong or undecodable, before
// anything else is looked at, the body included), a browser's cross-site
// request (403, see crossSite), the method (405 unless POST), the body's
// framing (411 without Content-Length unless chunked, 413 beyond the size
// limit: the body is then not read), the body itself (408 when it does
// not arrive within the body read timeout, 400 when it is not a
// well-formed methodCall or exceeds a decoder limit), then the call: 200
// with a value or a fault, or 500 when the method panicked. The whole
// request is served by the method table current when it arrived.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g := h.table()
	if h.serve(w, r, g) {
		g.done()
	}
}

// serve answers the request on g; it returns false when the call was
// handed to a goroutine that ends it (see serveTimed).
func (h *Handler) serve(w http.ResponseWriter, r *http.Request, g *generation) bool {
	start := time.Now()
	if g.auth != nil {
		if res, user := g.auth.check(r.Header.Get("Authorization")); res != authOK {
			h.unauthorized(w, r, res, user, start)
			return true
		}
	}
	if crossSite(r) {
		h.refuse(w, r, http.StatusForbidden, "Forbidden: a browser sent this request from another site.", start)
		return true
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.refuse(w, r, http.StatusMethodNotAllowed, "Method Not Allowed: XML-RPC requests are POSTed.", start)
		return true
	}
	if r.ContentLength < 0 && len(r.TransferEncoding) == 0 || r.ContentLength == 0 && r.Header.Get("Content-Length") == "" {
		h.refuse(w, r, http.StatusLengthRequired, "Length Required: send a Content-Length header.", start)
		return true
	}
	if r.ContentLength > h.maxBody {
		h.tooLarge(w, r, start)
		return true
	}

	in := h.acquire()
	body, err := h.readBody(w, r, *in)
	*in = body[:0]
	if err != nil {
		h.release(in)
		h.bodyFailed(w, r, err, start)
		return true
	}
	out := h.acquire()
	if h.callTimeout > 0 {
		h.serveTimed(w, r, g, body, in, out, start)
		return false
	}
	resp, info, err := g.svc.Serve(r.Context(), body, *out)
	*out = resp[:0]
	h.answer(w, r, resp, info, err, start)
	h.release(in)
	h.release(out)
	return true
}

// answer writes what the service made of the request.
func (h *Handler) answer(w http.ResponseWriter, r *http.Request, resp []byte, info namespace.CallInfo, err error, start time.Time) {
	if err != nil {
		h.requestFailed(w, r, info, err, start)
		return
	}
	h.writeXML(w, resp)
	if info.Method == "system.multicall" && info.Fault != nil {
		// The whole batch was refused: too many calls, or not an array.
		h.refusedLog.log(r.Context(), slog.LevelWarn, "rpcext: system.multicall refused", "remote", r.RemoteAddr,
			"fault", logcut.String(info.Fault.FaultString()))
	}
	if h.logger.Enabled(r.Context(), slog.LevelDebug) {
		attrs := []any{"method", logcut.String(info.Method), "remote", r.RemoteAddr, "duration", time.Since(start)}
		if info.Fault != nil {
			attrs = append(attrs, "fault", logcut.String(info.Fault.FaultString()))
		}
		if info.Calls > 0 {
			attrs = append(attrs, "calls", info.Calls)
		}
		h.logger.Debug("rpcext: call", attrs...)
	}
}

// requestFailed answers a request the service found no XML-RPC answer
// for: a panic (500), or a malformed body or one beyond a limit (400).
func (h *Handler) requestFailed(w http.ResponseWriter, r *http.Request, info namespace.CallInfo, err error, start time.Time) {
	var pe *namespace.PanicError
	if errors.As(err, &pe) {
		// The panic and its stack were logged by the service.
		h.refusedLog.log(r.Context(), slog.LevelError, "rpcext: request refused", "status", http.StatusInternalServerError,
			"remote", r.RemoteAddr, "method", logcut.String(pe.Method), "panic", logcut.String(fmt.Sprint(pe.Value)),
			"duration", time.Since(start))
		plain(w, http.StatusInternalServerError, "Internal Server Error: the method failed unexpectedly.")
		return
	}
	var le *xmlrpc.LimitError
	if errors.As(err, &le) {
		h.refusedLog.log(r.Context(), slog.LevelWarn, "rpcext: request exceeds a limit", "remote", r.RemoteAddr,
			"method", logcut.String(info.Method), "limit", le.Limit, "max", le.Max)
	} else {
		h.refusedLog.log(r.Context(), slog.LevelWarn, "rpcext: malformed XML-RPC request", "remote", r.RemoteAddr,
			"method", logcut.String(info.Method), "error", logcut.Error(err))
	}
	plain(w, http.StatusBadRequest, "Bad Request: "+err.Error())
}

// textXML is the Content-Type of every answer; header maps share it and
// net/http never modifies header values, so no answer allocates it.
var textXML = []string{"text/xml"}

func (h *Handler) writeXML(w http.ResponseWriter, resp []byte) {
	hdr := w.Header()
	hdr["Content-Type"] = textXML // canonical keys, set directly: no per-request copies
	hdr["Content-Length"] = []string{strconv.Itoa(len(resp))}
	w.WriteHeader(http.StatusOK)
	w.Write(resp)
}
