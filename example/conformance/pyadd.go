package conformance

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"time"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// pyAdd is Python 3's a + b over the values XML-RPC decodes to: numbers
// (bool counts as an int, an int and a float make a float, ints never
// overflow), string + string, array + array, bytes + bytes. Anything else
// is Python's TypeError, which supervisord reports as INCORRECT_PARAMETERS.
func pyAdd(a, b any) (any, error) {
	// Two ints whose sum fits, as most calls add: no big.Int, which
	// allocates.
	if x, ok := a.(int); ok {
		if y, ok := b.(int); ok {
			if s := x + y; (s^x)&(s^y) >= 0 {
				return s, nil
			}
		}
	}
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return x + y, nil
		}
	case []any:
		if y, ok := b.([]any); ok {
			return append(slices.Clip(x), y...), nil
		}
	case []byte:
		if y, ok := b.([]byte); ok {
			return append(slices.Clip(x), y...), nil
		}
	}
	if x, ok := pyFloat(a); ok {
		if y, ok := pyNumber(b); ok {
			return x + toFloat(y), nil
		}
	}
	if y, ok := pyFloat(b); ok {
		if x, ok := pyNumber(a); ok {
			return toFloat(x) + y, nil
		}
	}
	if x, ok := pyInt(a); ok {
		if y, ok := pyInt(b); ok {
			sum := new(big.Int).Add(x, y)
			if sum.IsInt64() && sum.Int64() >= math.MinInt && sum.Int64() <= math.MaxInt {
				return int(sum.Int64()), nil
			}
			return sum, nil
		}
	}
	return nil, rpcext.Faultf(rpcext.CodeIncorrectParameters,
		"unsupported operand type(s) for +: '%s' and '%s'", pyType(a), pyType(b))
}

// pyInt returns a Python int (bool included) as a big.Int.
func pyInt(v any) (*big.Int, bool) {
	switch x := v.(type) {
	case bool:
		if x {
			return big.NewInt(1), true
		}
		return big.NewInt(0), true
	case int:
		return big.NewInt(int64(x)), true
	case int64:
		return big.NewInt(x), true
	case *big.Int:
		return x, x != nil
	}
	return nil, false
}

func pyFloat(v any) (float64, bool) {
	f, ok := v.(float64)
	return f, ok
}

// pyNumber reports whether v is a Python number.
func pyNumber(v any) (any, bool) {
	if _, ok := pyFloat(v); ok {
		return v, true
	}
	if _, ok := pyInt(v); ok {
		return v, true
	}
	return nil, false
}

func toFloat(v any) float64 {
	if f, ok := v.(float64); ok {
		return f
	}
	i, _ := pyInt(v)
	f, _ := new(big.Float).SetInt(i).Float64()
	return f
}

// pyType names a value's Python type, for error messages.
func pyType(v any) string {
	switch v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case int, int64, *big.Int:
		return "int"
	case float64:
		return "float"
	case string:
		return "str"
	case []byte:
		return "bytes"
	case []any:
		return "list"
	case map[string]any:
		return "dict"
	case time.Time:
		return "datetime"
	}
	return fmt.Sprintf("%T", v)
}
