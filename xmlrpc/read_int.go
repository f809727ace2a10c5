package xmlrpc

import (
	"encoding/binary"
	"math"
)

// intText is a parsed integer: its sign and magnitude.
type intText struct {
	neg      bool
	mag      uint64
	overflow bool   // the magnitude does not fit in a uint64
	digits   []byte // the trimmed text, for big values
}

// parseIntText parses optional whitespace, an optional sign and decimal
// digits, as Python's int() does (without its underscores).
func parseIntText(t []byte) (intText, bool) {
	t = trim(t)
	it := intText{digits: t}
	if len(t) > 0 && (t[0] == '+' || t[0] == '-') {
		it.neg = t[0] == '-'
		t = t[1:]
	}
	if len(t) == 0 {
		return it, false
	}
	if len(t) <= 19 {
		// Up to 19 digits cannot overflow a uint64: no check per digit.
		var mag uint64
		for _, c := range t {
			c -= '0'
			if c > 9 {
				return it, false
			}
			mag = mag*10 + uint64(c)
		}
		it.mag = mag
		return it, true
	}
	for _, c := range t {
		if c < '0' || c > '9' {
			return it, false
		}
		if !it.overflow {
			if it.mag > (math.MaxUint64-uint64(c-'0'))/10 {
				it.overflow = true
				continue
			}
			it.mag = it.mag*10 + uint64(c-'0')
		}
	}
	return it, true
}

// int64 returns the value if it fits in an int64.
func (it intText) int64() (int64, bool) {
	if it.overflow {
		return 0, false
	}
	if it.neg {
		if it.mag > 1<<63 {
			return 0, false
		}
		return -int64(it.mag), true
	}
	if it.mag > math.MaxInt64 {
		return 0, false
	}
	return int64(it.mag), true
}

// readInt reads an <int>, <i4> or <i8> value's content.
func (d *Decoder) readInt(h *head) (intText, error) {
	if it, ok := d.plainInt(h); ok {
		return it, nil
	}
	t, err := d.scalarText(h)
	if err != nil {
		return intText{}, err
	}
	it, ok := parseIntText(t)
	if !ok {
		return it, d.errAt(h.off, "invalid integer %q", clip(t))
	}
	if it.overflow {
		n := len(it.digits)
		if n > 0 && (it.digits[0] == '+' || it.digits[0] == '-') {
			n--
		}
		if n > d.lim.MaxIntDigits {
			return it, &LimitError{Limit: "MaxIntDigits", Max: d.lim.MaxIntDigits}
		}
	}
	return it, nil
}

// plainInt reads an integer written as senders write it, "-123</int>"
// and "</value>" when wrapped, in one pass. Anything else (a sign '+',
// spaces, a reference, a comment, more than 19 digits) reports false with
// nothing consumed, for scalarText and parseIntText to read.
func (d *Decoder) plainInt(h *head) (intText, bool) {
	if h.tag == nil || h.empty {
		return intText{}, false
	}
	buf, start := d.buf, d.pos
	i := start
	neg := i < len(buf) && buf[i] == '-'
	if neg {
		i++
	}
	first := i
	mag, i := parseDigits(buf, i)
	end := i + 2 + len(h.tag)
	if i == first || end >= len(buf) || buf[i] != '<' || buf[i+1] != '/' || buf[end] != '>' ||
		string(buf[i+2:end]) != string(h.tag) {
		return intText{}, false
	}
	end++
	if h.wrapped {
		if !hasAt8(buf, end, "</value>") {
			return intText{}, false
		}
		end += len("</value>")
	}
	d.pos = end
	return intText{neg: neg, mag: mag, digits: buf[start:i]}, true
}

// parseDigits reads up to 19 ASCII digits at buf[i:], which cannot
// overflow a uint64: eight at a time, then one by one. It returns their
// value and the offset after them.
func parseDigits(buf []byte, i int) (uint64, int) {
	first := i
	var mag uint64
	for len(buf)-i >= 8 && i-first <= 11 {
		w := binary.LittleEndian.Uint64(buf[i:])
		if !eightDigits(w) {
			break
		}
		mag = mag*1e8 + parseEight(w)
		i += 8
	}
	for ; i < len(buf) && i-first < 19; i++ {
		c := buf[i] - '0'
		if c > 9 {
			break
		}
		mag = mag*10 + uint64(c)
	}
	return mag, i
}

// plainIntElem reads the next value (an array element, or a value whose
// <value> is next) when it is an <int> written as senders write it:
// optional line ends, then "<value><int>-123</int></value>", whose value
// fits in an int64. It reports false with nothing consumed otherwise, for
// arrayNext, beginValue and readInt to read: what it reads, they would
// read alike.
func (d *Decoder) plainIntElem() (int64, bool) {
	buf, i := d.buf, d.pos
	for i < len(buf) && (buf[i] == '\n' || buf[i] == ' ') {
		i++
	}
	if !hasAt16(buf, i, "<value><int>") || d.values >= d.lim.MaxValues {
		return 0, false
	}
	i += len("<value><int>")
	neg := i < len(buf) && buf[i] == '-'
	if neg {
		i++
	}
	mag, j := parseDigits(buf, i)
	if j == i || !hasAt16(buf, j, "</int></value>") {
		return 0, false
	}
	it := intText{neg: neg, mag: mag}
	v, ok := it.int64()
	if !ok {
		return 0, false
	}
	d.values++
	d.pos = j + len("</int></value>")
	return v, true
}

// eightDigits reports whether the eight bytes of w are all ASCII digits.
func eightDigits(w uint64) bool {
	return (w&0xF0F0F0F0F0F0F0F0)|(((w+0x0606060606060606)&0xF0F0F0F0F0F0F0F0)>>4) == 0x3333333333333333
}

// parseEight returns the value of the eight ASCII digits in w, the first
// in its lowest byte (a little-endian load), combining pairs, then pairs
// of pairs, then the two halves.
func parseEight(w uint64) uint64 {
	w -= 0x3030303030303030
	w = (w*10 + w>>8) & 0x00FF00FF00FF00FF
	w = (w*100 + w>>16) & 0x0000FFFF0000FFFF
	return (w*10000 + w>>32) & 0xFFFFFFFF
}
