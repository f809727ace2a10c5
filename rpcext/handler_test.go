package rpcext_test

import (
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// testPlugin is registered in a private registry by newTestHandler.
type testPlugin struct {
	retries int
	started chan struct{}
	release chan struct{}
	ctxErr  chan error
}

func (p *testPlugin) GetRetries() int           { return p.retries }
func (p *testPlugin) Add(a, b int) int          { return a + b }
func (p *testPlugin) Boom() int                 { panic("boom") }
func (p *testPlugin) Fail() error               { return errors.New("disk full") }
func (p *testPlugin) Missing(name string) error { return rpcext.NewFault(rpcext.CodeBadName, name) }
func (p *testPlugin) Wrapped() error {
	return fmt.Errorf("looking up: %w", rpcext.NewFault(rpcext.CodeNotRunning, "web"))
}

// Block waits for release, or for the client to go away.
func (p *testPlugin) Block(ctx context.Context) (string, error) {
	p.started <- struct{}{}
	select {
	case <-p.release:
		return "released", nil
	case <-ctx.Done():
		p.ctxErr <- ctx.Err()
		return "", ctx.Err()
	}
}

// Unservable has a parameter type no XML-RPC value decodes into.
func (p *testPlugin) Unservable(ch chan int) {}

const testConfig = `
[rpcinterface:test]
supervisor.rpcinterface_factory = test:make
retries = 3
`

func newTestRegistry(p **testPlugin) *rpcext.Registry {
	r := rpcext.NewRegistry()
	r.Register("test:make", func(host any, opts rpcext.Options) (any, error) {
		n, err := opts.Int("retries", 0)
		if err != nil {
			return nil, err
		}
		*p = &testPlugin{retries: n, started: make(chan struct{}, 1), release: make(chan struct{}), ctxErr: make(chan error, 1)}
		return *p, nil
	})
	return r
}

func newTestHandler(t *testing.T, config string, opts ...rpcext.MountOption) (http.Handler, *testPlugin, *testkit.LogBuffer) {
	t.Helper()
	cfg, err := rpcext.ParseConfig([]byte(config), "test.conf")
	if err != nil {
		t.Fatal(err)
	}
	var p *testPlugin
	var logs testkit.LogBuffer
	logger := logs.Logger(slog.LevelDebug)
	opts = append([]rpcext.MountOption{rpcext.WithRegistry(newTestRegistry(&p)), rpcext.WithLogger(logger)}, opts...)
	mux := http.NewServeMux()
	if err := rpcext.Mount(mux, cfg, opts...); err != nil {
		t.Fatal(err)
	}
	return mux, p, &logs
}

// call returns a methodCall body for method; each of params is the inside
// of a <value> ("<int>1</int>").
func call(method string, params ...string) string {
	return string(testkit.MethodCall(method, testkit.Values(params...)...))
}

func post(h http.Handler, body string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, "/RPC2", strings.NewReader(body))
	r.Header.Set("Content-Length", fmt.Sprint(len(body))) // as a real client sends it
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestHandlerAnswers(t *testing.T) {
	h, _, _ := newTestHandler(t, testConfig)
	tests := []struct {
		name, body string
		status     int
		contains   string
	}{
		{"value", call("test.getRetries"), 200, "<value><int>3</int></value>"},
		{"direct call", call("test.add", "<int>2</int>", "<int>40</int>"), 200, "<int>42</int>"},
		{"plain error is FAILED", call("test.fail"), 200, "<string>FAILED: disk full</string>"},
		{"fault", call("test.missing", "<string>web</string>"), 200, "<string>BAD_NAME: web</string>"},
		{"wrapped fault", call("test.wrapped"), 200, "<string>NOT_RUNNING: web</string>"},
		{"conversion names the parameter", call("test.add", "<int>1</int>", "<string>x</string>"), 200,
			"INCORRECT_PARAMETERS: test.add: parameter 2: cannot use &lt;string&gt; as int"},
		{"unservable method is not published", call("test.unservable", "<int>1</int>"), 200, "UNKNOWN_METHOD"},
		{"panic", call("test.boom"), 500, "Internal Server Error"},
		{"malformed", "<methodCall><methodName>test.add</methodName><params><param><value><int>x</int></value></param></params></methodCall>", 400, "invalid integer"},
		{"empty body", "", 400, "empty body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := post(h, tt.body)
			if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.contains) {
				t.Fatalf("status %d body %q; want %d containing %q", w.Code, w.Body, tt.status, tt.contains)
			}
			if tt.status == 200 {
				if ct := w.Header().Get("Content-Type"); ct != "text/xml" {
					t.Errorf("Content-Type %q", ct)
				}
				if cl := w.Header().Get("Content-Length"); cl != fmt.Sprint(w.Body.Len()) {
					t.Errorf("Content-Length %q for %d bytes", cl, w.Body.Len())
				}
			}
		})
	}
}

func TestHandlerHTTP(t *testing.T) {
	h, _, _ := newTestHandler(t, testConfig, rpcext.WithMaxBodyBytes(1000))
	body := call("test.getRetries")
	t.Run("GET is 405 with Allow", func(t *testing.T) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/RPC2", nil))
		if w.Code != 405 || w.Header().Get("Allow") != "POST" {
			t.Fatalf("%d Allow=%q", w.Code, w.Header().Get("Allow"))
		}
	})
	t.Run("only /RPC2", func(t *testing.T) {
		for _, path := range []string{"/RPC2/extra", "/RPC2xyz", "/rpc2"} {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, path, strings.NewReader(body)))
			if w.Code != 404 {
				t.Errorf("%s: %d", path, w.Code)
			}
		}
	})
	t.Run("query string ignored", func(t *testing.T) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/RPC2?x=1", strings.NewReader(body)))
		if w.Code != 200 {
			t.Fatal(w.Code)
		}
	})
	t.Run("no Content-Length is 411", func(t *testing.T) {
		r := httptest.NewRequest(http.MethodPost, "/RPC2", nil)
		r.ContentLength = 0
		r.Header.Del("Content-Length")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 411 {
			t.Fatal(w.Code)
		}
	})
	t.Run("chunked body is read", func(t *testing.T) {
		r := httptest.NewRequest(http.MethodPost, "/RPC2", io.NopCloser(strings.NewReader(body)))
		r.ContentLength = -1
		r.TransferEncoding = []string{"chunked"}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 || !strings.Contains(w.Body.String(), "<int>3</int>") {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
	})
	big := call("test.add", "<string>"+strings.Repeat("x", 2000)+"</string>", "<int>1</int>")
	t.Run("body over the limit is 413", func(t *testing.T) {
		if w := post(h, big); w.Code != 413 {
			t.Fatal(w.Code)
		}
	})
	t.Run("chunked body over the limit is 413", func(t *testing.T) {
		r := httptest.NewRequest(http.MethodPost, "/RPC2", io.NopCloser(strings.NewReader(big)))
		r.ContentLength = -1
		r.TransferEncoding = []string{"chunked"}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 413 {
			t.Fatal(w.Code)
		}
	})
}

func basic(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

func TestHandlerAuth(t *testing.T) {
	sum := sha1.Sum([]byte("s3cret"))
	for _, password := range []string{"s3cret", "{SHA}" + hex.EncodeToString(sum[:])} {
		config := testConfig + "\n[inet_http_server]\nport = 127.0.0.1:9\nusername = admin\npassword = " + password + "\n"
		h, _, _ := newTestHandler(t, config)
		body := call("test.getRetries")
		tests := []struct {
			name, header string
			status       int
		}{
			{"good", basic("admin", "s3cret"), 200},
			{"lower-case scheme", "basic " + base64.StdEncoding.EncodeToString([]byte("admin:s3cret")), 200},
			{"none", "", 401},
			{"wrong password", basic("admin", "secret"), 401},
			{"unknown user", basic("root", "s3cret"), 401},
			{"no colon", "Basic " + base64.StdEncoding.EncodeToString([]byte("admins3cret")), 401},
			{"bearer", "Bearer abc", 401},
			{"not base64: no credentials", "Basic !!!", 401},
		}
		for _, tt := range tests {
			t.Run(password+"/"+tt.name, func(t *testing.T) {
				w := post(h, body, "Authorization", tt.header)
				if w.Code != tt.status {
					t.Fatalf("status %d, want %d", w.Code, tt.status)
				}
				if tt.status == 401 && w.Header().Get("WWW-Authenticate") != `Basic realm="default"` {
					t.Fatalf("WWW-Authenticate %q", w.Header().Get("WWW-Authenticate"))
				}
			})
		}
		t.Run(password+"/auth before method", func(t *testing.T) {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/RPC2", nil))
			if w.Code != 401 {
				t.Fatal(w.Code)
			}
		})
	}
	t.Run("WithBasicAuth overrides the config", func(t *testing.T) {
		config := testConfig + "\n[inet_http_server]\nport = :9\nusername = admin\npassword = x\n"
		h, _, _ := newTestHandler(t, config, rpcext.WithBasicAuth("", ""))
		if w := post(h, call("test.getRetries")); w.Code != 200 {
			t.Fatalf("auth turned off: %d", w.Code)
		}
	})
	t.Run("bad {SHA} password is a Mount error", func(t *testing.T) {
		cfg, err := rpcext.ParseConfig([]byte(testConfig), "test.conf")
		if err != nil {
			t.Fatal(err)
		}
		var p *testPlugin
		err = rpcext.Mount(http.NewServeMux(), cfg, rpcext.WithRegistry(newTestRegistry(&p)), rpcext.WithBasicAuth("a", "{SHA}abc"))
		if err == nil || !strings.Contains(err.Error(), "SHA-1") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestHandlerLogsSkippedMethods(t *testing.T) {
	_, _, logs := newTestHandler(t, testConfig)
	if !strings.Contains(logs.String(), "method=Unservable") || !strings.Contains(logs.String(), "chan int") {
		t.Fatalf("skipped method not logged with its reason:\n%s", logs)
	}
}

// TestMountErrors: each message names its place once, file:line,
// section and key first, and errors.As reaches the *ConfigError.
func TestMountErrors(t *testing.T) {
	var p *testPlugin
	reg := newTestRegistry(&p)
	reg.Register("fail:make", func(any, rpcext.Options) (any, error) { return nil, errors.New("boom") })
	tests := []struct {
		name, config, want string
	}{
		{"unknown factory", "[rpcinterface:x]\nsupervisor.rpcinterface_factory = nope:make\n",
			"test.conf:2: [rpcinterface:x] supervisor.rpcinterface_factory: nope:make cannot be resolved: " +
				"no factory is registered under that name (forgotten import of the plugin package?)"},
		{"misspelt factory", "[rpcinterface:x]\n\nsupervisor.rpcinterface_factory = tset:make\n",
			"test.conf:3: [rpcinterface:x] supervisor.rpcinterface_factory: tset:make cannot be resolved: " +
				"no factory is registered under that name (did you mean test:make? or a forgotten import of the plugin package?)"},
		{"factory from [DEFAULT]", "[DEFAULT]\nsupervisor.rpcinterface_factory = nope:make\n[rpcinterface:x]\n",
			"test.conf:2: [rpcinterface:x] supervisor.rpcinterface_factory: nope:make cannot be resolved: " +
				"no factory is registered under that name (forgotten import of the plugin package?)"},
		{"bad option value", "\n[rpcinterface:test]\nsupervisor.rpcinterface_factory = test:make\nretries = many\n",
			"test.conf:4: [rpcinterface:test] retries: invalid integer 'many': invalid syntax"},
		{"factory error", "[rpcinterface:f]\nsupervisor.rpcinterface_factory = fail:make\n",
			"test.conf:1: [rpcinterface:f] factory fail:make: boom"},
		{"dotted namespace", "[rpcinterface:a.b]\nsupervisor.rpcinterface_factory = test:make\n",
			"test.conf:1: [rpcinterface:a.b] namespace name \"a.b\" contains a dot: methods could not be reached"},
		{"misspelt option", "[rpcinterface:test]\nsupervisor.rpcinterface_factory = test:make\nretriez = 1\n",
			"test.conf:3: [rpcinterface:test] retriez: unknown option (did you mean retries?)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := rpcext.ParseConfig([]byte(tt.config), "test.conf")
			if err != nil {
				t.Fatal(err)
			}
			err = rpcext.Mount(http.NewServeMux(), cfg, rpcext.WithRegistry(reg))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Mount error\n got %v\nwant %s", err, tt.want)
			}
			var ce *rpcext.ConfigError
			if !errors.As(err, &ce) || ce.File != "test.conf" || ce.Line == 0 {
				t.Errorf("%T does not reach a placed *ConfigError (%+v)", err, ce)
			}
		})
	}
}

// gorillaLike has gorilla/mux's Handle signature, which returns a value.
type gorillaLike struct{ routes map[string]http.Handler }

type route struct{}

func (g *gorillaLike) Handle(path string, h http.Handler) *route {
	g.routes[path] = h
	return &route{}
}

func TestMountRouters(t *testing.T) {
	cfg, err := rpcext.ParseConfig([]byte(testConfig), "test.conf")
	if err != nil {
		t.Fatal(err)
	}
	var p *testPlugin
	g := &gorillaLike{routes: map[string]http.Handler{}}
	if err := rpcext.Mount(g, cfg, rpcext.WithRegistry(newTestRegistry(&p))); err != nil {
		t.Fatal(err)
	}
	h, ok := g.routes["/RPC2"]
	if !ok {
		t.Fatalf("routes %v", g.routes)
	}
	if w := post(h, call("test.getRetries")); w.Code != 200 {
		t.Fatal(w.Code)
	}
	if err := rpcext.Mount(struct{}{}, cfg); err == nil || !strings.Contains(err.Error(), "Handle(pattern string, handler http.Handler)") {
		t.Fatalf("Mount on a value without Handle: %v", err)
	}
}

func TestMountWithNamespaceAndSpecMulticall(t *testing.T) {
	cfg, err := rpcext.ParseConfig(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	err = rpcext.Mount(mux, cfg, rpcext.WithNamespace("calc", &testPlugin{}), rpcext.WithSpecMulticall(), rpcext.WithLogger(quiet))
	if err != nil {
		t.Fatal(err)
	}
	mc := call("system.multicall", `<array><data><value><struct><member><name>methodName</name><value>calc.add</value></member>`+
		`<member><name>params</name><value><array><data><value><int>1</int></value><value><int>2</int></value></data></array></value></member></struct></value></data></array>`)
	w := post(mux, mc)
	want := "<value><array><data>\n<value><array><data>\n<value><int>3</int></value>\n</data></array></value>\n</data></array></value>"
	if w.Code != 200 || !strings.Contains(w.Body.String(), want) {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
}

// TestClientGoneCancelsContext: a client that disconnects cancels the
// method's context.
func TestClientGoneCancelsContext(t *testing.T) {
	h, p, _ := newTestHandler(t, testConfig)
	srv := httptest.NewServer(h)
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/RPC2", strings.NewReader(call("test.block")))
		_, err := http.DefaultClient.Do(req)
		done <- err
	}()
	<-p.started
	cancel()
	select {
	case err := <-p.ctxErr:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("method saw %v", err)
		}
	case <-time.After(30 * time.Second): // liveness bound only, not a timing assertion
		t.Fatal("the method's context was not cancelled when the client went away")
	}
	<-done
}
