package rpcext_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// TestCrossSiteBrowserRequestsRefused: a call a browser says it sends from
// another site (a form there, POSTing an XML-RPC body as text/plain with
// the credentials the browser holds) is refused with 403 before it runs;
// same-origin pages (the explorer) and clients that are not browsers are
// served.
func TestCrossSiteBrowserRequestsRefused(t *testing.T) {
	config := testConfig + "\n[inet_http_server]\nport = 127.0.0.1:9\nusername = admin\npassword = s3cret\n"
	var calls atomic.Int32
	h, _, _ := newTestHandler(t, config, rpcext.WithInterceptor(func(ctx context.Context, method string, next func(context.Context) error) error {
		calls.Add(1)
		return next(ctx)
	}))
	body := call("test.getRetries")
	for _, tc := range []struct {
		name    string
		headers map[string]string
		status  int
	}{
		{"no browser headers (supervisorctl, Python, Go)", nil, 200},
		{"same-origin page", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "http://example.com"}, 200},
		{"typed or bookmarked", map[string]string{"Sec-Fetch-Site": "none"}, 200},
		{"Origin of this host", map[string]string{"Origin": "http://example.com"}, 200},
		{"cross-site form", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example", "Content-Type": "text/plain"}, 403},
		{"same-site, other origin", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "http://other.example.com"}, 403},
		{"old browser, other Origin", map[string]string{"Origin": "http://evil.example"}, 403},
		{"opaque origin", map[string]string{"Origin": "null"}, 403},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls.Store(0)
			r := httptest.NewRequest(http.MethodPost, "/RPC2", strings.NewReader(body))
			r.Header.Set("Authorization", basic("admin", "s3cret"))
			for k, v := range tc.headers {
				r.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			if ran := calls.Load() == 1; ran != (tc.status == 200) {
				t.Errorf("the method ran: %v", ran)
			}
		})
	}
	// Credentials still come first: a cross-site request without them is 401.
	r := httptest.NewRequest(http.MethodPost, "/RPC2", strings.NewReader(body))
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != 401 {
		t.Errorf("cross-site without credentials: %d", rec.Code)
	}
}
