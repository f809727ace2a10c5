package rpcinterface_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	_ "github.com/supervisorrpc/rpcinterface/example/conformance"
	"github.com/supervisorrpc/rpcinterface/internal/replay"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// corpusHome is the HOME the corpus was captured with (config-echo
// expands %(ENV_HOME)s).
const corpusHome = "/tmp/conformance-home"

// startCorpusServer serves the library, mounted as a host would, on the
// corpus config at path.
func startCorpusServer(t *testing.T, path string) *httptest.Server {
	t.Helper()
	cfg, err := rpcext.LoadConfig(path, rpcext.WithEnviron([]string{"HOME=" + corpusHome}))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := rpcext.Mount(mux, cfg, rpcext.WithLogger(logger)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestConformance replays supervisord 4.2.5's recorded answers (a copy of
// the corpus in testdata/conformance) against the library with the Go port
// of the corpus's plugin, with replay.py's compare modes. Cases about
// supervisord's own supervisor namespace are left to the example host.
func TestConformance(t *testing.T) {
	cases, err := replay.Load("testdata/conformance")
	if err != nil {
		t.Fatal(err)
	}
	main := startCorpusServer(t, "testdata/conformance-supervisord.conf")
	auth := startCorpusServer(t, "testdata/conformance-supervisord-auth.conf")
	ran := 0
	for _, c := range cases {
		if c.Category == "supervisor-ns" {
			continue
		}
		ran++
		t.Run(c.Name, func(t *testing.T) {
			url := main.URL
			if c.Server == "auth" {
				url = auth.URL
			}
			a, err := c.Send(url, "")
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Check(a); err != nil {
				t.Errorf("[%s] %v\nnote: %s\nbody: %s", c.Compare, err, c.Note, a.Body)
			}
			if c.WWWAuthenticate != "" && a.Header.Get("WWW-Authenticate") != c.WWWAuthenticate {
				t.Errorf("WWW-Authenticate %q, want %q", a.Header.Get("WWW-Authenticate"), c.WWWAuthenticate)
			}
			if c.ContentType != nil && *c.ContentType == "text/xml" && a.Status == http.StatusOK && a.ContentType != "text/xml" {
				t.Errorf("Content-Type %q, want text/xml", a.ContentType)
			}
		})
	}
	if ran < 150 {
		t.Fatalf("only %d cases ran: is testdata/conformance complete?", ran)
	}
}
