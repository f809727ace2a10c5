package xmlrpc_test

import (
	"math"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

func bigInt(s string) *big.Int {
	b, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic(s)
	}
	return b
}

// anyCase is one value decoded with DecodeAny: want is the value, or
// class the error class ("syntax", "limit").
type anyCase struct {
	name  string
	value string
	want  any
	class string
}

func runAnyCases(t *testing.T, cases []anyCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeOne(tc.value, xmlrpc.Limits{})
			class := tc.class
			if class == "" {
				class = "ok"
			}
			wantClass(t, err, class)
			if class == "ok" && !equal(got, tc.want) {
				t.Fatalf("DecodeAny(%q) = %#v (%T), want %#v (%T)", tc.value, got, got, tc.want, tc.want)
			}
		})
	}
}

func TestDecodeAnyInt(t *testing.T) {
	runAnyCases(t, []anyCase{
		{"int", "<value><int>5</int></value>", 5, ""},
		{"i4", "<value><i4>-3</i4></value>", -3, ""},
		{"i8", "<value><i8>123</i8></value>", 123, ""},
		{"ex:i8", "<value><ex:i8>123</ex:i8></value>", 123, ""},
		{"plus sign", "<value><int>+7</int></value>", 7, ""},
		{"leading zeros", "<value><int>007</int></value>", 7, ""},
		{"minus zero", "<value><int>-0</int></value>", 0, ""},
		{"spaces around", "<value><int> 42 </int></value>", 42, ""},
		{"newline and tab around", "<value><int>\n\t42\r\n</int></value>", 42, ""},
		{"int32 max", "<value><int>2147483647</int></value>", 2147483647, ""},
		{"int32 min", "<value><int>-2147483648</int></value>", -2147483648, ""},
		{"int beyond 32 bits", "<value><int>2147483648</int></value>", 2147483648, ""},
		{"i8 beyond 32 bits", "<value><i8>9999999999</i8></value>", 9999999999, ""},
		{"int64 max", "<value><i8>9223372036854775807</i8></value>", math.MaxInt64, ""},
		{"int64 min", "<value><i8>-9223372036854775808</i8></value>", math.MinInt64, ""},
		{"beyond int64", "<value><i8>9223372036854775808</i8></value>", bigInt("9223372036854775808"), ""},
		{"below int64", "<value><i8>-9223372036854775809</i8></value>", bigInt("-9223372036854775809"), ""},
		{"uint64 max", "<value><int>18446744073709551615</int></value>", bigInt("18446744073709551615"), ""},
		{"beyond 64 bits", "<value><int>+000123456789012345678901234567890</int></value>", bigInt("123456789012345678901234567890"), ""},
		{"empty", "<value><int></int></value>", nil, "syntax"},
		{"self-closing", "<value><int/></value>", nil, "syntax"},
		{"only spaces", "<value><int>  </int></value>", nil, "syntax"},
		{"sign only", "<value><int>-</int></value>", nil, "syntax"},
		{"two signs", "<value><int>--1</int></value>", nil, "syntax"},
		{"space after sign", "<value><int>- 5</int></value>", nil, "syntax"},
		{"space inside", "<value><int>1 000</int></value>", nil, "syntax"},
		{"decimal", "<value><int>1.0</int></value>", nil, "syntax"},
		{"exponent", "<value><int>1e3</int></value>", nil, "syntax"},
		{"hex", "<value><int>0x10</int></value>", nil, "syntax"},
		{"underscores", "<value><int>1_000</int></value>", nil, "syntax"},
		{"non-ASCII digit", "<value><int>\u0661</int></value>", nil, "syntax"},
		{"word", "<value><int>five</int></value>", nil, "syntax"},
		{"child element", "<value><int><i4>1</i4></int></value>", nil, "syntax"},
	})
}

func TestDecodeAnyBoolean(t *testing.T) {
	runAnyCases(t, []anyCase{
		{"1", "<value><boolean>1</boolean></value>", true, ""},
		{"0", "<value><boolean>0</boolean></value>", false, ""},
		{"true", "<value><boolean>true</boolean></value>", true, ""},
		{"false", "<value><boolean>false</boolean></value>", false, ""},
		{"spaces", "<value><boolean> 1\n</boolean></value>", true, ""},
		{"2", "<value><boolean>2</boolean></value>", nil, "syntax"},
		{"yes", "<value><boolean>yes</boolean></value>", nil, "syntax"},
		{"True", "<value><boolean>True</boolean></value>", nil, "syntax"},
		{"01", "<value><boolean>01</boolean></value>", nil, "syntax"},
		{"-1", "<value><boolean>-1</boolean></value>", nil, "syntax"},
		{"empty", "<value><boolean></boolean></value>", nil, "syntax"},
		{"self-closing", "<value><boolean/></value>", nil, "syntax"},
	})
}

func TestDecodeAnyString(t *testing.T) {
	runAnyCases(t, []anyCase{
		{"string", "<value><string>hello world</string></value>", "hello world", ""},
		{"untyped", "<value>hello</value>", "hello", ""},
		{"empty string", "<value><string></string></value>", "", ""},
		{"self-closing string", "<value><string/></value>", "", ""},
		{"empty untyped", "<value></value>", "", ""},
		{"self-closing value", "<value/>", "", ""},
		{"whitespace kept in string", "<value><string>  a \t b\n </string></value>", "  a \t b\n ", ""},
		{"whitespace-only untyped kept", "<value>   </value>", "   ", ""},
		{"whitespace-only string kept", "<value><string> \n </string></value>", " \n ", ""},
		{"untyped leading spaces kept", "<value>  x  </value>", "  x  ", ""},
		{"spaces around a typed string are layout", "<value>\n  <string>x</string>\n</value>", "x", ""},
		{"unicode", "<value><string>h\u00e9llo \u4e16\u754c \U0001F600</string></value>", "h\u00e9llo \u4e16\u754c \U0001F600", ""},
		{"DEL is a legal XML character", "<value><string>a\x7fb</string></value>", "a\x7fb", ""},
		{"bare string in param", "<string>bare</string>", "bare", ""},
		{"text after the type element", "<value><string>x</string>junk</value>", nil, "syntax"},
		{"text before the type element", "<value>junk<string>x</string></value>", nil, "syntax"},
		{"two type elements", "<value><string>x</string><string>y</string></value>", nil, "syntax"},
		{"element inside string", "<value><string>a<b/>c</string></value>", nil, "syntax"},
	})
}

func TestDecodeAnyDouble(t *testing.T) {
	runAnyCases(t, []anyCase{
		{"plain", "<value><double>1.5</double></value>", 1.5, ""},
		{"negative", "<value><double>-0.25</double></value>", -0.25, ""},
		{"plus", "<value><double>+2</double></value>", 2.0, ""},
		{"integral", "<value><double>3</double></value>", 3.0, ""},
		{"leading dot", "<value><double>.5</double></value>", 0.5, ""},
		{"trailing dot", "<value><double>5.</double></value>", 5.0, ""},
		{"exponent", "<value><double>1e3</double></value>", 1000.0, ""},
		{"exponent upper", "<value><double>1E-3</double></value>", 0.001, ""},
		{"exponent signed", "<value><double>-1.5e+10</double></value>", -1.5e10, ""},
		{"spaces", "<value><double> 2.5\n</double></value>", 2.5, ""},
		{"minus zero", "<value><double>-0.0</double></value>", math.Copysign(0, -1), ""},
		{"underflow is zero", "<value><double>1e-400</double></value>", 0.0, ""},
		{"max", "<value><double>1.7976931348623157e308</double></value>", math.MaxFloat64, ""},
		{"smallest denormal", "<value><double>5e-324</double></value>", 5e-324, ""},
		{"nan", "<value><double>nan</double></value>", nil, "syntax"},
		{"NaN", "<value><double>NaN</double></value>", nil, "syntax"},
		{"inf", "<value><double>inf</double></value>", nil, "syntax"},
		{"-inf", "<value><double>-inf</double></value>", nil, "syntax"},
		{"Infinity", "<value><double>Infinity</double></value>", nil, "syntax"},
		{"overflow 1e400", "<value><double>1e400</double></value>", nil, "syntax"},
		{"overflow -1e400", "<value><double>-1e400</double></value>", nil, "syntax"},
		{"hex float", "<value><double>0x1p3</double></value>", nil, "syntax"},
		{"underscores", "<value><double>1_000.5</double></value>", nil, "syntax"},
		{"empty", "<value><double></double></value>", nil, "syntax"},
		{"self-closing", "<value><double/></value>", nil, "syntax"},
		{"dot only", "<value><double>.</double></value>", nil, "syntax"},
		{"exponent only", "<value><double>e5</double></value>", nil, "syntax"},
		{"exponent without digits", "<value><double>1e</double></value>", nil, "syntax"},
		{"two dots", "<value><double>1.2.3</double></value>", nil, "syntax"},
		{"comma", "<value><double>1,5</double></value>", nil, "syntax"},
		{"space inside", "<value><double>1 .5</double></value>", nil, "syntax"},
	})
}

func TestDecodeAnyDateTime(t *testing.T) {
	runAnyCases(t, []anyCase{
		{"exact", "<value><dateTime.iso8601>20240229T13:04:05</dateTime.iso8601></value>",
			time.Date(2024, 2, 29, 13, 4, 5, 0, time.UTC), ""},
		{"spaces trimmed", "<value><dateTime.iso8601> 19980717T14:08:55\n</dateTime.iso8601></value>",
			time.Date(1998, 7, 17, 14, 8, 55, 0, time.UTC), ""},
		{"year 1", "<value><dateTime.iso8601>00010101T00:00:00</dateTime.iso8601></value>",
			time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), ""},
		{"year 9999", "<value><dateTime.iso8601>99991231T23:59:59</dateTime.iso8601></value>",
			time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), ""},
		{"dashes", "<value><dateTime.iso8601>2024-02-29T13:04:05</dateTime.iso8601></value>", nil, "syntax"},
		{"trailing Z", "<value><dateTime.iso8601>20240229T13:04:05Z</dateTime.iso8601></value>", nil, "syntax"},
		{"zone offset", "<value><dateTime.iso8601>20240229T13:04:05+01:00</dateTime.iso8601></value>", nil, "syntax"},
		{"fraction", "<value><dateTime.iso8601>20240229T13:04:05.5</dateTime.iso8601></value>", nil, "syntax"},
		{"Feb 30", "<value><dateTime.iso8601>20240230T00:00:00</dateTime.iso8601></value>", nil, "syntax"},
		{"Feb 29 of a common year", "<value><dateTime.iso8601>20230229T00:00:00</dateTime.iso8601></value>", nil, "syntax"},
		{"Apr 31", "<value><dateTime.iso8601>20240431T00:00:00</dateTime.iso8601></value>", nil, "syntax"},
		{"year 0", "<value><dateTime.iso8601>00000101T00:00:00</dateTime.iso8601></value>", nil, "syntax"},
		{"month 0", "<value><dateTime.iso8601>20240001T00:00:00</dateTime.iso8601></value>", nil, "syntax"},
		{"month 13", "<value><dateTime.iso8601>20241301T00:00:00</dateTime.iso8601></value>", nil, "syntax"},
		{"day 0", "<value><dateTime.iso8601>20240100T00:00:00</dateTime.iso8601></value>", nil, "syntax"},
		{"hour 24", "<value><dateTime.iso8601>20240101T24:00:00</dateTime.iso8601></value>", nil, "syntax"},
		{"minute 60", "<value><dateTime.iso8601>20240101T00:60:00</dateTime.iso8601></value>", nil, "syntax"},
		{"second 60", "<value><dateTime.iso8601>20240101T00:00:60</dateTime.iso8601></value>", nil, "syntax"},
		{"space for T", "<value><dateTime.iso8601>20240101 00:00:00</dateTime.iso8601></value>", nil, "syntax"},
		{"lower t", "<value><dateTime.iso8601>20240101t00:00:00</dateTime.iso8601></value>", nil, "syntax"},
		{"short", "<value><dateTime.iso8601>2024011T00:00:00</dateTime.iso8601></value>", nil, "syntax"},
		{"signed year", "<value><dateTime.iso8601>+2024101T00:00:00</dateTime.iso8601></value>", nil, "syntax"},
		{"empty", "<value><dateTime.iso8601></dateTime.iso8601></value>", nil, "syntax"},
		{"self-closing", "<value><dateTime.iso8601/></value>", nil, "syntax"},
	})
}

func TestDecodeAnyBase64(t *testing.T) {
	runAnyCases(t, []anyCase{
		{"plain", "<value><base64>aGVsbG8=</base64></value>", []byte("hello"), ""},
		{"binary", "<value><base64>AP/+</base64></value>", []byte{0, 0xff, 0xfe}, ""},
		{"newlines", "<value><base64>\naGVs\nbG8=\n</base64></value>", []byte("hello"), ""},
		{"CRLF", "<value><base64>aGVs\r\nbG8=\r\n</base64></value>", []byte("hello"), ""},
		{"spaces and tabs", "<value><base64>  aGVs bG8=\t</base64></value>", []byte("hello"), ""},
		{"entity newline", "<value><base64>aGVs&#10;bG8=</base64></value>", []byte("hello"), ""},
		{"python layout", "<value><base64>\naGVsbG8=\n</base64></value>", []byte("hello"), ""},
		{"empty", "<value><base64></base64></value>", []byte{}, ""},
		{"self-closing", "<value><base64/></value>", []byte{}, ""},
		{"whitespace only", "<value><base64> \n </base64></value>", []byte{}, ""},
		{"missing padding", "<value><base64>aGVsbG8</base64></value>", nil, "syntax"},
		{"too much padding", "<value><base64>aGVsbG8==</base64></value>", nil, "syntax"},
		{"one char", "<value><base64>a</base64></value>", nil, "syntax"},
		{"data after padding", "<value><base64>aGVsbG8=aGVs</base64></value>", nil, "syntax"},
		{"bad char", "<value><base64>aGVs*bG8=</base64></value>", nil, "syntax"},
		{"url alphabet", "<value><base64>AP_-</base64></value>", nil, "syntax"},
		{"control char", "<value><base64>aGVs\x01bG8=</base64></value>", nil, "syntax"},
		{"invalid UTF-8", "<value><base64>aGVs\xffbG8=</base64></value>", nil, "syntax"},
	})
}

func TestDecodeAnyArray(t *testing.T) {
	runAnyCases(t, []anyCase{
		{"two", "<value><array><data><value><int>1</int></value><value>x</value></data></array></value>", []any{1, "x"}, ""},
		{"empty data", "<value><array><data></data></array></value>", []any{}, ""},
		{"self-closing data", "<value><array><data/></array></value>", []any{}, ""},
		{"pretty", "<value>\n <array>\n  <data>\n   <value><int>1</int></value>\n  </data>\n </array>\n</value>", []any{1}, ""},
		{"nested", "<value><array><data><value><array><data><value><boolean>1</boolean></value></data></array></value><value><array><data/></array></value></data></array></value>",
			[]any{[]any{true}, []any{}}, ""},
		{"bare elements", "<value><array><data><int>1</int><string>s</string></data></array></value>", []any{1, "s"}, ""},
		{"with struct", "<value><array><data><value><struct><member><name>a</name><value><int>1</int></value></member></struct></value></data></array></value>",
			[]any{map[string]any{"a": 1}}, ""},
		{"self-closing array", "<value><array/></value>", nil, "syntax"},
		{"no data", "<value><array></array></value>", nil, "syntax"},
		{"text in data", "<value><array><data>x</data></array></value>", nil, "syntax"},
		{"text in array", "<value><array>x<data/></array></value>", nil, "syntax"},
		{"other element for data", "<value><array><value>1</value></array></value>", nil, "syntax"},
		{"two data", "<value><array><data/><data/></array></value>", nil, "syntax"},
		{"unclosed", "<value><array><data><value>1</value></array></value>", nil, "syntax"},
	})
}

func TestDecodeAnyStruct(t *testing.T) {
	member := func(name, value string) string {
		return "<member><name>" + name + "</name>" + value + "</member>"
	}
	runAnyCases(t, []anyCase{
		{"two members", "<value><struct>" + member("a", "<value><int>1</int></value>") + member("b", "<value>x</value>") + "</struct></value>",
			map[string]any{"a": 1, "b": "x"}, ""},
		{"empty", "<value><struct></struct></value>", map[string]any{}, ""},
		{"self-closing", "<value><struct/></value>", map[string]any{}, ""},
		{"duplicate keys: the last wins", "<value><struct>" + member("k", "<value><int>1</int></value>") + member("k", "<value><int>2</int></value>") + "</struct></value>",
			map[string]any{"k": 2}, ""},
		{"empty name", "<value><struct>" + member("", "<value>e</value>") + "</struct></value>", map[string]any{"": "e"}, ""},
		{"self-closing name", "<value><struct><member><name/><value>e</value></member></struct></value>", map[string]any{"": "e"}, ""},
		{"name with entities", "<value><struct>" + member("a&amp;b&#32;c", "<value>1</value>") + "</struct></value>", map[string]any{"a&b c": "1"}, ""},
		{"name kept with spaces", "<value><struct>" + member(" a ", "<value>1</value>") + "</struct></value>", map[string]any{" a ": "1"}, ""},
		{"name with entity then value with entity", "<value><struct>" + member("&lt;k&gt;", "<value>&lt;v&gt;</value>") + "</struct></value>",
			map[string]any{"<k>": "<v>"}, ""},
		{"bare member value", "<value><struct>" + member("a", "<int>1</int>") + "</struct></value>", map[string]any{"a": 1}, ""},
		{"nested", "<value><struct>" + member("s", "<value><struct>"+member("t", "<value><array><data/></array></value>")+"</struct></value>") + "</struct></value>",
			map[string]any{"s": map[string]any{"t": []any{}}}, ""},
		{"member without value", "<value><struct><member><name>a</name></member></struct></value>", nil, "syntax"},
		{"member without name", "<value><struct><member><value>1</value></member></struct></value>", nil, "syntax"},
		{"self-closing member", "<value><struct><member/></struct></value>", nil, "syntax"},
		{"value before name", "<value><struct><member><value>1</value><name>a</name></member></struct></value>", nil, "syntax"},
		{"two values", "<value><struct><member><name>a</name><value>1</value><value>2</value></member></struct></value>", nil, "syntax"},
		{"element in name", "<value><struct><member><name><b/></name><value>1</value></member></struct></value>", nil, "syntax"},
		{"text in struct", "<value><struct>x</struct></value>", nil, "syntax"},
		{"other element", "<value><struct><value>1</value></struct></value>", nil, "syntax"},
	})
}

func TestDecodeAnyNil(t *testing.T) {
	runAnyCases(t, []anyCase{
		{"nil", "<value><nil/></value>", nil, ""},
		{"nil open and close", "<value><nil></nil></value>", nil, ""},
		{"nil with space", "<value><nil> </nil></value>", nil, ""},
		{"ex:nil undeclared", "<value><ex:nil/></value>", nil, ""},
		{"ex:nil declared", `<value><ex:nil xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions"/></value>`, nil, ""},
		{"any prefix", "<value><a:b:nil/></value>", nil, ""},
		{"nil with content", "<value><nil>x</nil></value>", nil, "syntax"},
		{"empty prefix", "<value><:nil/></value>", nil, "syntax"},
	})
}

func TestDecodeAnyUnknownType(t *testing.T) {
	runAnyCases(t, []anyCase{
		{"unknown tag", "<value><foo>1</foo></value>", nil, "syntax"},
		{"prefixed int is not an extension", "<value><ex:int>1</ex:int></value>", nil, "syntax"},
		{"case matters", "<value><Int>1</Int></value>", nil, "syntax"},
		{"dateTime without suffix", "<value><dateTime>20240101T00:00:00</dateTime></value>", nil, "syntax"},
		{"bare unknown tag in param", "<foo>1</foo>", nil, "syntax"},
		{"value in value", "<value><value>1</value></value>", nil, "syntax"},
		{"valueX is not value", "<valueX>1</valueX>", nil, "syntax"},
	})
}

// TestDecodeAnyLongText checks text long enough to leave the fast path
// and the scratch buffer several times over.
func TestDecodeAnyLongText(t *testing.T) {
	long := strings.Repeat("abc&amp;\r\n", 10000)
	want := strings.Repeat("abc&\n", 10000)
	got, err := decodeOne("<value><string>"+long+"</string></value>", xmlrpc.Limits{})
	wantClass(t, err, "ok")
	if got != want {
		t.Fatalf("long text decoded wrongly (len %d, want %d)", len(got.(string)), len(want))
	}
}
