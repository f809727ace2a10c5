package namespace

import (
	"encoding"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"strings"
	"time"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// paramKind says how a Go parameter is filled.
type paramKind uint8

const (
	pkValue    paramKind = iota // one XML-RPC parameter
	pkContext                   // the request's context, not sent
	pkOptional                  // Optional[T]: one parameter, may be missing
	pkVariadic                  // ...T: the remaining parameters
)

// class is how a type is passed in registers, for direct calls.
type class uint8

const (
	cNone class = iota // not eligible: called through reflect
	cInt               // 64-bit integer kinds (signed)
	cUint              // 64-bit unsigned integer kinds
	cString
	cBool
	cFloat
	cAny // the empty interface (and, as a parameter, context.Context)
)

type param struct {
	kind  paramKind
	typ   reflect.Type // the Go parameter type
	elem  reflect.Type // the type one XML-RPC value decodes into
	dec   xmlrpc.ValueDecoder
	class class
}

type result struct {
	typ   reflect.Type
	enc   xmlrpc.ValueEncoder
	class class
}

// signature is a method's checked Go signature.
type signature struct {
	params   []param
	required int // XML-RPC parameters that must be sent
	max      int // most XML-RPC parameters accepted; -1 when variadic
	res      *result
	hasErr   bool // the last result is an error
}

var (
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// analyze checks method type ft (receiver first) and prepares decoders
// and encoders. Its errors are the reasons a method is skipped.
func analyze(ft reflect.Type) (*signature, error) {
	sig := &signature{}
	nin := ft.NumIn()
	seenOptional := false
	for i := 1; i < nin; i++ {
		t := ft.In(i)
		pos := i // 1-based Go parameter position
		switch {
		case t == contextType:
			if i != 1 {
				return nil, fmt.Errorf("parameter %d is a context.Context, which must come first", pos)
			}
			sig.params = append(sig.params, param{kind: pkContext, typ: t, class: cAny})
			continue
		case ft.IsVariadic() && i == nin-1:
			elem := t.Elem()
			if _, ok := optionalElem(elem); ok {
				return nil, fmt.Errorf("parameter %d: a variadic parameter cannot be Optional", pos)
			}
			dec, err := decoderFor(elem, pos)
			if err != nil {
				return nil, err
			}
			sig.params = append(sig.params, param{kind: pkVariadic, typ: t, elem: elem, dec: dec})
			sig.max = -1
			continue
		}
		if elem, ok := optionalElem(t); ok {
			dec, err := decoderFor(elem, pos)
			if err != nil {
				return nil, err
			}
			seenOptional = true
			sig.params = append(sig.params, param{kind: pkOptional, typ: t, elem: elem, dec: dec})
			sig.max++
			continue
		}
		if seenOptional {
			return nil, fmt.Errorf("parameter %d (%v) follows an Optional one: only trailing parameters may be optional", pos, t)
		}
		dec, err := decoderFor(t, pos)
		if err != nil {
			return nil, err
		}
		sig.params = append(sig.params, param{kind: pkValue, typ: t, elem: t, dec: dec, class: paramClass(t)})
		sig.required++
		sig.max++
	}
	switch ft.NumOut() {
	case 0:
	case 1:
		if ft.Out(0) == errorType {
			sig.hasErr = true
			break
		}
		r, err := resultFor(ft.Out(0))
		if err != nil {
			return nil, err
		}
		sig.res = r
	case 2:
		if ft.Out(1) != errorType {
			return nil, fmt.Errorf("the second result is %v; it must be error", ft.Out(1))
		}
		r, err := resultFor(ft.Out(0))
		if err != nil {
			return nil, err
		}
		sig.res, sig.hasErr = r, true
	default:
		return nil, fmt.Errorf("it has %d results; at most a value and an error are allowed", ft.NumOut())
	}
	return sig, nil
}

func decoderFor(t reflect.Type, pos int) (xmlrpc.ValueDecoder, error) {
	if t == contextType {
		return nil, fmt.Errorf("parameter %d is a context.Context, which must come first", pos)
	}
	dec, err := xmlrpc.DecoderOf(t)
	if err != nil {
		var ut *xmlrpc.UnsupportedTypeError
		if errors.As(err, &ut) {
			return nil, fmt.Errorf("parameter %d (%v) cannot be decoded: %s", pos, t, ut.Reason)
		}
		return nil, fmt.Errorf("parameter %d (%v) cannot be decoded: %w", pos, t, err)
	}
	return dec, nil
}

func resultFor(t reflect.Type) (*result, error) {
	enc, err := xmlrpc.EncoderOf(t)
	if err != nil {
		var ut *xmlrpc.UnsupportedTypeError
		if errors.As(err, &ut) {
			return nil, fmt.Errorf("the result (%v) cannot be encoded: %s", t, ut.Reason)
		}
		return nil, fmt.Errorf("the result (%v) cannot be encoded: %w", t, err)
	}
	return &result{typ: t, enc: enc, class: resultClass(t)}, nil
}

// plainType reports whether t has no custom text form, so that its
// register class alone decides how it is decoded and encoded.
func plainType(t reflect.Type) bool {
	return !t.Implements(textMarshalerType) && !reflect.PointerTo(t).Implements(textUnmarshalerType)
}

// paramClass returns the direct-call class of parameter type t.
func paramClass(t reflect.Type) class {
	if !plainType(t) {
		return cNone
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int64:
		if t.Size() == 8 {
			return cInt
		}
	case reflect.Uint, reflect.Uint64, reflect.Uintptr:
		if t.Size() == 8 {
			return cUint
		}
	case reflect.String:
		return cString
	case reflect.Bool:
		return cBool
	case reflect.Float64:
		return cFloat
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return cAny
		}
	}
	return cNone
}

// resultClass returns the direct-call class of result type t.
func resultClass(t reflect.Type) class {
	return paramClass(t)
}

var (
	timeType   = reflect.TypeFor[time.Time]()
	bigIntType = reflect.TypeFor[big.Int]()
)

// typeWord names t the way introspection signatures do.
func typeWord(t reflect.Type) string {
	if t.Kind() == reflect.Pointer {
		// *time.Time and *big.Int have MarshalText but are sent as
		// their own XML-RPC types, as their values are.
		if e := t.Elem(); e == timeType || e == bigIntType {
			return typeWord(e)
		}
	}
	switch t {
	case timeType:
		return "dateTime.iso8601"
	case bigIntType:
		return "int"
	}
	if t.Kind() != reflect.Interface && (t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textUnmarshalerType)) {
		return "string"
	}
	switch t.Kind() {
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "int"
	case reflect.Float32, reflect.Float64:
		return "double"
	case reflect.String:
		return "string"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "base64"
		}
		return "array"
	case reflect.Array:
		return "array"
	case reflect.Map, reflect.Struct:
		return "struct"
	case reflect.Pointer:
		return typeWord(t.Elem())
	}
	return "mixed"
}

// words returns the derived introspection signature: the result type,
// then one type per XML-RPC parameter (one for a variadic parameter).
// A method with no value result answers true, so its type is boolean.
func (s *signature) words() []string {
	ret := "boolean"
	if s.res != nil {
		ret = typeWord(s.res.typ)
	}
	w := []string{ret}
	for _, p := range s.params {
		if p.kind != pkContext {
			w = append(w, typeWord(p.elem))
		}
	}
	return w
}

// help returns the derived help text, e.g. "echo.add(int, int) -> int".
func (s *signature) help(fullName string) string {
	w := s.words()
	var b strings.Builder
	b.WriteString(fullName)
	b.WriteByte('(')
	i := 1
	for _, p := range s.params {
		if p.kind == pkContext {
			continue
		}
		if i > 1 {
			b.WriteString(", ")
		}
		switch p.kind {
		case pkOptional:
			b.WriteString("[" + w[i] + "]")
		case pkVariadic:
			b.WriteString(w[i] + "...")
		default:
			b.WriteString(w[i])
		}
		i++
	}
	b.WriteString(") -> ")
	b.WriteString(w[0])
	return b.String()
}
