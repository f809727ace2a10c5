package xmlrpc_test

import (
	"errors"
	"fmt"
	"math/big"
	"net"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// Types with a text form on one side or both.
type (
	// onPtr has MarshalText and UnmarshalText on its pointer only, and
	// an exported field that a <struct> would show.
	onPtr struct{ S string }
	// marshalOnly is sent as text and read as the int it is.
	marshalOnly int
	// unmarshalOnly is read from text and sent as the int it is.
	unmarshalOnly int
	// selfPtr points only to itself.
	selfPtr *selfPtr
)

func (p *onPtr) MarshalText() ([]byte, error) { return []byte("<" + p.S + ">"), nil }
func (p *onPtr) UnmarshalText(b []byte) error {
	p.S = strings.Trim(string(b), "<>")
	return nil
}
func (m marshalOnly) MarshalText() ([]byte, error) { return []byte("m" + strconv.Itoa(int(m))), nil }
func (u *unmarshalOnly) UnmarshalText(b []byte) error {
	n, err := strconv.Atoi(string(b))
	*u = unmarshalOnly(n)
	return err
}

// TestTypeNames checks the Go ↔ XML-RPC type mapping, in each direction.
// "-" marks a type the direction does not support.
func TestTypeNames(t *testing.T) {
	cases := []struct {
		typ      reflect.Type
		enc, dec string
		text     [2]bool // encoded, decoded by MarshalText / UnmarshalText
	}{
		{reflect.TypeFor[bool](), "boolean", "boolean", [2]bool{}},
		{reflect.TypeFor[int](), "int", "int", [2]bool{}},
		{reflect.TypeFor[int8](), "int", "int", [2]bool{}},
		{reflect.TypeFor[uint64](), "int", "int", [2]bool{}},
		{reflect.TypeFor[uintptr](), "int", "int", [2]bool{}},
		{reflect.TypeFor[float32](), "double", "double", [2]bool{}},
		{reflect.TypeFor[string](), "string", "string", [2]bool{}},
		{reflect.TypeFor[key](), "string", "string", [2]bool{}},
		{reflect.TypeFor[*int](), "int", "int", [2]bool{}},
		{reflect.TypeFor[**string](), "string", "string", [2]bool{}},
		{reflect.TypeFor[upper](), "string", "string", [2]bool{true, true}},
		{reflect.TypeFor[*upper](), "string", "string", [2]bool{true, true}},
		{reflect.TypeFor[onPtr](), "string", "string", [2]bool{true, true}},
		{reflect.TypeFor[*onPtr](), "string", "string", [2]bool{true, true}},
		{reflect.TypeFor[marshalOnly](), "string", "int", [2]bool{true, false}},
		{reflect.TypeFor[unmarshalOnly](), "int", "string", [2]bool{false, true}},
		{reflect.TypeFor[net.IP](), "string", "string", [2]bool{true, true}},
		{reflect.TypeFor[time.Time](), "dateTime.iso8601", "dateTime.iso8601", [2]bool{}},
		{reflect.TypeFor[*time.Time](), "dateTime.iso8601", "dateTime.iso8601", [2]bool{}},
		{reflect.TypeFor[big.Int](), "int", "int", [2]bool{}},
		{reflect.TypeFor[*big.Int](), "int", "int", [2]bool{}},
		{reflect.TypeFor[[]byte](), "base64", "base64", [2]bool{}},
		{reflect.TypeFor[[4]byte](), "array", "array", [2]bool{}},
		{reflect.TypeFor[[]string](), "array", "array", [2]bool{}},
		{reflect.TypeFor[[]onPtr](), "array", "array", [2]bool{}},
		{reflect.TypeFor[map[string]int](), "struct", "struct", [2]bool{}},
		{reflect.TypeFor[map[key]any](), "struct", "struct", [2]bool{}},
		{reflect.TypeFor[inner](), "struct", "struct", [2]bool{}},
		{reflect.TypeFor[tree](), "struct", "struct", [2]bool{}},
		{reflect.TypeFor[any](), "mixed", "mixed", [2]bool{}},
		{reflect.TypeFor[fmt.Stringer](), "mixed", "-", [2]bool{}},
		{reflect.TypeFor[error](), "-", "-", [2]bool{}},
		{reflect.TypeFor[chan int](), "-", "-", [2]bool{}},
		{reflect.TypeFor[map[int]string](), "-", "-", [2]bool{}},
		{reflect.TypeFor[selfPtr](), "nil", "nil", [2]bool{}},
	}
	build := func(dir int, t reflect.Type) error {
		var err error
		if dir == 0 {
			_, err = xmlrpc.EncoderOf(t)
		} else {
			_, err = xmlrpc.DecoderOf(t)
		}
		return err
	}
	for _, tc := range cases {
		for dir, want := range []string{tc.enc, tc.dec} {
			name, typeOf := "EncodedType", xmlrpc.EncodedType
			if dir == 1 {
				name, typeOf = "DecodedType", xmlrpc.DecodedType
			}
			info, err := typeOf(tc.typ)
			buildErr := build(dir, tc.typ)
			if want == "-" {
				var ut *xmlrpc.UnsupportedTypeError
				if !errors.As(err, &ut) || ut.Type != tc.typ {
					t.Errorf("%s(%v) = %+v, %v; want an UnsupportedTypeError", name, tc.typ, info, err)
				}
				if buildErr == nil || buildErr.Error() != err.Error() {
					t.Errorf("%s(%v): %v, but building: %v", name, tc.typ, err, buildErr)
				}
				continue
			}
			if err != nil || info.Name != want || info.Text != tc.text[dir] {
				t.Errorf("%s(%v) = %+v, %v; want %q, text %v", name, tc.typ, info, err, want, tc.text[dir])
			}
			if buildErr != nil {
				t.Errorf("%s(%v) = %+v, but building: %v", name, tc.typ, info, buildErr)
			}
		}
	}
}

// TestEncodeTextOnPointer checks that a type whose MarshalText method has
// a pointer receiver is sent as its text wherever its value sits:
// addressable or not, alone, in a field, slice, map or interface.
func TestEncodeTextOnPointer(t *testing.T) {
	type holder struct {
		V onPtr `xmlrpc:"v"`
	}
	const text = "<value><string>&lt;x&gt;</string></value>"
	v := onPtr{"x"}
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"value", v, text},
		{"pointer", &v, text},
		{"field", holder{v}, "<value><struct>\n<member>\n<name>v</name>\n" + text + "\n</member>\n</struct></value>\n"},
		{"field through a pointer", &holder{v}, "<value><struct>\n<member>\n<name>v</name>\n" + text + "\n</member>\n</struct></value>\n"},
		{"slice", []onPtr{v}, "<value><array><data>\n" + text + "\n</data></array></value>\n"},
		{"array", [1]onPtr{v}, "<value><array><data>\n" + text + "\n</data></array></value>\n"},
		{"map", map[string]onPtr{"v": v}, "<value><struct>\n<member>\n<name>v</name>\n" + text + "\n</member>\n</struct></value>\n"},
		{"interface", []any{v}, "<value><array><data>\n" + text + "\n</data></array></value>\n"},
	} {
		got, err := encodeResponse(tc.v)
		want := tc.want
		if !strings.HasSuffix(want, "\n") {
			want += "\n"
		}
		if err != nil || got != response(want) {
			t.Errorf("%s: %q, %v; want %q", tc.name, got, err, response(want))
		}
	}
	// And it reads back.
	got, err := decodeTyped(reflect.TypeFor[onPtr](), text)
	if err != nil || got.Interface() != v {
		t.Fatalf("decoded %v, %v", got, err)
	}
}

// Types that refer to each other.
type (
	mutualB struct {
		Name string
		Next *mutualA
	}
	mutualA struct {
		Bs []mutualB
		M  map[string]*mutualA
	}
	badB struct{ Back *badA }
	badA struct {
		B badB
		C chan int
	}
)

// TestBuildRecursiveTypes checks that recursive types build, directly and
// through pointers, slices, maps and each other, and that a failed build
// leaves nothing broken behind: a type inside it that refers back to the
// failed one is not cached with a reference to it.
func TestBuildRecursiveTypes(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[list](), reflect.TypeFor[tree](), reflect.TypeFor[mutualA](), reflect.TypeFor[mutualB]()} {
		if _, err := xmlrpc.DecoderOf(typ); err != nil {
			t.Errorf("DecoderOf(%v): %v", typ, err)
		}
		if _, err := xmlrpc.EncoderOf(typ); err != nil {
			t.Errorf("EncoderOf(%v): %v", typ, err)
		}
	}
	v := mutualA{Bs: []mutualB{{Name: "b", Next: &mutualA{M: map[string]*mutualA{"m": {}}}}}}
	e := xmlrpc.NewEncoder(nil)
	if err := e.Value(reflect.ValueOf(v)); err != nil {
		t.Fatal(err)
	}
	sent := string(e.Bytes())
	back, err := decodeTyped(reflect.TypeFor[mutualA](), sent)
	if err != nil {
		t.Fatal(err)
	}
	e = xmlrpc.NewEncoder(nil)
	if err := e.Value(back); err != nil || string(e.Bytes()) != sent {
		t.Fatalf("round trip: %q, %v; sent %q", e.Bytes(), err, sent)
	}

	// badA fails to build (its chan), after badB, which refers back to
	// badA, was built. badB must then build again on its own.
	if _, err := xmlrpc.DecoderOf(reflect.TypeFor[badA]()); err == nil {
		t.Fatal("badA built")
	}
	if _, err := xmlrpc.DecoderOf(reflect.TypeFor[badB]()); err == nil {
		t.Fatal("badB built with a reference to badA")
	}
	if _, err := xmlrpc.EncoderOf(reflect.TypeFor[badA]()); err == nil {
		t.Fatal("badA encoder built")
	}
	if _, err := xmlrpc.EncoderOf(reflect.TypeFor[badB]()); err == nil {
		t.Fatal("badB encoder built with a reference to badA")
	}
}
