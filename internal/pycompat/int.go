package pycompat

import (
	"fmt"
	"math/big"
	"strings"
	"unicode"
)

// Int is Python's int(s, base) for base 8 or 10: surrounding whitespace,
// a sign, single underscores between digits, any Unicode decimal digit and,
// for base 8, a "0o" prefix are accepted. The error text is Python's.
func Int(s string, base int) (*big.Int, error) {
	bad := fmt.Errorf("invalid literal for int() with base %d: %s", base, truncateRepr(Repr(s), 200))
	t := strings.TrimFunc(s, func(r rune) bool {
		return strings.ContainsRune(" \t\n\v\f\r", r) || (r >= 0x80 && IsSpace(r))
	})
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-'
		t = t[1:]
	}
	if base == 8 && len(t) >= 2 && t[0] == '0' && (t[1] == 'o' || t[1] == 'O') {
		t = strings.TrimPrefix(t[2:], "_")
	}
	var digits strings.Builder
	prevUnderscore := true // no leading underscore
	for _, r := range t {
		if r == '_' {
			if prevUnderscore {
				return nil, bad
			}
			prevUnderscore = true
			continue
		}
		d, ok := decimalValue(r)
		if !ok || d >= base {
			return nil, bad
		}
		digits.WriteByte(byte('0' + d))
		prevUnderscore = false
	}
	if digits.Len() == 0 || prevUnderscore {
		return nil, bad
	}
	v, ok := new(big.Int).SetString(digits.String(), base)
	if !ok {
		return nil, bad
	}
	if neg {
		v.Neg(v)
	}
	return v, nil
}

// decimalValue is the value of a Unicode decimal digit (category Nd). Nd
// digits come in runs of ten starting at zero.
func decimalValue(r rune) (int, bool) {
	if r >= '0' && r <= '9' {
		return int(r - '0'), true
	}
	if r < 0x80 || !unicode.IsDigit(r) {
		return 0, false
	}
	start := r
	for unicode.IsDigit(start - 1) {
		start--
	}
	return int(r-start) % 10, true
}

// truncateRepr is Python's "%.200R": the repr cut to n characters.
func truncateRepr(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n])
}
