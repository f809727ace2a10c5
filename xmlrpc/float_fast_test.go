package xmlrpc

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// TestFloatFastPaths compares the plain double reader and writer with
// strconv's general algorithms on doubles of every shape: integral,
// a few decimals, many digits, random bits, beside powers of ten and the
// fast paths' bounds. Where a fast path answers, it must answer as the
// general path does; and it must answer for the doubles senders write.
func TestFloatFastPaths(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var floats []float64
	for range 100_000 {
		n := r.Int64N(1 << uint(r.IntN(53)+1))
		k := r.IntN(20)
		floats = append(floats, float64(n)/math.Pow(10, float64(k)))
	}
	for range 100_000 {
		floats = append(floats, math.Float64frombits(r.Uint64()&^(1<<63)))
		floats = append(floats, r.Float64()*math.Pow(2, float64(r.IntN(60)-20)))
	}
	for e := -6; e <= 14; e++ {
		p := math.Pow(10, float64(e))
		floats = append(floats, p, math.Nextafter(p, 0), math.Nextafter(p, 2*p), 9.999999999999999*p/10)
	}
	for _, f := range []float64{1e-4, math.Nextafter(1e-4, 0), 1 << 40, math.Nextafter(1<<40, 0),
		0.1, 0.2, 0.3, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 123.456, 5e-324, math.MaxFloat64} {
		floats = append(floats, f)
	}
	for _, f := range floats {
		if f == 0 || math.IsInf(f, 0) || math.IsNaN(f) {
			continue
		}
		for _, v := range []float64{f, -f} {
			want := string(appendFloatShortest(nil, v))
			if got, ok := appendPlainFloat(nil, v); ok && string(got) != want {
				t.Fatalf("%v (%#x): written %s, want %s", v, math.Float64bits(v), got, want)
			}
			if got, ok := parsePlainDouble([]byte(want)); ok && got != v {
				t.Fatalf("%s: read %v, want %v", want, got, v)
			}
		}
	}
	// Text as typed, digits and points anywhere.
	for range 200_000 {
		var sb strings.Builder
		switch r.IntN(3) {
		case 0:
			sb.WriteByte('-')
		case 1:
			sb.WriteByte('+')
		}
		nd := r.IntN(22)
		point := r.IntN(nd + 2)
		for i := range nd + 1 {
			if i == point {
				sb.WriteByte('.')
			}
			if i < nd {
				sb.WriteByte(byte('0' + r.IntN(10)))
			}
		}
		text := sb.String()
		got, ok := parsePlainDouble([]byte(text))
		want, err := strconv.ParseFloat(text, 64)
		if ok && (err != nil || got != want || math.Signbit(got) != math.Signbit(want)) {
			t.Fatalf("%q: read %v, strconv %v (%v)", text, got, want, err)
		}
		if !ok && nd > 0 && nd <= 15 {
			t.Fatalf("%q: not read by the fast path", text)
		}
	}
	// The doubles senders write take the fast paths.
	for _, text := range []string{"-120343.0", "-177568.25", "0.1", "0.0001", "109951162777.5", "3.0", "-8650.25", "123.456"} {
		v, err := strconv.ParseFloat(text, 64)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := parsePlainDouble([]byte(text)); !ok || got != v {
			t.Errorf("%s: read %v %v", text, got, ok)
		}
		if got, ok := appendPlainFloat(nil, v); !ok || string(got) != text {
			t.Errorf("%s: written %s %v", text, got, ok)
		}
	}
}
