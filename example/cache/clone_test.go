package cache

import (
	"math/big"
	"testing"
	"time"
	"unsafe"
)

// TestCloneCopies checks that clone keeps equal values in memory of its own.
func TestCloneCopies(t *testing.T) {
	s := "shared arena text"
	b := []byte{0, 1, 255}
	n := big.NewInt(1)
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	in := map[string]any{"s": s, "b": b, "a": []any{s, 1, true, 1.5, when, nil}, "n": n}
	out := clone(in).(map[string]any)

	if got := out["s"].(string); got != s || unsafe.StringData(got) == unsafe.StringData(s) {
		t.Errorf("string %q not copied", got)
	}
	if got := out["b"].([]byte); string(got) != string(b) || &got[0] == &b[0] {
		t.Errorf("bytes %v not copied", got)
	}
	a := out["a"].([]any)
	if got := a[0].(string); got != s || unsafe.StringData(got) == unsafe.StringData(s) {
		t.Errorf("array string %q not copied", got)
	}
	if a[1] != 1 || a[2] != true || a[3] != 1.5 || !a[4].(time.Time).Equal(when) || a[5] != nil {
		t.Errorf("scalars changed: %v", a)
	}
	if got := out["n"].(*big.Int); got == n || got.Cmp(n) != 0 {
		t.Errorf("big.Int %v not copied", got)
	}
	for k := range out {
		for k2 := range in {
			if k == k2 && unsafe.StringData(k) == unsafe.StringData(k2) {
				t.Errorf("key %q not copied", k)
			}
		}
	}
}
