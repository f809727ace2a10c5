package rpcext

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/supervisorrpc/rpcinterface/namespace"
)

// Handler serves XML-RPC at the path it is mounted on: POST requests whose
// body is a methodCall, answered with a methodResponse (text/xml). What a
// client can observe matches supervisord 4.2.5, with the documented
// exceptions (see the package documentation).
type Handler struct {
	svc     *namespace.Service
	auth    *basicAuth
	maxBody int64
	logger  *slog.Logger
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
	h := &Handler{maxBody: s.maxBody, logger: s.logger}
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
	for _, ic := range s.interceptors {
		svcOpts = append(svcOpts, namespace.WithInterceptor(ic))
	}
	if h.svc, err = namespace.NewService(nss, svcOpts...); err != nil {
		return nil, fmt.Errorf("rpcext: %w", err)
	}
	return h, nil
}

// buildNamespaces calls each section's factory once and reflects over the
// values it returns.
func buildNamespaces(cfg *Config, s mountSettings) ([]*namespace.Namespace, error) {
	var nss []*namespace.Namespace
	add := func(name string, v any, where *ConfigError) error {
		ns, err := namespace.Build(name, v)
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
				where.Err = fmt.Errorf("%s cannot be resolved within [%s] (no factory registered under that name: forgotten import of the plugin package?)",
					ri.Factory, ri.Options.Section())
				return nil, where
			}
			v, err := factory(s.host, ri.Options)
			if err != nil {
				where.Err = fmt.Errorf("factory %s: %w", ri.Factory, err)
				return nil, where
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

// buffers are pooled request and response bodies.
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

const maxPooledBuffer = 8 << 20

func getBuffer() *[]byte { return buffers.Get().(*[]byte) }

func putBuffer(b *[]byte) {
	if cap(*b) <= maxPooledBuffer {
		*b = (*b)[:0]
		buffers.Put(b)
	}
}

// ServeHTTP answers one XML-RPC request. In order: credentials (401, or
// 400 for malformed Basic credentials, before anything else is looked
// at), the method (405 unless POST), the body's framing (411 without
// Content-Length unless chunked, 413 beyond the size limit), the body
// (400 when it is not a well-formed methodCall), then the call: 200 with
// a value or a fault, or 500 when the method panicked.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if h.auth != nil {
		switch h.auth.check(r.Header.Get("Authorization")) {
		case authMissing, authWrong:
			w.Header().Set("WWW-Authenticate", `Basic realm="default"`)
			w.Header().Set("Connection", "close")
			h.refuse(w, r, http.StatusUnauthorized, "Unauthorized: this server requires HTTP Basic credentials.", start)
			return
		case authMalformed:
			h.refuse(w, r, http.StatusBadRequest, "Bad Request: malformed Basic credentials.", start)
			return
		}
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.refuse(w, r, http.StatusMethodNotAllowed, "Method Not Allowed: XML-RPC requests are POSTed.", start)
		return
	}
	if r.ContentLength < 0 && len(r.TransferEncoding) == 0 || r.ContentLength == 0 && r.Header.Get("Content-Length") == "" {
		h.refuse(w, r, http.StatusLengthRequired, "Length Required: send a Content-Length header.", start)
		return
	}
	if r.ContentLength > h.maxBody {
		h.refuse(w, r, http.StatusRequestEntityTooLarge,
			fmt.Sprintf("Request Entity Too Large: the body may not exceed %d bytes.", h.maxBody), start)
		return
	}

	in := getBuffer()
	defer putBuffer(in)
	body, err := readBody(r, *in, h.maxBody)
	*in = body[:0]
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			h.refuse(w, r, http.StatusRequestEntityTooLarge,
				fmt.Sprintf("Request Entity Too Large: the body may not exceed %d bytes.", h.maxBody), start)
			return
		}
		h.refuse(w, r, http.StatusBadRequest, "Bad Request: could not read the body: "+err.Error(), start)
		return
	}

	out := getBuffer()
	defer putBuffer(out)
	resp, info, err := h.svc.Serve(r.Context(), body, *out)
	*out = resp[:0]
	if err != nil {
		var pe *namespace.PanicError
		if errors.As(err, &pe) {
			h.refuse(w, r, http.StatusInternalServerError, "Internal Server Error: the method failed unexpectedly.", start)
			return
		}
		h.logger.Warn("rpcext: malformed XML-RPC request", "remote", r.RemoteAddr, "method", info.Method, "error", err)
		h.plain(w, http.StatusBadRequest, "Bad Request: "+err.Error())
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "text/xml")
	hdr.Set("Content-Length", strconv.Itoa(len(resp)))
	w.WriteHeader(http.StatusOK)
	w.Write(resp)
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

// readBody reads the request body into buf, growing it as needed, and
// no further than max bytes.
func readBody(r *http.Request, buf []byte, max int64) ([]byte, error) {
	if r.ContentLength >= 0 {
		n := int(r.ContentLength)
		if cap(buf) < n {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		_, err := io.ReadFull(r.Body, buf)
		return buf, err
	}
	rd := http.MaxBytesReader(nil, r.Body, max)
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := rd.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// refuse answers a request that is not served, and logs it.
func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, status int, msg string, start time.Time) {
	level := slog.LevelDebug
	switch {
	case status >= 500:
		level = slog.LevelError
	case status == http.StatusRequestEntityTooLarge:
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
