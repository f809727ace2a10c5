package xmlrpc

import "unicode/utf8"

// Escaping text for XML: the hot part of writing a string or a member's
// name. Most text needs nothing, so it is checked eight bytes at a time
// (SWAR: a word's bytes tested at once with carries masked by the high
// bits), and only a word that holds a byte needing attention is walked
// byte by byte.

// escClass classifies bytes for appendEscaped: '&', '<', '>' and CR are
// written as references.
var escClass = byteClasses("&<>\r")

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// load64 returns s[i:i+8] as a little-endian word (the compiler makes
// it one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// escapeWord reports whether a byte of w may need attention: one with
// the high bit set, below 0x20 (tab and newline included, which the
// byte walk then passes), '&', '<' or '>'. It is exact for the word as
// a whole: a byte in 0x20 to 0x7F that is none of those three leaves
// every high bit clear, and a borrow runs into the next byte only from
// a byte that is flagged itself.
func escapeWord(w uint64) bool {
	lo := w - 0x20*lsb                   // high bit set: below 0x20, or above 0x9F
	amp := w ^ '&'*lsb - lsb             // high bit set: '&', or w's high bit
	angle := (w | 2*lsb) ^ '>'*lsb - lsb // '<' and '>' differ in bit 1 only
	return (w|lo|amp|angle)&msb != 0
}

// load32 returns s[i:i+4] as a little-endian word.
func load32(s string, i int) uint64 {
	s = s[i : i+4]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24
}

// plainPrefix returns len(s) when no byte of s needs attention (s goes
// out as it is), else an offset at or before the first byte that may.
// A short s is tested as one word: its bytes, overlapping or repeated,
// padded with plain ones.
func plainPrefix(s string) int {
	n := len(s)
	var w uint64
	switch {
	case n >= 8:
		i := 0
		for ; i+8 <= n; i += 8 {
			if escapeWord(load64(s, i)) {
				return i
			}
		}
		if i < n && escapeWord(load64(s, n-8)) {
			return n - 8
		}
		return n
	case n >= 4:
		w = load32(s, 0) | load32(s, n-4)<<32
	case n > 0:
		w = uint64(s[0]) | uint64(s[n/2])<<8 | uint64(s[n-1])<<16 | 'a'*(lsb>>24)<<24
	default:
		return 0
	}
	if escapeWord(w) {
		return 0
	}
	return n
}

// appendEscaped appends s with &, <, > and CR escaped.
func appendEscaped(b []byte, s string) ([]byte, error) {
	i := plainPrefix(s)
	if i == len(s) {
		return append(b, s...), nil
	}
	last := 0
	for {
		for i+8 <= len(s) && !escapeWord(load64(s, i)) {
			i += 8
		}
		// Walk the word that needs attention (or the tail), then go
		// back to whole words.
		end := min(i+8, len(s))
		for i < end && escClass[s[i]] == ccPlain {
			i++
		}
		if i == end {
			if i == len(s) {
				break
			}
			continue
		}
		c := s[i]
		switch escClass[c] {
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

// Around a member's name.
const (
	memberOpen = "<member>\n<name>"
	nameClose  = "</name>\n"
)

// appendPlainMember appends the start of a member named name, which
// needs no escaping, growing b once.
func appendPlainMember(b []byte, name string) []byte {
	n := len(b)
	m := n + len(memberOpen) + len(name) + len(nameClose)
	if m > cap(b) {
		b = append(b[:cap(b)], make([]byte, m-cap(b))...)
	}
	b = b[:m]
	copy(b[n:n+len(memberOpen)], memberOpen)
	copy(b[n+len(memberOpen):], name)
	copy(b[m-len(nameClose):m], nameClose)
	return b
}
