package client

import (
	"log/slog"
	"net/http"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// DefaultMaxResponseBytes is the default limit on an answer's body
// (WithMaxResponseBytes): room for rpcext's default 16 MiB requests echoed
// back as base64, and far below what would endanger a program that reads
// a hostile server's answer.
const DefaultMaxResponseBytes = 64 << 20

// Option changes how Dial sets a Client up.
type Option interface{ apply(*settings) }

type settings struct {
	user, pass  string
	auth        bool
	httpClient  *http.Client
	maxResponse int64
	logger      *slog.Logger
	strict      bool
	spec        bool
	limits      xmlrpc.Limits
}

type optionFunc func(*settings)

func (f optionFunc) apply(s *settings) { f(s) }

// WithBasicAuth sends HTTP Basic credentials with every call, as
// supervisorctl sends the [supervisorctl] section's username and
// password. Credentials in the URL (http://user:pass@host) are used when
// this option is absent.
func WithBasicAuth(username, password string) Option {
	return optionFunc(func(s *settings) { s.user, s.pass, s.auth = username, password, true })
}

// WithHTTPClient makes the Client send its requests with hc, for TLS
// settings, proxies or a transport of one's own; the Client then leaves
// hc's connections to hc's owner (Close does not close them). For a
// unix:// URL, hc's transport must be nil or an *http.Transport: the
// Client uses a copy of it that dials the socket. A timeout in hc applies
// besides the context's.
func WithHTTPClient(hc *http.Client) Option {
	return optionFunc(func(s *settings) { s.httpClient = hc })
}

// WithMaxResponseBytes limits the size of an answer's body; a larger one
// fails the call with an error matching ErrResponseTooLarge, without
// reading it whole. Zero or a negative n means DefaultMaxResponseBytes.
func WithMaxResponseBytes(n int64) Option {
	return optionFunc(func(s *settings) { s.maxResponse = n })
}

// WithLogger logs each call at level Debug (method, duration, bytes sent
// and received, and the error), and nothing else. Without it the Client
// logs nothing.
func WithLogger(l *slog.Logger) Option {
	return optionFunc(func(s *settings) { s.logger = l })
}

// WithStrictMembers makes a struct member of an answer that the Go struct
// has no field for fail the call with an *xmlrpc.TypeError, instead of
// being ignored (a struct type with an xmlrpc.IgnoreUnknown field still
// ignores them).
func WithStrictMembers() Option {
	return optionFunc(func(s *settings) { s.strict = true })
}

// WithSpecMulticall makes Multicall read answers in the multicall
// specification's dialect, where each call's value comes wrapped in an
// array of one (Python's SimpleXMLRPCServer, rpcext's servers with
// rpcext.WithSpecMulticall), instead of supervisord's.
func WithSpecMulticall() Option {
	return optionFunc(func(s *settings) { s.spec = true })
}

// WithLimits bounds what decoding an answer may make the Client do (its
// nesting depth, number of values, longest string...); zero fields take
// xmlrpc.DefaultLimits, as a server's requests do.
func WithLimits(l xmlrpc.Limits) Option {
	return optionFunc(func(s *settings) { s.limits = l })
}
