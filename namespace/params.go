package namespace

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

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
	word  string // elem's XML-RPC type, for introspection
	class class
}

type result struct {
	typ   reflect.Type
	enc   xmlrpc.ValueEncoder
	word  string // typ's XML-RPC type, for introspection
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
			p, err := newParam(pkVariadic, t, elem, pos)
			if err != nil {
				return nil, err
			}
			sig.params = append(sig.params, p)
			sig.max = -1
			continue
		}
		if elem, ok := optionalElem(t); ok {
			p, err := newParam(pkOptional, t, elem, pos)
			if err != nil {
				return nil, err
			}
			seenOptional = true
			sig.params = append(sig.params, p)
			sig.max++
			continue
		}
		if seenOptional {
			return nil, fmt.Errorf("parameter %d (%v) follows an Optional one: only trailing parameters may be optional", pos, t)
		}
		p, err := newParam(pkValue, t, t, pos)
		if err != nil {
			return nil, err
		}
		sig.params = append(sig.params, p)
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

// newParam prepares Go parameter pos of type t, one XML-RPC value of
// which decodes into elem: its decoder, its type word and, for a plain
// parameter, its direct-call class. xmlrpc decides all three.
func newParam(kind paramKind, t, elem reflect.Type, pos int) (param, error) {
	if elem == contextType {
		return param{}, fmt.Errorf("parameter %d is a context.Context, which must come first", pos)
	}
	dec, err := xmlrpc.DecoderOf(elem)
	if err == nil {
		var info xmlrpc.TypeInfo
		if info, err = xmlrpc.DecodedType(elem); err == nil {
			p := param{kind: kind, typ: t, elem: elem, dec: dec, word: info.Name}
			if kind == pkValue {
				p.class = classOf(t, info)
			}
			return p, nil
		}
	}
	var ut *xmlrpc.UnsupportedTypeError
	if errors.As(err, &ut) {
		return param{}, fmt.Errorf("parameter %d (%v) cannot be decoded: %s", pos, elem, ut.Reason)
	}
	return param{}, fmt.Errorf("parameter %d (%v) cannot be decoded: %w", pos, elem, err)
}

// resultFor prepares a method's value result of type t: its encoder, its
// type word and its direct-call class, as xmlrpc decides them.
func resultFor(t reflect.Type) (*result, error) {
	enc, err := xmlrpc.EncoderOf(t)
	if err == nil {
		var info xmlrpc.TypeInfo
		if info, err = xmlrpc.EncodedType(t); err == nil {
			return &result{typ: t, enc: enc, word: info.Name, class: classOf(t, info)}, nil
		}
	}
	var ut *xmlrpc.UnsupportedTypeError
	if errors.As(err, &ut) {
		return nil, fmt.Errorf("the result (%v) cannot be encoded: %s", t, ut.Reason)
	}
	return nil, fmt.Errorf("the result (%v) cannot be encoded: %w", t, err)
}

// classOf returns the direct-call class of a parameter or result of type
// t, which xmlrpc decodes or encodes as info says. A type with a text form
// is called through reflect: its class's Decode*/Encoder method would
// read or send its Go kind instead.
func classOf(t reflect.Type, info xmlrpc.TypeInfo) class {
	if info.Text {
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

// words returns the derived introspection signature: the result type,
// then one type per XML-RPC parameter (one for a variadic parameter), as
// xmlrpc.EncodedType and xmlrpc.DecodedType name them.
// A method with no value result answers true, so its type is boolean.
func (s *signature) words() []string {
	ret := "boolean"
	if s.res != nil {
		ret = s.res.word
	}
	w := []string{ret}
	for _, p := range s.params {
		if p.kind != pkContext {
			w = append(w, p.word)
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
