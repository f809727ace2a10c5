package rpcext_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

func getPage(t *testing.T, h http.Handler, target, auth string) (*http.Response, string) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	if auth != "" {
		r.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Result(), string(body)
}

func TestExplorerOffByDefault(t *testing.T) {
	mux, _, _ := newTestHandler(t, testConfig)
	if res, _ := getPage(t, mux, rpcext.ExplorerPath, ""); res.StatusCode != http.StatusNotFound {
		t.Errorf("without WithExplorer, %s answered %d", rpcext.ExplorerPath, res.StatusCode)
	}
}

func TestExplorerMounted(t *testing.T) {
	mux, _, _ := newTestHandler(t, testConfig, rpcext.WithExplorer())
	res, page := getPage(t, mux, rpcext.ExplorerPath, "")
	if res.StatusCode != http.StatusOK || !strings.Contains(page, `id="test.getRetries"`) || !strings.Contains(page, `id="system.multicall"`) {
		t.Fatalf("%d, page:\n%s", res.StatusCode, page)
	}
	// The page's calls go to /RPC2 on the same server.
	m := regexp.MustCompile(`<body data-endpoint="([^"]+)">`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no endpoint on the page")
	}
	base, _ := url.Parse("http://host" + rpcext.ExplorerPath)
	if u, err := base.Parse(m[1]); err != nil || u.String() != "http://host"+rpcext.Path {
		t.Errorf("the page posts to %s (from %s)", u, m[1])
	}
	if res, body := getPage(t, mux, rpcext.ExplorerPath+"assets/explorer.js", ""); res.StatusCode != 200 || !strings.Contains(body, "methodCall") {
		t.Errorf("the script: %d", res.StatusCode)
	}
	if res, _ := getPage(t, mux, strings.TrimSuffix(rpcext.ExplorerPath, "/"), ""); res.StatusCode/100 != 3 || res.Header.Get("Location") != rpcext.ExplorerPath {
		t.Errorf("%s without its slash: %d to %q, want a redirect", rpcext.ExplorerPath, res.StatusCode, res.Header.Get("Location"))
	}
}

// TestExplorerCredentials: the explorer needs the credentials /RPC2 needs,
// and asks for them with the same challenge (realm), through Mount and
// through Serve's listeners.
func TestExplorerCredentials(t *testing.T) {
	config := testConfig + "\n[inet_http_server]\nport = 127.0.0.1:" + itoa(freePort(t)) + "\nusername = admin\npassword = s3cret\n"
	mounted, _, _ := newTestHandler(t, config, rpcext.WithExplorer())
	served := startServe(t, config, rpcext.WithExplorer())
	viaServe := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, _ := http.NewRequest(r.Method, "http://"+served.tcp+r.URL.String(), nil)
		req.Header = r.Header
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		for k, v := range res.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(res.StatusCode)
		io.Copy(w, res.Body)
	})
	for _, srv := range []struct {
		name string
		h    http.Handler
	}{{"Mount", mounted}, {"Serve", viaServe}} {
		t.Run(srv.name, func(t *testing.T) {
			rpc2, _ := getPage(t, srv.h, rpcext.Path, "")
			challenge := rpc2.Header.Get("WWW-Authenticate")
			if rpc2.StatusCode != 401 || challenge != `Basic realm="default"` {
				t.Fatalf("/RPC2 without credentials: %d %q", rpc2.StatusCode, challenge)
			}
			for _, path := range []string{rpcext.ExplorerPath, rpcext.ExplorerPath + "?q=retries", rpcext.ExplorerPath + "assets/explorer.css", rpcext.ExplorerPath + "nothing"} {
				for _, tc := range []struct {
					auth   string
					status int
				}{
					{"", 401},
					{basic("admin", "wrong"), 401},
					{basic("root", "s3cret"), 401},
					{"Basic !!!", 401},
					{basic("admin", "s3cret"), 200},
				} {
					want := tc.status
					if want == 200 && strings.HasSuffix(path, "nothing") {
						want = 404
					}
					res, body := getPage(t, srv.h, path, tc.auth)
					if res.StatusCode != want {
						t.Errorf("%s with %q: %d, want %d", path, tc.auth, res.StatusCode, want)
					}
					if want == 401 {
						if got := res.Header.Get("WWW-Authenticate"); got != challenge {
							t.Errorf("%s: challenge %q, /RPC2's is %q", path, got, challenge)
						}
						if strings.Contains(body, "test.getRetries") {
							t.Errorf("%s: refused, yet the method table was sent", path)
						}
					}
				}
			}
		})
	}
}
