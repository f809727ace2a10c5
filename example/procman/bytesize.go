package procman

import (
	"fmt"
	"math"
	"strings"

	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// ParseByteSize reads a size as supervisord's byte_size does for
// logfile_maxbytes and its kin: an integer, optionally followed by KB, MB
// or GB (any case; 1024, 1024² and 1024³), as in "50MB". The integer is
// read as Python's int() reads it: surrounding whitespace, a sign and
// underscores between digits are allowed, so "-1" and " 1_000 " are sizes
// (a size of 0 or less means no limit). Errors are Python's message
// ("invalid literal for int() with base 10: '5x'").
func ParseByteSize(s string) (int64, error) {
	v := strings.ToLower(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"kb", 1 << 10}, {"mb", 1 << 20}, {"gb", 1 << 30}} {
		if strings.HasSuffix(v, u.suffix) {
			v, mult = strings.TrimSuffix(v, u.suffix), u.mult
			break
		}
	}
	n, err := pyInt(v)
	if err != nil {
		return 0, err
	}
	if n > math.MaxInt64/mult || n < math.MinInt64/mult {
		return 0, fmt.Errorf("size %s is too large", pycompat.Repr(s))
	}
	return n * mult, nil
}

// pyInt reads s as Python's int(s) does (base 10).
func pyInt(s string) (int64, error) {
	bad := fmt.Errorf("invalid literal for int() with base 10: %s", pycompat.Repr(s))
	t := strings.TrimSpace(s)
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-'
		t = t[1:]
	}
	if t == "" || t[0] == '_' || t[len(t)-1] == '_' {
		return 0, bad
	}
	var n int64
	prevUnderscore := false
	for _, c := range t {
		switch {
		case c == '_' && !prevUnderscore:
			prevUnderscore = true
			continue
		case c < '0' || c > '9':
			return 0, bad
		}
		prevUnderscore = false
		d := int64(c - '0')
		if n > (math.MaxInt64-d)/10 {
			return 0, fmt.Errorf("%s is too large", pycompat.Repr(s))
		}
		n = n*10 + d
	}
	if neg {
		n = -n
	}
	return n, nil
}
