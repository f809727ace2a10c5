package main

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

func TestParseArg(t *testing.T) {
	date := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		arg, typ string
		want     any
		err      string // part of the error; "" for none
	}{
		// Guessed: no signature, or a type that says nothing.
		{arg: "42", want: 42},
		{arg: "-7", want: -7},
		{arg: "+7", want: 7},
		{arg: "4294967296", want: 1 << 32},
		{arg: "1.5", want: 1.5},
		{arg: "1e3", want: 1000.0},
		{arg: ".5", want: 0.5},
		{arg: "-2.", want: -2.0},
		{arg: "true", want: true},
		{arg: "false", want: false},
		{arg: "True", want: "True"},
		{arg: "web", want: "web"},
		{arg: "", want: ""},
		{arg: "null", want: "null"},
		{arg: "NaN", want: "NaN"},
		{arg: "inf", want: "inf"},
		{arg: "0x10", want: "0x10"},
		{arg: "1_000", want: "1_000"},
		{arg: "1.2.3", want: "1.2.3"},
		{arg: "group:web", want: "group:web"},
		{arg: "http://host:9001", want: "http://host:9001"},
		{arg: `[1, "a", 2.5, true, null, {"k": [2]}]`, want: []any{1, "a", 2.5, true, nil, map[string]any{"k": []any{2}}}},
		{arg: `{"a": 1, "b": 1.0, "c": 12345678901}`, want: map[string]any{"a": 1, "b": 1.0, "c": 12345678901}},
		{arg: "[]", want: []any{}},
		{arg: "{}", want: map[string]any{}},
		{arg: "x", typ: "mixed", want: "x"},
		{arg: "99999999999999999999", err: `"99999999999999999999" is not an integer of 64 bits: value out of range`},
		{arg: "1e999", err: `"1e999" is not a double (it overflows)`},
		{arg: "[1,", err: `"[1," is not JSON: unexpected EOF`},
		{arg: "[INFO] started", err: `"[INFO] started" is not JSON`},
		{arg: "{} x", err: `"{} x" is not JSON: more after the JSON value`},
		{arg: `{"a":1,"a":2}`, err: `member "a" given twice`},
		{arg: "[1e999]", err: "number 1e999 is beyond a double's range"},
		{arg: "[123456789012345678901]", err: "integer 123456789012345678901 does not fit in 64 bits"},
		{arg: strings.Repeat("[", 1001) + strings.Repeat("]", 1001), err: "nested deeper than 1000 levels"},

		// The signature's type.
		{arg: "42", typ: typeString, want: "42"},
		{arg: "true", typ: typeString, want: "true"},
		{arg: "[1]", typ: typeString, want: "[1]"},
		{arg: "42", typ: typeInt, want: 42},
		{arg: "42", typ: typeDouble, want: 42.0},
		{arg: "1", typ: typeBoolean, want: true},
		{arg: "0", typ: typeBoolean, want: false},
		{arg: "TRUE", typ: typeBoolean, want: true},
		{arg: "false", typ: typeBoolean, want: false},
		{arg: "2026-01-02T03:04:05", typ: typeDateTime, want: date},
		{arg: "20260102T03:04:05", typ: typeDateTime, want: date},
		{arg: "aGk=", typ: typeBase64, want: []byte("hi")},
		{arg: "aGk", typ: typeBase64, want: []byte("hi")},
		{arg: "", typ: typeBase64, want: []byte{}},
		{arg: "[1]", typ: typeArray, want: []any{1}},
		{arg: `{"a": "b"}`, typ: typeStruct, want: map[string]any{"a": "b"}},
		{arg: "", typ: typeNil, want: nil},
		{arg: "null", typ: typeNil, want: nil},
		{arg: "abc", typ: typeInt, err: `"abc" is not an integer (the method's signature says int; a TYPE: prefix sends another type, e.g. string:abc)`},
		{arg: "abc", typ: "Integer", err: `"abc" is not an integer (the method's signature says Integer;`},
		{arg: "3", typ: "float", want: 3.0},
		{arg: "1.5", typ: typeInt, err: `"1.5" is not an integer`},
		{arg: " 1", typ: typeInt, err: `" 1" is not an integer`},
		{arg: "NaN", typ: typeDouble, err: `"NaN" is not a decimal number`},
		{arg: "yes", typ: typeBoolean, err: `"yes" is not a boolean (true, false, 1 or 0)`},
		{arg: "2026-01-02T03:04:05Z", typ: typeDateTime, err: "no time zone"},
		{arg: "2026-02-30T03:04:05", typ: typeDateTime, err: "is not a dateTime.iso8601"},
		{arg: "a*b", typ: typeBase64, err: `"a*b" is not base64 (standard alphabet, RFC 4648): illegal base64 data at input byte 1`},
		{arg: "{}", typ: typeArray, err: `"{}" is not a JSON array`},
		{arg: "[]", typ: typeStruct, err: `"[]" is not a JSON object`},
		{arg: "x", typ: typeNil, err: `"x" is not nil ("" or null)`},

		// A prefix forces a type, signature or not.
		{arg: "string:1", want: "1"},
		{arg: "string:1", typ: typeInt, want: "1"},
		{arg: "string:", want: ""},
		{arg: "string:string:x", want: "string:x"},
		{arg: "string:[1]", typ: typeArray, want: "[1]"},
		{arg: "int:7", typ: typeString, want: 7},
		{arg: "i4:7", want: 7},
		{arg: "i8:8589934592", want: 1 << 33},
		{arg: "double:1", want: 1.0},
		{arg: "boolean:1", want: true},
		{arg: "base64:aGk=", typ: typeString, want: []byte("hi")},
		{arg: "dateTime.iso8601:2026-01-02T03:04:05", want: date},
		{arg: "array:[]", want: []any{}},
		{arg: "struct:{}", want: map[string]any{}},
		{arg: "nil:", typ: typeString, want: nil},
		{arg: "int:x", err: `"x" is not an integer`},
		{arg: "String:1", want: "String:1"},
		{arg: "datetime.iso8601:x", want: "datetime.iso8601:x"},
	}
	for _, tt := range tests {
		got, err := parseArg(tt.arg, tt.typ)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("parseArg(%q, %q) = %#v, %v; want an error saying %q", clip(tt.arg), tt.typ, got, err, tt.err)
		case tt.err == "" && (err != nil || !reflect.DeepEqual(got, tt.want)):
			t.Errorf("parseArg(%q, %q) = %#v, %v; want %#v", clip(tt.arg), tt.typ, got, err, tt.want)
		}
	}
}

func TestParamType(t *testing.T) {
	tests := map[string]string{
		"int": typeInt, "i4": typeInt, "i8": typeInt, "integer": typeInt, "INT": typeInt,
		"double": typeDouble, "float": typeDouble,
		"boolean": typeBoolean, "bool": typeBoolean,
		"string": typeString, "str": typeString,
		"dateTime.iso8601": typeDateTime, "datetime": typeDateTime,
		"base64": typeBase64, "binary": typeBase64,
		"array": typeArray, "list": typeArray,
		"struct": typeStruct, "dict": typeStruct,
		"nil": typeNil, "none": typeNil,
		"mixed": "", "undef": "", "": "", "any": "",
	}
	for name, want := range tests {
		if got := paramType(name); got != want {
			t.Errorf("paramType(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestArgTypes(t *testing.T) {
	tests := []struct {
		name  string
		sigs  [][]string
		nargs int
		want  []string
	}{
		{"no signature", nil, 2, []string{"", ""}},
		{"exact", [][]string{{"string", "int", "integer"}}, 2, []string{"int", "integer"}},
		{"optional parameters left out", [][]string{{"boolean", "string", "boolean"}}, 1, []string{"string"}},
		{"more arguments than parameters", [][]string{{"int", "int"}}, 2, []string{"int", ""}},
		{"the signature of that many parameters", [][]string{{"int", "int"}, {"int", "string", "string"}}, 2, []string{"string", "string"}},
		{"else the first longer one", [][]string{{"int"}, {"int", "double", "int"}, {"int", "int", "int", "int"}}, 1, []string{"double"}},
		{"else the first", [][]string{{"int", "boolean"}, {"int", "string"}}, 3, []string{"boolean", "", ""}},
		{"empty signatures skipped", [][]string{{}, {"int", "int"}}, 1, []string{"int"}},
		{"no arguments", [][]string{{"int", "int"}}, 0, []string{}},
	}
	for _, tt := range tests {
		if got := argTypes(tt.sigs, tt.nargs); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: argTypes(%q, %d) = %q, want %q", tt.name, tt.sigs, tt.nargs, got, tt.want)
		}
	}
}

// FuzzParseArg: no argument makes parseArg panic; a "string:" prefix
// sends the rest exactly; a value parseArg accepts has the Go type of its
// XML-RPC type; and a value it accepts survives the codec (encoded as a
// call's parameter and decoded again, it is what was parsed), unless it
// holds text XML cannot carry.
func FuzzParseArg(f *testing.F) {
	for _, s := range []string{"42", "-1.5e3", "true", "web", "[1,{\"a\":null}]", "{\"k\":[1.0]}", "string:1",
		"int:9223372036854775807", "base64:aGk=", "dateTime.iso8601:20260102T03:04:05", "nil:", "array:[\"x\"]", "1e999"} {
		f.Add(s, "")
		f.Add(s, "int")
	}
	f.Add("aGk", "base64")
	f.Add("2026-01-02T03:04:05", "dateTime.iso8601")
	f.Fuzz(func(t *testing.T, arg, sig string) {
		v, err := parseArg(arg, sig)
		if rest, ok := strings.CutPrefix(arg, "string:"); ok && (err != nil || v != rest) {
			t.Fatalf("parseArg(%q) = %#v, %v; want the string %q", arg, v, err, rest)
		}
		if err != nil {
			return
		}
		forced, _, ok := typePrefix(arg)
		if !ok {
			forced = paramType(sig)
		}
		if !hasGoType(v, forced) {
			t.Fatalf("parseArg(%q, %q) = %#v (%T), not of type %s", arg, sig, v, v, forced)
		}
		if !validText(v) {
			return
		}
		var e xmlrpc.Encoder
		if err := e.MethodCall("m", v); err != nil {
			t.Fatalf("parseArg(%q) = %#v cannot be sent: %v", arg, v, err)
		}
		d := xmlrpc.NewDecoder(e.Bytes(), xmlrpc.Limits{MaxDepth: maxJSONDepth + 1})
		if _, err := d.MethodCall(); err != nil {
			t.Fatal(err)
		}
		if ok, err := d.NextParam(); !ok || err != nil {
			t.Fatalf("no parameter: %v", err)
		}
		back, err := d.DecodeAny()
		if err != nil || !reflect.DeepEqual(back, v) {
			t.Fatalf("parseArg(%q) = %#v, sent and read back as %#v, %v", arg, v, back, err)
		}
	})
}

// hasGoType reports whether v is of the Go type parseArg makes for typ
// ("" for a guess: any of them).
func hasGoType(v any, typ string) bool {
	var ok bool
	switch typ {
	case "":
		return true
	case typeString:
		_, ok = v.(string)
	case typeInt, typeI4, typeI8:
		_, ok = v.(int)
	case typeDouble:
		_, ok = v.(float64)
	case typeBoolean:
		_, ok = v.(bool)
	case typeDateTime:
		_, ok = v.(time.Time)
	case typeBase64:
		_, ok = v.([]byte)
	case typeArray:
		_, ok = v.([]any)
	case typeStruct:
		_, ok = v.(map[string]any)
	case typeNil:
		ok = v == nil
	}
	return ok
}

// validText reports whether every string in v (member names included)
// is text XML 1.0 can carry: valid UTF-8 without control characters
// other than tab, newline and carriage return (the codec refuses them),
// and without a carriage return (XML reads it back as a newline).
func validText(v any) bool {
	switch x := v.(type) {
	case string:
		if !utf8.ValidString(x) {
			return false
		}
		for _, r := range x {
			if r < 0x20 && r != '\t' && r != '\n' || r == '\r' || r == 0xFFFE || r == 0xFFFF {
				return false
			}
		}
	case []any:
		for _, e := range x {
			if !validText(e) {
				return false
			}
		}
	case map[string]any:
		for k, e := range x {
			if !validText(k) || !validText(e) {
				return false
			}
		}
	}
	return true
}
