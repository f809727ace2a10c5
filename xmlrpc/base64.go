package xmlrpc

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// This file is the codec of <base64> values: the standard alphabet of
// RFC 4648 with '=' padding. It accepts and produces exactly what
// encoding/base64's StdEncoding does (the tests compare the two), with
// white space (space, tab, CR, LF) allowed anywhere in what it reads, as
// Python's xmlrpc.client breaks lines every 76 characters. It is ours
// because a blob's request is mostly base64 in and out: table lookups that
// decode 8 characters with one OR per character and one store, checking
// 24 characters with one test, and encode 6 bytes with one store, take
// about a third of encoding/base64's instructions to decode and a quarter
// to encode. Stores write a few bytes past what they keep, always inside
// the destination; loads and stores go through encoding/binary, so the
// result does not depend on the machine's byte order.

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// base64Bad marks, in base64Dec, a byte outside the alphabet ('=' and white
// space included): valid entries use only the low 48 bits, so the sign of
// the OR of a block's entries tells whether any is bad.
const base64Bad = 1 << 63

// base64Dec[k][c] holds the 6 bits of character c at position k of 8
// characters, already where they land in the 6 bytes these decode to, read
// as a little-endian word: the OR of the 8 entries is the 6 bytes (and the
// OR of entries 0 to 3 is the first group's 3 bytes); base64Bad for a byte
// outside the alphabet.
var base64Dec = func() (t [8][256]uint64) {
	for k := range t {
		for c := range t[k] {
			t[k][c] = base64Bad
		}
	}
	for v := range 64 {
		c := base64Alphabet[v]
		for k := range 4 {
			g := uint64(v) << (18 - 6*k) // where the bits are in the group, big-endian
			t[k][c] = g>>16 | (g>>8&0xff)<<8 | (g&0xff)<<16
			t[k+4][c] = t[k][c] << 24
		}
	}
	return t
}()

// base64Pair[k][x] is the two characters encoding the 12 bits x, the
// first in the low byte, shifted to the k-th half of a little-endian
// uint32: the OR of base64Pair[0][x>>12] and base64Pair[1][x&0xfff] is the
// 4 characters of the 24 bits x.
var base64Pair = func() (t [2][4096]uint32) {
	for x := range t[0] {
		t[0][x] = uint32(base64Alphabet[x>>6]) | uint32(base64Alphabet[x&63])<<8
		t[1][x] = t[0][x] << 16
	}
	return t
}()

// base64Len is the length of n bytes encoded, with padding.
func base64Len(n int) int { return (n + 2) / 3 * 4 }

// base64MaxDecoded is the most bytes base64 text of n bytes can decode to,
// the room decodeBase64 needs.
func base64MaxDecoded(n int) int { return n / 4 * 3 }

// appendBase64 appends src encoded, on one line, with padding.
func appendBase64(dst, src []byte) []byte {
	n := base64Len(len(src))
	dst = slices.Grow(dst, n)
	encodeBase64(dst[len(dst):len(dst)+n], src)
	return dst[:len(dst)+n]
}

// encodeBase64 writes src encoded into out, which is exactly
// base64Len(len(src)) long.
func encodeBase64(out, src []byte) { encodeBase64With(&base64Pair, out, src) }

// encodeBase64With is encodeBase64 with the table as an argument: the
// compiler then keeps its address in a register instead of computing it at
// each lookup.
func encodeBase64With(pair *[2][4096]uint32, out, src []byte) {
	// 24 bytes, read as four overlapping big-endian words of which the
	// top 6 bytes count, make 32 characters, four 8-byte stores.
	for len(src) >= 26 && len(out) > 32 {
		binary.LittleEndian.PutUint64(out, base64Chars(pair, binary.BigEndian.Uint64(src)))
		binary.LittleEndian.PutUint64(out[8:], base64Chars(pair, binary.BigEndian.Uint64(src[6:])))
		binary.LittleEndian.PutUint64(out[16:], base64Chars(pair, binary.BigEndian.Uint64(src[12:])))
		binary.LittleEndian.PutUint64(out[24:], base64Chars(pair, binary.BigEndian.Uint64(src[18:])))
		src, out = src[24:], out[32:]
	}
	// 3 bytes make 4 characters.
	for len(src) >= 3 && len(out) >= 4 {
		x := uint(src[0])<<16 | uint(src[1])<<8 | uint(src[2])
		binary.LittleEndian.PutUint32(out, pair[0][x>>12]|pair[1][x&0xfff])
		src, out = src[3:], out[4:]
	}
	switch len(src) {
	case 1:
		binary.LittleEndian.PutUint16(out, uint16(pair[0][uint(src[0])<<4]))
		out[2], out[3] = '=', '='
	case 2:
		x := uint(src[0])<<10 | uint(src[1])<<2 // 18 bits, 3 characters
		binary.LittleEndian.PutUint16(out, uint16(pair[0][x>>6]))
		out[2], out[3] = base64Alphabet[x&63], '='
	}
}

// base64Chars returns the 8 characters encoding the top 6 bytes of x, the
// first in the low byte.
func base64Chars(pair *[2][4096]uint32, x uint64) uint64 {
	return uint64(pair[0][x>>52]|pair[1][x>>40&0xfff]) | uint64(pair[0][x>>28&0xfff]|pair[1][x>>16&0xfff])<<32
}

// base64Error is what is wrong with base64 text, and where.
type base64Error struct {
	Off  int    // the byte of the text (0-based) where it was found
	What string // what was found
}

func (e *base64Error) Error() string { return fmt.Sprintf("%s at byte %d", e.What, e.Off) }

// decodeBase64 decodes the base64 text src into dst, which must hold
// base64MaxDecoded(len(src)) bytes, and returns how many it wrote. White
// space (space, tab, CR, LF) is skipped anywhere; the text is then groups
// of 4 characters, the last one possibly padded ("xx==" or "xxx=", the
// unused low bits ignored), and nothing but white space after the padding.
// Its error is a *base64Error.
func decodeBase64(dst, src []byte) (int, error) { return decodeBase64With(&base64Dec, dst, src) }

// decodeBase64With is decodeBase64 with the table as an argument, as for
// encodeBase64With.
func decodeBase64With(t *[8][256]uint64, dst, src []byte) (int, error) {
	si, di := 0, 0
	for {
		s, d := decodeBase64Run(t, src[si:], dst[di:])
		si, di = len(src)-len(s), len(dst)-len(d)
		// Any other group (the last, a bad one, one with white space in
		// it), character by character.
		var end bool
		var err error
		if si, di, end, err = decodeBase64Group(t, dst, src, si, di); end || err != nil {
			return di, err
		}
	}
}

// decodeBase64Run decodes the plain groups at the start of s into d, and
// skips white space between them, up to anything else or the text's last
// 4 characters; it returns the rest of both.
func decodeBase64Run(t *[8][256]uint64, s, d []byte) ([]byte, []byte) {
	// As many characters as the line before: where the next line break is
	// expected (Python writes lines of 76), so that the block loop stops
	// before the block that would hold it. 0 means unknown.
	width := 0
	for {
		ln := s
		if 0 < width && width < len(s) {
			ln = s[:width+1]
		}
		n := len(ln)
		// 24 characters make 18 bytes, three stores. The loop stops at
		// anything else (white space, padding, a bad byte), and near
		// either end.
		for len(ln) > 24 && len(d) >= 24 {
			x := t[0][ln[0]] | t[1][ln[1]] | t[2][ln[2]] | t[3][ln[3]] | t[4][ln[4]] | t[5][ln[5]] | t[6][ln[6]] | t[7][ln[7]]
			y := t[0][ln[8]] | t[1][ln[9]] | t[2][ln[10]] | t[3][ln[11]] | t[4][ln[12]] | t[5][ln[13]] | t[6][ln[14]] | t[7][ln[15]]
			z := t[0][ln[16]] | t[1][ln[17]] | t[2][ln[18]] | t[3][ln[19]] | t[4][ln[20]] | t[5][ln[21]] | t[6][ln[22]] | t[7][ln[23]]
			if int64(x|y|z) < 0 {
				break
			}
			binary.LittleEndian.PutUint64(d, x|y<<48)
			binary.LittleEndian.PutUint64(d[8:], y>>16|z<<32)
			binary.LittleEndian.PutUint16(d[16:], uint16(z>>32))
			ln, d = ln[24:], d[18:]
		}
		// 8 characters make 6 bytes, then 4 make 3.
		if len(ln) > 8 && len(d) >= 8 {
			x := t[0][ln[0]] | t[1][ln[1]] | t[2][ln[2]] | t[3][ln[3]] | t[4][ln[4]] | t[5][ln[5]] | t[6][ln[6]] | t[7][ln[7]]
			if int64(x) >= 0 {
				binary.LittleEndian.PutUint64(d, x)
				ln, d = ln[8:], d[6:]
			}
		}
		for len(ln) > 4 && len(d) >= 4 {
			a := t[0][ln[0]] | t[1][ln[1]] | t[2][ln[2]] | t[3][ln[3]]
			if int64(a) < 0 {
				break
			}
			binary.LittleEndian.PutUint32(d, uint32(a))
			ln, d = ln[4:], d[3:]
		}
		n -= len(ln)
		s = s[n:]
		if len(s) == 0 || !isSpace(s[0]) {
			return s, d
		}
		// White space between groups: a line break.
		i := 1
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		s, width = s[i:], n
	}
}

// decodeBase64Group decodes the group at src[si:] into dst[di:] one
// character at a time, skipping white space and checking padding. It
// returns where the next group starts in src and dst, and end when the
// text is over (its end was reached, or padding).
func decodeBase64Group(t *[8][256]uint64, dst, src []byte, si, di int) (nsi, ndi int, end bool, err error) {
	var w uint64
	j := 0 // characters of the group read
	for ; j < 4; si++ {
		if si == len(src) {
			if j == 0 {
				return si, di, true, nil
			}
			return si, di, true, &base64Error{si, "missing padding: the text ends inside a 4-character group"}
		}
		c := src[si]
		if v := t[j][c]; int64(v) >= 0 {
			w |= v
			j++
			continue
		}
		switch {
		case isSpace(c):
			continue
		case c != '=':
			return si, di, true, &base64Error{si, fmt.Sprintf("illegal byte %q", []byte{c})}
		case j < 2:
			return si, di, true, &base64Error{si, "misplaced padding '='"}
		}
		// Padding: "xx==" or "xxx=", then only white space.
		si++
		if j == 2 {
			for si < len(src) && isSpace(src[si]) {
				si++
			}
			if si == len(src) || src[si] != '=' {
				return si, di, true, &base64Error{si, "missing padding: a second '=' expected"}
			}
			si++
		}
		for si < len(src) && isSpace(src[si]) {
			si++
		}
		if si < len(src) {
			return si, di, true, &base64Error{si, "data after the padding"}
		}
		dst[di] = byte(w)
		if j == 3 {
			dst[di+1] = byte(w >> 8)
		}
		return si, di + j - 1, true, nil
	}
	d := dst[di : di+3]
	d[0], d[1], d[2] = byte(w), byte(w>>8), byte(w>>16)
	return si, di + 3, false, nil
}
