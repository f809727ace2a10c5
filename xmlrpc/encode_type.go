package xmlrpc

import (
	"encoding"
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"time"
)

// ValueEncoder appends v, a value of the type the encoder was built for.
type ValueEncoder func(e *Encoder, v reflect.Value) error

var encoderCache sync.Map // reflect.Type -> ValueEncoder

// EncoderOf returns the encoder for values of type t, built once per type
// and cached. How Go values are sent:
//
//	integers                 <int>, or <i8> beyond 32 bits (uint64 beyond i8: error)
//	float32, float64         <double> (NaN and infinities: error)
//	string                   <string>
//	bool                     <boolean>
//	time.Time                <dateTime.iso8601>
//	[]byte                   <base64>
//	big.Int                  <int>/<i8> (beyond i8: error)
//	encoding.TextMarshaler   <string> of its text
//	slices, arrays           <array> (a nil slice is an empty array)
//	maps with string keys    <struct>, members sorted by key (nil: empty struct)
//	structs                  <struct>: exported fields, named by the tag
//	                         `xmlrpc:"name,omitempty"` or the field name; "-" leaves one out
//	pointers, interfaces     the value they hold; nil is <nil/>
//
// Channels, functions, complex numbers and maps with other keys are
// unsupported: building their encoder fails, so a method returning one is
// refused when it is mounted rather than failing at call time.
func EncoderOf(t reflect.Type) (ValueEncoder, error) {
	if f, ok := encoderCache.Load(t); ok {
		return f.(ValueEncoder), nil
	}
	b := encBuilder{building: map[reflect.Type]*ValueEncoder{}}
	f, err := b.build(t)
	if err != nil {
		return nil, err
	}
	actual, _ := encoderCache.LoadOrStore(t, f)
	return actual.(ValueEncoder), nil
}

// Value appends v with EncoderOf(v.Type()).
func (e *Encoder) Value(v reflect.Value) error {
	if !v.IsValid() {
		e.Nil()
		return nil
	}
	enc, err := EncoderOf(v.Type())
	if err != nil {
		return err
	}
	return enc(e, v)
}

// Any appends v, with fast paths for the types DecodeAny produces.
func (e *Encoder) Any(v any) error {
	switch x := v.(type) {
	case nil:
		e.Nil()
	case string:
		return e.String(x)
	case int:
		e.Int64(int64(x))
	case int64:
		e.Int64(x)
	case int32:
		e.Int64(int64(x))
	case bool:
		e.Bool(x)
	case float64:
		return e.Float64(x)
	case []byte:
		e.Base64(x)
	case time.Time:
		return e.Time(x)
	case []any:
		return e.anySlice(x)
	case map[string]any:
		return e.anyMap(x)
	case *big.Int:
		if x == nil {
			e.Nil()
			return nil
		}
		return e.BigInt(x)
	default:
		return e.Value(reflect.ValueOf(v))
	}
	return nil
}

func (e *Encoder) anySlice(a []any) error {
	if err := e.BeginArray(); err != nil {
		return err
	}
	for i, x := range a {
		if err := e.Any(x); err != nil {
			return encodePath(err, "["+strconv.Itoa(i)+"]")
		}
	}
	e.EndArray()
	return nil
}

func (e *Encoder) anyMap(m map[string]any) error {
	if err := e.BeginStruct(); err != nil {
		return err
	}
	// Sorted keys, on a stack in e.keys so nested maps reuse the storage.
	base := len(e.keys)
	for k := range m {
		e.keys = append(e.keys, k)
	}
	keys := e.keys[base:]
	slices.Sort(keys)
	for i := range keys {
		k := e.keys[base+i]
		if err := e.Member(k); err != nil {
			e.keys = e.keys[:base]
			return err
		}
		if err := e.Any(m[k]); err != nil {
			e.keys = e.keys[:base]
			return encodePath(err, "."+k)
		}
		e.EndMember()
	}
	e.keys = e.keys[:base]
	e.EndStruct()
	return nil
}

type encBuilder struct {
	building map[reflect.Type]*ValueEncoder
}

func (b *encBuilder) build(t reflect.Type) (ValueEncoder, error) {
	if f, ok := encoderCache.Load(t); ok {
		return f.(ValueEncoder), nil
	}
	if p, ok := b.building[t]; ok {
		return func(e *Encoder, v reflect.Value) error { return (*p)(e, v) }, nil
	}
	p := new(ValueEncoder)
	b.building[t] = p
	f, err := b.newEncoder(t)
	if err != nil {
		return nil, err
	}
	*p = f
	return f, nil
}

func (b *encBuilder) newEncoder(t reflect.Type) (ValueEncoder, error) {
	switch t {
	case timeType:
		return func(e *Encoder, v reflect.Value) error {
			return e.Time(v.Interface().(time.Time))
		}, nil
	case bigIntType:
		return func(e *Encoder, v reflect.Value) error {
			x := v.Interface().(big.Int)
			return e.BigInt(&x)
		}, nil
	}
	if usesMarshalText(t) {
		return encodeText(t), nil
	}
	switch t.Kind() {
	case reflect.Bool:
		return func(e *Encoder, v reflect.Value) error { e.Bool(v.Bool()); return nil }, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(e *Encoder, v reflect.Value) error { e.Int64(v.Int()); return nil }, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(e *Encoder, v reflect.Value) error { return e.Uint64(v.Uint()) }, nil
	case reflect.Float32, reflect.Float64:
		return func(e *Encoder, v reflect.Value) error { return e.Float64(v.Float()) }, nil
	case reflect.String:
		return func(e *Encoder, v reflect.Value) error { return e.String(v.String()) }, nil
	case reflect.Interface:
		return func(e *Encoder, v reflect.Value) error {
			if v.IsNil() {
				e.Nil()
				return nil
			}
			return e.Any(v.Elem().Interface())
		}, nil
	case reflect.Pointer:
		elem, err := b.build(t.Elem())
		if err != nil {
			return nil, err
		}
		if k := t.Elem().Kind(); k == reflect.Pointer || k == reflect.Interface {
			// A cycle of pointers and interfaces alone (x = &x) nests
			// no array or struct: count its levels as nesting too.
			return func(e *Encoder, v reflect.Value) error {
				if v.IsNil() {
					e.Nil()
					return nil
				}
				if err := e.enter(); err != nil {
					return err
				}
				err := elem(e, v.Elem())
				e.depth--
				return err
			}, nil
		}
		return func(e *Encoder, v reflect.Value) error {
			if v.IsNil() {
				e.Nil()
				return nil
			}
			return elem(e, v.Elem())
		}, nil
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return func(e *Encoder, v reflect.Value) error { e.Base64(v.Bytes()); return nil }, nil
		}
		fallthrough
	case reflect.Array:
		elem, err := b.build(t.Elem())
		if err != nil {
			return nil, err
		}
		return func(e *Encoder, v reflect.Value) error {
			if err := e.BeginArray(); err != nil {
				return err
			}
			for i := range v.Len() {
				if err := elem(e, v.Index(i)); err != nil {
					return encodePath(err, "["+strconv.Itoa(i)+"]")
				}
			}
			e.EndArray()
			return nil
		}, nil
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, &UnsupportedTypeError{t, "map keys must be strings"}
		}
		elem, err := b.build(t.Elem())
		if err != nil {
			return nil, err
		}
		return mapEncoder(elem), nil
	case reflect.Struct:
		return b.structEncoder(t)
	}
	return nil, &UnsupportedTypeError{t, "no XML-RPC type holds a " + t.Kind().String()}
}

// usesMarshalText reports whether values of t are sent as the text of
// their MarshalText method. A pointer is followed to its element unless
// only the pointer has the method; time.Time and big.Int have their own
// XML-RPC types.
func usesMarshalText(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Interface:
		return false
	case reflect.Pointer:
		e := t.Elem()
		return t.Implements(textMarshalerType) && !e.Implements(textMarshalerType) &&
			e != timeType && e != bigIntType
	}
	return t.Implements(textMarshalerType)
}

func encodeText(t reflect.Type) ValueEncoder {
	return func(e *Encoder, v reflect.Value) error {
		if v.Kind() == reflect.Pointer && v.IsNil() {
			e.Nil()
			return nil
		}
		text, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return encodeErr("%v.MarshalText: %v", t, err)
		}
		return e.String(string(text))
	}
}

func mapEncoder(elem ValueEncoder) ValueEncoder {
	return func(e *Encoder, v reflect.Value) error {
		if err := e.BeginStruct(); err != nil {
			return err
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int {
			switch as, bs := a.String(), b.String(); {
			case as < bs:
				return -1
			case as > bs:
				return 1
			}
			return 0
		})
		for _, k := range keys {
			name := k.String()
			if err := e.Member(name); err != nil {
				return err
			}
			if err := elem(e, v.MapIndex(k)); err != nil {
				return encodePath(err, "."+name)
			}
			e.EndMember()
		}
		e.EndStruct()
		return nil
	}
}

func (b *encBuilder) structEncoder(t reflect.Type) (ValueEncoder, error) {
	fields := structFields(t)
	encs := make([]ValueEncoder, len(fields))
	for i, f := range fields {
		enc, err := b.build(f.typ)
		if err != nil {
			return nil, fmt.Errorf("field %s of %v: %w", f.name, t, err)
		}
		encs[i] = enc
	}
	return func(e *Encoder, v reflect.Value) error {
		if err := e.BeginStruct(); err != nil {
			return err
		}
		for i, f := range fields {
			fv, ok := fieldByIndex(v, f.index)
			if !ok || (f.omitEmpty && isEmptyValue(fv)) {
				continue
			}
			if err := e.Member(f.name); err != nil {
				return err
			}
			if err := encs[i](e, fv); err != nil {
				return encodePath(err, "."+f.name)
			}
			e.EndMember()
		}
		e.EndStruct()
		return nil
	}, nil
}

// isEmptyValue is encoding/json's notion of empty, for omitempty.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}
