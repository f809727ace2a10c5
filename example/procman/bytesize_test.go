package procman

import (
	"strconv"
	"strings"
	"testing"
)

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr string
	}{
		{"0", 0, ""},
		{"1024", 1024, ""},
		{"50MB", 50 << 20, ""},
		{"50mb", 50 << 20, ""},
		{"1KB", 1024, ""},
		{"2Kb", 2048, ""},
		{"3GB", 3 << 30, ""},
		{" 7 ", 7, ""},
		{"1_000", 1000, ""},
		{"+5kb", 5120, ""},
		{"-1", -1, ""},        // Python's int() takes a sign: no limit
		{"007", 7, ""},        // and leading zeros
		{"5 MB", 5 << 20, ""}, // int("5 ") strips the space
		{"", 0, "invalid literal for int() with base 10: ''"},
		{"MB", 0, "invalid literal for int() with base 10: ''"},
		{"50XB", 0, "invalid literal for int() with base 10: '50xb'"},
		{"1.5MB", 0, "invalid literal for int() with base 10: '1.5'"},
		{"1__0", 0, "invalid literal"},
		{"_1", 0, "invalid literal"},
		{"1_", 0, "invalid literal"},
		{"50 B", 0, "invalid literal for int() with base 10: '50 b'"},
		{"99999999999GB", 0, "too large"},
		{"99999999999999999999", 0, "too large"},
	}
	for _, tt := range tests {
		got, err := ParseByteSize(tt.in)
		switch {
		case tt.wantErr == "" && (err != nil || got != tt.want):
			t.Errorf("ParseByteSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("ParseByteSize(%q) = %d, %v; want error %q", tt.in, got, err, tt.wantErr)
		}
	}
}

func FuzzParseByteSize(f *testing.F) {
	for _, s := range []string{"50MB", "1KB", "3gb", "-1", " 7 ", "1_000", "x", "9223372036854775807", "8589934592GB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseByteSize(s)
		if err != nil {
			return
		}
		// A size that parsed is the same size written back plainly.
		again, err := ParseByteSize(strconv.FormatInt(n, 10))
		if err != nil || again != n {
			t.Fatalf("ParseByteSize(%q) = %d, but %d reads back as %d, %v", s, n, n, again, err)
		}
	})
}
