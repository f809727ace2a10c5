package xmlrpc_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"net"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// TestEncodePythonLayout checks the bytes of each value against what
// Python's xmlrpc.client.dumps((v,), methodresponse=True) writes (the
// expected strings were produced by Python 3.11 and are hard-coded here).
func TestEncodePythonLayout(t *testing.T) {
	cases := []struct {
		name  string
		value any
		want  string
	}{
		{"int 0", 0, "<value><int>0</int></value>\n"},
		{"int -1", -1, "<value><int>-1</int></value>\n"},
		{"int32 max", int32(2147483647), "<value><int>2147483647</int></value>\n"},
		{"int32 min", int64(-2147483648), "<value><int>-2147483648</int></value>\n"},
		{"int8", int8(-5), "<value><int>-5</int></value>\n"},
		{"uint16", uint16(65535), "<value><int>65535</int></value>\n"},
		{"true", true, "<value><boolean>1</boolean></value>\n"},
		{"false", false, "<value><boolean>0</boolean></value>\n"},
		{"string empty", "", "<value><string></string></value>\n"},
		{"string escaping", "a<b&c>d\"e'f", "<value><string>a&lt;b&amp;c&gt;d\"e'f</string></value>\n"},
		{"string unicode", "h\u00e9llo \U0001F600", "<value><string>h\u00e9llo \U0001F600</string></value>\n"},
		{"string tab newline", "a\tb\nc", "<value><string>a\tb\nc</string></value>\n"},
		{"string ]]>", "x]]>y", "<value><string>x]]&gt;y</string></value>\n"},
		{"float 0.1", 0.1, "<value><double>0.1</double></value>\n"},
		{"float 1e16", 1e16, "<value><double>1e+16</double></value>\n"},
		{"float 1e-5", 1e-5, "<value><double>1e-05</double></value>\n"},
		{"float 0.0001", 0.0001, "<value><double>0.0001</double></value>\n"},
		{"float -0.0", math.Copysign(0, -1), "<value><double>-0.0</double></value>\n"},
		{"float 0.0", 0.0, "<value><double>0.0</double></value>\n"},
		{"float 1e22", 1e22, "<value><double>1e+22</double></value>\n"},
		{"float 5e-324", 5e-324, "<value><double>5e-324</double></value>\n"},
		{"float 1/3", 1.0 / 3, "<value><double>0.3333333333333333</double></value>\n"},
		{"float 1e15", 1e15, "<value><double>1000000000000000.0</double></value>\n"},
		{"float 123456789012345678", 123456789012345678.0, "<value><double>1.2345678901234568e+17</double></value>\n"},
		{"float 1.5e-7", 1.5e-7, "<value><double>1.5e-07</double></value>\n"},
		{"float 100", 100.0, "<value><double>100.0</double></value>\n"},
		{"float -2.5", -2.5, "<value><double>-2.5</double></value>\n"},
		{"float max", math.MaxFloat64, "<value><double>1.7976931348623157e+308</double></value>\n"},
		{"float 9999999999999998", 9999999999999998.0, "<value><double>9999999999999998.0</double></value>\n"},
		{"float 0.00001234", 0.00001234, "<value><double>1.234e-05</double></value>\n"},
		{"float 1.234e-4", 1.234e-4, "<value><double>0.0001234</double></value>\n"},
		{"float32 0.1", float32(0.1), "<value><double>0.10000000149011612</double></value>\n"},
		{"datetime", time.Date(2024, 2, 29, 13, 4, 5, 0, time.UTC), "<value><dateTime.iso8601>20240229T13:04:05</dateTime.iso8601></value>\n"},
		{"datetime year 1", time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), "<value><dateTime.iso8601>00010101T00:00:00</dateTime.iso8601></value>\n"},
		{"array", []any{1, "x", []any{true}}, "<value><array><data>\n<value><int>1</int></value>\n<value><string>x</string></value>\n<value><array><data>\n<value><boolean>1</boolean></value>\n</data></array></value>\n</data></array></value>\n"},
		{"array empty", []any{}, "<value><array><data>\n</data></array></value>\n"},
		{"struct", map[string]any{"a": 1, "b": map[string]any{"c": []any{}}, "d": "e"}, "<value><struct>\n<member>\n<name>a</name>\n<value><int>1</int></value>\n</member>\n<member>\n<name>b</name>\n<value><struct>\n<member>\n<name>c</name>\n<value><array><data>\n</data></array></value>\n</member>\n</struct></value>\n</member>\n<member>\n<name>d</name>\n<value><string>e</string></value>\n</member>\n</struct></value>\n"},
		{"struct empty", map[string]any{}, "<value><struct>\n</struct></value>\n"},
		{"nil", nil, "<value><nil/></value>"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := encodeResponse(tc.value)
			if err != nil {
				t.Fatal(err)
			}
			if want := response(tc.want); got != want {
				t.Fatalf("got  %q\nwant %q", got, want)
			}
		})
	}
}

// TestEncodeDifferences checks the documented differences from Python's
// layout and the values Python cannot send.
func TestEncodeDifferences(t *testing.T) {
	var nilBytes []byte
	var nilSlice []int
	var nilMap map[string]int
	var nilPtr *int
	var nilBig *big.Int
	var nilIface fmt.Stringer
	cases := []struct {
		name  string
		value any
		want  string
	}{
		{"int beyond 32 bits", 1 << 40, "<value><i8>1099511627776</i8></value>\n"},
		{"int32 max + 1", int64(2147483648), "<value><i8>2147483648</i8></value>\n"},
		{"int32 min - 1", int64(-2147483649), "<value><i8>-2147483649</i8></value>\n"},
		{"int64 max", int64(math.MaxInt64), "<value><i8>9223372036854775807</i8></value>\n"},
		{"int64 min", int64(math.MinInt64), "<value><i8>-9223372036854775808</i8></value>\n"},
		{"uint64 at int64 max", uint64(math.MaxInt64), "<value><i8>9223372036854775807</i8></value>\n"},
		{"uint", uint(3), "<value><int>3</int></value>\n"},
		{"big.Int", big.NewInt(1 << 40), "<value><i8>1099511627776</i8></value>\n"},
		{"big.Int small", *big.NewInt(-3), "<value><int>-3</int></value>\n"},
		{"nil *big.Int", nilBig, "<value><nil/></value>"},
		{"base64 on one line", []byte(strings.Repeat("x", 100)), "<value><base64>" + strings.Repeat("eHh4", 33) + "eA==</base64></value>\n"},
		{"base64 binary", []byte{0, 0xff, 0xfe}, "<value><base64>AP/+</base64></value>\n"},
		{"base64 empty", []byte{}, "<value><base64></base64></value>\n"},
		{"base64 nil", nilBytes, "<value><base64></base64></value>\n"},
		{"CR as a reference", "a\rb\r\nc", "<value><string>a&#13;b&#13;\nc</string></value>\n"},
		{"DEL is sent", "a\x7f", "<value><string>a\x7f</string></value>\n"},
		{"nil slice is an empty array", nilSlice, "<value><array><data>\n</data></array></value>\n"},
		{"nil []any is an empty array", []any(nil), "<value><array><data>\n</data></array></value>\n"},
		{"nil map is an empty struct", nilMap, "<value><struct>\n</struct></value>\n"},
		{"nil map[string]any", map[string]any(nil), "<value><struct>\n</struct></value>\n"},
		{"nil pointer", nilPtr, "<value><nil/></value>"},
		{"nil interface", nilIface, "<value><nil/></value>"},
		{"pointer", ptr(5), "<value><int>5</int></value>\n"},
		{"pointer to pointer", ptr(ptr("p")), "<value><string>p</string></value>\n"},
		{"array value", [2]bool{true, false}, "<value><array><data>\n<value><boolean>1</boolean></value>\n<value><boolean>0</boolean></value>\n</data></array></value>\n"},
		{"typed slice", []string{"a"}, "<value><array><data>\n<value><string>a</string></value>\n</data></array></value>\n"},
		{"sorted map keys", map[string]int{"b": 2, "a": 1, "C": 3, "": 0}, "<value><struct>\n<member>\n<name></name>\n<value><int>0</int></value>\n</member>\n<member>\n<name>C</name>\n<value><int>3</int></value>\n</member>\n<member>\n<name>a</name>\n<value><int>1</int></value>\n</member>\n<member>\n<name>b</name>\n<value><int>2</int></value>\n</member>\n</struct></value>\n"},
		{"named keys", map[key]string{"k&": "v"}, "<value><struct>\n<member>\n<name>k&amp;</name>\n<value><string>v</string></value>\n</member>\n</struct></value>\n"},
		{"TextMarshaler", upper("ABC"), "<value><string>abc</string></value>\n"},
		{"pointer to TextMarshaler", ptr(upper("X")), "<value><string>x</string></value>\n"},
		{"nil pointer to TextMarshaler", (*upper)(nil), "<value><nil/></value>"},
		{"net.IP", net.ParseIP("192.0.2.1"), "<value><string>192.0.2.1</string></value>\n"},
		{"time in its own zone", time.Date(2024, 1, 2, 3, 4, 5, 999, time.FixedZone("X", 3600)), "<value><dateTime.iso8601>20240102T03:04:05</dateTime.iso8601></value>\n"},
		{"pointer to time", ptr(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)), "<value><dateTime.iso8601>20240102T03:04:05</dateTime.iso8601></value>\n"},
		{"year 9999", time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), "<value><dateTime.iso8601>99991231T23:59:59</dateTime.iso8601></value>\n"},
		{"struct in interface slice", []any{struct{ A int }{1}}, "<value><array><data>\n<value><struct>\n<member>\n<name>A</name>\n<value><int>1</int></value>\n</member>\n</struct></value>\n</data></array></value>\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := encodeResponse(tc.value)
			if err != nil {
				t.Fatal(err)
			}
			if want := response(tc.want); got != want {
				t.Fatalf("got  %q\nwant %q", got, want)
			}
		})
	}
}

func TestEncodeErrors(t *testing.T) {
	type node struct {
		Name string
		Next *node
	}
	cyc := &node{Name: "a"}
	cyc.Next = cyc
	loopSlice := []any{1, nil}
	loopSlice[1] = loopSlice
	loopMap := map[string]any{}
	loopMap["self"] = loopMap
	var loopIface any
	loopIface = &loopIface
	type P *P
	var loopPtr P
	loopPtr = &loopPtr

	cases := []struct {
		name  string
		value any
		path  string
		msg   string
	}{
		{"NaN", math.NaN(), "", "has no XML-RPC representation"},
		{"+Inf", math.Inf(1), "", "has no XML-RPC representation"},
		{"-Inf", math.Inf(-1), "", "has no XML-RPC representation"},
		{"float32 Inf", float32(math.Inf(1)), "", "has no XML-RPC representation"},
		{"uint64 beyond i8", uint64(math.MaxInt64 + 1), "", "overflows i8"},
		{"uint64 max", uint64(math.MaxUint64), "", "overflows i8"},
		{"big.Int beyond i8", bigInt("9223372036854775808"), "", "overflows i8"},
		{"invalid UTF-8", "a\xffb", "", "invalid UTF-8"},
		{"truncated UTF-8", "a\xe2\x82", "", "invalid UTF-8"},
		{"NUL", "a\x00b", "", "control character"},
		{"control char", "\x1b[0m", "", "control character"},
		{"vertical tab", "a\vb", "", "control character"},
		{"U+FFFE", "a\uFFFE", "", "cannot be sent"},
		{"U+FFFF", "\uFFFF", "", "cannot be sent"},
		{"year 0", time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC), "", "year 0"},
		{"year 10000", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), "", "year 10000"},
		{"negative year", time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC), "", "year -5"},
		{"nested in array", []any{1, []any{2, math.NaN()}}, "[1][1]", "has no XML-RPC"},
		{"nested in map", map[string]any{"a": map[string]any{"b": "\x00"}}, ".a.b", "control character"},
		{"nested in struct", struct {
			A []float64 `xmlrpc:"a"`
		}{[]float64{1, math.Inf(1)}}, ".a[1]", "has no XML-RPC"},
		{"nested in typed map", map[string][]string{"k": {"ok", "\xff"}}, ".k[1]", "invalid UTF-8"},
		{"member name invalid", map[string]int{"\xff": 1}, ".\xff", "invalid UTF-8"},
		{"member name invalid in map[string]any", map[string]any{"a\x01": 1}, ".a\x01", "control character"},
		{"MarshalText error", upper("FAIL"), "", "cannot marshal FAIL"},
		{"struct pointer cycle", cyc, "", "nesting deeper than 1000"},
		{"slice cycle", loopSlice, "", "nesting deeper than 1000"},
		{"map cycle", loopMap, "", "nesting deeper than 1000"},
		{"interface pointer cycle", loopIface, "", "nesting deeper than 1000"},
		{"pointer cycle", loopPtr, "", "nesting deeper than 1000"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := encodeResponse(tc.value)
			var ee *xmlrpc.EncodeError
			if !errors.As(err, &ee) {
				t.Fatalf("got %v, want an *EncodeError", err)
			}
			if !strings.HasPrefix(ee.Path, tc.path) || !strings.Contains(ee.Msg, tc.msg) {
				t.Fatalf("EncodeError{Path: %q, Msg: %q}, want path %q and %q", ee.Path, ee.Msg, tc.path, tc.msg)
			}
			if tc.path != "" && !strings.Contains(ee.Error(), "at "+tc.path+": ") {
				t.Fatalf("Error() = %q", ee.Error())
			}
		})
	}
}

// TestEncodeDirectMethods checks the typed Encoder methods.
func TestEncodeDirectMethods(t *testing.T) {
	e := xmlrpc.NewEncoder([]byte("prefix:"))
	e.Int64(7)
	e.Int64(1 << 33)
	if err := e.Uint64(math.MaxInt64 + 1); err == nil {
		t.Fatal("Uint64 beyond i8")
	}
	if err := e.Uint64(8); err != nil {
		t.Fatal(err)
	}
	e.Bool(true)
	if err := e.BigInt(big.NewInt(-1)); err != nil {
		t.Fatal(err)
	}
	if err := e.Float64(0.5); err != nil {
		t.Fatal(err)
	}
	if err := e.String("s"); err != nil {
		t.Fatal(err)
	}
	if err := e.Time(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	e.Base64([]byte("hi"))
	e.Nil()
	if err := e.BeginStruct(); err != nil {
		t.Fatal(err)
	}
	if err := e.Member("m"); err != nil {
		t.Fatal(err)
	}
	if err := e.BeginArray(); err != nil {
		t.Fatal(err)
	}
	e.EndArray()
	e.EndMember()
	e.EndStruct()
	want := "prefix:<value><int>7</int></value>\n<value><i8>8589934592</i8></value>\n<value><int>8</int></value>\n" +
		"<value><boolean>1</boolean></value>\n<value><int>-1</int></value>\n<value><double>0.5</double></value>\n" +
		"<value><string>s</string></value>\n<value><dateTime.iso8601>20000101T00:00:00</dateTime.iso8601></value>\n" +
		"<value><base64>aGk=</base64></value>\n<value><nil/></value>" +
		"<value><struct>\n<member>\n<name>m</name>\n<value><array><data>\n</data></array></value>\n</member>\n</struct></value>\n"
	if got := string(e.Bytes()); got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	// Reset starts over on another buffer.
	e.Reset(nil)
	e.Bool(false)
	if got := string(e.Bytes()); got != "<value><boolean>0</boolean></value>\n" {
		t.Fatal(got)
	}
}

func TestEncodeFault(t *testing.T) {
	cases := []struct {
		code int
		msg  string
		want string
	}{
		{3, "a<b&c>", "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>3</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>a&lt;b&amp;c&gt;</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n"},
		{30, "", "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>30</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string></string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n"},
		// A fault string is always sent: what XML cannot carry becomes U+FFFD.
		{1, "a\xffb\x00c\rd\uFFFEe", "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>1</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>a\uFFFDb\uFFFDc&#13;d\uFFFDe</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n"},
	}
	for _, tc := range cases {
		e := xmlrpc.NewEncoder(nil)
		e.Fault(tc.code, tc.msg)
		if got := string(e.Bytes()); got != tc.want {
			t.Errorf("Fault(%d, %q)\n got  %q\n want %q", tc.code, tc.msg, got, tc.want)
		}
		// The fault decodes back as the struct it is.
		var f struct {
			FaultCode   int    `xmlrpc:"faultCode"`
			FaultString string `xmlrpc:"faultString"`
		}
		body := strings.Replace(strings.Replace(string(e.Bytes()), "methodResponse", "methodCall", -1), "<fault>\n", "<methodName>f</methodName><params><param>", 1)
		body = strings.Replace(body, "</fault>", "</param></params>", 1)
		d := xmlrpc.NewDecoder([]byte(body), xmlrpc.Limits{})
		if _, err := d.MethodCall(); err != nil {
			t.Fatal(err)
		}
		d.NextParam()
		if err := d.DecodeValue(reflect.ValueOf(&f).Elem()); err != nil || f.FaultCode != tc.code {
			t.Fatalf("%+v %v", f, err)
		}
	}
	e := xmlrpc.NewEncoder(nil)
	e.FaultStruct(2, "INCORRECT_PARAMETERS")
	want := "<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>2</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>INCORRECT_PARAMETERS</string></value>\n</member>\n</struct></value>\n"
	if got := string(e.Bytes()); got != want {
		t.Fatalf("FaultStruct: %q", got)
	}
}

// TestEncodeRewind writes a response whose value fails halfway through
// nested arrays, rewinds and writes another value.
func TestEncodeRewind(t *testing.T) {
	e := xmlrpc.NewEncoder(nil)
	e.MaxDepth = 3
	e.BeginResponse()
	m := e.Mark()
	err := e.Any([]any{1, []any{2, []any{math.NaN()}}})
	if err == nil {
		t.Fatal("NaN encoded")
	}
	e.Rewind(m)
	// Depth is back to 0: three levels fit again.
	if err := e.Any([]any{[]any{[]any{"ok"}}}); err != nil {
		t.Fatalf("after Rewind: %v", err)
	}
	e.EndResponse()
	want := response("<value><array><data>\n<value><array><data>\n<value><array><data>\n<value><string>ok</string></value>\n</data></array></value>\n</data></array></value>\n</data></array></value>\n")
	if got := string(e.Bytes()); got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	// A fault after a failed value, as the dispatcher does.
	e.Reset(nil)
	start := e.Mark()
	e.BeginResponse()
	if err := e.Any(map[string]any{"a": []any{"\x00"}}); err == nil {
		t.Fatal("NUL encoded")
	}
	e.Rewind(start)
	e.Fault(30, "FAILED")
	if got := string(e.Bytes()); !strings.HasPrefix(got, "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n") || strings.Count(got, "<methodResponse>") != 1 {
		t.Fatalf("%q", got)
	}
	// Four levels exceed MaxDepth 3.
	e.Reset(nil)
	if err := e.Any([]any{[]any{[]any{[]any{}}}}); err == nil {
		t.Fatal("depth 4 with MaxDepth 3")
	}
}

// TestEncodeDefaultMaxDepth checks that 1000 levels are sent and 1001 are
// not.
func TestEncodeDefaultMaxDepth(t *testing.T) {
	nest := func(n int) any {
		var v any = 1
		for range n {
			v = []any{v}
		}
		return v
	}
	if _, err := encodeResponse(nest(1000)); err != nil {
		t.Fatal(err)
	}
	if _, err := encodeResponse(nest(1001)); err == nil {
		t.Fatal("1001 levels encoded")
	}
}

func TestEncoderOfUnsupported(t *testing.T) {
	type withFunc struct {
		F func()
	}
	for _, v := range []any{
		make(chan int), func() {}, complex(1, 2), map[int]string{1: "a"}, withFunc{}, []withFunc{}, map[string]chan int{},
	} {
		_, err := encodeResponse(v)
		var ut *xmlrpc.UnsupportedTypeError
		if !errors.As(err, &ut) {
			t.Errorf("%T: got %v, want an UnsupportedTypeError", v, err)
		}
		if _, err := xmlrpc.EncoderOf(reflect.TypeOf(v)); !errors.As(err, &ut) {
			t.Errorf("EncoderOf(%T): %v", v, err)
		}
	}
	// A func field left out by its tag is fine.
	type skipFunc struct {
		F func() `xmlrpc:"-"`
		A int
	}
	if _, err := encodeResponse(skipFunc{A: 1}); err != nil {
		t.Fatal(err)
	}
	// Encoder.Value of the zero Value is nil.
	e := xmlrpc.NewEncoder(nil)
	if err := e.Value(reflect.Value{}); err != nil || string(e.Bytes()) != "<value><nil/></value>" {
		t.Fatal(string(e.Bytes()), err)
	}
}

// Types for the struct field rules; their json tags equal their xmlrpc
// tags so that encoding/json can be asked what the rules give.
type (
	fA struct {
		X int
		Y int `xmlrpc:"y" json:"y"`
	}
	fB struct {
		X int
		Z int
	}
	fD struct{ X int }
	fE struct{ fD }
	fC struct {
		X int `xmlrpc:"X" json:"X"`
	}
	fP1    struct{ fD }
	fP2    struct{ fD }
	fMyInt int
	fLower struct{ L int }

	conflictDropped struct {
		fA
		fB
	}
	conflictOuterWins struct {
		fA
		fB
		X int
	}
	conflictHidesDeeper struct {
		fA
		fB
		fE
	}
	conflictTaggedWins struct {
		fA
		fC
	}
	conflictSameTypeTwice struct {
		fP1
		fP2
	}
	conflictTaggedPair struct {
		fC
		C2 fC  `xmlrpc:"c2" json:"c2"`
		T  int `xmlrpc:"X" json:"X"`
	}
	embeddedPtr struct {
		*PtrEmb
		N int
	}
	embeddedNonStruct struct {
		fMyInt
		FMyInt2 fMyInt
	}
	embeddedUnexported struct {
		fLower
		N int
	}
	embeddedTagged struct {
		fD `xmlrpc:"d" json:"d"`
	}
	fieldRules struct {
		Plain   int
		Renamed int            `xmlrpc:"renamed" json:"renamed"`
		Dash    int            `xmlrpc:"-" json:"-"`
		DashC   int            `xmlrpc:"-," json:"-,"`
		Empty   string         `xmlrpc:",omitempty" json:",omitempty"`
		OmitI   int            `xmlrpc:"oi,omitempty" json:"oi,omitempty"`
		OmitS   []int          `xmlrpc:"os,omitempty" json:"os,omitempty"`
		OmitM   map[string]int `xmlrpc:"om,omitempty" json:"om,omitempty"`
		OmitP   *int           `xmlrpc:"op,omitempty" json:"op,omitempty"`
		OmitA   any            `xmlrpc:"oa,omitempty" json:"oa,omitempty"`
		OmitB   bool           `xmlrpc:"ob,omitempty" json:"ob,omitempty"`
		OmitF   float64        `xmlrpc:"of,omitempty" json:"of,omitempty"`
		OmitArr [0]int         `xmlrpc:"oarr,omitempty" json:"oarr,omitempty"`
		OmitSt  struct{}       `xmlrpc:"ost,omitempty" json:"ost,omitempty"`
		private int
	}
)

// TestStructFieldRules encodes structs whose member names follow
// encoding/json's rules and compares them with what encoding/json writes.
func TestStructFieldRules(t *testing.T) {
	cases := []any{
		conflictDropped{fA{1, 2}, fB{3, 4}},
		conflictOuterWins{fA{1, 2}, fB{3, 4}, 5},
		conflictHidesDeeper{fA{1, 2}, fB{3, 4}, fE{fD{6}}},
		conflictTaggedWins{fA{1, 2}, fC{7}},
		conflictSameTypeTwice{fP1{fD{1}}, fP2{fD{2}}},
		conflictTaggedPair{fC{1}, fC{2}, 3},
		embeddedPtr{nil, 1},
		embeddedPtr{&PtrEmb{9}, 1},
		embeddedNonStruct{3, 4},
		embeddedUnexported{fLower{5}, 6},
		embeddedTagged{fD{8}},
		fieldRules{Plain: 1, Renamed: 2, Dash: 3, DashC: 4, private: 5},
		fieldRules{Empty: "e", OmitI: 1, OmitS: []int{1}, OmitM: map[string]int{"a": 1}, OmitP: ptr(0), OmitA: 0, OmitB: true, OmitF: 0.5},
	}
	for _, v := range cases {
		t.Run(fmt.Sprintf("%T", v), func(t *testing.T) {
			js, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			var want map[string]any
			if err := json.Unmarshal(js, &want); err != nil {
				t.Fatal(err)
			}
			enc, err := encodeResponse(v)
			if err != nil {
				t.Fatal(err)
			}
			got := decodeResponseValue(t, enc).(map[string]any)
			if !slices.Equal(sortedKeys(got), sortedKeys(want)) {
				t.Fatalf("members %v, encoding/json writes %v (%s)", sortedKeys(got), sortedKeys(want), js)
			}
			for k, w := range want {
				if wf, ok := w.(float64); ok && fmt.Sprint(got[k]) != fmt.Sprint(wf) {
					t.Errorf("member %s = %v, encoding/json writes %v", k, got[k], w)
				}
			}
			// And the same struct decodes back from its encoding.
			p := reflect.New(reflect.TypeOf(v))
			d := xmlrpc.NewDecoder(responseToRequest(enc), xmlrpc.Limits{})
			d.MethodCall()
			d.NextParam()
			if err := d.DecodeValue(p.Elem()); err != nil {
				t.Fatalf("decoding back: %v", err)
			}
		})
	}
}

func sortedKeys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// responseToRequest turns an encoded methodResponse into a methodCall
// with the same parameter, so that a Decoder can read it back.
func responseToRequest(resp string) []byte {
	body := strings.Replace(resp, "<methodResponse>", "<methodCall><methodName>r</methodName>", 1)
	return []byte(strings.Replace(body, "</methodResponse>", "</methodCall>", 1))
}

// decodeResponseValue decodes the one value of an encoded response.
func decodeResponseValue(t *testing.T, resp string) any {
	t.Helper()
	_, vals, err := decodeParams(responseToRequest(resp), xmlrpc.Limits{})
	if err != nil || len(vals) != 1 {
		t.Fatalf("decoding %q: %v %v", resp, vals, err)
	}
	return vals[0]
}

// TestEncodeStructLayout checks exact bytes for a struct with tags,
// omitempty and an embedded struct.
func TestEncodeStructLayout(t *testing.T) {
	v := outer{Name: "n", inner: inner{X: 1, Y: "y"}, Tags: nil, When: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	got, err := encodeResponse(v)
	if err != nil {
		t.Fatal(err)
	}
	want := response("<value><struct>\n" +
		"<member>\n<name>name</name>\n<value><string>n</string></value>\n</member>\n" +
		"<member>\n<name>tags</name>\n<value><array><data>\n</data></array></value>\n</member>\n" +
		"<member>\n<name>When</name>\n<value><dateTime.iso8601>20240101T00:00:00</dateTime.iso8601></value>\n</member>\n" +
		"<member>\n<name>Opt</name>\n<value><nil/></value></member>\n" +
		"<member>\n<name>x</name>\n<value><int>1</int></value>\n</member>\n" +
		"<member>\n<name>Y</name>\n<value><string>y</string></value>\n</member>\n" +
		"</struct></value>\n")
	if got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}

// TestUnexportedEmbeddedPointer checks the one deliberate difference
// from encoding/json: an unexported embedded pointer to a struct is left
// out (it could not be allocated when decoding).
func TestUnexportedEmbeddedPointer(t *testing.T) {
	type hidden struct {
		*fD
		N int
	}
	got, err := encodeResponse(hidden{&fD{1}, 2})
	if err != nil {
		t.Fatal(err)
	}
	if m := decodeResponseValue(t, got).(map[string]any); !slices.Equal(sortedKeys(m), []string{"N"}) {
		t.Fatalf("members %v", sortedKeys(m))
	}
	if _, err := decodeTyped(reflect.TypeFor[hidden](), "<value><struct><member><name>X</name><value><int>1</int></value></member></struct></value>"); errClass(err) != "type" {
		t.Fatalf("decoding X: %v", err)
	}
}
