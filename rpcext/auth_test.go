package rpcext_test

import (
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// TestNoCredentialsInLogs: at debug level, neither a password (right or
// wrong) nor an Authorization header value (nor its base64 part) appears
// in the log of successful and refused requests, malformed credentials,
// malformed bodies, faults and panics, through Mount and through Serve.
func TestNoCredentialsInLogs(t *testing.T) {
	const user, pass, wrong = "admin", "s3cret-Pa55", "guess-Pa55"
	sum := sha1.Sum([]byte(pass))
	for _, configured := range []string{pass, "{SHA}" + hex.EncodeToString(sum[:])} {
		config := testConfig + "\n[inet_http_server]\nport = 127.0.0.1:" + itoa(freePort(t)) +
			"\nusername = " + user + "\npassword = " + configured + "\n"
		logs := newLogged()
		h, _, _ := newTestHandler(t, config, rpcext.WithLogger(logs.logger()))
		served := startServe(t, config, rpcext.WithLogger(logs.logger()))
		good, bad := basic(user, pass), basic(user, wrong)
		malformed := "Basic " + pass // not base64
		secrets := []string{pass, wrong, strings.TrimPrefix(good, "Basic "), strings.TrimPrefix(bad, "Basic "),
			hex.EncodeToString(sum[:]), base64.StdEncoding.EncodeToString([]byte(pass))}
		requests := []struct {
			name, method, auth, body string
		}{
			{"success", "POST", good, call("test.getRetries")},
			{"fault", "POST", good, call("test.missing", "<string>x</string>")},
			{"panic", "POST", good, call("test.boom")},
			{"malformed body", "POST", good, "<methodCall><methodName>test.add</methodName><params><param><value><int>x</int></value></param></params></methodCall>"},
			{"GET", "GET", good, ""},
			{"wrong password", "POST", bad, call("test.getRetries")},
			{"unknown user", "POST", basic("root", pass), call("test.getRetries")},
			{"malformed credentials", "POST", malformed, call("test.getRetries")},
			{"no credentials", "POST", "", call("test.getRetries")},
		}
		for _, r := range requests {
			req := httptest.NewRequest(r.method, "/RPC2", strings.NewReader(r.body))
			req.Header.Set("Content-Length", fmt.Sprint(len(r.body)))
			if r.auth != "" {
				req.Header.Set("Authorization", r.auth)
			}
			h.ServeHTTP(httptest.NewRecorder(), req)

			req, _ = http.NewRequest(r.method, "http://"+served.tcp+"/RPC2", strings.NewReader(r.body))
			if r.auth != "" {
				req.Header.Set("Authorization", r.auth)
			}
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
			}
		}
		out := logs.String()
		if !strings.Contains(out, "status=401") || !strings.Contains(out, "panicked") {
			t.Fatalf("the requests were not logged:\n%s", out)
		}
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("the log contains the secret %q:\n%s", s, out)
			}
		}
	}
}

// TestUndecodableCredentials401: credentials that are not base64 or not
// UTF-8 get 401 with the same challenge as missing ones (supervisord:
// 400), through Mount's handler and Serve's listeners alike, so that the
// client asks its user again.
func TestUndecodableCredentials401(t *testing.T) {
	config := testConfig + "\n[inet_http_server]\nport = 127.0.0.1:" + itoa(freePort(t)) + "\nusername = admin\npassword = s3cret\n"
	h, _, _ := newTestHandler(t, config)
	served := startServe(t, config)
	body := call("test.getRetries")
	for _, auth := range []string{
		"Basic s3cret!",
		"Basic " + base64.StdEncoding.EncodeToString([]byte("admin:s3cr\xe9t")),
	} {
		req := httptest.NewRequest("POST", "/RPC2", strings.NewReader(body))
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized || rec.Header().Get("WWW-Authenticate") != `Basic realm="default"` {
			t.Errorf("handler, %q: %d %q, want 401 with the Basic challenge", auth, rec.Code, rec.Header().Get("WWW-Authenticate"))
		}
		req, _ = http.NewRequest("POST", "http://"+served.tcp+"/RPC2", strings.NewReader(body))
		req.Header.Set("Authorization", auth)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") != `Basic realm="default"` {
			t.Errorf("Serve, %q: %d %q, want 401 with the Basic challenge", auth, resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
		}
	}
}

// Test401BeforeBody: with credentials required, a request without them
// is answered 401 without its body being read: a client that sends the
// headers of a 10 MB body and no body at all still gets its 401.
func Test401BeforeBody(t *testing.T) {
	config := testConfig + "\n[inet_http_server]\nport = 127.0.0.1:" + itoa(freePort(t)) + "\nusername = admin\npassword = s3cret\n"
	h, _, _ := newTestHandler(t, config)
	served := startServe(t, config)
	mounted := httpServer(t, h)
	raw := postHeader(fmt.Sprintf("Content-Length: %d\r\n", 10<<20))
	for _, srv := range []struct{ name, addr string }{{"Serve", served.tcp}, {"Mount", mounted.Listener.Addr().String()}} {
		t.Run(srv.name, func(t *testing.T) {
			if status := rawStatus(t, "tcp", srv.addr, raw); status != 401 {
				t.Fatalf("status %d", status)
			}
		})
	}
	t.Run("nothing read", func(t *testing.T) {
		cr := &countingReader{r: strings.NewReader(call("test.getRetries"))}
		r := httptest.NewRequest(http.MethodPost, "/RPC2", cr)
		r.Header.Set("Authorization", basic("admin", "wrong"))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 401 || cr.n != 0 {
			t.Fatalf("status %d after reading %d bytes of the body", w.Code, cr.n)
		}
	})
}
