package client_test

import (
	"bytes"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/supervisorrpc/rpcinterface/client"
	"github.com/supervisorrpc/rpcinterface/rpcext"
	"github.com/supervisorrpc/rpcinterface/rpctest"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// CallRaw returns the answer as sent: a value, a fault with the fault,
// a malformed answer with the reason; and its body is the caller's (a
// later call does not overwrite it).
func TestCallRaw(t *testing.T) {
	srv, ns := serve(t)
	c := srv.Client()
	ctx := t.Context()

	body, err := c.CallRaw(ctx, "t.add", 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	kept := bytes.Clone(body)
	var sum int
	if err := xmlrpc.NewDecoder(body, xmlrpc.Limits{}).DecodeResponse(&sum); err != nil || sum != 5 {
		t.Errorf("the body %q decodes as %d, %v", body, sum, err)
	}
	if _, err := c.CallRaw(ctx, "t.text", 100); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(body, kept) {
		t.Errorf("the first body changed with the next call: %q, was %q", body, kept)
	}

	body, err = c.CallRaw(ctx, "t.info", "nosuch")
	wantCode(t, "t.info(nosuch)", err, xmlrpc.CodeBadName)
	if f, _ := err.(*xmlrpc.Fault); f == nil || !bytes.Contains(body, []byte("<name>faultString</name>")) {
		t.Errorf("fault body %q", body)
	}

	calls := ns.calls.Load()
	if _, err := c.CallRaw(ctx, "t.echo", math.NaN()); err == nil || ns.calls.Load() != calls {
		t.Errorf("NaN: %v, %d calls reached the server", err, ns.calls.Load()-calls)
	}

	auth := rpctest.NewServer(t, "[inet_http_server]\nport = 127.0.0.1:9001\nusername = u\npassword = p\n",
		rpcext.WithNamespace("t", newTestNS()))
	body, err = mustDial(t, auth.URL).CallRaw(ctx, "t.add", 1, 2)
	var he *client.HTTPError
	if !errors.As(err, &he) || he.StatusCode != 401 || body != nil {
		t.Errorf("no credentials: %q, %v; want no body and a 401", body, err)
	}
}

func TestCallRawMalformed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html>hello</html>"))
	}))
	defer srv.Close()
	body, err := mustDial(t, srv.URL).CallRaw(t.Context(), "m")
	var se *xmlrpc.SyntaxError
	if !errors.As(err, &se) || string(body) != "<html>hello</html>" {
		t.Errorf("%q, %v; want the body and a syntax error", body, err)
	}
}
