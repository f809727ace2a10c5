package xmlrpc

import (
	"encoding"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"time"
)

// ValueEncoder appends v, a value of the type the encoder was built for.
type ValueEncoder func(e *Encoder, v reflect.Value) error

var encoderCache funcCache[ValueEncoder]

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
//	encoding.TextMarshaler   <string> of its text (a MarshalText method on the
//	                         pointer counts too: a value is copied to call it)
//	slices, arrays           <array> (a nil slice is an empty array)
//	maps with string keys    <struct>, members sorted by key (nil: empty struct;
//	                         see Encoder.FollowOrder for a struct echoed as it came)
//	structs                  <struct>: exported fields, named by the tag
//	                         `xmlrpc:"name,omitempty"` or the field name; "-" leaves one out
//	pointers, interfaces     the value they hold; nil is <nil/>
//
// EncodedType names the XML-RPC type the encoder sends. Channels,
// functions, complex numbers, maps with other keys and error interfaces
// are unsupported: building their encoder fails, so a method returning
// one is refused when it is mounted rather than failing at call time.
func EncoderOf(t reflect.Type) (ValueEncoder, error) {
	return encoderCache.get(t, newEncoder, indirectEncoder)
}

// indirectEncoder calls *p, the encoder of a type still being built.
func indirectEncoder(p *ValueEncoder) ValueEncoder {
	return func(e *Encoder, v reflect.Value) error { return (*p)(e, v) }
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

// Any appends v, with fast paths for the types DecodeAny produces. A
// map[string]any's members are sorted by name, or in the order they came
// when DecodeAny made the map and e follows its decoder (FollowOrder).
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
		return e.Base64(x)
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
	for i := 0; i < len(a); {
		if err := e.full(); err != nil {
			return err
		}
		if _, ok := int32Of(a[i]); ok {
			i += e.intRun(a[i:]) // at least a[i]: the output is not full
			continue
		}
		if err := e.Any(a[i]); err != nil {
			return encodePath(err, "["+strconv.Itoa(i)+"]")
		}
		i++
	}
	e.EndArray()
	return nil
}

// intRun appends the elements at the start of a that are ints in the range
// of <int> (an int, int32 or int64), as Any would, without its type switch
// each: arrays of ints are long. It stops before an element when the
// output is past MaxBytes, as anySlice checks before each, and returns how
// many it appended.
func (e *Encoder) intRun(a []any) int {
	limit := e.MaxBytes
	if limit <= 0 {
		limit = math.MaxInt
	}
	b := e.buf
	n := 0
	for ; n < len(a) && len(b) <= limit; n++ {
		v, ok := a[n].(int) // as DecodeAny makes them
		if !ok || v != int(int32(v)) {
			w, ok := int32Of(a[n])
			if !ok {
				break
			}
			v = int(w)
		}
		if cap(b)-len(b) < intWindow {
			b = growWindow(b)
		}
		b = putIntValue(b, int32(v))
	}
	e.buf = b
	return n
}

// int32Of returns x when it is an int, int32 or int64 that fits in 32 bits.
func int32Of(x any) (int32, bool) {
	var v int64
	switch x := x.(type) {
	case int:
		v = int64(x)
	case int64:
		v = x
	case int32:
		return x, true
	default:
		return 0, false
	}
	return int32(v), v == int64(int32(v))
}

func (e *Encoder) anyMap(m map[string]any) error {
	if err := e.BeginStruct(); err != nil {
		return err
	}
	if keys := e.arrival(m); keys != nil {
		mark := e.Mark()
		if done, err := e.membersInOrder(m, keys); done {
			return err
		}
		e.Rewind(mark) // m lacks one of keys: sorted, as any other map
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

// membersInOrder writes the members of m named keys, in that order, as
// long as m holds each of them, and ends the struct; done is false when
// m lacks one, and then the caller rewinds and sorts. A member that fails
// to encode ends it early, done when m holds the rest of keys (as it was
// before values were looked up as they are written: every name looked up
// first, then the error of the same member).
func (e *Encoder) membersInOrder(m map[string]any, keys []string) (done bool, err error) {
	for i, k := range keys {
		v, ok := m[k]
		if !ok {
			return false, nil
		}
		if err := e.Member(k); err != nil {
			return holdsAll(m, keys[i+1:]), err
		}
		if err := e.Any(v); err != nil {
			return holdsAll(m, keys[i+1:]), encodePath(err, "."+k)
		}
		e.EndMember()
	}
	e.EndStruct()
	return true, nil
}

// holdsAll reports whether m holds every one of keys.
func holdsAll(m map[string]any, keys []string) bool {
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return true
}

// newEncoder builds the encoder of t, which encodeRule decides.
func newEncoder(b *funcBuilder[ValueEncoder], t reflect.Type) (ValueEncoder, error) {
	r, err := encodeRule(t)
	if err != nil {
		return nil, err
	}
	switch r {
	case ruleTime:
		return func(e *Encoder, v reflect.Value) error {
			return e.Time(v.Interface().(time.Time))
		}, nil
	case ruleBigInt:
		return func(e *Encoder, v reflect.Value) error {
			x := v.Interface().(big.Int)
			return e.BigInt(&x)
		}, nil
	case ruleText:
		return textEncoder(t), nil
	case ruleBool:
		return func(e *Encoder, v reflect.Value) error { e.Bool(v.Bool()); return nil }, nil
	case ruleInt:
		return func(e *Encoder, v reflect.Value) error { e.Int64(v.Int()); return nil }, nil
	case ruleUint:
		return func(e *Encoder, v reflect.Value) error { return e.Uint64(v.Uint()) }, nil
	case ruleFloat:
		return func(e *Encoder, v reflect.Value) error { return e.Float64(v.Float()) }, nil
	case ruleString:
		return func(e *Encoder, v reflect.Value) error { return e.String(v.String()) }, nil
	case ruleAny:
		return func(e *Encoder, v reflect.Value) error {
			if v.IsNil() {
				e.Nil()
				return nil
			}
			return e.Any(v.Elem().Interface())
		}, nil
	case rulePointer:
		elem, err := b.of(t.Elem())
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
	case ruleBytes:
		return func(e *Encoder, v reflect.Value) error { return e.Base64(v.Bytes()) }, nil
	case ruleSlice, ruleArray:
		elem, err := b.of(t.Elem())
		if err != nil {
			return nil, err
		}
		return func(e *Encoder, v reflect.Value) error {
			if err := e.BeginArray(); err != nil {
				return err
			}
			for i := range v.Len() {
				if err := e.full(); err != nil {
					return err
				}
				if err := elem(e, v.Index(i)); err != nil {
					return encodePath(err, "["+strconv.Itoa(i)+"]")
				}
			}
			e.EndArray()
			return nil
		}, nil
	case ruleMap:
		elem, err := b.of(t.Elem())
		if err != nil {
			return nil, err
		}
		return mapEncoder(elem), nil
	}
	return structEncoder(b, t)
}

// textEncoder sends values of t as the text of their MarshalText method.
// When only *t has the method, it is called on the value's address, or
// on a copy when the value has none (a method's result, a map element):
// a type's form must not depend on where its value sits.
func textEncoder(t reflect.Type) ValueEncoder {
	onValue := t.Implements(textMarshalerType)
	return func(e *Encoder, v reflect.Value) error {
		var m encoding.TextMarshaler
		switch {
		case onValue:
			m = v.Interface().(encoding.TextMarshaler)
		case v.CanAddr():
			m = v.Addr().Interface().(encoding.TextMarshaler)
		default:
			p := reflect.New(t)
			p.Elem().Set(v)
			m = p.Interface().(encoding.TextMarshaler)
		}
		text, err := m.MarshalText()
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

func structEncoder(b *funcBuilder[ValueEncoder], t reflect.Type) (ValueEncoder, error) {
	fields := structFields(t).fields
	encs := make([]ValueEncoder, len(fields))
	for i, f := range fields {
		enc, err := b.of(f.typ)
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
