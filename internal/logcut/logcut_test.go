package logcut

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestString(t *testing.T) {
	cases := []struct {
		name string
		in   string
		keep int // bytes of in kept
	}{
		{"empty", "", 0},
		{"short", "system.listMethods", len("system.listMethods")},
		{"exactly Max", strings.Repeat("a", Max), Max},
		{"one past Max", strings.Repeat("a", Max+1), Max},
		{"4300 digits", strings.Repeat("9", 4300), Max},
		{"multibyte at the cut", strings.Repeat("a", Max-1) + "é" + strings.Repeat("b", 10), Max - 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := String(tc.in)
			if !strings.HasPrefix(got, tc.in[:tc.keep]) || !utf8.ValidString(got) {
				t.Fatalf("%q", got)
			}
			if tc.keep == len(tc.in) {
				if got != tc.in {
					t.Fatalf("cut %q", got)
				}
				return
			}
			if len(got) > Max+32 {
				t.Errorf("%d bytes", len(got))
			}
			if !strings.Contains(got, "more bytes)") {
				t.Errorf("the cut is not marked: %q", got[tc.keep:])
			}
		})
	}
	if Error(nil) != "" || Error(errors.New(strings.Repeat("x", 1000))) != String(strings.Repeat("x", 1000)) {
		t.Error("Error")
	}
}
