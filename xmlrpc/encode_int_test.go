package xmlrpc

import (
	"fmt"
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

// anySliceRef encodes v as Any did before int runs: every element of an
// array through Any, the output limit checked before each.
func anySliceRef(e *Encoder, v any) error {
	a, ok := v.([]any)
	if !ok {
		return e.Any(v)
	}
	if err := e.BeginArray(); err != nil {
		return err
	}
	for i, x := range a {
		if err := e.full(); err != nil {
			return err
		}
		if err := anySliceRef(e, x); err != nil {
			return encodePath(err, "["+strconv.Itoa(i)+"]")
		}
	}
	e.EndArray()
	return nil
}

// TestAnySliceIntRuns: an array whose ints are written in runs (intRun)
// encodes as element by element through Any, byte for byte, with the same
// error at the same point under every output limit: ints of each type,
// within and beyond 32 bits, between other values, nested, and an element
// that fails with its path.
func TestAnySliceIntRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	ints := func(n int) []any {
		a := make([]any, n)
		for i := range a {
			switch r.IntN(6) {
			case 0:
				a[i] = int32(r.Uint32())
			case 1:
				a[i] = int64(int32(r.Uint32()))
			case 2:
				a[i] = int64(r.Uint64()) // mostly beyond 32 bits: <i8>
			case 3:
				a[i] = r.IntN(300) - 150
			default:
				a[i] = int(int32(r.Uint32()))
			}
		}
		return a
	}
	// An int beyond 32 bits, where int has 64.
	wide := func(v int64) any {
		if strconv.IntSize == 64 {
			return int(v)
		}
		return v
	}
	arrays := [][]any{
		{},
		{1},
		{math.MaxInt32, math.MinInt32, wide(math.MaxInt32 + 1), wide(math.MinInt32 - 1), int64(math.MaxInt32 + 1), int32(-7)},
		ints(40),
		append(ints(10), "s", 2.5, nil, true, ints(5), int8(3), uint(9), int16(-4)),
		append(append(ints(8), []any{ints(6), "x", ints(3)}), ints(8)...),
		append(ints(12), math.NaN(), 1, 2), // fails at [12]
		append(ints(5), []any{1, 2, []any{3, math.Inf(1)}}),
	}
	for ai, a := range arrays {
		whole := NewEncoder(nil)
		wholeErr := anySliceRef(whole, a)
		for limit := 0; limit <= len(whole.Bytes())+1; limit++ {
			ref, got := NewEncoder([]byte("pre")), NewEncoder([]byte("pre"))
			ref.MaxBytes, got.MaxBytes = limit, limit
			refErr, gotErr := anySliceRef(ref, a), got.Any(a)
			if string(got.Bytes()) != string(ref.Bytes()) || got.depth != ref.depth {
				t.Fatalf("array %d, MaxBytes %d: wrote %q (depth %d), want %q (depth %d)",
					ai, limit, got.Bytes(), got.depth, ref.Bytes(), ref.depth)
			}
			if fmt.Sprint(gotErr) != fmt.Sprint(refErr) || fmt.Sprintf("%T", gotErr) != fmt.Sprintf("%T", refErr) {
				t.Fatalf("array %d, MaxBytes %d: error %v, want %v", ai, limit, gotErr, refErr)
			}
			if limit == 0 && fmt.Sprint(gotErr) != fmt.Sprint(wholeErr) {
				t.Fatalf("array %d: error %v, want %v", ai, gotErr, wholeErr)
			}
		}
	}
}
