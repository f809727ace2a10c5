package client

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadBody(t *testing.T) {
	const limit = 100
	tests := []struct {
		name   string
		body   string
		length int64 // announced; -1 unknown
		buf    []byte
		tooBig bool
	}{
		{"known length", strings.Repeat("a", 50), 50, nil, false},
		{"unknown length", strings.Repeat("b", 99), -1, nil, false},
		{"exactly the limit", strings.Repeat("c", limit), -1, nil, false},
		{"one byte beyond", strings.Repeat("d", limit+1), -1, nil, true},
		{"more than announced", strings.Repeat("e", limit+10), 10, nil, true},
		{"into a pooled buffer", "xyz", 3, make([]byte, 7, 64), false},
		{"empty", "", 0, nil, false},
	}
	for _, tt := range tests {
		for _, oneByte := range []bool{false, true} {
			var r io.Reader = strings.NewReader(tt.body)
			if oneByte {
				r = iotest.OneByteReader(r)
			}
			got, err := readBody(tt.buf[:0], r, tt.length, limit)
			if tt.tooBig {
				if !errors.Is(err, ErrResponseTooLarge) {
					t.Errorf("%s: error %v, want ErrResponseTooLarge", tt.name, err)
				}
				continue
			}
			if err != nil || string(got) != tt.body {
				t.Errorf("%s (one byte at a time: %v): got %q, %v", tt.name, oneByte, got, err)
			}
		}
	}
	// A read error is reported as one.
	_, err := readBody(nil, iotest.ErrReader(io.ErrUnexpectedEOF), -1, limit)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("error %v", err)
	}
	// The announced length sizes the buffer once.
	got, _ := readBody(nil, bytes.NewReader(make([]byte, 80)), 80, limit)
	if cap(got) != 80 {
		t.Errorf("buffer of %d for 80 announced bytes", cap(got))
	}
}
