package config

import (
	"fmt"
	"unicode/utf8"
)

// decodeUTF8 checks that data is UTF-8, as Python (in a UTF-8 locale)
// requires when it reads the file as text, and reports the first bad byte
// with Python's UnicodeDecodeError text.
func decodeUTF8(data []byte, name string) (string, error) {
	if utf8.Valid(data) {
		return string(data), nil
	}
	line, pos := 1, 0
	for pos < len(data) {
		r, size := utf8.DecodeRune(data[pos:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		if r == '\n' {
			line++
		}
		pos += size
	}
	return "", &Error{File: name, Line: line, Err: errorString("'utf-8' codec " + utf8Problem(data, pos))}
}

// utf8Problem describes the invalid UTF-8 sequence at data[pos] like
// CPython's decoder: the bytes of the valid prefix, then the reason.
func utf8Problem(data []byte, pos int) string {
	b := data[pos]
	need, lo, hi := 0, byte(0x80), byte(0xbf)
	switch {
	case b >= 0xc2 && b <= 0xdf:
		need = 1
	case b == 0xe0:
		need, lo = 2, 0xa0
	case b == 0xed:
		need, hi = 2, 0x9f
	case b >= 0xe1 && b <= 0xef:
		need = 2
	case b == 0xf0:
		need, lo = 3, 0x90
	case b == 0xf4:
		need, hi = 3, 0x8f
	case b >= 0xf1 && b <= 0xf3:
		need = 3
	default:
		return fmt.Sprintf("can't decode byte 0x%02x in position %d: invalid start byte", b, pos)
	}
	end, reason := pos+1, ""
	for k := 0; k < need && reason == ""; k++ {
		l, h := byte(0x80), byte(0xbf)
		if k == 0 {
			l, h = lo, hi
		}
		switch {
		case end >= len(data):
			reason = "unexpected end of data"
		case data[end] < l || data[end] > h:
			reason = "invalid continuation byte"
		default:
			end++
		}
	}
	if end-pos == 1 {
		return fmt.Sprintf("can't decode byte 0x%02x in position %d: %s", b, pos, reason)
	}
	return fmt.Sprintf("can't decode bytes in position %d-%d: %s", pos, end-1, reason)
}
