package xmlrpc

import (
	"bytes"
	"math"
	"strconv"
	"time"
)

// readBool reads a <boolean> value's content: 0, 1, true or false.
// supervisord reads anything but "1" as false; a client sending "2" or
// "yes" gets HTTP 400 here instead of a silent false.
func (d *Decoder) readBool(h *head) (bool, error) {
	t, err := d.scalarText(h)
	if err != nil {
		return false, err
	}
	switch string(trim(t)) {
	case "1", "true":
		return true, nil
	case "0", "false":
		return false, nil
	}
	return false, d.errAt(h.off, "invalid boolean %q (want 0, 1, true or false)", clip(t))
}

// readDouble reads a <double> value's content. NaN, infinities and values
// that overflow are refused: XML-RPC has no representation for them.
func (d *Decoder) readDouble(h *head) (float64, error) {
	t, err := d.scalarText(h)
	if err != nil {
		return 0, err
	}
	f, ok := parseDouble(trim(t))
	if !ok {
		return 0, d.errAt(h.off, "invalid double %q", clip(t))
	}
	return f, nil
}

// parseDouble accepts [+-]digits[.digits][e[+-]digits] (and .5, 5.) and
// refuses NaN, Inf, hex floats, underscores and overflow.
func parseDouble(t []byte) (float64, bool) {
	if f, ok := parsePlainDouble(t); ok {
		return f, true
	}
	i := 0
	if i < len(t) && (t[i] == '+' || t[i] == '-') {
		i++
	}
	digits := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < len(t) && t[i] == '.' {
		i++
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			i++
		}
		exp := 0
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i, exp = i+1, exp+1
		}
		if exp == 0 {
			return 0, false
		}
	}
	if i != len(t) {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(t), 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// readDateTime reads a <dateTime.iso8601> value's content: exactly
// YYYYMMDDTHH:MM:SS (supervisord's only form), read as UTC.
func (d *Decoder) readDateTime(h *head) (time.Time, error) {
	t, err := d.scalarText(h)
	if err != nil {
		return time.Time{}, err
	}
	tm, ok := parseDateTime(trim(t))
	if !ok {
		return time.Time{}, d.errAt(h.off, "invalid dateTime.iso8601 %q (want YYYYMMDDTHH:MM:SS)", clip(t))
	}
	return tm, nil
}

func parseDateTime(t []byte) (time.Time, bool) {
	if len(t) != 17 || t[8] != 'T' || t[11] != ':' || t[14] != ':' {
		return time.Time{}, false
	}
	num := func(b []byte) (int, bool) {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	year, ok1 := num(t[0:4])
	month, ok2 := num(t[4:6])
	day, ok3 := num(t[6:8])
	hour, ok4 := num(t[9:11])
	minute, ok5 := num(t[12:14])
	sec, ok6 := num(t[15:17])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || year < 1 || month < 1 || month > 12 ||
		day < 1 || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	tm := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	if tm.Day() != day {
		return time.Time{}, false // February 30th and the like
	}
	return tm, true
}

// readBase64 reads a <base64> value's content and decodes it, appending to
// dst. Line breaks and spaces inside are allowed; anything else outside the
// standard alphabet, and missing padding, are errors.
func (d *Decoder) readBase64(h *head, dst []byte) ([]byte, error) {
	var t []byte
	if h.tag == nil {
		t = h.text
	} else if !h.empty {
		// Fast path: the text is plain base64 up to the end tag.
		end := bytes.IndexByte(d.buf[d.pos:], '<')
		if end >= 0 && bytes.IndexByte(d.buf[d.pos:d.pos+end], '&') < 0 &&
			d.pos+end+1 < len(d.buf) && d.buf[d.pos+end+1] == '/' {
			t = d.buf[d.pos : d.pos+end]
			d.pos += end
			if err := d.endTagBytes(h.tag); err != nil {
				return nil, err
			}
		} else {
			var err error
			if t, err = d.elementText(h.tag); err != nil {
				return nil, err
			}
		}
	}
	if h.tag != nil {
		if err := d.endValue(h.wrapped); err != nil {
			return nil, err
		}
	}
	n := base64MaxDecoded(len(t))
	if n > d.lim.MaxStringBytes && base64Size(t) > d.lim.MaxStringBytes {
		return nil, &LimitError{Limit: "MaxStringBytes", Max: d.lim.MaxStringBytes}
	}
	start := len(dst)
	dst = grow(dst, n)
	m, err := decodeBase64(dst[start:start+n], t)
	if err != nil {
		return nil, d.errAt(h.off, "invalid base64: %v", err)
	}
	return dst[:start+m], nil
}

// base64Size returns how many bytes the base64 text t decodes to at most:
// base64MaxDecoded counts padding and whitespace as data.
func base64Size(t []byte) int {
	n := 0
	for _, c := range t {
		if c != '=' && !isSpace(c) {
			n++
		}
	}
	return n * 6 / 8
}

// grow returns b with room for n more bytes beyond len(b) (len unchanged).
func grow(b []byte, n int) []byte {
	if cap(b)-len(b) >= n {
		return b
	}
	nb := make([]byte, len(b), len(b)+n)
	copy(nb, b)
	return nb
}

// readString reads a string value's content (typed or untyped).
func (d *Decoder) readString(h *head) (string, error) {
	t, err := d.scalarText(h)
	if err != nil {
		return "", err
	}
	if len(t) > d.lim.MaxStringBytes {
		return "", &LimitError{Limit: "MaxStringBytes", Max: d.lim.MaxStringBytes}
	}
	return d.str(t), nil
}

// readNil reads a nil value's content, which must be empty.
func (d *Decoder) readNil(h *head) error {
	t, err := d.scalarText(h)
	if err != nil {
		return err
	}
	if !spaceOnly(t) {
		return d.errAt(h.off, "<nil/> with content")
	}
	return nil
}

// clip shortens text quoted in an error message.
func clip(b []byte) []byte {
	if len(b) > 40 {
		return append(b[:37:37], "..."...)
	}
	return b
}
