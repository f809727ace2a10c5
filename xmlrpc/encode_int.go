package xmlrpc

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// Writing an <int>: arrays of ints are mostly this.

const (
	intOpen  = "<value><int>"
	intClose = "</int></value>\n"
	// intWindow is the room appendIntValue writes in: the open tag, a
	// sign, ten digits and the close tag take 38 bytes; its stores are
	// masked into a window of 64 so that none needs a bounds check.
	intWindow = 64
)

// appendIntValue appends "<value><int>v</int></value>\n", the buffer
// grown once, with fixed-size stores: the tags, the sign, and the digits
// computed in one word (up to four of them for small values; else the one
// or two above 10^8 from a table, the eight below it by digits8), their
// leading zeros shifted out. Every store is at an offset masked below 32
// in a window of 64 bytes, so that none needs a bounds check; what a
// store writes past the element is overwritten by the next, or left
// beyond the returned length.
func appendIntValue(b []byte, v int32) []byte {
	if cap(b)-len(b) < intWindow {
		b = growWindow(b)
	}
	return putIntValue(b, v)
}

// growWindow returns b with room for intWindow more bytes.
func growWindow(b []byte) []byte { return slices.Grow(b, intWindow) }

// putIntValue is appendIntValue for b with room for intWindow more
// bytes: it calls nothing, so it needs no stack frame.
func putIntValue(b []byte, v int32) []byte {
	n := len(b)
	p := (*[intWindow]byte)(b[n : n+intWindow])
	le := binary.LittleEndian
	le.PutUint64(p[0:], word(intOpen[:8]))
	le.PutUint64(p[5:], word("e><int>-")) // the sign, kept when v < 0
	u := uint32(v)
	pos := len(intOpen)
	if v < 0 {
		u = -u
		pos++
	}
	if u < 1e4 {
		// Small values (counts, codes, a sum): four digits at most.
		z := digits4(u)
		lead := uint(bits.TrailingZeros32(z|1<<24)) &^ 7
		le.PutUint32(p[pos&31:], (z+0x30303030)>>lead)
		pos += 4 - int(lead/8)
	} else {
		// The one or two digits above 10^8, then the eight below it.
		hi := u / 1e8 // 0 to 21: the ninth and tenth digits
		z := digits8(u - hi*1e8)
		h := highDigits[hi&63]
		le.PutUint16(p[pos&31:], uint16(h))
		hiLen := h >> 16
		pos += int(hiLen)
		// The low eight digits without their leading zeros (the first
		// digit is in the lowest byte): none when there are high digits,
		// and the last digit always.
		lead := uint(bits.TrailingZeros64(z|1<<56|uint64(hiLen))) &^ 7
		le.PutUint64(p[pos&31:], (z+0x3030303030303030)>>lead)
		pos += 8 - int(lead/8)
	}
	le.PutUint64(p[pos&31:], word(intClose[:8]))
	le.PutUint64(p[(pos+7)&31:], word(intClose[7:]))
	return b[:n+pos+len(intClose)]
}

// highDigits holds, for h below 64, the digits of h as ASCII in the low
// bytes (none for 0, one below 10) and their count above them: the digits
// of an int above 10^8, where digits8 leaves off.
var highDigits = func() (t [64]uint32) {
	for h := range uint32(len(t)) {
		switch {
		case h >= 10:
			t[h] = 2<<16 | ('0'+h%10)<<8 | ('0' + h/10)
		case h > 0:
			t[h] = 1<<16 | ('0' + h)
		}
	}
	return t
}()

// digits4 is digits8 for n < 10^4, in four bytes.
func digits4(n uint32) uint32 {
	x := n/100 | n%100<<16
	q := (x * 103 >> 10) & 0x000F000F // /10 for lanes < 179
	return q | (x-q*10)<<8
}

// digits8 returns the eight decimal digits of n < 10^8 as bytes 0 to 9,
// the first (most significant) in the lowest byte, so that a
// little-endian store writes them in order. It splits n into 4-digit
// halves, each half into 2-digit lanes and each lane into digits, all
// lanes at once: a quotient by multiplying and shifting (exact in the
// ranges here), the remainder by subtracting it back.
func digits8(n uint32) uint64 {
	x := uint64(n/10000) | uint64(n%10000)<<32
	q := (x * 5243 >> 19) & 0x0000007F0000007F // /100 for lanes < 43699
	x = q | (x-q*100)<<16
	q = (x * 103 >> 10) & 0x000F000F000F000F // /10 for lanes < 179
	return q | (x-q*10)<<8
}

// word is the eight bytes of s as a little-endian load reads them: for a
// constant s, a constant.
func word(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
