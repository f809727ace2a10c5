package pycompat

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Dict is an insertion-ordered name -> value mapping whose values are
// Python str or int: the Go stand-in for the dicts supervisord passes to
// `value % expansions`. The order only shows when a format string formats
// the whole mapping ("%s"). The zero value is not usable; call NewDict.
type Dict struct {
	keys []string
	m    map[string]string
	ints map[string]int64 // names whose value is a Python int (m holds its str)
}

// NewDict returns an empty Dict.
func NewDict() *Dict { return &Dict{m: map[string]string{}} }

// DictFromMap returns a Dict holding m, ordered by name.
func DictFromMap(m map[string]string) *Dict {
	d := NewDict()
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		d.Set(k, m[k])
	}
	return d
}

// Set adds or replaces name with a str value; a replaced name keeps its
// position, as in a Python dict.
func (d *Dict) Set(name, value string) {
	if _, ok := d.m[name]; !ok {
		d.keys = append(d.keys, name)
	}
	d.m[name] = value
	delete(d.ints, name)
}

// SetInt adds or replaces name with an int value (supervisord passes
// process_num and numprocs as ints, so "%(process_num)02d" works).
func (d *Dict) SetInt(name string, value int64) {
	d.Set(name, strconv.FormatInt(value, 10))
	if d.ints == nil {
		d.ints = map[string]int64{}
	}
	d.ints[name] = value
}

// Get returns name's value (str() of an int).
func (d *Dict) Get(name string) (string, bool) {
	v, ok := d.m[name]
	return v, ok
}

// Keys returns the names in insertion order.
func (d *Dict) Keys() []string { return append([]string(nil), d.keys...) }

// Len returns the number of names.
func (d *Dict) Len() int { return len(d.keys) }

// arg returns name's value as a conversion argument.
func (d *Dict) arg(name string) (fmtArg, bool) {
	v, ok := d.m[name]
	if !ok {
		return fmtArg{}, false
	}
	i, isInt := d.ints[name]
	return fmtArg{s: v, isInt: isInt, i: i}, true
}

// With returns a copy of d followed by extra (nil is empty), like
// dict(list(d.items()) + list(extra.items())).
func (d *Dict) With(extra *Dict) *Dict {
	out := NewDict()
	for _, src := range []*Dict{d, extra} {
		if src == nil {
			continue
		}
		for _, k := range src.keys {
			if i, ok := src.ints[k]; ok {
				out.SetInt(k, i)
			} else {
				out.Set(k, src.m[k])
			}
		}
	}
	return out
}

// SortedNames returns the names in sorted order, as supervisord lists them.
func (d *Dict) SortedNames() []string {
	names := append([]string(nil), d.keys...)
	sort.Strings(names)
	return names
}

// Repr is Python's repr() of the dict.
func (d *Dict) Repr() string {
	parts := make([]string, len(d.keys))
	for i, k := range d.keys {
		if _, isInt := d.ints[k]; isInt {
			parts[i] = Repr(k) + ": " + d.m[k]
		} else {
			parts[i] = Repr(k) + ": " + Repr(d.m[k])
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// MissingNameError is Python's KeyError raised by % for a name the
// mapping lacks.
type MissingNameError struct{ Name string }

// Error returns repr(Name), as str() of a KeyError does.
func (e *MissingNameError) Error() string { return Repr(e.Name) }

// maxFormatWidth bounds the field width of a conversion. Python would try to
// build a string that wide (and fail with MemoryError far beyond it); we
// refuse early so a hostile file cannot make us allocate gigabytes.
const maxFormatWidth = 1 << 20

// Python's limits for the width and precision of a conversion.
const (
	pyMaxWidth     = 1<<63 - 1
	pyMaxPrecision = 1<<31 - 1
)

// fmtArg is one argument of a conversion: the whole mapping or one value,
// a str or an int.
type fmtArg struct {
	mapping bool
	s       string // the str, or str() of the int
	isInt   bool
	i       int64
}

func (a fmtArg) typeName() string {
	switch {
	case a.mapping:
		return "dict"
	case a.isInt:
		return "int"
	}
	return "str"
}

// Format is CPython 3.11's PyUnicode_Format (str % mapping) for a mapping
// whose values are str or int. Conversions a value's type does not support
// fail with Python's TypeError text; %s, %r, %a and %c work with width and
// precision, and ints also take %d, %i, %u, %o, %x, %X, %e, %f and %g with
// Python's flags.
func Format(format string, x *Dict) (string, error) {
	if !strings.ContainsRune(format, '%') {
		return format, nil
	}
	rs := []rune(format)
	n := len(rs)
	var out strings.Builder
	out.Grow(len(format))

	whole := fmtArg{mapping: true}
	cur, argidx := whole, -2
	nextArg := func() (fmtArg, error) {
		if argidx < -1 {
			argidx++
			return cur, nil
		}
		return fmtArg{}, errors.New("not enough arguments for format string")
	}

	for i := 0; i < n; {
		if rs[i] != '%' {
			out.WriteRune(rs[i])
			i++
			continue
		}
		i++
		if i < n && rs[i] == '%' {
			out.WriteByte('%')
			i++
			continue
		}

		if i < n && rs[i] == '(' {
			i++
			start, depth := i, 1
			for depth > 0 && i < n {
				switch rs[i] {
				case ')':
					depth--
				case '(':
					depth++
				}
				i++
			}
			if depth > 0 {
				return "", errors.New("incomplete format key")
			}
			key := string(rs[start : i-1])
			v, ok := x.arg(key)
			if !ok {
				return "", &MissingNameError{Name: key}
			}
			cur, argidx = v, -2
		}

		var ch rune
		eof := false
		next := func() bool {
			if i < n {
				ch = rs[i]
				i++
				return true
			}
			eof = true
			return false
		}

		var fl numFlags
		leftJustify := false
		for next() {
			if strings.ContainsRune("-+ #0", ch) {
				leftJustify = leftJustify || ch == '-'
				fl.set(ch)
				continue
			}
			break
		}

		width, prec := -1, -1
		if !eof && ch == '*' {
			a, err := nextArg()
			if err != nil {
				return "", err
			}
			_ = a // every argument is a str or the dict, never an int
			return "", errors.New("* wants int")
		} else if !eof && ch >= '0' && ch <= '9' {
			width = int(ch - '0')
			for next() {
				if ch < '0' || ch > '9' {
					break
				}
				if width > (pyMaxWidth-int(ch-'0'))/10 {
					return "", errors.New("width too big")
				}
				width = width*10 + int(ch-'0')
			}
		}
		if !eof && ch == '.' {
			prec = 0
			if next() {
				if ch == '*' {
					if _, err := nextArg(); err != nil {
						return "", err
					}
					return "", errors.New("* wants int")
				}
				if ch >= '0' && ch <= '9' {
					prec = int(ch - '0')
					for next() {
						if ch < '0' || ch > '9' {
							break
						}
						if prec > (pyMaxPrecision-int(ch-'0'))/10 {
							return "", errors.New("precision too big")
						}
						prec = prec*10 + int(ch-'0')
					}
				}
			}
		}
		if !eof && (ch == 'h' || ch == 'l' || ch == 'L') {
			next()
		}
		if eof {
			return "", errors.New("incomplete format")
		}

		a, err := nextArg()
		if err != nil {
			return "", err
		}
		var text string
		if a.isInt {
			t, err := formatInt(a.i, ch, fl, width, prec, i-1)
			if err != nil {
				return "", err
			}
			text = t
			if strings.ContainsRune("diuoxXeEfFgG", ch) && fl.zero && !leftJustify {
				text = zeroPad(text, width)
			}
		}
		switch {
		case a.isInt:
		case ch == 's' || ch == 'r' || ch == 'a':
			switch {
			case a.mapping:
				text = x.Repr()
				if ch == 'a' {
					text = asciiEscape(text)
				}
			case ch == 's':
				text = a.s
			case ch == 'r':
				text = Repr(a.s)
			default:
				text = ASCII(a.s)
			}
			if prec >= 0 && utf8.RuneCountInString(text) > prec {
				text = string([]rune(text)[:prec])
			}
		case ch == 'c':
			if a.mapping || utf8.RuneCountInString(a.s) != 1 {
				return "", errors.New("%c requires int or char")
			}
			text = a.s
		case ch == 'i' || ch == 'd' || ch == 'u':
			return "", fmt.Errorf("%%%c format: a real number is required, not %s", ch, a.typeName())
		case ch == 'o' || ch == 'x' || ch == 'X':
			return "", fmt.Errorf("%%%c format: an integer is required, not %s", ch, a.typeName())
		case strings.ContainsRune("eEfFgG", ch):
			return "", fmt.Errorf("must be real number, not %s", a.typeName())
		default:
			shown := '?'
			if ch >= 31 && ch <= 126 {
				shown = ch
			}
			return "", fmt.Errorf("unsupported format character '%c' (0x%x) at index %d", shown, ch, i-1)
		}

		if pad := width - utf8.RuneCountInString(text); pad > 0 {
			if width > maxFormatWidth {
				return "", errors.New("width too big")
			}
			if leftJustify {
				out.WriteString(text)
				out.WriteString(strings.Repeat(" ", pad))
			} else {
				out.WriteString(strings.Repeat(" ", pad))
				out.WriteString(text)
			}
		} else {
			out.WriteString(text)
		}
	}
	return out.String(), nil
}

// asciiEscape escapes the non-ASCII characters of an already repr()-ed text
// the way ascii() does.
func asciiEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	return b.String()
}
