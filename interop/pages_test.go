package interop_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// fetchPage GETs a page of the host with optional Basic credentials.
func fetchPage(t *testing.T, url, user, pass string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(body)
}

// listMethods asks the host for system.listMethods.
func listMethods(t *testing.T, h *host, user, pass string) []string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.URL, strings.NewReader("<methodCall><methodName>system.listMethods</methodName></methodCall>"))
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	var names []string
	for _, m := range regexp.MustCompile(`<string>([^<]+)</string>`).FindAllStringSubmatch(string(body), -1) {
		names = append(names, m[1])
	}
	if len(names) == 0 {
		t.Fatalf("system.listMethods: %s", body)
	}
	return names
}

// TestHostPages: on the corpus's config the example host serves the API
// explorer, listing every method system.listMethods names (echo.add with
// its docstring), and supervisord's status page, listing sleeper as
// running; with the corpus's auth config both need the credentials and
// ask for them as /RPC2 does.
func TestHostPages(t *testing.T) {
	for _, tc := range []struct {
		config, user, pass string
	}{
		{"supervisord.conf", "", ""},
		{"supervisord-auth.conf", "user", "123"},
	} {
		t.Run(tc.config, func(t *testing.T) {
			h := startCorpusHost(t, tc.config, "")
			base := "http://" + h.Addr
			status, _, page := fetchPage(t, base+"/explorer/", tc.user, tc.pass)
			if status != 200 {
				t.Fatalf("/explorer/: %d", status)
			}
			for _, name := range listMethods(t, h, tc.user, tc.pass) {
				if !strings.Contains(page, `<article class="method" id="`+name+`"`) {
					t.Errorf("/explorer/ does not show %s", name)
				}
			}
			if !strings.Contains(page, `<pre class="help">Add two numbers (int or double).</pre>`) {
				t.Error("/explorer/ does not show echo.add's help")
			}
			status, _, page = fetchPage(t, base+"/", tc.user, tc.pass)
			if status != 200 || !regexp.MustCompile(`<tr data-process="sleeper">\s*<td class="state"><span class="badge running">running</span>`).MatchString(page) {
				t.Errorf("/: %d, sleeper not running:\n%s", status, page)
			}
			if !strings.Contains(page, `href="/explorer/"`) {
				t.Error("the status page does not link to the explorer")
			}
			if tc.user == "" {
				return
			}
			rpcStatus, rpcHeader, _ := fetchPage(t, h.URL, "", "")
			for _, path := range []string{"/", "/index.html", "/tail.html?processname=sleeper", "/explorer/", "/explorer/assets/explorer.js", "/ui/status.css"} {
				for _, cred := range [][2]string{{"", ""}, {tc.user, "wrong"}} {
					status, header, body := fetchPage(t, base+path, cred[0], cred[1])
					if status != 401 || status != rpcStatus || header.Get("WWW-Authenticate") != rpcHeader.Get("WWW-Authenticate") {
						t.Errorf("%s with %q: %d %q; /RPC2 answers %d %q", path, cred, status, header.Get("WWW-Authenticate"), rpcStatus, rpcHeader.Get("WWW-Authenticate"))
					}
					if strings.Contains(body, "sleeper") || strings.Contains(body, "echo.add") {
						t.Errorf("%s: refused, yet the page was sent", path)
					}
				}
			}
		})
	}
}
