package client

import (
	"fmt"
	"net/url"
	"strings"
)

// DefaultPath is where a call is posted when the server URL has no path:
// where supervisord serves XML-RPC, and Python's xmlrpc.client posts.
const DefaultPath = "/RPC2"

// endpoint is a parsed server URL.
type endpoint struct {
	post       string // the URL requests are posted to
	socket     string // the unix socket to dial, or ""
	user, pass string // credentials from the URL
	auth       bool
	display    string // the URL without its password, for messages
}

// parseServerURL reads the forms of supervisorctl's serverurl:
// http://host[:port][/path], https://..., and unix://path (supervisorctl
// takes everything after "unix://" as the socket's path, so a relative
// path is relative to the working directory).
func parseServerURL(raw string) (endpoint, error) {
	if path, ok := strings.CutPrefix(raw, "unix://"); ok {
		if path == "" {
			return endpoint{}, fmt.Errorf("client: server URL %q: no socket path after unix://", raw)
		}
		return endpoint{post: "http://localhost" + DefaultPath, socket: path, display: raw}, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return endpoint{}, fmt.Errorf("client: server URL: %w", err)
	}
	switch u.Scheme {
	case "http", "https":
	case "":
		return endpoint{}, fmt.Errorf("client: server URL %q: no scheme (want http://, https:// or unix://)", raw)
	default:
		return endpoint{}, fmt.Errorf("client: server URL %q: unsupported scheme %q (want http, https or unix)", raw, u.Scheme)
	}
	if u.Host == "" {
		return endpoint{}, fmt.Errorf("client: server URL %q: no host", raw)
	}
	var ep endpoint
	if u.User != nil {
		ep.user = u.User.Username()
		ep.pass, _ = u.User.Password()
		ep.auth = true
		u.User = nil
	}
	if u.Path == "" && u.RawPath == "" {
		u.Path = DefaultPath
	}
	u.Fragment, u.RawFragment = "", ""
	ep.post = u.String()
	ep.display = ep.post
	return ep, nil
}
