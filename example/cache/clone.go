package cache

import (
	"math/big"
	"strings"
)

// clone deep-copies a decoded XML-RPC value before the cache keeps it.
// The decoder stores a request's strings in one shared arena, so keeping a
// short string from a large request would otherwise keep the whole arena
// alive for as long as the value stays cached.
func clone(v any) any {
	switch x := v.(type) {
	case string:
		return strings.Clone(x)
	case []byte:
		return append([]byte{}, x...)
	case []any:
		a := make([]any, len(x))
		for i, e := range x {
			a[i] = clone(e)
		}
		return a
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[strings.Clone(k)] = clone(e)
		}
		return m
	case *big.Int:
		return new(big.Int).Set(x)
	}
	return v // bool, int, int64, float64, time.Time, nil: no shared memory
}
