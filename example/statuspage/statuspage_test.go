package statuspage

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// rowOf returns the HTML of a process's row.
func rowOf(page, name string) string {
	start := strings.Index(page, `<tr data-process="`+name+`">`)
	if start < 0 {
		return ""
	}
	return page[start : start+strings.Index(page[start:], "</tr>")]
}

var buttonRE = regexp.MustCompile(`<button type="submit" name="action" value="([a-z]+)"`)

func TestStatusShowsProcesses(t *testing.T) {
	p := newPage(newFake())
	res, page := get(p, "/")
	if res.StatusCode != 200 {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, tc := range []struct {
		name, state, class, desc string
		actions                  []string
	}{
		// supervisord's actions_for_process: by state.
		{"web", "running", "running", "pid 42, uptime 0:01:00", []string{"restart", "stop", "clearlog"}},
		{"jobs:worker", "stopped", "nominal", "Not started", []string{"start", "clearlog"}},
		{"batch", "starting", "nominal", "", []string{"clearlog"}},
	} {
		row := rowOf(page, tc.name)
		if row == "" {
			t.Errorf("%s is not listed", tc.name)
			continue
		}
		if !strings.Contains(row, `<span class="badge `+tc.class+`">`+tc.state+`</span>`) {
			t.Errorf("%s: state not shown as %s/%s:\n%s", tc.name, tc.class, tc.state, row)
		}
		if !strings.Contains(row, `<td class="desc">`+tc.desc+`</td>`) {
			t.Errorf("%s: description not %q", tc.name, tc.desc)
		}
		var got []string
		for _, m := range buttonRE.FindAllStringSubmatch(row, -1) {
			got = append(got, m[1])
		}
		if !slices.Equal(got, tc.actions) {
			t.Errorf("%s: actions %v, want %v", tc.name, got, tc.actions)
		}
		tail := "tail.html?" + url.Values{"processname": {tc.name}}.Encode()
		if !strings.Contains(html.UnescapeString(row), `href="`+tail+`"`) {
			t.Errorf("%s: no link to its tail %s", tc.name, tail)
		}
	}
	// Order as getAllProcessInfo answers.
	if strings.Index(page, `data-process="batch"`) > strings.Index(page, `data-process="web"`) {
		t.Error("rows out of order")
	}
	for _, want := range []string{`value="restartall"`, `value="stopall"`, `href="index.html?action=refresh"`, "test-id", "4.2.5"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
}

func TestStatusEscapes(t *testing.T) {
	f := newFake()
	f.procs[0].Description = `<script>alert("x")</script> & 'more'`
	_, page := get(newPage(f), "/?message=<b>forged</b>")
	if strings.Contains(page, "<script>alert") || strings.Contains(page, "<b>forged") {
		t.Error("plugin or query text reached the page as markup")
	}
	if !strings.Contains(page, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;more&#39;`) {
		t.Error("the description does not appear as text")
	}
	if strings.Contains(page, "forged") {
		t.Error("an unsigned message is shown")
	}
}

func TestNoProcessesAndFaults(t *testing.T) {
	if _, page := get(newPage(&fake{}), "/"); !strings.Contains(page, "No programs to manage") {
		t.Error("an empty table is not said")
	}
	f := newFake()
	f.infoErr = rpcext.NewFault(rpcext.CodeShutdownState, "")
	if _, page := get(newPage(f), "/"); !strings.Contains(page, "unexpected rpc fault [6] SHUTDOWN_STATE") {
		t.Error("a fault reading the processes is not shown")
	}
}

func TestLinks(t *testing.T) {
	for _, tc := range []struct {
		opts              []Option
		explorer, metrics bool
	}{
		{nil, false, false},
		{[]Option{WithExplorer("/explorer/")}, true, false},
		{[]Option{WithMetrics("/metrics")}, false, true},
		{[]Option{WithExplorer("/explorer/"), WithMetrics("/metrics")}, true, true},
	} {
		for _, path := range []string{"/", "/tail.html?processname=web"} {
			_, page := get(newPage(newFake(), tc.opts...), path)
			if got := strings.Contains(page, `<a href="/explorer/" id="explorer-link">`); got != tc.explorer {
				t.Errorf("%s, explorer link %v, want %v", path, got, tc.explorer)
			}
			if got := strings.Contains(page, `<a href="/metrics" id="metrics-link">`); got != tc.metrics {
				t.Errorf("%s, metrics link %v, want %v", path, got, tc.metrics)
			}
		}
	}
}

// GET never changes anything: supervisord's index.html?action=stop links
// are refused, and only Refresh is a GET.
func TestGETChangesNothing(t *testing.T) {
	f := newFake()
	p := newPage(f)
	for _, target := range []string{
		"/?action=stop&processname=web", "/index.html?action=start&processname=jobs:worker",
		"/?action=stopall", "/?action=restartall", "/?action=clearlog&processname=web", "/?action=restart&processname=web",
	} {
		res, page := get(p, target)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "nothing was done") {
			t.Errorf("GET %s: %d", target, res.StatusCode)
		}
	}
	for _, target := range []string{"/", "/index.html", "/?action=refresh", "/tail.html?processname=web", "/ui/status.css"} {
		if res, _ := get(p, target); res.StatusCode != 200 {
			t.Errorf("GET %s: %d", target, res.StatusCode)
		}
		if res, body := do(p, httptest.NewRequest("HEAD", target, nil)); res.StatusCode != 200 || body != "" {
			t.Errorf("HEAD %s: %d, %d bytes", target, res.StatusCode, len(body))
		}
	}
	if c := f.called(); len(c) != 0 {
		t.Errorf("GETs made calls: %v", c)
	}
	if _, page := get(p, "/?action=refresh"); !strings.Contains(page, "Page refreshed at Wed Dec  2 09:05:07 2026") {
		t.Error("Refresh does not say when")
	}
	for _, tc := range []struct{ method, path string }{{"PUT", "/"}, {"DELETE", "/index.html"}, {"POST", "/tail.html"}, {"POST", "/ui/status.css"}} {
		if res, _ := do(p, httptest.NewRequest(tc.method, tc.path, nil)); res.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("%s %s: %d", tc.method, tc.path, res.StatusCode)
		}
	}
	if res, _ := get(p, "/other.html"); res.StatusCode != 404 {
		t.Errorf("an unknown page: %d", res.StatusCode)
	}
}

// An action is done only when POSTed by the page in the browser that
// loaded it: its token matches the browser's cookie, and the browser
// says the request is not cross-site.
func TestCSRF(t *testing.T) {
	f := newFake()
	p := newPage(f)
	b := open(t, p)
	other := open(t, p)
	if b.cookie.SameSite != http.SameSiteStrictMode || !b.cookie.HttpOnly {
		t.Errorf("cookie %v: want SameSite=Strict, HttpOnly", b.cookie)
	}
	forged := func(mod func(r *http.Request)) func() (*http.Response, string) {
		return func() (*http.Response, string) {
			r := httptest.NewRequest("POST", "/", strings.NewReader(b.form("stop", "web").Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.AddCookie(b.cookie)
			mod(r)
			return do(p, r)
		}
	}
	for _, tc := range []struct {
		name string
		send func() (*http.Response, string)
	}{
		{"no token", func() (*http.Response, string) {
			return b.post(p, url.Values{"action": {"stop"}, "processname": {"web"}})
		}},
		{"wrong token", func() (*http.Response, string) {
			return b.post(p, url.Values{"action": {"stop"}, "processname": {"web"}, "csrf": {"x" + b.token[1:]}})
		}},
		{"another browser's token", func() (*http.Response, string) { return b.post(p, other.form("stop", "web")) }},
		{"no cookie", func() (*http.Response, string) { return browser{token: b.token}.post(p, b.form("stop", "web")) }},
		{"token in the query", func() (*http.Response, string) {
			r := httptest.NewRequest("POST", "/?csrf="+url.QueryEscape(b.token)+"&action=stop&processname=web", nil)
			r.AddCookie(b.cookie)
			return do(p, r)
		}},
		{"cross-site", forged(func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") })},
		{"same-site, other origin", forged(func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "same-site") })},
		{"other Origin", forged(func(r *http.Request) { r.Header.Set("Origin", "http://evil.example") })},
		{"a token from another page's key", func() (*http.Response, string) {
			return b.post(p, newPage(f).mustToken(b.cookie.Value, "stop", "web"))
		}},
	} {
		res, body := tc.send()
		if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "Nothing was done") {
			t.Errorf("%s: %d %q", tc.name, res.StatusCode, body)
		}
	}
	if c := f.called(); len(c) != 0 {
		t.Fatalf("refused requests made calls: %v", c)
	}
	res, _ := b.post(p, b.form("stop", "web"))
	if res.StatusCode != http.StatusSeeOther || !slices.Equal(f.called(), []string{"stop web"}) {
		t.Errorf("the page's own form: %d, calls %v", res.StatusCode, f.called())
	}
	// A GET with the same cookie keeps it (no new cookie) and the token.
	r := httptest.NewRequest("GET", "/", nil)
	r.AddCookie(b.cookie)
	res, page := do(p, r)
	if len(res.Cookies()) != 0 || !strings.Contains(page, `value="`+b.token+`"`) {
		t.Error("a browser with a session got a new one")
	}
}

// mustToken is a form signed with this page's key for a session.
func (p *Page) mustToken(session, action, name string) url.Values {
	return url.Values{"csrf": {p.token(session)}, "action": {action}, "processname": {name}}
}

// Each action answers with supervisord's message, shown on the page the
// browser is sent back to.
func TestActionMessages(t *testing.T) {
	fault := func(code rpcext.Code, msg string) error { return rpcext.NewFault(code, msg) }
	for _, tc := range []struct {
		name, action, process string
		setup                 func(f *fake)
		calls                 []string
		message               string
	}{
		{"start", "start", "jobs:worker", nil, []string{"start jobs:worker"}, "Process jobs:worker started"},
		{"start, already", "start", "jobs:worker", func(f *fake) { f.startErr = fault(rpcext.CodeAlreadyStarted, "jobs:worker") },
			[]string{"start jobs:worker"}, "ERROR: Process jobs:worker: already started"},
		{"start, no file", "start", "web", func(f *fake) { f.startErr = fault(rpcext.CodeNoFile, "/bin/nope") }, []string{"start web"}, "ERROR: Process web: no such file"},
		{"start, spawn", "start", "web", func(f *fake) { f.startErr = fault(rpcext.CodeSpawnError, "web") }, []string{"start web"}, "ERROR: Process web: spawn error"},
		{"start, abnormal", "start", "web", func(f *fake) { f.startErr = fault(rpcext.CodeAbnormalTermination, "web") }, []string{"start web"}, "ERROR: Process web: abnormal termination"},
		{"start, other", "start", "web", func(f *fake) { f.startErr = fault(rpcext.CodeShutdownState, "") }, []string{"start web"},
			"ERROR: Process web: unexpected rpc fault [6] SHUTDOWN_STATE"},
		{"stop", "stop", "web", nil, []string{"stop web"}, "Process web stopped"},
		{"stop, not running", "stop", "web", func(f *fake) { f.stopErr = fault(rpcext.CodeNotRunning, "web") }, []string{"stop web"},
			"unexpected rpc fault [70] NOT_RUNNING: web"},
		{"restart", "restart", "web", func(f *fake) { f.stopErr = fault(rpcext.CodeNotRunning, "web") }, []string{"stop web", "start web"}, "Process web restarted"},
		{"clear log", "clearlog", "web", nil, []string{"clear web"}, "Log for web cleared"},
		{"clear log, fault", "clearlog", "web", func(f *fake) { f.clearErr = fault(rpcext.CodeFailed, "") }, []string{"clear web"}, "unexpected rpc fault [30] FAILED"},
		{"no such process", "stop", "nosuch", nil, nil, "No such process named nosuch"},
		{"a group is no process", "start", "jobs:*", nil, nil, "No such process named jobs:*"},
		{"stop all", "stopall", "", nil, []string{"stopall"}, "All stopped at Wed Dec  2 09:05:07 2026"},
		{"restart all", "restartall", "", nil, []string{"stopall", "startall"}, "All restarted at Wed Dec  2 09:05:07 2026"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			if tc.setup != nil {
				tc.setup(f)
			}
			p := newPage(f)
			b := open(t, p)
			res, _ := b.post(p, b.form(tc.action, tc.process))
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("status %d", res.StatusCode)
			}
			if !slices.Equal(f.called(), tc.calls) {
				t.Errorf("calls %v, want %v", f.called(), tc.calls)
			}
			loc, err := url.Parse(res.Header.Get("Location"))
			if err != nil || loc.Path != "/index.html" {
				t.Fatalf("sent to %q", res.Header.Get("Location"))
			}
			_, page := get(p, loc.String())
			m := regexp.MustCompile(`<p class="status_msg[^"]*" id="statusmessage" role="status">([^<]*)</p>`).FindStringSubmatch(page)
			if m == nil || html.UnescapeString(m[1]) != tc.message {
				t.Errorf("message %v, want %q", m, tc.message)
			}
			failed := strings.Contains(page, `class="status_msg failed"`)
			if want := strings.HasPrefix(tc.message, "ERROR") || strings.HasPrefix(tc.message, "unexpected") || strings.HasPrefix(tc.message, "No such"); failed != want {
				t.Errorf("shown as a failure: %v, want %v", failed, want)
			}
		})
	}
	p := newPage(newFake())
	b := open(t, p)
	if res, _ := b.post(p, b.form("explode", "web")); res.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown action: %d", res.StatusCode)
	}
}

func TestTail(t *testing.T) {
	f := newFake()
	f.logs["web stdout"] = "line 1\n<b>line</b> & 2\n"
	f.logs["web stderr"] = "oops\n"
	p := newPage(f, WithLogtail("/streams/"))
	pre := regexp.MustCompile(`<pre class="tailbody" id="tailbody"(?: data-stream="([^"]*)")?>([^<]*)</pre>`)
	for _, tc := range []struct {
		target, title, stream, body string
	}{
		{"/tail.html?processname=web", "Supervisor tail of process web", "/streams/web/stdout", "line 1\n<b>line</b> & 2\n"},
		{"/tail.html?processname=web&channel=stderr", "Supervisor tail of process web", "/streams/web/stderr", "oops\n"},
		{"/tail.html", "Supervisor tail of process ", "", "No process name found"},
	} {
		res, page := get(p, tc.target)
		m := pre.FindStringSubmatch(page)
		if res.StatusCode != 200 || m == nil {
			t.Errorf("%s: %d, no log:\n%s", tc.target, res.StatusCode, page)
			continue
		}
		if !strings.Contains(page, "<title>"+tc.title+"</title>") || m[1] != tc.stream || html.UnescapeString(m[2]) != tc.body {
			t.Errorf("%s: stream %q, body %q; want %q, %q", tc.target, m[1], m[2], tc.stream, tc.body)
		}
		if strings.Contains(page, "<b>line") {
			t.Errorf("%s: the log reached the page as markup", tc.target)
		}
	}
	f.logErr = rpcext.NewFault(rpcext.CodeNoFile, "web")
	if _, page := get(p, "/tail.html?processname=web"); !strings.Contains(page, ">No file for web</pre>") {
		t.Error("a missing log is not said as supervisord says it")
	}
	f.logErr = rpcext.NewFault(rpcext.CodeBadName, "nosuch")
	if _, page := get(p, "/tail.html?processname=nosuch"); !strings.Contains(page, ">ERROR: unexpected rpc fault [10] BAD_NAME: nosuch</pre>") {
		t.Error("an unknown process is not said")
	}
}

// The pages follow their Content-Security-Policy.
func TestNoInlineScriptOrStyle(t *testing.T) {
	f := newFake()
	f.logs["web stdout"] = "x"
	p := newPage(f, WithExplorer("/explorer/"), WithMetrics("/metrics"))
	for _, target := range []string{"/", "/tail.html?processname=web", "/?action=stop"} {
		res, page := get(p, target)
		if res.Header.Get("Content-Security-Policy") != ContentSecurityPolicy || res.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", target, res.Header)
		}
		for _, re := range []string{`<script(?:\s+[^>]*)?>[^<]+</script>`, `<style`, `\sstyle=`, `\son[a-z]+=`, `(?:src|href|action)="(?:https?:)?//`, `javascript:`} {
			if m := regexp.MustCompile(re).FindString(page); m != "" {
				t.Errorf("%s has %q", target, m)
			}
		}
		for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(page, -1) {
			if !strings.Contains(tag, ` src="ui/`) {
				t.Errorf("%s: a script not of the page's own files: %s", target, tag)
			}
		}
	}
	for _, name := range []string{"status.css", "tail.js", "icon.svg"} {
		if res, _ := get(p, "/ui/"+name); res.StatusCode != 200 || res.Header.Get("ETag") == "" {
			t.Errorf("/ui/%s: %d", name, res.StatusCode)
		}
	}
}
