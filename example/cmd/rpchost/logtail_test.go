package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// newTestHost is a host with one program, printer, whose stdout log is
// logPath and which has no stderr log, and a main log at mainPath.
func newTestHost(t *testing.T, logPath, mainPath string) (*host, *httptest.Server) {
	t.Helper()
	m := procman.New(procman.WithChildLogDir(t.TempDir()))
	pc := procman.NewProcessConfig("printer", "true")
	pc.StdoutLogfile, pc.StderrLogfile = logPath, ""
	if _, err := m.AddGroup(procman.GroupConfig{Name: "printer", Processes: []procman.ProcessConfig{pc}}); err != nil {
		t.Fatal(err)
	}
	h := &host{log: newMainLog(io.Discard, false), streamsDone: make(chan struct{})}
	h.manager.Store(m)
	if mainPath != "" {
		if err := h.log.configure(settings{logfile: mainPath}); err != nil {
			t.Fatal(err)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("/logtail/", h.logtailHandler())
	mux.Handle("/mainlogtail", h.mainlogtailHandler())
	srv := httptest.NewServer(mux)
	t.Cleanup(func() {
		h.endStreams(false)
		srv.Close()
		h.close()
	})
	return h, srv
}

func TestLogtailNotFound(t *testing.T) {
	dir := t.TempDir()
	_, srv := newTestHost(t, filepath.Join(dir, "printer.log"), "")
	for _, path := range []string{
		"/logtail/bogus/stdout",
		"/logtail/printer/stdout", // its log does not exist yet
		"/logtail/printer/stderr", // it has none
		"/logtail/printer/bogus",
		"/logtail/printer:*/stdout",
		"/mainlogtail", // the host has no main log
	} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, resp.StatusCode)
		}
	}
}

// TestLogtailStream follows a log through appends, truncation and
// replacement, as supervisorctl tail -f sees them.
func TestLogtailStream(t *testing.T) {
	dir := t.TempDir()
	logPath := filepath.Join(dir, "printer.log")
	head := strings.Repeat("a", 1000) + strings.Repeat("b", 1024)
	if err := os.WriteFile(logPath, []byte(head), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/logtail/printer/stdout", "/logtail/printer"} {
		t.Run(path, func(t *testing.T) {
			os.WriteFile(logPath, []byte(head), 0o644)
			_, srv := newTestHost(t, logPath, "")
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+path, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/plain;charset=utf-8" ||
				resp.Header.Get("X-Accel-Buffering") != "no" || resp.Header.Get("Last-Modified") == "" {
				t.Fatalf("status %d, headers %v", resp.StatusCode, resp.Header)
			}
			expect := func(what, want string) {
				t.Helper()
				got := make([]byte, len(want))
				if _, err := io.ReadFull(resp.Body, got); err != nil || string(got) != want {
					t.Fatalf("%s: read %q, %v; want %q", what, got, err, want)
				}
			}
			expect("the last 1024 bytes", strings.Repeat("b", 1024))

			f, _ := os.OpenFile(logPath, os.O_WRONLY|os.O_APPEND, 0)
			f.WriteString("more\n")
			f.Close()
			expect("appended data", "more\n")

			os.WriteFile(logPath, []byte("x\n"), 0o644) // shorter: truncated
			expect("the truncation notice", "==> File truncated <==\nx\n")

			os.Remove(logPath) // cleared: a new file at the path
			os.WriteFile(logPath, []byte("new file\n"), 0o644)
			expect("the new file", "new file\n")
		})
	}
}

func TestMainlogtail(t *testing.T) {
	dir := t.TempDir()
	h, srv := newTestHost(t, filepath.Join(dir, "printer.log"), filepath.Join(dir, "main.log"))
	h.log.Write([]byte("hello\n"))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/mainlogtail", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got := make([]byte, 6)
	if _, err := io.ReadFull(resp.Body, got); err != nil || string(got) != "hello\n" {
		t.Fatalf("read %q, %v", got, err)
	}
	if resp.Header.Get("X-Accel-Buffering") != "" {
		t.Error("/mainlogtail sent X-Accel-Buffering (supervisord does not)")
	}
}

func TestOverrideInet(t *testing.T) {
	cfgText := "[inet_http_server]\nport = 127.0.0.1:9\nusername = u\npassword = p\n"
	for _, tt := range []struct {
		config, listen, host string
		port                 int
		user                 string
	}{
		{cfgText, "127.0.0.1:19450", "127.0.0.1", 19450, "u"},
		{"[rpcinterface:x]\nsupervisor.rpcinterface_factory = x\n", ":19451", "", 19451, ""},
	} {
		cfg := parse(t, tt.config)
		if err := overrideInet(cfg, tt.listen); err != nil {
			t.Fatal(err)
		}
		is := cfg.InetHTTPServer
		if is.Host != tt.host || is.Port != tt.port || is.Username != tt.user {
			t.Errorf("-listen %s: %+v", tt.listen, is)
		}
	}
	if err := overrideInet(parse(t, cfgText), "nonsense"); err == nil {
		t.Error("-listen nonsense accepted")
	}
}

func parse(t *testing.T, text string) *rpcext.Config {
	t.Helper()
	cfg, err := rpcext.ParseConfig([]byte(text), "test.conf")
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
