package xmlrpc_test

import (
	"errors"
	"math"
	"math/big"
	"reflect"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// decodeParams decodes every parameter of body with DecodeAny and checks
// the end of the document, returning the method name, the values and the
// first error.
func decodeParams(body []byte, lim xmlrpc.Limits) (string, []any, error) {
	d := xmlrpc.NewDecoder(body, lim)
	name, err := d.MethodCall()
	if err != nil {
		return "", nil, err
	}
	method := string(name)
	var vals []any
	for {
		ok, err := d.NextParam()
		if err != nil {
			return method, vals, err
		}
		if !ok {
			break
		}
		v, err := d.DecodeAny()
		if err != nil {
			return method, vals, err
		}
		vals = append(vals, v)
	}
	return method, vals, d.End()
}

// decodeOne decodes the single parameter value (a <value> element, or a
// bare type element) with DecodeAny.
func decodeOne(value string, lim xmlrpc.Limits) (any, error) {
	_, vals, err := decodeParams(testkit.MethodCall("m", value), lim)
	if err != nil {
		return nil, err
	}
	if len(vals) != 1 {
		return nil, errors.New("not exactly one parameter")
	}
	return vals[0], nil
}

// errClass names the class of a decoder error.
func errClass(err error) string {
	var se *xmlrpc.SyntaxError
	var le *xmlrpc.LimitError
	var te *xmlrpc.TypeError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &se):
		return "syntax"
	case errors.As(err, &le):
		return "limit"
	case errors.As(err, &te):
		return "type"
	}
	return "other: " + err.Error()
}

// wantClass fails t unless err is of class want.
func wantClass(t *testing.T, err error, want string) {
	t.Helper()
	if got := errClass(err); got != want {
		t.Fatalf("error class = %s (%v), want %s", got, err, want)
	}
}

// response wraps one encoded value the way Python's xmlrpc.client does.
func response(value string) string {
	return "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n" + value +
		"</param>\n</params>\n</methodResponse>\n"
}

// encodeResponse encodes v as a whole methodResponse with Encoder.Any.
func encodeResponse(v any) (string, error) {
	e := xmlrpc.NewEncoder(nil)
	e.BeginResponse()
	if err := e.Any(v); err != nil {
		return "", err
	}
	e.EndResponse()
	return string(e.Bytes()), nil
}

// equal compares decoded values strictly by type: *big.Int by value,
// time.Time by instant and location, float64 bit for bit (so -0.0 is not
// 0.0), the rest as reflect.DeepEqual does.
func equal(a, b any) bool {
	switch x := a.(type) {
	case *big.Int:
		y, ok := b.(*big.Int)
		return ok && (x == nil) == (y == nil) && (x == nil || x.Cmp(y) == 0)
	case time.Time:
		y, ok := b.(time.Time)
		return ok && x.Equal(y) && x.Location() == y.Location()
	case float64:
		y, ok := b.(float64)
		return ok && math.Float64bits(x) == math.Float64bits(y)
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !equal(v, w) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}
