package xmlrpc

import (
	"math/big"
	"strconv"
)

// DecodeAny decodes the next value into its natural Go form:
//
//	<int>, <i4>, <i8>     int (an int64 where int is 32 bits), or *big.Int beyond 64 bits
//	<boolean>             bool
//	<string>, untyped     string
//	<double>              float64
//	<dateTime.iso8601>    time.Time (UTC: XML-RPC carries no zone)
//	<base64>              []byte
//	<array>               []any
//	<struct>              map[string]any (a repeated member name: the last wins)
//	<nil/>                nil
func (d *Decoder) DecodeAny() (any, error) {
	if strconv.IntSize == 64 && !d.bare {
		// An <int> as senders write it, read in one pass (a call's int
		// parameters, a struct's int members).
		if v, ok := d.plainIntElem(); ok {
			return d.boxInt(int(v)), nil
		}
	}
	return d.anyValue()
}

// anyValue is DecodeAny without its fast path, for the elements of an
// array, which have been tried with it already.
func (d *Decoder) anyValue() (any, error) {
	var h head
	err := d.beginValue(&h)
	if err != nil {
		return nil, err
	}
	return d.anyRest(&h)
}

// anyRest decodes the rest of a value begun with beginValue.
func (d *Decoder) anyRest(h *head) (any, error) {
	switch h.kind {
	case kindString:
		s, err := d.readString(h)
		if err != nil {
			return nil, err
		}
		return d.boxString(s), nil
	case kindInt, kindI8:
		it, err := d.readInt(h)
		if err != nil {
			return nil, err
		}
		return d.anyInt(it), nil
	case kindBool:
		return d.readBool(h)
	case kindDouble:
		f, err := d.readDouble(h)
		if err != nil {
			return nil, err
		}
		return d.boxFloat(f), nil
	case kindDateTime:
		return d.readDateTime(h)
	case kindBase64:
		b, err := d.readBase64(h, nil)
		if b == nil && err == nil {
			b = []byte{}
		}
		return b, err
	case kindNil:
		return nil, d.readNil(h)
	case kindArray:
		return d.anyArray(h)
	case kindStruct:
		return d.anyStruct(h)
	}
	panic("xmlrpc: unknown kind")
}

// anyArray decodes the elements of an array into a []any, gathering them
// on the stack first so that the slice is allocated once, at its size.
func (d *Decoder) anyArray(h *head) ([]any, error) {
	s := &d.stack
	base := len(s.elems)
	more, err := d.arrayBegin(h)
	if more && err == nil && strconv.IntSize == 64 {
		// Ints as senders write them are gathered as numbers (no
		// pointers to copy), and an array of nothing else is made from
		// them at its size.
		if n := d.plainInts(); n > 0 {
			if more, err = d.arrayNext(h.wrapped); err == nil && !more {
				a := make([]any, n)
				d.boxRun(a)
				return a, nil
			}
			// Other values follow: the ints join them on the stack.
			d.boxRun(s.extendElems(n))
			if more && err == nil {
				var v any
				if v, err = d.anyValue(); err == nil {
					s.pushElem(v)
				}
			}
		}
	}
	for more && err == nil {
		if strconv.IntSize == 64 {
			if v, ok := d.plainIntElem(); ok {
				s.pushElem(d.boxInt(int(v)))
				continue
			}
		}
		if more, err = d.arrayNext(h.wrapped); err == nil && more {
			var v any
			if v, err = d.anyValue(); err == nil {
				s.pushElem(v)
			}
		}
	}
	n := len(s.elems) - base
	if base == 0 && cap(s.elems) > maxStack {
		// Grown past what a pooled decoder keeps: hand the stack over
		// as the slice rather than copy it, as append would have grown it.
		a := s.elems[:n:n]
		s.elems = nil
		return a, err
	}
	a := make([]any, n)
	copy(a, s.elems[base:])
	clear(s.elems[base:])
	s.elems = s.elems[:base]
	return a, err
}

// anyStruct decodes the members of a struct into a map[string]any, made
// at its size once the members are gathered (a repeated name: the last
// wins).
func (d *Decoder) anyStruct(h *head) (map[string]any, error) {
	s := &d.stack
	base := len(s.members)
	more, err := d.structBegin(h)
	for more && err == nil {
		var name []byte
		if name, more, err = d.structNext(h); err == nil && more {
			key := d.str(name)
			var v any
			if v, err = d.DecodeAny(); err == nil {
				s.pushMember(key, v)
				err = d.memberEnd()
			}
		}
	}
	// Sized for the members gathered, up to a bound: repeated names
	// would leave a map sized for all of them.
	m := make(map[string]any, min(len(s.members)-base, maxMapHint))
	for _, mb := range s.members[base:] {
		m[mb.key] = mb.val
	}
	if len(m) >= 2 { // fewer members have no order to note
		if d.order == nil {
			d.order = new(memberOrder)
		}
		d.order.add(m, s.members[base:])
	}
	clear(s.members[base:])
	s.members = s.members[:base]
	return m, err
}

// maxMapHint bounds the size a struct's map is made for at once.
const maxMapHint = 1024

// anyInt converts a parsed integer to int, int64 or *big.Int.
func (d *Decoder) anyInt(it intText) any {
	if v, ok := it.int64(); ok {
		if strconv.IntSize == 64 {
			return d.boxInt(int(v))
		}
		if v >= -1<<31 && v < 1<<31 {
			return int(v)
		}
		return v
	}
	b, _ := new(big.Int).SetString(string(it.digits), 10)
	return b
}
