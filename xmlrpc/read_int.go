package xmlrpc

import (
	"encoding/binary"
	"math"
	"math/bits"
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
// overflow a uint64. With sixteen bytes to look at it takes them as two
// words and finds where the digits end in them (firstNonDigit), so that
// an int's up to ten digits are read with no loop; else, and after
// sixteen digits, eight at a time, then one by one. It returns their
// value and the offset after them.
func parseDigits(buf []byte, i int) (uint64, int) {
	first := i
	var mag uint64
	if len(buf)-i >= 16 {
		le := binary.LittleEndian
		w := le.Uint64(buf[i:]) ^ 0x3030303030303030 // digits to 0-9
		if n := firstNonDigit(w); n < 8 {
			// The n digits moved to the top bytes: zeros before them.
			return digitsValue(w << (64 - 8*n)), i + int(n)
		}
		x := le.Uint64(buf[i+8:]) ^ 0x3030303030303030
		if n := firstNonDigit(x); n < 8 {
			return digitsValue(w)*tenPow[n&7] + digitsValue(x<<(64-8*n)), i + 8 + int(n)
		}
		mag, i = digitsValue(w)*1e8+digitsValue(x), i+16
	}
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

// tenPow holds 10^n for n below 8.
var tenPow = [8]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7}

// firstNonDigit returns the index of the first byte of w (the lowest)
// that is not 0 to 9, or 8 when all are: a byte t is not a digit when
// t+0x76 or t itself has its top bit set. A carry out of a byte that is
// not a digit can only mark the bytes after it.
func firstNonDigit(w uint64) uint {
	m := (w + 0x7676767676767676 | w) & 0x8080808080808080
	return uint(bits.TrailingZeros64(m)) >> 3
}

// digitsValue returns the value of the eight digits 0-9 in w, the first
// in its lowest byte: parseEight without the ASCII offset.
func digitsValue(w uint64) uint64 {
	w = (w*10 + w>>8) & 0x00FF00FF00FF00FF
	w = (w*100 + w>>16) & 0x0000FFFF0000FFFF
	return (w*10000 + w>>32) & 0xFFFFFFFF
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

// plainInts reads the elements that come next in an array while
// plainIntElem would read them, onto d.ints (emptied first), and returns
// how many it read: those written exactly as senders write them in one
// loop (plainIntsIn), the others by plainIntElem.
func (d *Decoder) plainInts() int {
	if d.ints == nil {
		d.ints = new([]int64)
	}
	ints := (*d.ints)[:0]
	for {
		before := len(ints)
		var read int
		ints, read = plainIntsIn(ints, d.buf, d.pos, d.lim.MaxValues-d.values)
		d.values += len(ints) - before
		d.pos += read
		v, ok := d.plainIntElem()
		if !ok {
			break
		}
		ints = append(ints, v)
	}
	*d.ints = ints
	return len(ints)
}

// intElemWindow is how many bytes of the body plainIntsIn looks at for
// each element.
const intElemWindow = 64

// plainIntsIn reads at buf[pos:], up to max of them, the elements that
// plainIntElem would read when each is written exactly "\n<value><int>",
// up to 16 digits (with a '-'), "</int></value>", and appends their values
// to ints. It returns ints and how many bytes it read. Each element is
// read from a window of the body at fixed or masked offsets, which need
// no bounds checks.
func plainIntsIn(ints []int64, buf []byte, pos, max int) ([]int64, int) {
	le := binary.LittleEndian
	start := pos
	for ; max > 0 && len(buf)-pos >= intElemWindow; max-- {
		p := (*[intElemWindow]byte)(buf[pos : pos+intElemWindow])
		if le.Uint64(p[0:]) != word("\n<value>") || le.Uint64(p[5:]) != word("ue><int>") {
			break
		}
		i := len("\n<value><int>")
		neg := p[i] == '-'
		if neg {
			i++
		}
		// The digits as parseDigits reads them, in two words.
		w := le.Uint64(p[i&15:]) ^ 0x3030303030303030
		n := firstNonDigit(w)
		var mag uint64
		if n < 8 {
			mag = digitsValue(w << (64 - 8*n))
		} else {
			x := le.Uint64(p[i&15+8:]) ^ 0x3030303030303030
			k := firstNonDigit(x)
			if k == 8 {
				break // sixteen digits or more
			}
			mag = digitsValue(w)*tenPow[k&7] + digitsValue(x<<(64-8*k))
			n += k
		}
		j := i&15 + int(n) // at most 30
		if n == 0 || le.Uint64(p[j&31:]) != word("</int></") || le.Uint64(p[j&31+6:]) != word("</value>") {
			break
		}
		v := int64(mag) // below 10^16
		if neg {
			v = -v
		}
		ints = append(ints, v)
		pos += j + len("</int></value>")
	}
	return ints, pos - start
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
