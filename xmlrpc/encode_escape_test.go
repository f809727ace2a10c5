package xmlrpc

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// appendEscapedByByte is appendEscaped as it was before the word-at-a-
// time scan: one byte at a time. The tests hold the two to the same
// output and the same errors.
func appendEscapedByByte(b []byte, s string) ([]byte, error) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch escClass[c] {
		case ccPlain:
			i++
			continue
		case ccHigh:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return b, encodeErr("invalid UTF-8 in string at byte %d", i)
			}
			if r == 0xFFFE || r == 0xFFFF {
				return b, encodeErr("character U+%04X cannot be sent in XML", r)
			}
			i += size
			continue
		case ccBad:
			return b, encodeErr("control character %#02x at byte %d cannot be sent in XML (use []byte for binary data)", c, i)
		}
		b = append(b, s[last:i]...)
		switch c {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '\r':
			b = append(b, "&#13;"...)
		}
		i++
		last = i
	}
	return append(b, s[last:]...), nil
}

// checkEscapedLikeByByte fails t when appendEscaped and the byte-at-a-
// time reference differ on s, in output or error.
func checkEscapedLikeByByte(t *testing.T, s string) {
	t.Helper()
	got, gerr := appendEscaped([]byte("pre"), s)
	want, werr := appendEscapedByByte([]byte("pre"), s)
	if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
		t.Fatalf("appendEscaped(%q): error %v, want %v", s, gerr, werr)
	}
	if gerr == nil && !bytes.Equal(got, want) {
		t.Fatalf("appendEscaped(%q) = %q, want %q", s, got, want)
	}
}

func TestAppendEscapedEdges(t *testing.T) {
	cases := []string{
		"", "a", "f00", "1234567", "12345678", "123456789",
		"plain text of some length, no specials at all here",
		"&", "<", ">", "\r", "\t", "\n", "\x00", "\x1f", "\x7f", " ", "!", "?", "=", "'\"",
		"a&b<c>d\re\tf\ng", "0123456&", "01234567&", "012345678&", "&&&&&&&&&&&&&&&&&",
		"\r\n\r\n\r\n\r\n\r\n", "tab\tand\nnewline\tin\nlong\ttext\nof many words",
		"héllo wörld, ünïcode ok", "日本語のテキストです。", "emoji 😀 here", "\u00a0\u2028\u2029",
		"\ufffd", "\ufffe", "\uffff", "ok so far\ufffe", "ok so far\uffff!", "\U0010ffff", "\U00010000",
		"\xff", "\xc3", "\xc3(", "abcdefgh\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\x80", "\xe0\x80\x80",
		"control \x01 in middle", "1234567\x08", "12345678\x0b", "\x19\x1a\x1b",
		"\x20\x21\x25\x26\x27\x3b\x3c\x3d\x3e\x3f", "\x5f\x60\x7e\x7f\x80",
	}
	for _, s := range cases {
		checkEscapedLikeByByte(t, s)
		for pad := 1; pad < 9; pad++ { // every alignment of s within words
			checkEscapedLikeByByte(t, "abcdefgh"[:pad]+s)
			checkEscapedLikeByByte(t, s+"abcdefgh"[:pad])
		}
	}
}

func TestAppendEscapedRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 42))
	// Bytes weighted towards the ones that matter.
	pool := []byte("abcXYZ019 &<>\r\t\n\x00\x01\x1f\x7f\x80\xbf\xc3\xa9\xef\xbf\xbe\xbf\xf0\x9f\x98\x80")
	buf := make([]byte, 0, 64)
	for range 200000 {
		buf = buf[:0]
		n := r.IntN(40)
		plainRun := r.IntN(3) == 0
		for range n {
			if plainRun && r.IntN(8) != 0 {
				buf = append(buf, byte(0x20+r.IntN(0x5f)))
				continue
			}
			if r.IntN(4) == 0 {
				buf = append(buf, byte(r.IntN(256)))
			} else {
				buf = append(buf, pool[r.IntN(len(pool))])
			}
		}
		checkEscapedLikeByByte(t, string(buf))
	}
}

func TestEscapeWordExact(t *testing.T) {
	// Each byte value alone in every position of a plain word: the word
	// needs attention exactly when escClass says the byte is not plain or
	// it is a tab or newline (which the byte walk then passes).
	for c := range 256 {
		for pos := range 8 {
			w := []byte("abcdefgh")
			w[pos] = byte(c)
			want := escClass[c] != ccPlain || c == '\t' || c == '\n'
			if got := escapeWord(load64(string(w), 0)); got != want {
				t.Fatalf("escapeWord(%q) = %v, want %v", w, got, want)
			}
		}
	}
}

func TestEscapeWordPairs(t *testing.T) {
	// Two bytes side by side, so that a borrow from one into the next
	// is seen: the word needs attention when either byte does.
	attention := func(c int) bool { return escClass[c] != ccPlain || c == '\t' || c == '\n' }
	for c1 := range 256 {
		for c2 := range 256 {
			for _, pos := range []int{0, 3, 6} {
				w := []byte("abcdefgh")
				w[pos], w[pos+1] = byte(c1), byte(c2)
				want := attention(c1) || attention(c2)
				if got := escapeWord(load64(string(w), 0)); got != want {
					t.Fatalf("escapeWord(%q) = %v, want %v", w, got, want)
				}
			}
		}
	}
}

func FuzzAppendEscaped(f *testing.F) {
	for _, s := range []string{"", "f00", "a&b<c>d\re", "héllo\ufffe", "\xff\x00", "0123456789abcdef<"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkEscapedLikeByByte(t, s) })
}

func TestMemberLikeByByte(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	pool := []byte("abcXYZ019_-. &<>\r\t\n\x00\x1f\x7f\x80\xc3\xa9\xef\xbf\xbe")
	name := make([]byte, 0, 24)
	for range 100000 {
		name = name[:0]
		n := r.IntN(20)
		for range n {
			if r.IntN(3) == 0 {
				name = append(name, pool[r.IntN(len(pool))])
			} else {
				name = append(name, byte('a'+r.IntN(26)))
			}
		}
		// The output so far, in a buffer with 0 to 40 bytes to spare.
		pre := make([]byte, 5, 5+r.IntN(41))
		copy(pre, "<x/>\n")
		e := NewEncoder(pre)
		err := e.Member(string(name))
		want, werr := appendEscapedByByte([]byte("<x/>\n<member>\n<name>"), string(name))
		want = append(want, "</name>\n"...)
		if (err == nil) != (werr == nil) {
			t.Fatalf("Member(%q): error %v, want %v", name, err, werr)
		}
		if err == nil && !bytes.Equal(e.Bytes(), want) {
			t.Fatalf("Member(%q) wrote %q, want %q", name, e.Bytes(), want)
		}
	}
}
