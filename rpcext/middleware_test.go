package rpcext_test

import (
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// TestHTTPMiddleware checks that WithHTTPMiddleware wraps every path of
// a listener, outermost first, behind the credentials check.
func TestHTTPMiddleware(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	mw := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				seen = append(seen, name+" "+r.URL.Path)
				mu.Unlock()
				next.ServeHTTP(w, r)
			})
		}
	}
	config := testConfig + `
[inet_http_server]
port = 127.0.0.1:` + itoa(freePort(t)) + `
username = user
password = pass
`
	hello := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hi") })
	s := startServe(t, config, rpcext.WithHTTPMiddleware(mw("outer")), rpcext.WithHTTPHandler("/hello", hello),
		rpcext.WithHTTPMiddleware(mw("inner")))
	c := clientFor("tcp", s.tcp)
	if status, _ := rpc(t, c, call("test.getRetries"), ""); status != http.StatusUnauthorized {
		t.Fatalf("without credentials: %d", status)
	}
	if len(seen) != 0 {
		t.Fatalf("the middleware saw a request without credentials: %q", seen)
	}
	if status, body := rpc(t, c, call("test.getRetries"), basic("user", "pass")); status != http.StatusOK {
		t.Fatalf("with credentials: %d %s", status, body)
	}
	req, _ := http.NewRequest(http.MethodGet, "http://localhost/hello", nil)
	req.Header.Set("Authorization", basic("user", "pass"))
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(b) != "hi" {
		t.Fatalf("/hello: %d %q", resp.StatusCode, b)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"outer /RPC2", "inner /RPC2", "outer /hello", "inner /hello"}; !slices.Equal(seen, want) {
		t.Fatalf("middleware saw %q, want %q", seen, want)
	}
}
