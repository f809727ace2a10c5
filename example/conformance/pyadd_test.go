package conformance

import (
	"math"
	"math/big"
	"testing"
)

// TestPyAddInts checks the sums of two ints, the fast path among them,
// against big.Int arithmetic: an int when the sum fits, else a *big.Int.
func TestPyAddInts(t *testing.T) {
	vals := []int{0, 1, -1, 2, 255, 256, -256, 1 << 31, -1 << 31, math.MaxInt32, math.MaxInt - 1, math.MaxInt, math.MinInt + 1, math.MinInt}
	for _, a := range vals {
		for _, b := range vals {
			got, err := pyAdd(a, b)
			if err != nil {
				t.Fatalf("%d + %d: %v", a, b, err)
			}
			want := new(big.Int).Add(big.NewInt(int64(a)), big.NewInt(int64(b)))
			switch g := got.(type) {
			case int:
				if !want.IsInt64() || want.Int64() != int64(g) {
					t.Errorf("%d + %d = int %d, want %v", a, b, g, want)
				}
			case *big.Int:
				if want.IsInt64() || g.Cmp(want) != 0 {
					t.Errorf("%d + %d = *big.Int %v, want %v (an int when it fits)", a, b, g, want)
				}
			default:
				t.Errorf("%d + %d = %T %v", a, b, got, got)
			}
		}
	}
}

// TestPyAddMixed checks the sums the fast path leaves to Python's rules.
func TestPyAddMixed(t *testing.T) {
	for _, tt := range []struct {
		a, b, want any
	}{
		{true, 1, 2},
		{1, true, 2},
		{true, true, 2},
		{1, 1.5, 2.5},
		{1.5, 1, 2.5},
		{"a", "b", "ab"},
	} {
		got, err := pyAdd(tt.a, tt.b)
		if err != nil || got != tt.want {
			t.Errorf("%#v + %#v = %#v, %v; want %#v", tt.a, tt.b, got, err, tt.want)
		}
	}
	if _, err := pyAdd(1, "a"); err == nil {
		t.Error(`1 + "a": no error`)
	}
}
