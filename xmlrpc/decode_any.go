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
	h, err := d.beginValue()
	if err != nil {
		return nil, err
	}
	return d.anyRest(h)
}

// anyRest decodes the rest of a value begun with beginValue.
func (d *Decoder) anyRest(h head) (any, error) {
	switch h.kind {
	case kindString:
		return d.readString(h)
	case kindInt, kindI8:
		it, err := d.readInt(h)
		if err != nil {
			return nil, err
		}
		return anyInt(it), nil
	case kindBool:
		return d.readBool(h)
	case kindDouble:
		return d.readDouble(h)
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
		more, err := d.arrayBegin(h)
		a := []any{}
		for more && err == nil {
			if more, err = d.arrayNext(h); err == nil && more {
				var v any
				if v, err = d.DecodeAny(); err == nil {
					a = append(a, v)
				}
			}
		}
		return a, err
	case kindStruct:
		m := map[string]any{}
		more, err := d.structBegin(h)
		for more && err == nil {
			var name []byte
			if name, more, err = d.structNext(h); err == nil && more {
				key := d.str(name)
				var v any
				if v, err = d.DecodeAny(); err == nil {
					m[key] = v
					err = d.memberEnd()
				}
			}
		}
		return m, err
	}
	panic("xmlrpc: unknown kind")
}

// anyInt converts a parsed integer to int, int64 or *big.Int.
func anyInt(it intText) any {
	if v, ok := it.int64(); ok {
		if strconv.IntSize == 64 || (v >= -1<<31 && v < 1<<31) {
			return int(v)
		}
		return v
	}
	b, _ := new(big.Int).SetString(string(it.digits), 10)
	return b
}
