package xmlrpc

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// intValueText is the element appendIntValue must write, by strconv.
func intValueText(v int32) string {
	return "<value><int>" + strconv.FormatInt(int64(v), 10) + "</int></value>\n"
}

// intEdges are the values at every digit count's bounds and the sign's.
func intEdges() []int32 {
	vs := []int32{0, 1, -1, 9, -9, 10, -10, 99, 100, math.MaxInt32, math.MinInt32, math.MaxInt32 - 1, math.MinInt32 + 1}
	for p := int64(1); p <= 1e9; p *= 10 {
		for _, v := range []int64{p - 1, p, p + 1, 2 * p, 9*p + p - 1} {
			if v <= math.MaxInt32 {
				vs = append(vs, int32(v), int32(-v))
			}
		}
	}
	// Just above and below the ninth and tenth digits (10^8 splits them).
	for hi := int64(0); hi <= 21; hi++ {
		for _, lo := range []int64{0, 1, 9_999_999, 10_000_000, 99_999_999} {
			if v := hi*1e8 + lo; v <= math.MaxInt32 {
				vs = append(vs, int32(v), int32(-v))
			}
		}
	}
	return vs
}

// TestAppendIntValue compares appendIntValue with strconv on the edge
// values, every value of up to four digits and random ones, appended after text of every length (its stores
// must not touch what the buffer held) to buffers full and with room.
func TestAppendIntValue(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	vs := intEdges()
	for v := int32(-20_000); v <= 20_000; v++ { // every value of the short path
		vs = append(vs, v)
	}
	for range 200_000 {
		vs = append(vs, int32(r.Uint32()), int32(r.Uint32())>>uint(r.IntN(31)))
	}
	for i, v := range vs {
		prefix := "abcdefghijklmnopqrstuvwxyz0123456789"[:i%37]
		b := []byte(prefix)
		if i%2 == 0 {
			b = append(make([]byte, 0, len(prefix)+i%70), prefix...)
		}
		got := string(appendIntValue(b, v))
		if want := prefix + intValueText(v); got != want {
			t.Fatalf("%d after %d bytes: %q, want %q", v, len(prefix), got, want)
		}
	}
}

// TestDigits8 checks digits8 on every 4-digit half in both lanes (the
// lanes are computed alike and apart) and on random values.
func TestDigits8(t *testing.T) {
	check := func(n uint32) {
		z := digits8(n)
		for i := range 8 {
			want := n / uint32(math.Pow10(7-i)) % 10
			if got := uint32(z >> (8 * i) & 0xFF); got != want {
				t.Fatalf("digits8(%d): digit %d is %d, want %d", n, i, got, want)
			}
		}
	}
	for a := uint32(0); a < 10_000; a++ {
		check(a*10_000 + a)
		check(a*10_000 + 9_999 - a)
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 100_000 {
		check(r.Uint32N(1e8))
	}
}

// FuzzAppendIntValue compares appendIntValue with strconv.
func FuzzAppendIntValue(f *testing.F) {
	for _, v := range intEdges() {
		f.Add(v, uint8(0))
	}
	f.Fuzz(func(t *testing.T, v int32, n uint8) {
		prefix := make([]byte, n%64, n)
		for i := range prefix {
			prefix[i] = byte('a' + i%26)
		}
		want := string(prefix) + intValueText(v)
		if got := string(appendIntValue(prefix, v)); got != want {
			t.Fatalf("%q, want %q", got, want)
		}
	})
}
