package xmlrpc_test

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// decodeTyped decodes the only parameter of a request holding value into
// a new value of type t, then checks that the document ends well.
func decodeTyped(t reflect.Type, value string) (reflect.Value, error) {
	d := xmlrpc.NewDecoder(testkit.MethodCall("m", value), xmlrpc.Limits{})
	if _, err := d.MethodCall(); err != nil {
		return reflect.Value{}, err
	}
	if ok, err := d.NextParam(); !ok || err != nil {
		return reflect.Value{}, fmt.Errorf("NextParam: %v %v", ok, err)
	}
	v := reflect.New(t).Elem()
	derr := d.DecodeValue(v)
	if _, ok := derr.(*xmlrpc.TypeError); derr != nil && !ok {
		return v, derr
	}
	// After a TypeError too, the value has been consumed.
	if ok, err := d.NextParam(); ok || err != nil {
		return v, fmt.Errorf("NextParam after the value: %v %v", ok, err)
	}
	if err := d.End(); err != nil {
		return v, err
	}
	return v, derr
}

type key string

type inner struct {
	X int `xmlrpc:"x"`
	Y string
}

type PtrEmb struct {
	Z int
}

type outer struct {
	Name    string `xmlrpc:"name"`
	Count   int    `xmlrpc:"count,omitempty"`
	Skip    int    `xmlrpc:"-"`
	private int
	inner
	*PtrEmb
	Tags []string `xmlrpc:"tags"`
	When time.Time
	Opt  *int
}

// upper decodes from a string and refuses "bad".
type upper string

func (u *upper) UnmarshalText(b []byte) error {
	if string(b) == "bad" {
		return errors.New("bad text")
	}
	*u = upper(strings.ToUpper(string(b)))
	return nil
}

func (u upper) MarshalText() ([]byte, error) {
	if u == "FAIL" {
		return nil, errors.New("cannot marshal FAIL")
	}
	return []byte(strings.ToLower(string(u))), nil
}

type tree struct {
	Name string
	Kids []tree
}

type list struct {
	V    int
	Next *list
}

func ptr[T any](v T) *T { return &v }

func TestDecodeTyped(t *testing.T) {
	str := func(s string) string { return "<value><string>" + s + "</string></value>" }
	i := func(s string) string { return "<value><int>" + s + "</int></value>" }
	arr := func(vals ...string) string {
		return "<value><array><data>" + strings.Join(vals, "") + "</data></array></value>"
	}
	mem := func(name, v string) string { return "<member><name>" + name + "</name>" + v + "</member>" }
	st := func(ms ...string) string { return "<value><struct>" + strings.Join(ms, "") + "</struct></value>" }
	const nilv = "<value><nil/></value>"

	cases := []struct {
		name  string
		typ   reflect.Type
		value string
		want  any    // for success
		path  string // for a TypeError: its Path; "" also allowed
		class string
	}{
		{"bool", reflect.TypeFor[bool](), "<value><boolean>1</boolean></value>", true, "", ""},
		{"bool from int", reflect.TypeFor[bool](), i("1"), nil, "", "type"},
		{"bool from string", reflect.TypeFor[bool](), str("1"), nil, "", "type"},
		{"int", reflect.TypeFor[int](), i("-42"), -42, "", ""},
		{"int from i8", reflect.TypeFor[int](), "<value><i8>9999999999</i8></value>", 9999999999, "", ""},
		{"int from string", reflect.TypeFor[int](), str("1"), nil, "", "type"},
		{"int from double", reflect.TypeFor[int](), "<value><double>1</double></value>", nil, "", "type"},
		{"int from nil", reflect.TypeFor[int](), nilv, nil, "", "type"},
		{"int beyond int64", reflect.TypeFor[int](), i("9223372036854775808"), nil, "", "type"},
		{"int8 max", reflect.TypeFor[int8](), i("127"), int8(127), "", ""},
		{"int8 min", reflect.TypeFor[int8](), i("-128"), int8(-128), "", ""},
		{"int8 overflow", reflect.TypeFor[int8](), i("128"), nil, "", "type"},
		{"int8 underflow", reflect.TypeFor[int8](), i("-129"), nil, "", "type"},
		{"int16 overflow", reflect.TypeFor[int16](), i("32768"), nil, "", "type"},
		{"int32 max", reflect.TypeFor[int32](), i("2147483647"), int32(math.MaxInt32), "", ""},
		{"int32 overflow", reflect.TypeFor[int32](), i("2147483648"), nil, "", "type"},
		{"int64 min", reflect.TypeFor[int64](), i("-9223372036854775808"), int64(math.MinInt64), "", ""},
		{"int64 underflow", reflect.TypeFor[int64](), i("-9223372036854775809"), nil, "", "type"},
		{"uint8 max", reflect.TypeFor[uint8](), i("255"), uint8(255), "", ""},
		{"uint8 overflow", reflect.TypeFor[uint8](), i("256"), nil, "", "type"},
		{"uint8 negative", reflect.TypeFor[uint8](), i("-1"), nil, "", "type"},
		{"uint8 minus zero", reflect.TypeFor[uint8](), i("-0"), uint8(0), "", ""},
		{"uint16", reflect.TypeFor[uint16](), i("65535"), uint16(65535), "", ""},
		{"uint32 overflow", reflect.TypeFor[uint32](), i("4294967296"), nil, "", "type"},
		{"uint", reflect.TypeFor[uint](), i("+7"), uint(7), "", ""},
		{"uintptr", reflect.TypeFor[uintptr](), i("7"), uintptr(7), "", ""},
		{"uint64 max", reflect.TypeFor[uint64](), i("18446744073709551615"), uint64(math.MaxUint64), "", ""},
		{"uint64 max - 5", reflect.TypeFor[uint64](), i("18446744073709551610"), uint64(math.MaxUint64 - 5), "", ""},
		{"uint64 overflow", reflect.TypeFor[uint64](), i("18446744073709551616"), nil, "", "type"},
		{"uint64 far overflow", reflect.TypeFor[uint64](), i("99999999999999999999"), nil, "", "type"},
		{"uint64 negative", reflect.TypeFor[uint64](), i("-1"), nil, "", "type"},
		{"float64", reflect.TypeFor[float64](), "<value><double>2.5</double></value>", 2.5, "", ""},
		{"float64 from int", reflect.TypeFor[float64](), i("3"), 3.0, "", ""},
		{"float64 from big int", reflect.TypeFor[float64](), i("123456789012345678901234567890"), 123456789012345678901234567890.0, "", ""},
		{"float64 from huge int", reflect.TypeFor[float64](), i("1" + strings.Repeat("0", 400)), nil, "", "type"},
		{"float64 from string", reflect.TypeFor[float64](), str("2.5"), nil, "", "type"},
		{"float32", reflect.TypeFor[float32](), "<value><double>0.5</double></value>", float32(0.5), "", ""},
		{"float32 max", reflect.TypeFor[float32](), "<value><double>3.4028234663852886e38</double></value>", float32(math.MaxFloat32), "", ""},
		{"float32 overflow", reflect.TypeFor[float32](), "<value><double>1e39</double></value>", nil, "", "type"},
		{"float32 negative overflow", reflect.TypeFor[float32](), "<value><double>-1e39</double></value>", nil, "", "type"},
		{"string", reflect.TypeFor[string](), str("a&amp;b"), "a&b", "", ""},
		{"string untyped", reflect.TypeFor[string](), "<value>u</value>", "u", "", ""},
		{"string from int", reflect.TypeFor[string](), i("1"), nil, "", "type"},
		{"string from base64", reflect.TypeFor[string](), "<value><base64>aGVsbG8=</base64></value>", nil, "", "type"},
		{"string from nil", reflect.TypeFor[string](), nilv, nil, "", "type"},
		{"named string", reflect.TypeFor[key](), str("k"), key("k"), "", ""},
		{"bytes", reflect.TypeFor[[]byte](), "<value><base64>aGVsbG8=</base64></value>", []byte("hello"), "", ""},
		{"bytes empty", reflect.TypeFor[[]byte](), "<value><base64/></value>", []byte{}, "", ""},
		{"bytes from nil", reflect.TypeFor[[]byte](), nilv, []byte(nil), "", ""},
		{"bytes from string", reflect.TypeFor[[]byte](), str("hello"), nil, "", "type"},
		{"bytes from array", reflect.TypeFor[[]byte](), arr(i("1")), nil, "", "type"},
		{"time", reflect.TypeFor[time.Time](), "<value><dateTime.iso8601>20240229T13:04:05</dateTime.iso8601></value>", time.Date(2024, 2, 29, 13, 4, 5, 0, time.UTC), "", ""},
		{"time from string", reflect.TypeFor[time.Time](), str("20240229T13:04:05"), nil, "", "type"},
		{"big.Int", reflect.TypeFor[big.Int](), i("-123456789012345678901234567890"), *bigInt("-123456789012345678901234567890"), "", ""},
		{"big.Int with plus and zeros", reflect.TypeFor[big.Int](), i("+007"), *big.NewInt(7), "", ""},
		{"*big.Int", reflect.TypeFor[*big.Int](), "<value><i8>42</i8></value>", big.NewInt(42), "", ""},
		{"*big.Int nil", reflect.TypeFor[*big.Int](), nilv, (*big.Int)(nil), "", ""},
		{"big.Int from string", reflect.TypeFor[big.Int](), str("1"), nil, "", "type"},
		{"any", reflect.TypeFor[any](), arr(i("1"), str("x")), []any{1, "x"}, "", ""},
		{"any nil", reflect.TypeFor[any](), nilv, nil, "", ""},
		{"pointer", reflect.TypeFor[*int](), i("5"), ptr(5), "", ""},
		{"pointer nil", reflect.TypeFor[*int](), nilv, (*int)(nil), "", ""},
		{"pointer ex:nil", reflect.TypeFor[*int](), "<value><ex:nil/></value>", (*int)(nil), "", ""},
		{"pointer to pointer", reflect.TypeFor[**string](), "<value>p</value>", ptr(ptr("p")), "", ""},
		{"pointer mismatch", reflect.TypeFor[*int](), str("x"), nil, "", "type"},
		{"pointer to untyped empty", reflect.TypeFor[*string](), "<value/>", ptr(""), "", ""},
		{"slice", reflect.TypeFor[[]int](), arr(i("1"), i("2"), i("3"), i("4"), i("5")), []int{1, 2, 3, 4, 5}, "", ""},
		{"slice empty", reflect.TypeFor[[]int](), arr(), []int{}, "", ""},
		{"slice nil", reflect.TypeFor[[]int](), nilv, []int(nil), "", ""},
		{"slice element mismatch", reflect.TypeFor[[]int](), arr(i("1"), str("x"), i("3")), nil, "[1]", "type"},
		{"slice of a struct", reflect.TypeFor[[]int](), st(), nil, "", "type"},
		{"slice of slices", reflect.TypeFor[[][]string](), arr(arr(str("a")), arr()), [][]string{{"a"}, {}}, "", ""},
		{"nested element mismatch", reflect.TypeFor[[][]int](), arr(arr(), arr(i("1"), i("2"), str("x"))), nil, "[1][2]", "type"},
		{"array", reflect.TypeFor[[3]int](), arr(i("1"), i("2"), i("3")), [3]int{1, 2, 3}, "", ""},
		{"array too short", reflect.TypeFor[[3]int](), arr(i("1"), i("2")), nil, "", "type"},
		{"array too long", reflect.TypeFor[[3]int](), arr(i("1"), i("2"), i("3"), i("4")), nil, "", "type"},
		{"array element mismatch", reflect.TypeFor[[2]int](), arr(i("1"), str("2")), nil, "[1]", "type"},
		{"array from nil", reflect.TypeFor[[2]int](), nilv, nil, "", "type"},
		{"map", reflect.TypeFor[map[string]int](), st(mem("a", i("1")), mem("b", i("2"))), map[string]int{"a": 1, "b": 2}, "", ""},
		{"map duplicate keys", reflect.TypeFor[map[string]int](), st(mem("a", i("1")), mem("a", i("2"))), map[string]int{"a": 2}, "", ""},
		{"map empty", reflect.TypeFor[map[string]int](), st(), map[string]int{}, "", ""},
		{"map nil", reflect.TypeFor[map[string]int](), nilv, map[string]int(nil), "", ""},
		{"map value mismatch", reflect.TypeFor[map[string]int](), st(mem("a", i("1")), mem("b", str("x")), mem("c", i("3"))), nil, ".b", "type"},
		{"map from array", reflect.TypeFor[map[string]int](), arr(), nil, "", "type"},
		{"map with named keys", reflect.TypeFor[map[key]string](), st(mem("k", str("v"))), map[key]string{"k": "v"}, "", ""},
		{"map of any", reflect.TypeFor[map[string]any](), st(mem("a", i("1")), mem("n", nilv)), map[string]any{"a": 1, "n": nil}, "", ""},
		{"struct", reflect.TypeFor[outer](),
			st(mem("name", str("n")), mem("count", i("2")), mem("x", i("3")), mem("Y", str("y")), mem("Z", i("4")),
				mem("tags", arr(str("a"))), mem("When", "<value><dateTime.iso8601>20240101T00:00:00</dateTime.iso8601></value>"), mem("Opt", i("5"))),
			outer{Name: "n", Count: 2, inner: inner{X: 3, Y: "y"}, PtrEmb: &PtrEmb{Z: 4}, Tags: []string{"a"},
				When: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Opt: ptr(5)}, "", ""},
		{"struct missing members keep zero", reflect.TypeFor[outer](), st(mem("name", str("n"))), outer{Name: "n"}, "", ""},
		{"struct empty", reflect.TypeFor[outer](), st(), outer{}, "", ""},
		{"struct member by Go name when tagged", reflect.TypeFor[outer](), st(mem("Name", str("n"))), nil, ".Name", "type"},
		{"struct unknown member", reflect.TypeFor[outer](), st(mem("name", str("n")), mem("nope", i("1")), mem("count", i("1"))), nil, ".nope", "type"},
		{"struct skipped field", reflect.TypeFor[outer](), st(mem("Skip", i("1"))), nil, ".Skip", "type"},
		{"struct unexported field", reflect.TypeFor[outer](), st(mem("private", i("1"))), nil, ".private", "type"},
		{"struct member mismatch", reflect.TypeFor[outer](), st(mem("tags", arr(str("a"), i("1")))), nil, ".tags[1]", "type"},
		{"struct from map-like array", reflect.TypeFor[outer](), arr(), nil, "", "type"},
		{"struct from nil", reflect.TypeFor[outer](), nilv, nil, "", "type"},
		{"pointer to struct", reflect.TypeFor[*outer](), st(mem("name", str("n"))), &outer{Name: "n"}, "", ""},
		{"TextUnmarshaler", reflect.TypeFor[upper](), str("abc"), upper("ABC"), "", ""},
		{"TextUnmarshaler untyped", reflect.TypeFor[upper](), "<value>abc</value>", upper("ABC"), "", ""},
		{"TextUnmarshaler error", reflect.TypeFor[upper](), str("bad"), nil, "", "type"},
		{"TextUnmarshaler from int", reflect.TypeFor[upper](), i("1"), nil, "", "type"},
		{"pointer to TextUnmarshaler", reflect.TypeFor[*upper](), str("x"), ptr(upper("X")), "", ""},
		{"net.IP", reflect.TypeFor[net.IP](), str("192.0.2.1"), net.ParseIP("192.0.2.1"), "", ""},
		{"net.IP invalid", reflect.TypeFor[net.IP](), str("300.1.1.1"), nil, "", "type"},
		{"slice of TextUnmarshaler", reflect.TypeFor[[]upper](), arr(str("a"), str("bad")), nil, "[1]", "type"},
		{"recursive tree", reflect.TypeFor[tree](),
			st(mem("Name", str("root")), mem("Kids", arr(st(mem("Name", str("a"))), st(mem("Name", str("b")), mem("Kids", arr(st(mem("Name", str("c"))))))))),
			tree{Name: "root", Kids: []tree{{Name: "a"}, {Name: "b", Kids: []tree{{Name: "c"}}}}}, "", ""},
		{"recursive tree mismatch deep", reflect.TypeFor[tree](),
			st(mem("Kids", arr(st(), st(mem("Kids", arr(st(mem("Name", i("1"))))))))), nil, ".Kids[1].Kids[0].Name", "type"},
		{"recursive list", reflect.TypeFor[list](),
			st(mem("V", i("1")), mem("Next", st(mem("V", i("2")), mem("Next", nilv)))), list{V: 1, Next: &list{V: 2}}, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, err := decodeTyped(tc.typ, tc.value)
			class := tc.class
			if class == "" {
				class = "ok"
			}
			wantClass(t, err, class)
			if class == "type" {
				var te *xmlrpc.TypeError
				errors.As(err, &te)
				if te.Path != tc.path {
					t.Fatalf("TypeError path %q, want %q (%v)", te.Path, tc.path, err)
				}
				if te.Error() == "" || (tc.path != "" && !strings.HasPrefix(te.Error(), tc.path+": ")) {
					t.Fatalf("TypeError text %q", te.Error())
				}
				return
			}
			got := v.Interface()
			if bi, ok := got.(big.Int); ok {
				want := tc.want.(big.Int)
				if bi.Cmp(&want) != 0 {
					t.Fatalf("got %v, want %v", &bi, &want)
				}
				return
			}
			if bi, ok := got.(*big.Int); ok && bi != nil {
				if bi.Cmp(tc.want.(*big.Int)) != 0 {
					t.Fatalf("got %v, want %v", bi, tc.want)
				}
				return
			}
			if tm, ok := got.(time.Time); ok {
				if !tm.Equal(tc.want.(time.Time)) || tm.Location() != time.UTC {
					t.Fatalf("got %v, want %v", tm, tc.want)
				}
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

// TestTypeErrorText checks the fields and text of TypeErrors.
func TestTypeErrorText(t *testing.T) {
	cases := []struct {
		typ   reflect.Type
		value string
		want  string
	}{
		{reflect.TypeFor[int](), "<value><string>x</string></value>", "cannot use <string> as int"},
		{reflect.TypeFor[int32](), "<value><int>3000000000</int></value>", "3000000000 overflows int32"},
		{reflect.TypeFor[uint](), "<value><int>-1</int></value>", "-1 overflows uint"},
		{reflect.TypeFor[key](), "<value><int>1</int></value>", "cannot use <int> as xmlrpc_test.key"},
		{reflect.TypeFor[[]bool](), "<value><array><data><value><boolean>1</boolean></value><value><nil/></value></data></array></value>", "[1]: cannot use <nil/> as bool"},
		{reflect.TypeFor[map[string][]int](), "<value><struct><member><name>k</name><value><array><data><value><double>1</double></value></data></array></value></member></struct></value>", ".k[0]: cannot use <double> as int"},
		{reflect.TypeFor[outer](), "<value><struct><member><name>zz</name><value/></member></struct></value>", ".zz: no such member in xmlrpc_test.outer"},
		{reflect.TypeFor[[2]int](), "<value><array><data/></array></value>", "array of 0 elements for [2]int"},
		{reflect.TypeFor[float32](), "<value><double>1e39</double></value>", "1e+39 overflows float32"},
		{reflect.TypeFor[upper](), "<value>bad</value>", "invalid xmlrpc_test.upper: bad text"},
		{reflect.TypeFor[time.Time](), "<value><array><data/></array></value>", "cannot use <array> as time.Time"},
		{reflect.TypeFor[[]byte](), "<value><struct/></value>", "cannot use <struct> as []uint8"},
		{reflect.TypeFor[bool](), "<value><dateTime.iso8601>20240101T00:00:00</dateTime.iso8601></value>", "cannot use <dateTime.iso8601> as bool"},
		{reflect.TypeFor[string](), "<value><i8>1</i8></value>", "cannot use <i8> as string"},
	}
	for _, tc := range cases {
		_, err := decodeTyped(tc.typ, tc.value)
		var te *xmlrpc.TypeError
		if !errors.As(err, &te) {
			t.Errorf("%v from %s: got %v, want a TypeError", tc.typ, tc.value, err)
			continue
		}
		if te.Error() != tc.want {
			t.Errorf("%v from %s: %q, want %q", tc.typ, tc.value, te.Error(), tc.want)
		}
	}
	// A huge integer is not quoted whole.
	_, err := decodeTyped(reflect.TypeFor[int](), "<value><int>"+strings.Repeat("9", 4000)+"</int></value>")
	if err == nil || len(err.Error()) > 100 || !strings.HasSuffix(err.Error(), "... overflows int") {
		t.Fatalf("%.200v", err)
	}
	te := &xmlrpc.TypeError{Want: "int", Got: "<string>"}
	if te.Error() != "cannot use <string> as int" {
		t.Fatal(te.Error())
	}
}

// TestDecodeTypedSyntaxErrors checks that malformed values inside typed
// decoding are SyntaxErrors, not TypeErrors, even after a mismatch.
func TestDecodeTypedSyntaxErrors(t *testing.T) {
	cases := []struct {
		typ   reflect.Type
		value string
	}{
		{reflect.TypeFor[int](), "<value><int>x</int></value>"},
		{reflect.TypeFor[string](), "<value><int>x</int></value>"}, // mismatch, then malformed
		{reflect.TypeFor[[]int](), "<value><int>x</int></value>"},  // mismatch, then malformed
		{reflect.TypeFor[[]int](), "<value><array><data><value><string>a</string></value><value><int>x</int></value></data></array></value>"},
		{reflect.TypeFor[map[string]int](), "<value><struct><member><name>a</name><value><string/></value></member><member><name>b</name><value><double>nan</double></value></member></struct></value>"},
		{reflect.TypeFor[outer](), "<value><struct><member><name>nope</name><value><boolean>2</boolean></value></member></struct></value>"},
		{reflect.TypeFor[*int](), "<value><nil>x</nil></value>"},
		{reflect.TypeFor[*int](), "<value><int>1</int>"},
		{reflect.TypeFor[upper](), "<value><string>&bad;</string></value>"},
		{reflect.TypeFor[[2]int](), "<value><array><data><value>1</value><value>2</value><value><i4/></value></data></array></value>"},
		{reflect.TypeFor[big.Int](), "<value><int>1.5</int></value>"},
		{reflect.TypeFor[time.Time](), "<value><dateTime.iso8601>2024</dateTime.iso8601></value>"},
		{reflect.TypeFor[[]byte](), "<value><base64>!</base64></value>"},
	}
	for _, tc := range cases {
		_, err := decodeTyped(tc.typ, tc.value)
		if errClass(err) != "syntax" {
			t.Errorf("%v from %s: %s (%v), want syntax", tc.typ, tc.value, errClass(err), err)
		}
	}
}

// TestDecodeContinuesAfterTypeError decodes a mismatched parameter and
// then the next one: a TypeError consumes exactly the value.
func TestDecodeContinuesAfterTypeError(t *testing.T) {
	mismatches := []struct {
		typ   reflect.Type
		value string
	}{
		{reflect.TypeFor[int](), "<value><array><data><value><struct><member><name>a</name><value><int>1</int></value></member></struct></value></data></array></value>"},
		{reflect.TypeFor[string](), "<value><struct><member><name>a</name><value><array><data/></array></value></member></struct></value>"},
		{reflect.TypeFor[[]int](), "<value><array><data><value>x</value><value><array><data><value>1</value></data></array></value></data></array></value>"},
		{reflect.TypeFor[[1]int](), "<value><array><data><value><int>1</int></value><value><struct/></value></data></array></value>"},
		{reflect.TypeFor[map[string]bool](), "<value><struct><member><name>a</name><value>x</value></member><member><name>b</name><value><array><data/></array></value></member></struct></value>"},
		{reflect.TypeFor[outer](), "<value><struct><member><name>x</name><value>s</value></member><member><name>tags</name><value><array><data><value>1</value></data></array></value></member></struct></value>"},
		{reflect.TypeFor[*outer](), "<value><base64>aGVsbG8=</base64></value>"},
		{reflect.TypeFor[bool](), "<value><nil/></value>"},
		{reflect.TypeFor[int8](), "<value><i8>1000</i8></value>"},
		{reflect.TypeFor[upper](), "<value>bad</value>"},
		{reflect.TypeFor[float64](), "<value/>"},
	}
	for _, m := range mismatches {
		body := testkit.MethodCall("m", m.value, "<value><int>42</int></value>", m.value)
		d := xmlrpc.NewDecoder(body, xmlrpc.Limits{})
		if _, err := d.MethodCall(); err != nil {
			t.Fatal(err)
		}
		d.NextParam()
		v := reflect.New(m.typ).Elem()
		wantClass(t, d.DecodeValue(v), "type")
		if ok, err := d.NextParam(); !ok || err != nil {
			t.Fatalf("%v: NextParam after a TypeError: %v %v", m.typ, ok, err)
		}
		n, err := d.DecodeInt64()
		if err != nil || n != 42 {
			t.Fatalf("%v: next parameter: %v %v", m.typ, n, err)
		}
		d.NextParam()
		wantClass(t, d.DecodeValue(reflect.New(m.typ).Elem()), "type")
		if ok, err := d.NextParam(); ok || err != nil {
			t.Fatalf("%v: %v %v", m.typ, ok, err)
		}
		if err := d.End(); err != nil {
			t.Fatalf("%v: End: %v", m.typ, err)
		}
	}
}

func TestDecoderOfUnsupported(t *testing.T) {
	type withChan struct {
		A int
		C chan int
	}
	for _, typ := range []reflect.Type{
		reflect.TypeFor[chan int](),
		reflect.TypeFor[func()](),
		reflect.TypeFor[complex128](),
		reflect.TypeFor[complex64](),
		reflect.TypeFor[map[int]string](),
		reflect.TypeFor[map[bool]any](),
		reflect.TypeFor[error](),
		reflect.TypeFor[fmt.Stringer](),
		reflect.TypeFor[[]chan int](),
		reflect.TypeFor[*func()](),
		reflect.TypeFor[[2]complex64](),
		reflect.TypeFor[map[string]chan int](),
		reflect.TypeFor[withChan](),
		reflect.TypeFor[*withChan](),
		reflect.TypeFor[[]withChan](),
	} {
		_, err := xmlrpc.DecoderOf(typ)
		var ut *xmlrpc.UnsupportedTypeError
		if !errors.As(err, &ut) {
			t.Errorf("DecoderOf(%v) = %v, want an UnsupportedTypeError", typ, err)
			continue
		}
		if ut.Reason == "" || !strings.Contains(err.Error(), "unsupported type") {
			t.Errorf("DecoderOf(%v): %q", typ, err)
		}
		// The decoder of a valid type must still work after a failure.
		if _, err := xmlrpc.DecoderOf(reflect.TypeFor[[]int]()); err != nil {
			t.Fatal(err)
		}
	}
	// DecodeValue reports it too.
	d := xmlrpc.NewDecoder(testkit.MethodCall("m", "<value>1</value>"), xmlrpc.Limits{})
	d.MethodCall()
	d.NextParam()
	var c chan int
	var ut *xmlrpc.UnsupportedTypeError
	if err := d.DecodeValue(reflect.ValueOf(&c).Elem()); !errors.As(err, &ut) || ut.Type != reflect.TypeFor[chan int]() {
		t.Fatalf("DecodeValue(chan): %v", err)
	}
}

// TestDecoderOfCached checks that DecoderOf returns a working decoder
// every time, concurrently too.
func TestDecoderOfCached(t *testing.T) {
	done := make(chan error)
	for range 8 {
		go func() {
			_, err := xmlrpc.DecoderOf(reflect.TypeFor[map[string][]tree]())
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	v, err := decodeTyped(reflect.TypeFor[map[string][]tree](),
		"<value><struct><member><name>a</name><value><array><data><value><struct><member><name>Name</name><value>n</value></member></struct></value></data></array></value></member></struct></value>")
	if err != nil || !reflect.DeepEqual(v.Interface(), map[string][]tree{"a": {{Name: "n"}}}) {
		t.Fatal(v, err)
	}
}

func TestDecodeScalarMethods(t *testing.T) {
	body := testkit.MethodCall("m",
		"<value><i8>-9223372036854775808</i8></value>",
		"<value><int>18446744073709551615</int></value>",
		"<value><int>7</int></value>",
		"<value><string>s&amp;</string></value>",
		"<value><boolean>true</boolean></value>",
		"<value><dateTime.iso8601>20240101T01:02:03</dateTime.iso8601></value>",
		"<value><base64>AP8=</base64></value>",
		"<value><nil/></value>",
		"<value>untyped</value>",
		"<value><double>-1.5</double></value>",
	)
	d := xmlrpc.NewDecoder(body, xmlrpc.Limits{})
	if _, err := d.MethodCall(); err != nil {
		t.Fatal(err)
	}
	next := func() {
		t.Helper()
		if ok, err := d.NextParam(); !ok || err != nil {
			t.Fatal(ok, err)
		}
	}
	check := func(got, want any, err error) {
		t.Helper()
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("got %#v, %v; want %#v", got, err, want)
		}
	}
	next()
	i, err := d.DecodeInt64()
	check(i, int64(math.MinInt64), err)
	next()
	u, err := d.DecodeUint64()
	check(u, uint64(math.MaxUint64), err)
	next()
	f, err := d.DecodeFloat64()
	check(f, 7.0, err)
	next()
	s, err := d.DecodeString()
	check(s, "s&", err)
	next()
	b, err := d.DecodeBool()
	check(b, true, err)
	next()
	tm, err := d.DecodeTime()
	check(tm, time.Date(2024, 1, 1, 1, 2, 3, 0, time.UTC), err)
	next()
	bs, err := d.DecodeBytes()
	check(bs, []byte{0, 0xff}, err)
	next()
	bs, err = d.DecodeBytes()
	check(bs, []byte(nil), err)
	next()
	s, err = d.DecodeString()
	check(s, "untyped", err)
	next()
	f, err = d.DecodeFloat64()
	check(f, -1.5, err)
	if ok, err := d.NextParam(); ok || err != nil {
		t.Fatal(ok, err)
	}
	if err := d.End(); err != nil {
		t.Fatal(err)
	}
}

// TestDecodeScalarMethodsMismatch checks that each Decode* method refuses
// the other types with a TypeError and consumes the value.
func TestDecodeScalarMethodsMismatch(t *testing.T) {
	values := map[string]string{
		"int":      "<value><int>1</int></value>",
		"string":   "<value><string>s</string></value>",
		"untyped":  "<value>s</value>",
		"bool":     "<value><boolean>1</boolean></value>",
		"double":   "<value><double>1.5</double></value>",
		"dateTime": "<value><dateTime.iso8601>20240101T01:02:03</dateTime.iso8601></value>",
		"base64":   "<value><base64>AP8=</base64></value>",
		"nil":      "<value><nil/></value>",
		"array":    "<value><array><data><value><int>1</int></value></data></array></value>",
		"struct":   "<value><struct><member><name>a</name><value><int>1</int></value></member></struct></value>",
	}
	methods := []struct {
		name    string
		accepts []string
		call    func(d *xmlrpc.Decoder) error
	}{
		{"DecodeInt64", []string{"int"}, func(d *xmlrpc.Decoder) error { _, err := d.DecodeInt64(); return err }},
		{"DecodeUint64", []string{"int"}, func(d *xmlrpc.Decoder) error { _, err := d.DecodeUint64(); return err }},
		{"DecodeFloat64", []string{"int", "double"}, func(d *xmlrpc.Decoder) error { _, err := d.DecodeFloat64(); return err }},
		{"DecodeString", []string{"string", "untyped"}, func(d *xmlrpc.Decoder) error { _, err := d.DecodeString(); return err }},
		{"DecodeBool", []string{"bool"}, func(d *xmlrpc.Decoder) error { _, err := d.DecodeBool(); return err }},
		{"DecodeTime", []string{"dateTime"}, func(d *xmlrpc.Decoder) error { _, err := d.DecodeTime(); return err }},
		{"DecodeBytes", []string{"base64", "nil"}, func(d *xmlrpc.Decoder) error { _, err := d.DecodeBytes(); return err }},
		{"SkipValue", []string{"int", "string", "untyped", "bool", "double", "dateTime", "base64", "nil", "array", "struct"}, func(d *xmlrpc.Decoder) error { return d.SkipValue() }},
		{"DecodeAny", []string{"int", "string", "untyped", "bool", "double", "dateTime", "base64", "nil", "array", "struct"}, func(d *xmlrpc.Decoder) error { _, err := d.DecodeAny(); return err }},
	}
	for _, m := range methods {
		for vname, v := range values {
			d := xmlrpc.NewDecoder(testkit.MethodCall("m", v, "<value><int>5</int></value>"), xmlrpc.Limits{})
			d.MethodCall()
			d.NextParam()
			err := m.call(d)
			want := "type"
			for _, a := range m.accepts {
				if a == vname {
					want = "ok"
				}
			}
			if errClass(err) != want {
				t.Errorf("%s(%s): %s (%v), want %s", m.name, vname, errClass(err), err, want)
				continue
			}
			d.NextParam()
			if n, err := d.DecodeInt64(); n != 5 || err != nil {
				t.Errorf("%s(%s): next parameter %v %v", m.name, vname, n, err)
			}
			d.NextParam()
			if err := d.End(); err != nil {
				t.Errorf("%s(%s): End: %v", m.name, vname, err)
			}
		}
	}
}

// TestDecodeTextLimit checks that text decoded by a TextUnmarshaler obeys
// MaxStringBytes like any string.
func TestDecodeTextLimit(t *testing.T) {
	for _, tc := range []struct {
		lim   int
		class string
	}{{3, "ok"}, {2, "limit"}} {
		d := xmlrpc.NewDecoder(testkit.MethodCall("m", "<value>abc</value>"), xmlrpc.Limits{MaxStringBytes: tc.lim})
		d.MethodCall()
		d.NextParam()
		var u upper
		wantClass(t, d.DecodeValue(reflect.ValueOf(&u).Elem()), tc.class)
	}
}
