package statuspage

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/example/supervisor"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// fake is a Supervisor that records the calls that change something.
type fake struct {
	mu       sync.Mutex
	procs    []supervisor.ProcessInfo
	calls    []string
	startErr error
	stopErr  error
	clearErr error
	infoErr  error
	logs     map[string]string // "name stdout" -> log
	logErr   error
}

func (f *fake) record(call string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call)
}

func (f *fake) called() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func (f *fake) GetAllProcessInfo() ([]supervisor.ProcessInfo, error) { return f.procs, f.infoErr }
func (f *fake) StartProcess(_ context.Context, name string, wait rpcext.Optional[bool]) (any, error) {
	f.record("start " + name)
	return true, f.startErr
}
func (f *fake) StopProcess(_ context.Context, name string, wait rpcext.Optional[bool]) (any, error) {
	f.record("stop " + name)
	return true, f.stopErr
}
func (f *fake) StartAllProcesses(context.Context, rpcext.Optional[bool]) ([]supervisor.Result, error) {
	f.record("startall")
	return nil, nil
}
func (f *fake) StopAllProcesses(context.Context, rpcext.Optional[bool]) ([]supervisor.Result, error) {
	f.record("stopall")
	return nil, f.stopErr
}
func (f *fake) ClearProcessLogs(name string) error {
	f.record("clear " + name)
	return f.clearErr
}
func (f *fake) ReadProcessStdoutLog(name string, offset, length any) (string, error) {
	return f.read(name, "stdout")
}
func (f *fake) ReadProcessStderrLog(name string, offset, length any) (string, error) {
	return f.read(name, "stderr")
}
func (f *fake) read(name, channel string) (string, error) {
	if f.logErr != nil {
		return "", f.logErr
	}
	return f.logs[name+" "+channel], nil
}
func (f *fake) GetSupervisorVersion() (string, error) { return "4.2.5", nil }
func (f *fake) GetIdentification() (string, error)    { return "test-id", nil }

// newFake has a running web, a stopped worker in group jobs, and a
// starting batch.
func newFake() *fake {
	return &fake{procs: []supervisor.ProcessInfo{
		{Name: "batch", Group: "batch", State: int(procman.Starting), Statename: "STARTING"},
		{Name: "worker", Group: "jobs", State: int(procman.Stopped), Statename: "STOPPED", Description: "Not started"},
		{Name: "web", Group: "web", State: int(procman.Running), Statename: "RUNNING", Description: "pid 42, uptime 0:01:00"},
	}, logs: map[string]string{}}
}

// newPage returns the page over f, with a fixed clock.
func newPage(f *fake, opts ...Option) *Page {
	opts = append([]Option{WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))}, opts...)
	p := New(f, opts...)
	p.now = func() time.Time { return time.Date(2026, 12, 2, 9, 5, 7, 0, time.Local) }
	return p
}

func do(h http.Handler, r *http.Request) (*http.Response, string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func get(h http.Handler, target string) (*http.Response, string) {
	return do(h, httptest.NewRequest("GET", target, nil))
}

// browser is a session with the page: the cookie and the form token a
// first GET gave it.
type browser struct {
	cookie *http.Cookie
	token  string
}

var tokenRE = regexp.MustCompile(`<input type="hidden" name="csrf" value="([^"]+)">`)

func open(t *testing.T, p *Page) browser {
	t.Helper()
	res, body := get(p, "/")
	cookies := res.Cookies()
	m := tokenRE.FindStringSubmatch(body)
	if len(cookies) != 1 || m == nil {
		t.Fatalf("the page set %d cookies, token %v", len(cookies), m)
	}
	return browser{cookies[0], m[1]}
}

// post sends a form as the page's buttons do, from the page's origin.
func (b browser) post(p *Page, form url.Values) (*http.Response, string) {
	r := httptest.NewRequest("POST", "/index.html", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Origin", "http://example.com")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	if b.cookie != nil {
		r.AddCookie(b.cookie)
	}
	return do(p, r)
}

func (b browser) form(action, name string) url.Values {
	v := url.Values{"csrf": {b.token}, "action": {action}}
	if name != "" {
		v.Set("processname", name)
	}
	return v
}
