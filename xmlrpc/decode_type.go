package xmlrpc

import (
	"encoding"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"
)

// ValueDecoder decodes the next value into v, which must be settable and of
// the type the decoder was built for. A value that does not fit is consumed
// and reported as a *TypeError.
type ValueDecoder func(d *Decoder, v reflect.Value) error

// UnsupportedTypeError reports a Go type that cannot be decoded from or
// encoded to XML-RPC. It is returned when a decoder or encoder is built,
// so a method with such a parameter or result is refused at Mount time.
type UnsupportedTypeError struct {
	Type   reflect.Type // the Go type refused
	Reason string       // why, e.g. "no XML-RPC type holds a chan"
}

// Error names the type and the reason.
func (e *UnsupportedTypeError) Error() string {
	return fmt.Sprintf("xmlrpc: unsupported type %v: %s", e.Type, e.Reason)
}

// decoderCaches holds the decoders DecoderOf built, one cache per
// decoderSettings (see decoderSettings.cache).
var decoderCaches [2]funcCache[ValueDecoder]

// DecoderOption changes how DecoderOf builds a decoder.
type DecoderOption interface {
	// applyDecoder returns s changed, rather than changing it through a
	// pointer, so that DecoderOf (called for each answer a client
	// decodes) allocates nothing to read its options.
	applyDecoder(s decoderSettings) decoderSettings
}

// decoderSettings are the choices a decoder is built with; decoders built
// with different settings are cached apart.
type decoderSettings struct {
	ignoreUnknown bool // skip struct members the Go struct lacks
}

func (s decoderSettings) cache() *funcCache[ValueDecoder] {
	return &decoderCaches[b2i(s.ignoreUnknown)]
}

// ignoreUnknownMembers is the option IgnoreUnknownMembers returns.
type ignoreUnknownMembers struct{}

func (ignoreUnknownMembers) applyDecoder(s decoderSettings) decoderSettings {
	s.ignoreUnknown = true
	return s
}

// IgnoreUnknownMembers makes struct decoders skip the members a Go struct
// does not have, as a client reading a server's answers wants (servers
// gain members between versions). Without it, such a member makes the
// value fail with a *TypeError, which is what a server wants of its
// callers' parameters: a misspelt member name is reported, not dropped. A
// struct type opts in on its own with an IgnoreUnknown field.
func IgnoreUnknownMembers() DecoderOption {
	return ignoreUnknownMembers{}
}

// IgnoreUnknown, as a field of a struct type, makes every decoder skip
// the members a value of that struct is sent with and that it does not
// have, rather than refuse the value (see IgnoreUnknownMembers):
//
//	type Filter struct {
//		_    xmlrpc.IgnoreUnknown // members beyond these are ignored
//		Name string               `xmlrpc:"name"`
//	}
//
// It is a marker of size zero, never a member itself, and costs nothing
// per call. Declare it first (blank or embedded): a zero-size last field
// makes a struct one word larger. It applies to the struct that declares
// it, not to the structs that embed that one.
type IgnoreUnknown struct{}

// DecoderOf returns the decoder for values of type t, built once per type
// and options and cached. Supported: bool, integers (range-checked),
// floats, string, []byte (base64), time.Time (dateTime.iso8601), big.Int,
// any, pointers (nil from <nil/>), slices and arrays, maps with string
// keys, structs (see EncoderOf for the member names), and types whose
// pointer implements encoding.TextUnmarshaler (from <string>).
// DecodedType names the XML-RPC type the decoder reads.
//
// A struct member the Go struct does not have makes the value fail with a
// *TypeError, unless the option IgnoreUnknownMembers is given or the
// struct has an IgnoreUnknown field.
func DecoderOf(t reflect.Type, opts ...DecoderOption) (ValueDecoder, error) {
	var s decoderSettings
	for _, o := range opts {
		s = o.applyDecoder(s)
	}
	c := s.cache()
	if f, ok := c.load(t); ok {
		return f, nil
	}
	return c.get(t, s.newDecoder, indirectDecoder)
}

// DecodeValue decodes the next value into v (settable) with DecoderOf.
func (d *Decoder) DecodeValue(v reflect.Value) error {
	dec, err := DecoderOf(v.Type())
	if err != nil {
		return err
	}
	return dec(d, v)
}

// indirectDecoder calls *p, the decoder of a type still being built.
func indirectDecoder(p *ValueDecoder) ValueDecoder {
	return func(d *Decoder, v reflect.Value) error { return (*p)(d, v) }
}

// newDecoder builds the decoder of t, which decodeRule decides.
func (s decoderSettings) newDecoder(b *funcBuilder[ValueDecoder], t reflect.Type) (ValueDecoder, error) {
	r, err := decodeRule(t)
	if err != nil {
		return nil, err
	}
	switch r {
	case ruleTime:
		return decodeTime, nil
	case ruleBigInt:
		return decodeBigInt, nil
	case ruleText:
		return decodeText, nil
	case ruleBool:
		return decodeBool, nil
	case ruleInt:
		return decodeInt, nil
	case ruleUint:
		return decodeUint, nil
	case ruleFloat:
		return decodeFloat, nil
	case ruleString:
		return decodeString, nil
	case ruleAny:
		return decodeInterface, nil
	case ruleBytes:
		return decodeBytes, nil
	case rulePointer, ruleSlice, ruleArray, ruleMap:
		elem, err := b.of(t.Elem())
		if err != nil {
			return nil, err
		}
		switch r {
		case rulePointer:
			return ptrDecoder(elem), nil
		case ruleSlice:
			return sliceDecoder(elem), nil
		case ruleArray:
			return arrayDecoder(elem), nil
		}
		return mapDecoder(elem), nil
	}
	return s.structDecoder(b, t)
}

// mismatch consumes the rest of a value that does not fit type t and
// returns the *TypeError (or the syntax error found while skipping).
func (d *Decoder) mismatch(h *head, t reflect.Type) error {
	if err := d.skipRest(h); err != nil {
		return err
	}
	return &TypeError{Want: t.String(), Got: h.kind.String()}
}

// rangeError is the *TypeError for an integer that does not fit t.
func rangeError(it intText, t reflect.Type) error {
	return &TypeError{Msg: fmt.Sprintf("%s overflows %s", clip(it.digits), t)}
}

func decodeBool(d *Decoder, v reflect.Value) error {
	b, err := d.boolOf(v.Type())
	if err == nil {
		v.SetBool(b)
	}
	return err
}

func decodeInt(d *Decoder, v reflect.Value) error {
	if !d.bare {
		at := d.Mark()
		if n, ok := d.plainIntElem(); ok {
			if !v.OverflowInt(n) {
				v.SetInt(n)
				return nil
			}
			d.Seek(at) // out of range: the general path says so
		}
	}
	it, err := d.intOf(v.Type())
	if err != nil {
		return err
	}
	n, ok := it.int64()
	if !ok || v.OverflowInt(n) {
		return rangeError(it, v.Type())
	}
	v.SetInt(n)
	return nil
}

func decodeUint(d *Decoder, v reflect.Value) error {
	it, err := d.intOf(v.Type())
	if err != nil {
		return err
	}
	if it.overflow || (it.neg && it.mag != 0) || v.OverflowUint(it.mag) {
		return rangeError(it, v.Type())
	}
	v.SetUint(it.mag)
	return nil
}

func decodeFloat(d *Decoder, v reflect.Value) error {
	f, err := d.float64(v.Type())
	if err == nil {
		if v.OverflowFloat(f) {
			return &TypeError{Msg: fmt.Sprintf("%g overflows %s", f, v.Type())}
		}
		v.SetFloat(f)
	}
	return err
}

// float64 reads a <double>, or an integer value widened to float64.
func (d *Decoder) float64(t reflect.Type) (float64, error) {
	var h head
	err := d.beginValue(&h)
	if err != nil {
		return 0, err
	}
	switch h.kind {
	case kindDouble:
		return d.readDouble(&h)
	case kindInt, kindI8:
		it, err := d.readInt(&h)
		if err != nil {
			return 0, err
		}
		f, _ := strconv.ParseFloat(string(it.digits), 64)
		if math.IsInf(f, 0) {
			return 0, rangeError(it, t)
		}
		return f, nil
	}
	return 0, d.mismatch(&h, t)
}

func decodeString(d *Decoder, v reflect.Value) error {
	str, err := d.stringOf(v.Type())
	if err == nil {
		v.SetString(str)
	}
	return err
}

func decodeText(d *Decoder, v reflect.Value) error {
	var h head
	err := d.beginValue(&h)
	if err != nil {
		return err
	}
	if h.kind != kindString {
		return d.mismatch(&h, v.Type())
	}
	t, err := d.scalarText(&h)
	if err != nil {
		return err
	}
	if len(t) > d.lim.MaxStringBytes {
		return &LimitError{Limit: "MaxStringBytes", Max: d.lim.MaxStringBytes}
	}
	if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(t); err != nil {
		return &TypeError{Msg: fmt.Sprintf("invalid %s: %v", v.Type(), err)}
	}
	return nil
}

func decodeTime(d *Decoder, v reflect.Value) error {
	tm, err := d.timeOf(v.Type())
	if err == nil {
		v.Set(reflect.ValueOf(tm))
	}
	return err
}

func decodeBigInt(d *Decoder, v reflect.Value) error {
	it, err := d.intOf(v.Type())
	if err != nil {
		return err
	}
	v.Addr().Interface().(*big.Int).SetString(string(it.digits), 10)
	return nil
}

func decodeBytes(d *Decoder, v reflect.Value) error {
	var h head
	err := d.beginValue(&h)
	if err != nil {
		return err
	}
	switch h.kind {
	case kindNil:
		v.SetZero()
		return d.readNil(&h)
	case kindBase64:
		b, err := d.readBase64(&h, nil)
		if err != nil {
			return err
		}
		if b == nil {
			b = []byte{}
		}
		v.SetBytes(b)
		return nil
	}
	return d.mismatch(&h, v.Type())
}

func decodeInterface(d *Decoder, v reflect.Value) error {
	x, err := d.DecodeAny()
	if err != nil {
		return err
	}
	if x == nil {
		v.SetZero()
	} else {
		v.Set(reflect.ValueOf(x))
	}
	return nil
}

// nilValue reports whether the next value is <nil/> and, if so, consumes it.
func (d *Decoder) nilValue() (bool, head, error) {
	var h head
	err := d.beginValue(&h)
	if err != nil || h.kind != kindNil {
		return false, h, err
	}
	return true, h, d.readNil(&h)
}

func ptrDecoder(elem ValueDecoder) ValueDecoder {
	return func(d *Decoder, v reflect.Value) error {
		// Peek: <nil/> sets nil; anything else decodes into a new value.
		save := d.Mark()
		isNil, _, err := d.nilValue()
		if err != nil || isNil {
			if isNil {
				v.SetZero()
			}
			return err
		}
		d.Seek(save)
		p := reflect.New(v.Type().Elem())
		if err := elem(d, p.Elem()); err != nil {
			return err
		}
		v.Set(p)
		return nil
	}
}

func sliceDecoder(elem ValueDecoder) ValueDecoder {
	return func(d *Decoder, v reflect.Value) error {
		var h head
		err := d.beginValue(&h)
		if err != nil {
			return err
		}
		switch h.kind {
		case kindNil:
			v.SetZero()
			return d.readNil(&h)
		case kindArray:
		default:
			return d.mismatch(&h, v.Type())
		}
		// s is used at its full length, elements set by index: slicing
		// it for each element would allocate a header each time.
		s := reflect.MakeSlice(v.Type(), 4, 4)
		n := 0
		var first error
		more, err := d.arrayBegin(&h)
		for more && err == nil {
			if more, err = d.arrayNext(h.wrapped); err != nil || !more {
				break
			}
			if first != nil {
				err = d.SkipValue()
				continue
			}
			if n == s.Len() {
				grown := reflect.MakeSlice(s.Type(), 2*n, 2*n)
				reflect.Copy(grown, s)
				s = grown
			}
			if err = elem(d, s.Index(n)); err != nil {
				if _, ok := err.(*TypeError); ok {
					first, err = prefixPath(err, "["+strconv.Itoa(n)+"]"), nil
				}
			}
			n++
		}
		if err != nil {
			return err
		}
		if first != nil {
			return first
		}
		v.Set(s.Slice(0, n))
		return nil
	}
}

func arrayDecoder(elem ValueDecoder) ValueDecoder {
	return func(d *Decoder, v reflect.Value) error {
		var h head
		err := d.beginValue(&h)
		if err != nil {
			return err
		}
		if h.kind != kindArray {
			return d.mismatch(&h, v.Type())
		}
		n := 0
		var first error
		more, err := d.arrayBegin(&h)
		for more && err == nil {
			if more, err = d.arrayNext(h.wrapped); err != nil || !more {
				break
			}
			if first != nil || n >= v.Len() {
				err = d.SkipValue()
				n++
				continue
			}
			if err = elem(d, v.Index(n)); err != nil {
				if _, ok := err.(*TypeError); ok {
					first, err = prefixPath(err, "["+strconv.Itoa(n)+"]"), nil
				}
			}
			n++
		}
		if err != nil {
			return err
		}
		if first != nil {
			return first
		}
		if n != v.Len() {
			return &TypeError{Msg: fmt.Sprintf("array of %d elements for %s", n, v.Type())}
		}
		return nil
	}
}

func mapDecoder(elem ValueDecoder) ValueDecoder {
	return func(d *Decoder, v reflect.Value) error {
		var h head
		err := d.beginValue(&h)
		if err != nil {
			return err
		}
		switch h.kind {
		case kindNil:
			v.SetZero()
			return d.readNil(&h)
		case kindStruct:
		default:
			return d.mismatch(&h, v.Type())
		}
		t := v.Type()
		m := reflect.MakeMap(t)
		var first error
		more, err := d.structBegin(&h)
		for more && err == nil {
			var name []byte
			if name, more, err = d.structNext(&h); err != nil || !more {
				break
			}
			if first != nil {
				if err = d.SkipValue(); err == nil {
					err = d.memberEnd()
				}
				continue
			}
			key := reflect.ValueOf(d.str(name)).Convert(t.Key())
			ev := reflect.New(t.Elem()).Elem()
			if err = elem(d, ev); err != nil {
				if _, ok := err.(*TypeError); !ok {
					break
				}
				first, err = prefixPath(err, "."+key.String()), nil
			} else {
				m.SetMapIndex(key, ev)
			}
			err = d.memberEnd()
		}
		if err != nil {
			return err
		}
		if first != nil {
			return first
		}
		v.Set(m)
		return nil
	}
}

// structDecoder decodes a <struct> into struct type t, member by member
// in any order; a member t lacks is skipped when the settings or t's
// IgnoreUnknown field say so, and otherwise fails the value.
func (s decoderSettings) structDecoder(b *funcBuilder[ValueDecoder], t reflect.Type) (ValueDecoder, error) {
	info := structFields(t)
	fields := info.fields
	ignoreUnknown := s.ignoreUnknown || info.ignoreUnknown
	decs := make([]ValueDecoder, len(fields))
	byName := make(map[string]int, len(fields))
	for i, f := range fields {
		dec, err := b.of(f.typ)
		if err != nil {
			return nil, fmt.Errorf("field %s of %v: %w", f.name, t, err)
		}
		decs[i] = dec
		byName[f.name] = i
	}
	return func(d *Decoder, v reflect.Value) error {
		var h head
		err := d.beginValue(&h)
		if err != nil {
			return err
		}
		if h.kind != kindStruct {
			return d.mismatch(&h, v.Type())
		}
		var first error
		more, err := d.structBegin(&h)
		for more && err == nil {
			var name []byte
			if name, more, err = d.structNext(&h); err != nil || !more {
				break
			}
			i, known := byName[string(name)]
			if first != nil || !known {
				if first == nil && !ignoreUnknown {
					first = &TypeError{Path: "." + string(name), Msg: "no such member in " + t.String()}
				}
				if err = d.SkipValue(); err == nil {
					err = d.memberEnd()
				}
				continue
			}
			if err = decs[i](d, fieldByIndexAlloc(v, fields[i].index)); err != nil {
				if _, ok := err.(*TypeError); !ok {
					break
				}
				first, err = prefixPath(err, "."+fields[i].name), nil
			}
			err = d.memberEnd()
		}
		if err != nil {
			return err
		}
		return first
	}, nil
}
