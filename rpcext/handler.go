package rpcext

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/supervisorrpc/rpcinterface/namespace"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// Handler serves XML-RPC at the path it is mounted on: POST requests whose
// body is a methodCall, answered with a methodResponse (text/xml). What a
// client can observe matches supervisord 4.2.5, with the documented
// exceptions (see the package documentation).
type Handler struct {
	svc         *namespace.Service
	auth        *basicAuth
	maxBody     int64
	bodyTimeout time.Duration // 0: none
	callTimeout time.Duration // 0: none
	logger      *slog.Logger
	acquire     func() *[]byte // getBuffer; tests watch the buffers
	release     func(*[]byte)  // putBuffer
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
	return newHandler(cfg, s, credentialsOf(cfg, s))
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

func newHandler(cfg *Config, s mountSettings, cred *authSetting) (*Handler, error) {
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
	}
	if cred != nil && cred.username != "" {
		a, err := newBasicAuth(cred.username, cred.password)
		if err != nil {
			return nil, fmt.Errorf("rpcext: %w", err)
		}
		h.auth = a
	}
	nss, err := buildNamespaces(cfg, s)
	if err != nil {
		return nil, err
	}
	svcOpts := []namespace.Option{
		namespace.WithLimits(s.limits),
		namespace.WithMulticallDialect(s.dialect),
		namespace.WithLogger(s.logger),
	}
	if s.maxCalls > 0 {
		svcOpts = append(svcOpts, namespace.WithMaxMulticallCalls(s.maxCalls))
	}
	svcOpts = append(svcOpts, s.interceptors...)
	if h.svc, err = namespace.NewService(nss, svcOpts...); err != nil {
		return nil, fmt.Errorf("rpcext: %w", err)
	}
	return h, nil
}

// buildNamespaces calls each section's factory once and reflects over the
// values it returns.
func buildNamespaces(cfg *Config, s mountSettings) ([]*namespace.Namespace, error) {
	var nss []*namespace.Namespace
	var buildOpts []namespace.BuildOption
	if s.strict {
		buildOpts = append(buildOpts, namespace.StrictMethods())
	}
	add := func(name string, v any, where *ConfigError) error {
		ns, err := namespace.Build(name, v, buildOpts...)
		if err != nil {
			if where != nil {
				where.Err = err
				return where
			}
			return fmt.Errorf("rpcext: %w", err)
		}
		for _, sk := range ns.Skipped() {
			s.logger.Warn("rpcext: method not published", "namespace", name, "method", sk.GoName, "reason", sk.Reason)
		}
		nss = append(nss, ns)
		return nil
	}
	if cfg != nil {
		for _, ri := range cfg.RPCInterfaces {
			where := &ConfigError{File: ri.Options.File(), Section: ri.Options.Section()}
			if sec := cfg.Section(ri.Options.Section()); sec != nil {
				where.File, where.Line = sec.File, sec.Line
			}
			factory, ok := s.registry.Lookup(ri.Factory)
			if !ok {
				return nil, unresolvedFactory(cfg, where, ri.Factory, s.registry.Names())
			}
			opts := ri.Options.Clone() // a record of this factory's reads alone
			v, err := factory(s.host, opts)
			if err != nil {
				return nil, factoryError(where, ri.Factory, err)
			}
			if err := opts.CheckRead(); err != nil { // keys the factory never read, as supervisord's TypeError
				return nil, err
			}
			if err := add(ri.Name, v, where); err != nil {
				return nil, err
			}
		}
	}
	for _, x := range s.namespaces {
		if err := add(x.name, x.value, nil); err != nil {
			return nil, err
		}
	}
	return nss, nil
}

// Service returns the dispatcher behind the handler, for callers that
// serve XML-RPC bodies without HTTP.
func (h *Handler) Service() *namespace.Service { return h.svc }

// ServeHTTP answers one XML-RPC request. In order: credentials (401 with
// the Basic challenge when they are missing, wrong or undecodable, before
// anything else is looked at, the body included), a browser's cross-site
// request (403, see crossSite), the method (405 unless POST), the body's
// framing (411 without Content-Length unless chunked, 413 beyond the size
// limit: the body is then not read), the body itself (408 when it does
// not arrive within the body read timeout, 400 when it is not a
// well-formed methodCall or exceeds a decoder limit), then the call: 200
// with a value or a fault, or 500 when the method panicked.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if h.auth != nil {
		if h.auth.check(r.Header.Get("Authorization")) != authOK {
			h.unauthorized(w, r, start)
			return
		}
	}
	if crossSite(r) {
		closeUnread(w, r)
		h.refuse(w, r, http.StatusForbidden, "Forbidden: a browser sent this request from another site.", start)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		closeUnread(w, r)
		h.refuse(w, r, http.StatusMethodNotAllowed, "Method Not Allowed: XML-RPC requests are POSTed.", start)
		return
	}
	if r.ContentLength < 0 && len(r.TransferEncoding) == 0 || r.ContentLength == 0 && r.Header.Get("Content-Length") == "" {
		h.refuse(w, r, http.StatusLengthRequired, "Length Required: send a Content-Length header.", start)
		return
	}
	if r.ContentLength > h.maxBody {
		h.tooLarge(w, r, start)
		return
	}

	in := h.acquire()
	body, err := h.readBody(w, r, *in)
	*in = body[:0]
	if err != nil {
		h.release(in)
		h.bodyFailed(w, r, err, start)
		return
	}
	out := h.acquire()
	if h.callTimeout > 0 {
		h.serveTimed(w, r, body, in, out, start)
		return
	}
	resp, info, err := h.svc.Serve(r.Context(), body, *out)
	*out = resp[:0]
	h.answer(w, r, resp, info, err, start)
	h.release(in)
	h.release(out)
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
		h.logger.Warn("rpcext: system.multicall refused", "remote", r.RemoteAddr, "fault", info.Fault.FaultString())
	}
	if h.logger.Enabled(r.Context(), slog.LevelDebug) {
		attrs := []any{"method", info.Method, "remote", r.RemoteAddr, "duration", time.Since(start)}
		if info.Fault != nil {
			attrs = append(attrs, "fault", info.Fault.FaultString())
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
		h.logger.Error("rpcext: request refused", "status", http.StatusInternalServerError, "remote", r.RemoteAddr,
			"method", pe.Method, "panic", fmt.Sprint(pe.Value), "duration", time.Since(start))
		h.plain(w, http.StatusInternalServerError, "Internal Server Error: the method failed unexpectedly.")
		return
	}
	var le *xmlrpc.LimitError
	if errors.As(err, &le) {
		h.logger.Warn("rpcext: request exceeds a limit", "remote", r.RemoteAddr, "method", info.Method,
			"limit", le.Limit, "max", le.Max)
	} else {
		h.logger.Warn("rpcext: malformed XML-RPC request", "remote", r.RemoteAddr, "method", info.Method, "error", err)
	}
	h.plain(w, http.StatusBadRequest, "Bad Request: "+err.Error())
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

func (h *Handler) unauthorized(w http.ResponseWriter, r *http.Request, start time.Time) {
	w.Header().Set("WWW-Authenticate", `Basic realm="default"`)
	w.Header().Set("Connection", "close")
	closeUnread(w, r)
	h.refuse(w, r, http.StatusUnauthorized, "Unauthorized: this server requires HTTP Basic credentials.", start)
}

func (h *Handler) tooLarge(w http.ResponseWriter, r *http.Request, start time.Time) {
	w.Header().Set("Connection", "close")
	closeUnread(w, r)
	h.refuse(w, r, http.StatusRequestEntityTooLarge,
		fmt.Sprintf("Request Entity Too Large: the body may not exceed %d bytes.", h.maxBody), start)
}

// bodyFailed answers a request whose body could not be read.
func (h *Handler) bodyFailed(w http.ResponseWriter, r *http.Request, err error, start time.Time) {
	var mbe *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.As(err, &mbe):
		h.tooLarge(w, r, start)
	case errors.As(err, &ne) && ne.Timeout():
		w.Header().Set("Connection", "close")
		closeUnread(w, r)
		h.refuse(w, r, http.StatusRequestTimeout,
			fmt.Sprintf("Request Timeout: the body did not arrive within %v.", h.bodyTimeout), start)
	default:
		h.refuse(w, r, http.StatusBadRequest, "Bad Request: could not read the body: "+err.Error(), start)
	}
}

// closeUnread makes sure a request body the handler will not read costs
// nothing more: once the answer is written, net/http would otherwise
// wait for up to 256 kB of the body, with no deadline, before closing or
// reusing the connection, so that a client announcing a body it never
// sends would hold the connection (and a goroutine) forever. With the
// read deadline passed, that wait ends at once and the connection is
// closed after the answer.
func closeUnread(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength == 0 {
		return // nothing to read: the connection stays usable
	}
	w.Header().Set("Connection", "close")
	http.NewResponseController(w).SetReadDeadline(time.Now())
}

// refuse answers a request that is not served, and logs it.
func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, status int, msg string, start time.Time) {
	level := slog.LevelDebug
	switch {
	case status >= 500:
		level = slog.LevelError
	case status == http.StatusRequestEntityTooLarge, status == http.StatusRequestTimeout:
		level = slog.LevelWarn
	}
	h.logger.Log(r.Context(), level, "rpcext: request refused", "status", status, "remote", r.RemoteAddr,
		"method", r.Method, "path", r.URL.Path, "duration", time.Since(start))
	h.plain(w, status, msg)
}

func (h *Handler) plain(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	io.WriteString(w, msg+"\n")
}
