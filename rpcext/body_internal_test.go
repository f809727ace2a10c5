package rpcext

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestReadBodyMemoryFollowsArrival: a client announcing a large
// Content-Length makes the handler allocate for what actually arrives,
// not for what was announced (else each such connection would cost the
// whole limit in memory before sending a byte).
func TestReadBodyMemoryFollowsArrival(t *testing.T) {
	h := &Handler{maxBody: 16 << 20}
	tests := []struct {
		name      string
		announced int64
		sent      string
		wantErr   error
		maxCap    int
	}{
		{"announced 10 MB, sent 10 bytes", 10 << 20, "0123456789", io.ErrUnexpectedEOF, firstRead},
		{"announced 10 MB, sent 100 kB", 10 << 20, strings.Repeat("x", 100_000), io.ErrUnexpectedEOF, 4 * firstRead},
		{"exact", 100_000, strings.Repeat("x", 100_000), nil, 100_000},
		{"empty", 0, "", nil, 512},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/RPC2", strings.NewReader(tt.sent))
			r.ContentLength = tt.announced
			buf, err := h.readBody(httptest.NewRecorder(), r, nil)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			if string(buf) != tt.sent {
				t.Fatalf("read %d bytes, want %d", len(buf), len(tt.sent))
			}
			if cap(buf) > tt.maxCap {
				t.Fatalf("buffer of %d bytes for %d received", cap(buf), len(tt.sent))
			}
		})
	}
	t.Run("a pooled buffer large enough is used as it is", func(t *testing.T) {
		r := httptest.NewRequest(http.MethodPost, "/RPC2", strings.NewReader("abc"))
		pooled := make([]byte, 0, 4096)
		buf, err := h.readBody(httptest.NewRecorder(), r, pooled)
		if err != nil || string(buf) != "abc" || &buf[:1][0] != &pooled[:1][0] {
			t.Fatalf("%q %v, same array %v", buf, err, &buf[:1][0] == &pooled[:1][0])
		}
	})
}
