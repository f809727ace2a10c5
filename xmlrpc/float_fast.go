package xmlrpc

import "math"

// Doubles as senders write them ("-120343.0", "0.25") are read and
// written without strconv's general algorithms, which cost about 700
// instructions to read one and 1,000 to write one, where these take a
// tenth of that. Both decline, to the general path, whatever they cannot
// do exactly; TestFloatFastPaths compares them with it.

// pow10 holds the powers of ten a float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parsePlainDouble reads t when it is [+-]digits[.digits], with at most
// 19 digits: the integer they make without the point is exact in a
// float64 (below 2^53) and so is the power of ten to divide it by, so
// one division, correctly rounded, gives the nearest double, as
// strconv.ParseFloat would (Clinger's fast path). ok is false for
// anything else: an exponent, more digits, no digits.
func parsePlainDouble(t []byte) (f float64, ok bool) {
	i := 0
	neg := false
	if len(t) > 0 && (t[0] == '-' || t[0] == '+') {
		neg, i = t[0] == '-', 1
	}
	var mant uint64
	digits, frac := 0, 0
	for ; i < len(t); i++ {
		c := t[i] - '0'
		if c > 9 {
			break
		}
		mant, digits = mant*10+uint64(c), digits+1
	}
	if i < len(t) && t[i] == '.' {
		for i++; i < len(t); i++ {
			c := t[i] - '0'
			if c > 9 {
				break
			}
			mant, digits, frac = mant*10+uint64(c), digits+1, frac+1
		}
	}
	if i != len(t) || digits == 0 || digits > 19 || mant >= 1<<53 {
		return 0, false
	}
	f = float64(mant) / pow10[frac] // frac <= 19
	if neg {
		f = -f
	}
	return f, true
}

// appendPlainFloat appends f (not 0, NaN or infinite) as Python's repr
// does when 1e-4 <= |f| < 2^40 and its shortest digits have at most 16
// after the point; ok is false otherwise, and nothing is appended.
//
// The shortest text that reads back as f is n/10^j with the least j for
// which some integer n does; below 2^40, 10^j times f's rounding interval
// (one unit in its last place) is narrower than 2^-12, so at that j there
// is one such n, the nearest integer to f*10^j, which that product (one
// rounding, off by at most 2^-14) lies within 2^-12 of, and at a smaller j
// there is none. n/10^j reads back as f when float64(n)/10^j, one
// correctly rounded division of exact operands, is f.
func appendPlainFloat(b []byte, f float64) ([]byte, bool) {
	a := math.Abs(f)
	if a < 1e-4 || a >= 1<<40 {
		return b, false
	}
	for j := 0; j <= 16; j++ {
		p := a * pow10[j]
		if p >= 1<<40 {
			return b, false
		}
		n := math.Round(p)
		if math.Abs(p-n) > 0x1p-12 || n/pow10[j] != a {
			continue
		}
		if f < 0 {
			b = append(b, '-')
		}
		return appendFixed(b, uint64(n), j), true
	}
	return b, false
}

// appendFixed appends n/10^j in fixed notation, with ".0" when j is 0.
func appendFixed(b []byte, n uint64, j int) []byte {
	var tmp [24]byte
	i := len(tmp)
	for n >= 100 {
		r := n % 100 * 2
		n /= 100
		i -= 2
		tmp[i], tmp[i+1] = digitPairs[r], digitPairs[r+1]
	}
	if n >= 10 {
		i -= 2
		tmp[i], tmp[i+1] = digitPairs[n*2], digitPairs[n*2+1]
	} else {
		i--
		tmp[i] = byte('0' + n)
	}
	for len(tmp)-i <= j { // at least j+1 digits: "0005" for 0.005
		i--
		tmp[i] = '0'
	}
	digits := tmp[i:]
	if j == 0 {
		b = append(b, digits...)
		return append(b, ".0"...)
	}
	b = append(b, digits[:len(digits)-j]...)
	b = append(b, '.')
	return append(b, digits[len(digits)-j:]...)
}
