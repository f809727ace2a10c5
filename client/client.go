package client

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"reflect"
	"time"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// Client calls one XML-RPC server. It is safe for concurrent use; calls
// share a pool of kept-alive connections.
type Client struct {
	ep          endpoint
	hc          *http.Client
	owned       *http.Transport // the transport the Client made, closed by Close
	authHeader  string          // "Basic ...", or ""
	maxResponse int64
	logger      *slog.Logger // nil: no logging
	decOpts     []xmlrpc.DecoderOption
	spec        bool
	limits      xmlrpc.Limits
}

// Dial returns a Client for the server at serverURL, in one of the forms
// of supervisorctl's serverurl: http://host:port, https://host:port or
// unix:///absolute/path.sock (/RPC2 is posted to when an http(s) URL has
// no path; a unix socket is always asked for /RPC2). Dial only checks the
// URL and the options: no connection is made until the first call, so a
// server that is down fails the first call, not Dial.
func Dial(serverURL string, opts ...Option) (*Client, error) {
	var s settings
	for _, o := range opts {
		o.apply(&s)
	}
	ep, err := parseServerURL(serverURL)
	if err != nil {
		return nil, err
	}
	c := &Client{ep: ep, maxResponse: s.maxResponse, logger: s.logger, spec: s.spec, limits: s.limits}
	if c.maxResponse <= 0 {
		c.maxResponse = DefaultMaxResponseBytes
	}
	if !s.strict {
		c.decOpts = []xmlrpc.DecoderOption{xmlrpc.IgnoreUnknownMembers()}
	}
	user, pass, auth := ep.user, ep.pass, ep.auth
	if s.auth {
		user, pass, auth = s.user, s.pass, true
	}
	if auth {
		c.authHeader = "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
	}
	if c.hc, c.owned, err = httpClient(s.httpClient, ep.socket); err != nil {
		return nil, fmt.Errorf("client: %s: %w", serverURL, err)
	}
	return c, nil
}

// httpClient returns the *http.Client calls are sent with, and the
// transport the Client owns when it made one.
func httpClient(given *http.Client, socket string) (*http.Client, *http.Transport, error) {
	if given != nil && socket == "" {
		return given, nil, nil
	}
	var t *http.Transport
	switch {
	case given == nil || given.Transport == nil:
		t = http.DefaultTransport.(*http.Transport).Clone()
		// Calls to one server from many goroutines: keep more than
		// net/http's default of 2 idle connections to it.
		t.MaxIdleConnsPerHost = 16
	default:
		gt, ok := given.Transport.(*http.Transport)
		if !ok {
			return nil, nil, fmt.Errorf("a unix socket needs an *http.Transport to dial it, not %T", given.Transport)
		}
		t = gt.Clone()
	}
	if socket != "" {
		var d net.Dialer
		t.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			return d.DialContext(ctx, "unix", socket)
		}
		t.Proxy = nil
	}
	if given != nil {
		hc := *given
		hc.Transport = t
		return &hc, nil, nil
	}
	return &http.Client{Transport: t}, t, nil
}

// URL returns the server's URL as given to Dial, without a password:
// for an http(s) URL, the URL calls are posted to.
func (c *Client) URL() string { return c.ep.display }

// Close closes the connections the Client keeps open that are idle. Calls
// in progress finish; the Client may be used again (it then opens new
// connections). With WithHTTPClient the connections are the given
// client's, and Close leaves them alone.
func (c *Client) Close() error {
	if c.owned != nil {
		c.owned.CloseIdleConnections()
	}
	return nil
}

// Call calls method with args and decodes its answer into the value
// result points to (see the package documentation for the rules); a nil
// result checks the answer and discards it. A fault answer is returned
// as the *xmlrpc.Fault; other errors are wrapped with the method's name.
// A result that is not a non-nil pointer, or an argument that cannot be
// sent, fails before anything is sent.
func (c *Client) Call(ctx context.Context, method string, result any, args ...any) error {
	if err := c.checkResult(result); err != nil {
		return fmt.Errorf("client: %s: %w", method, err)
	}
	st := getState()
	defer putState(st)
	if err := st.encodeCall(method, args); err != nil {
		return fmt.Errorf("client: %s: %w", method, err)
	}
	start := time.Now()
	body, err := c.post(ctx, st)
	if err == nil {
		err = st.decodeAnswer(body, result, c)
	}
	c.log(ctx, method, start, st, body, err)
	if err != nil {
		if _, fault := err.(*xmlrpc.Fault); fault {
			return err
		}
		return fmt.Errorf("client: %s: %w", method, err)
	}
	return nil
}

// CallRaw calls method with args, as Call does, and returns the answer's
// body as the server sent it, for a program that shows or keeps the XML
// (rpcctl -raw). The body is checked as Call checks an answer it
// discards: a fault answer returns the body and the *xmlrpc.Fault, a
// malformed one the body and the error saying why. Transport and HTTP
// errors return no body.
func (c *Client) CallRaw(ctx context.Context, method string, args ...any) ([]byte, error) {
	st := getState()
	defer putState(st)
	if err := st.encodeCall(method, args); err != nil {
		return nil, fmt.Errorf("client: %s: %w", method, err)
	}
	start := time.Now()
	body, err := c.post(ctx, st)
	if err == nil {
		err = st.decodeAnswer(body, nil, c)
		body = bytes.Clone(body) // st.answer goes back to the pool
	}
	c.log(ctx, method, start, st, body, err)
	if err != nil {
		if _, fault := err.(*xmlrpc.Fault); fault {
			return body, err
		}
		return body, fmt.Errorf("client: %s: %w", method, err)
	}
	return body, nil
}

// checkResult reports a result that cannot be decoded into, before the
// call is sent.
func (c *Client) checkResult(result any) error {
	if result == nil {
		return nil
	}
	p := reflect.ValueOf(result)
	if p.Kind() != reflect.Pointer || p.IsNil() {
		return fmt.Errorf("the result must be a non-nil pointer, not %T", result)
	}
	_, err := xmlrpc.DecoderOf(p.Type().Elem(), c.decOpts...)
	return err
}

// log records a call at level Debug.
func (c *Client) log(ctx context.Context, method string, start time.Time, st *callState, answer []byte, err error) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("url", c.ep.display), slog.String("method", method),
		slog.Duration("duration", time.Since(start)),
		slog.Int("sent", len(st.enc.Bytes())), slog.Int("received", len(answer)),
	}
	if err != nil {
		attrs = append(attrs, slog.Any("error", err))
	}
	c.logger.LogAttrs(ctx, slog.LevelDebug, "client: call", attrs...)
}
