package rpcext_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/supervisorrpc/rpcinterface/example/conformance"
	"github.com/supervisorrpc/rpcinterface/internal/replay"
	"github.com/supervisorrpc/rpcinterface/rpcext"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// fuzzHandlers are the handlers FuzzHandler drives: the conformance
// plugin with and without credentials, with and without a call timeout.
type fuzzHandlers struct {
	open, auth, openTimed, authTimed http.Handler
}

const fuzzMaxBody = 256 << 10

func newFuzzHandlers(f *testing.F) *fuzzHandlers {
	cfgData, err := os.ReadFile(filepath.Join("..", "testdata", "conformance-supervisord.conf"))
	if err != nil {
		f.Fatal(err)
	}
	cfg, err := rpcext.ParseConfig(cfgData, "conformance.conf", rpcext.WithEnviron([]string{"HOME=/home/fuzz"}))
	if err != nil {
		f.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	build := func(opts ...rpcext.MountOption) http.Handler {
		opts = append([]rpcext.MountOption{rpcext.WithLogger(quiet), rpcext.WithMaxBodyBytes(fuzzMaxBody),
			rpcext.WithLimits(xmlrpc.Limits{MaxDepth: 64, MaxValues: 50_000, MaxStringBytes: 128 << 10, MaxParams: 1000}),
			rpcext.WithMaxMulticallCalls(200)}, opts...)
		h, err := rpcext.NewHandler(cfg, opts...)
		if err != nil {
			f.Fatal(err)
		}
		return h
	}
	auth := rpcext.WithBasicAuth("user", "123")
	timed := rpcext.WithCallTimeout(time.Hour)
	return &fuzzHandlers{
		open:      build(rpcext.WithBasicAuth("", "")),
		auth:      build(auth),
		openTimed: build(rpcext.WithBasicAuth("", ""), timed),
		authTimed: build(auth, timed),
	}
}

// Header variants of FuzzHandler, bits of one byte.
const (
	fvAuth    = 3 << 0 // 0 no credentials required, 1 right, 2 wrong, 3 undecodable
	fvMethod  = 3 << 2 // 3: GET, else POST
	fvFraming = 3 << 4 // 0 Content-Length, 1 chunked, 2 none, 3 announced longer than sent
	fvTimed   = 1 << 6 // with a call timeout
)

// FuzzHandler sends arbitrary bodies with assorted headers through the
// whole handler serving the conformance plugin: the status is always one
// of 200, 400, 401, 405, 411, 413, or 500 when the method called is the
// one that panics (echo.boom); the status the headers decide is exact;
// and every 200 body is a well-formed methodResponse.
func FuzzHandler(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "conformance", "*.xml"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no conformance request bodies: %v", err)
	}
	for i, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) > fuzzMaxBody {
			// Beyond the body limit the handler reads nothing (checked
			// by the framing variants); a 1 MB seed only slows the
			// fuzzer's mutation and minimization down.
			continue
		}
		f.Add(b, uint8(0))
		f.Add(b, uint8(i%256)) // the variants spread over the corpus
	}
	mc := `<?xml version="1.0"?><methodCall><methodName>system.multicall</methodName><params><param><value><array><data>` +
		`<value><struct><member><name>methodName</name><value>echo.boom</value></member></struct></value>` +
		`<value><struct><member><name>methodName</name><value>echo.add</value></member><member><name>params</name>` +
		`<value><array><data><value><i4>1</i4></value><value><i4>2</i4></value></data></array></value></member></struct></value>` +
		`</data></array></value></param></params></methodCall>`
	f.Add([]byte(mc), uint8(1|fvTimed))
	f.Add([]byte(mc), uint8(1<<4))

	hs := newFuzzHandlers(f)
	f.Fuzz(func(t *testing.T, body []byte, variant uint8) {
		var h http.Handler
		switch auth, timed := variant&fvAuth, variant&fvTimed != 0; {
		case auth == 0 && !timed:
			h = hs.open
		case auth == 0:
			h = hs.openTimed
		case !timed:
			h = hs.auth
		default:
			h = hs.authTimed
		}
		method := http.MethodPost
		if variant&fvMethod == fvMethod {
			method = http.MethodGet
		}
		r := httptest.NewRequest(method, "/RPC2", bytes.NewReader(body))
		switch variant & fvAuth {
		case 1:
			r.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("user:123")))
		case 2:
			r.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("user:124")))
		case 3:
			r.Header.Set("Authorization", "Basic user:123")
		}
		framing := (variant & fvFraming) >> 4
		switch framing {
		case 0:
			r.ContentLength = int64(len(body))
			r.Header.Set("Content-Length", strconv.Itoa(len(body)))
		case 1:
			r.ContentLength = -1
			r.TransferEncoding = []string{"chunked"}
		case 2:
			r.ContentLength = -1
			if len(body) == 0 {
				r.ContentLength = 0
			}
		case 3:
			r.ContentLength = int64(len(body)) + 1
			r.Header.Set("Content-Length", strconv.Itoa(len(body)+1))
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)

		want := 0 // decided by the headers, else by the body
		switch {
		case variant&fvAuth == 2, variant&fvAuth == 3: // wrong, undecodable
			want = 401
		case method != http.MethodPost:
			want = 405
		case framing == 2:
			want = 411
		case framing == 3 && len(body) >= fuzzMaxBody:
			want = 413
		case framing == 3:
			want = 400 // the body ends early
		case len(body) > fuzzMaxBody:
			want = 413
		}
		switch {
		case want != 0:
			if w.Code != want {
				t.Fatalf("status %d, want %d: %q", w.Code, want, w.Body)
			}
		case w.Code == 200:
			if _, err := replay.ParseResponse(w.Body.Bytes()); err != nil {
				t.Fatalf("200 with a body that is no methodResponse: %v", err)
			}
			if ct := w.Header().Get("Content-Type"); ct != "text/xml" {
				t.Fatalf("Content-Type %q", ct)
			}
		case w.Code == 400:
		case w.Code == 500:
			name, err := xmlrpc.NewDecoder(body, xmlrpc.Limits{}).MethodCall()
			if err != nil || !strings.HasSuffix(string(name), ".boom") {
				t.Fatalf("500 for method %q (%v): %q", name, err, w.Body)
			}
		default:
			t.Fatalf("status %d: %q", w.Code, w.Body)
		}
	})
}
