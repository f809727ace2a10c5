package pycompat

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// numFlags are the flags of a %-conversion that matter for numbers.
type numFlags struct{ plus, space, alt, zero bool }

func (f *numFlags) set(c rune) {
	switch c {
	case '+':
		f.plus = true
	case ' ':
		f.space = true
	case '#':
		f.alt = true
	case '0':
		f.zero = true
	}
}

// sign returns the prefix for a non-negative number.
func (f numFlags) sign() string {
	switch {
	case f.plus:
		return "+"
	case f.space:
		return " "
	}
	return ""
}

// formatInt formats an int argument of conversion ch as Python's
// `"%<flags><prec>ch" % v` does, before width padding (zeroPad handles
// the '0' flag). at is the conversion's index, for the error message.
func formatInt(v int64, ch rune, fl numFlags, width, prec, at int) (string, error) {
	neg := v < 0
	mag := uint64(v)
	if neg {
		mag = uint64(-(v + 1)) + 1
	}
	digits := func(base int) string {
		d := strconv.FormatUint(mag, base)
		if prec > len(d) {
			d = strings.Repeat("0", prec-len(d)) + d
		}
		return d
	}
	sign := fl.sign()
	if neg {
		sign = "-"
	}
	switch ch {
	case 's', 'r', 'a':
		s := strconv.FormatInt(v, 10)
		if prec >= 0 && len(s) > prec {
			s = s[:prec]
		}
		return s, nil
	case 'd', 'i', 'u':
		return sign + digits(10), nil
	case 'o':
		prefix := ""
		if fl.alt {
			prefix = "0o"
		}
		return sign + prefix + digits(8), nil
	case 'x', 'X':
		prefix := ""
		if fl.alt {
			prefix = "0" + string(ch)
		}
		d := digits(16)
		if ch == 'X' {
			d = strings.ToUpper(d)
		}
		return sign + prefix + d, nil
	case 'c':
		if v < 0 || v > 0x10FFFF {
			return "", errors.New("%c arg not in range(0x110000)")
		}
		return string(rune(v)), nil
	case 'e', 'E', 'f', 'F', 'g', 'G':
		return formatFloat(float64(v), ch, fl, prec), nil
	}
	shown := '?'
	if ch >= 31 && ch <= 126 {
		shown = ch
	}
	return "", fmt.Errorf("unsupported format character '%c' (0x%x) at index %d", shown, ch, at)
}

// formatFloat is Python's %e, %f and %g (precision 6 by default).
func formatFloat(f float64, ch rune, fl numFlags, prec int) string {
	if prec < 0 {
		prec = 6
	}
	sign := fl.sign()
	if math.Signbit(f) {
		sign, f = "-", -f
	}
	var s string
	switch ch {
	case 'e', 'E':
		s = strconv.FormatFloat(f, 'e', prec, 64)
	case 'f', 'F':
		s = strconv.FormatFloat(f, 'f', prec, 64)
	default:
		if prec == 0 {
			prec = 1
		}
		s = strconv.FormatFloat(f, 'g', prec, 64)
		if fl.alt { // '#' keeps the trailing zeros: prec significant digits
			exp := 0
			if f != 0 {
				e := strconv.FormatFloat(f, 'e', prec-1, 64)
				exp, _ = strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
			}
			if exp < -4 || exp >= prec {
				s = strconv.FormatFloat(f, 'e', prec-1, 64)
			} else {
				s = strconv.FormatFloat(f, 'f', prec-1-exp, 64)
				if !strings.Contains(s, ".") {
					s += "."
				}
			}
		}
	}
	if ch == 'E' || ch == 'G' {
		s = strings.ToUpper(s)
	}
	return sign + s
}

// zeroPad pads a formatted number with zeros after its sign and base
// prefix up to width, as the '0' flag does.
func zeroPad(s string, width int) string {
	if width <= len(s) || width > maxFormatWidth {
		return s
	}
	head := 0
	if head < len(s) && (s[0] == '-' || s[0] == '+' || s[0] == ' ') {
		head++
	}
	if head+1 < len(s) && s[head] == '0' && strings.ContainsRune("oxX", rune(s[head+1])) {
		head += 2
	}
	return s[:head] + strings.Repeat("0", width-len(s)) + s[head:]
}
