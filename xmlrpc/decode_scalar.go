package xmlrpc

import (
	"reflect"
	"time"
)

// The Decode* methods below decode the next value into one Go type without
// reflection; the dispatcher uses them for the parameter types methods
// most often have. Each refuses a value of another XML-RPC type with a
// *TypeError after consuming it.

var (
	int64Type   = reflect.TypeFor[int64]()
	uint64Type  = reflect.TypeFor[uint64]()
	float64Type = reflect.TypeFor[float64]()
	stringType  = reflect.TypeFor[string]()
	boolType    = reflect.TypeFor[bool]()
	bytesType   = reflect.TypeFor[[]byte]()
)

// DecodeInt64 decodes an <int>, <i4> or <i8> that fits in an int64.
func (d *Decoder) DecodeInt64() (int64, error) {
	if !d.bare {
		if v, ok := d.plainIntElem(); ok {
			return v, nil
		}
	}
	it, err := d.intOf(int64Type)
	if err != nil {
		return 0, err
	}
	n, ok := it.int64()
	if !ok {
		return 0, rangeError(it, int64Type)
	}
	return n, nil
}

// DecodeUint64 decodes a non-negative <int>, <i4> or <i8>.
func (d *Decoder) DecodeUint64() (uint64, error) {
	it, err := d.intOf(uint64Type)
	if err != nil {
		return 0, err
	}
	if it.overflow || (it.neg && it.mag != 0) {
		return 0, rangeError(it, uint64Type)
	}
	return it.mag, nil
}

// DecodeFloat64 decodes a <double>, or an integer value as a float64.
func (d *Decoder) DecodeFloat64() (float64, error) { return d.float64(float64Type) }

// DecodeString decodes a <string> or an untyped value.
func (d *Decoder) DecodeString() (string, error) { return d.stringOf(stringType) }

// DecodeBool decodes a <boolean>.
func (d *Decoder) DecodeBool() (bool, error) { return d.boolOf(boolType) }

// DecodeTime decodes a <dateTime.iso8601> as a UTC time.
func (d *Decoder) DecodeTime() (time.Time, error) { return d.timeOf(timeType) }

// The readers below decode the next value of one XML-RPC type for both
// the Decode* methods and the reflect-built decoders; t is the Go type a
// mismatch names.

// intOf reads an <int>, <i4> or <i8>.
func (d *Decoder) intOf(t reflect.Type) (intText, error) {
	var h head
	err := d.beginValue(&h)
	if err != nil {
		return intText{}, err
	}
	if h.kind != kindInt && h.kind != kindI8 {
		return intText{}, d.mismatch(&h, t)
	}
	return d.readInt(&h)
}

// boolOf reads a <boolean>.
func (d *Decoder) boolOf(t reflect.Type) (bool, error) {
	var h head
	err := d.beginValue(&h)
	if err != nil {
		return false, err
	}
	if h.kind != kindBool {
		return false, d.mismatch(&h, t)
	}
	return d.readBool(&h)
}

// stringOf reads a <string> or an untyped value.
func (d *Decoder) stringOf(t reflect.Type) (string, error) {
	var h head
	err := d.beginValue(&h)
	if err != nil {
		return "", err
	}
	if h.kind != kindString {
		return "", d.mismatch(&h, t)
	}
	return d.readString(&h)
}

// timeOf reads a <dateTime.iso8601>.
func (d *Decoder) timeOf(t reflect.Type) (time.Time, error) {
	var h head
	err := d.beginValue(&h)
	if err != nil {
		return time.Time{}, err
	}
	if h.kind != kindDateTime {
		return time.Time{}, d.mismatch(&h, t)
	}
	return d.readDateTime(&h)
}

// DecodeBytes decodes a <base64> (nil for <nil/>).
func (d *Decoder) DecodeBytes() ([]byte, error) {
	var b []byte
	err := decodeBytes(d, reflect.ValueOf(&b).Elem())
	return b, err
}
