package xmlrpc

import (
	"encoding"
	"math/big"
	"reflect"
	"time"
)

// The Go ↔ XML-RPC type mapping is decided here, once: encodeRule says how
// values of a Go type are sent and decodeRule how they are read. The
// builders of ValueEncoders and ValueDecoders switch on the rule, and
// EncodedType and DecodedType name it, so that what introspection reports
// for a type is what the codec does with it.

// rule is how values of one Go type are encoded or decoded.
type rule uint8

const (
	ruleBool    rule = iota + 1 // <boolean>
	ruleInt                     // signed integers: <int>, or <i8> beyond 32 bits
	ruleUint                    // unsigned integers: <int>, or <i8> beyond 32 bits
	ruleFloat                   // <double> (decoded from integers too)
	ruleString                  // <string>
	ruleText                    // <string>, the text of MarshalText or for UnmarshalText
	ruleTime                    // time.Time: <dateTime.iso8601>
	ruleBigInt                  // big.Int: <int> or <i8>
	ruleBytes                   // []byte: <base64>
	ruleSlice                   // <array>
	ruleArray                   // <array> of exactly the array's length
	ruleMap                     // maps with string keys: <struct>
	ruleStruct                  // <struct>, members from the fields (structFields)
	rulePointer                 // the element's rule; nil is <nil/>
	ruleAny                     // interfaces: the value they hold; nil is <nil/>
)

// ruleNames are the XML-RPC type names of the rules, as introspection
// (system.methodSignature) spells them.
var ruleNames = [...]string{
	ruleBool: "boolean", ruleInt: "int", ruleUint: "int", ruleFloat: "double",
	ruleString: "string", ruleText: "string", ruleTime: "dateTime.iso8601",
	ruleBigInt: "int", ruleBytes: "base64", ruleSlice: "array", ruleArray: "array",
	ruleMap: "struct", ruleStruct: "struct", ruleAny: "mixed",
}

var (
	timeType            = reflect.TypeFor[time.Time]()
	bigIntType          = reflect.TypeFor[big.Int]()
	errorType           = reflect.TypeFor[error]()
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// encodeRule decides how values of t are sent. time.Time and big.Int have
// XML-RPC types of their own; a type with a MarshalText method, on its
// value or on its pointer, is sent as the text it returns; any other type
// by its Go kind.
func encodeRule(t reflect.Type) (rule, error) {
	switch t {
	case timeType:
		return ruleTime, nil
	case bigIntType:
		return ruleBigInt, nil
	}
	switch t.Kind() {
	case reflect.Interface:
		if t.Implements(errorType) {
			return 0, &UnsupportedTypeError{t, "an error is not a value: return it as the method's last result to answer with a fault"}
		}
		return ruleAny, nil
	case reflect.Pointer:
		return rulePointer, nil
	}
	if t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType) {
		return ruleText, nil
	}
	return kindRule(t)
}

// decodeRule decides how values of t are read. time.Time and big.Int have
// XML-RPC types of their own; a type whose pointer has an UnmarshalText
// method is read from a <string> by it; any other type by its Go kind.
func decodeRule(t reflect.Type) (rule, error) {
	switch t {
	case timeType:
		return ruleTime, nil
	case bigIntType:
		return ruleBigInt, nil
	}
	switch t.Kind() {
	case reflect.Interface:
		if t.NumMethod() != 0 {
			return 0, &UnsupportedTypeError{t, "only the empty interface can hold a decoded value"}
		}
		return ruleAny, nil
	case reflect.Pointer:
		return rulePointer, nil
	}
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return ruleText, nil
	}
	return kindRule(t)
}

// kindRule is the rule of a type without a text form, by its Go kind.
func kindRule(t reflect.Type) (rule, error) {
	switch t.Kind() {
	case reflect.Bool:
		return ruleBool, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return ruleInt, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return ruleUint, nil
	case reflect.Float32, reflect.Float64:
		return ruleFloat, nil
	case reflect.String:
		return ruleString, nil
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return ruleBytes, nil
		}
		return ruleSlice, nil
	case reflect.Array:
		return ruleArray, nil
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return 0, &UnsupportedTypeError{t, "map keys must be strings"}
		}
		return ruleMap, nil
	case reflect.Struct:
		return ruleStruct, nil
	}
	return 0, &UnsupportedTypeError{t, "no XML-RPC type holds a " + t.Kind().String()}
}

// TypeInfo says how values of a Go type travel in one direction: what
// they are sent as (EncodedType), or what must be sent to decode into
// them (DecodedType).
type TypeInfo struct {
	// Name is the XML-RPC type, as system.methodSignature names it:
	// "boolean", "int" (an integer, sent as <i8> beyond 32 bits),
	// "double", "string", "dateTime.iso8601", "base64", "array",
	// "struct", or "mixed" for an interface, whose value is sent as the
	// type of the value it holds. A pointer has its element's name; a
	// nil pointer or interface is <nil/>.
	Name string
	// Text reports that values are sent as the text of their MarshalText
	// method (EncodedType), or read from a <string> by their
	// UnmarshalText method (DecodedType), rather than as their Go kind
	// would be.
	Text bool
}

// EncodedType returns how values of t are sent by EncoderOf(t)'s encoder,
// or the *UnsupportedTypeError that building it returns. A method's result
// type is named by it in system.methodSignature.
func EncodedType(t reflect.Type) (TypeInfo, error) { return typeInfo(t, encodeRule) }

// DecodedType returns what a value must be sent as to be decoded into t by
// DecoderOf(t)'s decoder, or the *UnsupportedTypeError that building it
// returns. A method's parameter types are named by it in
// system.methodSignature. A "double" also accepts an integer, and a
// pointer, slice, map or []byte also accepts <nil/>.
func DecodedType(t reflect.Type) (TypeInfo, error) { return typeInfo(t, decodeRule) }

func typeInfo(t reflect.Type, ruleOf func(reflect.Type) (rule, error)) (TypeInfo, error) {
	seen := map[reflect.Type]bool{}
	for {
		r, err := ruleOf(t)
		if err != nil {
			return TypeInfo{}, err
		}
		if r != rulePointer {
			return TypeInfo{Name: ruleNames[r], Text: r == ruleText}, nil
		}
		if seen[t] {
			// type P *P: its values are nil or point at one another.
			return TypeInfo{Name: "nil"}, nil
		}
		seen[t] = true
		t = t.Elem()
	}
}
