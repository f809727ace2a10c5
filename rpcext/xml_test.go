package rpcext_test

import (
	"strings"
	"testing"
	"time"
)

// xmlNS is the namespace the XML tests call.
type xmlNS struct{}

func (xmlNS) Echo(v any) any               { return v }
func (xmlNS) Text(s string) string         { return s }
func (xmlNS) Int(i int) int                { return i }
func (xmlNS) Int32(i int32) int32          { return i }
func (xmlNS) Int64(i int64) int64          { return i }
func (xmlNS) Float(f float64) float64      { return f }
func (xmlNS) Time(t time.Time) time.Time   { return t }
func (xmlNS) Kind(v any) string            { return typeName(v) }
func (xmlNS) Struct(s struct{ A int }) int { return s.A }

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case nil:
		return "nil"
	}
	return "other"
}

const (
	billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<methodCall><methodName>x.text</methodName><params><param><value><string>&lol9;</string></value></param></params></methodCall>`
	externalEntity = `<?xml version="1.0"?>
<!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<methodCall><methodName>x.text</methodName><params><param><value><string>&xxe;</string></value></param></params></methodCall>`
	parameterEntity = `<?xml version="1.0"?>
<!DOCTYPE m [<!ENTITY % remote SYSTEM "http://127.0.0.1:1/evil.dtd"> %remote;]>
<methodCall><methodName>x.text</methodName><params><param><value><string>x</string></value></param></params></methodCall>`
	publicDTD = `<?xml version="1.0"?>
<!DOCTYPE methodCall PUBLIC "-//x//DTD x//EN" "http://127.0.0.1:1/x.dtd">
<methodCall><methodName>x.text</methodName><params><param><value><string>x</string></value></param></params></methodCall>`
)

// TestHostileXML: no DTD is accepted and no entity is expanded beyond the
// five predefined and numeric references; invalid UTF-8, control
// characters and illegal references are 400; numbers that do not fit and
// malformed dates are INCORRECT_PARAMETERS (a well-formed value of the
// wrong size for the parameter) or 400 (text that is no number or date
// at all). Nothing hostile reaches a method.
func TestHostileXML(t *testing.T) {
	h, _ := nsHandler(t, "x", xmlNS{})
	in := func(method, value string) string { return call(method, value) }
	tests := []struct {
		name   string
		body   string
		status int
		answer string // in the body; for 200, the value or faultString
	}{
		{"billion laughs", billionLaughs, 400, "DTDs are not allowed"},
		{"external entity", externalEntity, 400, "DTDs are not allowed"},
		{"parameter entity", parameterEntity, 400, "DTDs are not allowed"},
		{"public DTD", publicDTD, 400, "DTDs are not allowed"},
		{"DTD inside a value", in("x.text", "<string><!DOCTYPE x [<!ENTITY a 'b'>]>&a;</string>"), 400, "DTDs are not allowed"},
		{"DTD after the root", call("x.text", "<string>a</string>") + "<!DOCTYPE x>", 400, "DTDs are not allowed"},
		{"entity declaration alone", in("x.text", "<string><!ENTITY a 'b'></string>"), 400, "markup declarations are not allowed"},
		{"undefined entity", in("x.text", "<string>&lol9;</string>"), 400, "undefined entity &lol9;"},
		{"undefined entity in the method name", "<methodCall><methodName>x.&xxe;</methodName></methodCall>", 400, "undefined entity"},
		{"the five predefined entities", in("x.text", "<string>&lt;&gt;&amp;&quot;&apos;</string>"), 200, "<string>&lt;&gt;&amp;\"'</string>"},
		{"numeric references", in("x.text", "<string>&#65;&#x42;&#x1F600;</string>"), 200, "<string>AB\U0001F600</string>"},
		{"reference to NUL", in("x.text", "<string>a&#0;b</string>"), 400, "not a legal XML character"},
		{"reference to a control character", in("x.text", "<string>&#x1b;</string>"), 400, "not a legal XML character"},
		{"reference to a surrogate", in("x.text", "<string>&#xD800;</string>"), 400, "not a legal XML character"},
		{"reference beyond Unicode", in("x.text", "<string>&#x110000;</string>"), 400, "out of range"},
		{"reference with many digits", in("x.text", "<string>&#"+strings.Repeat("0", 10000)+"65;</string>"), 200, "<string>A</string>"},
		{"NUL byte", in("x.text", "<string>a\x00b</string>"), 400, "control character 0x00"},
		{"escape byte", in("x.text", "<string>a\x1bb</string>"), 400, "control character 0x1b"},
		{"control character in the method name", "<methodCall><methodName>x.te\x07xt</methodName></methodCall>", 400, "control character"},
		{"control character in a comment", in("x.text", "<string>a<!-- \x01 -->b</string>"), 400, "control character"},
		{"invalid UTF-8", in("x.text", "<string>a\xffb</string>"), 400, "invalid UTF-8"},
		{"truncated UTF-8", in("x.text", "<string>a\xe2\x82</string>"), 400, "invalid UTF-8"},
		{"overlong UTF-8", in("x.text", "<string>\xc0\xaf</string>"), 400, "invalid UTF-8"},
		{"UTF-8 surrogate", in("x.text", "<string>\xed\xa0\x80</string>"), 400, "invalid UTF-8"},
		{"U+FFFE", in("x.text", "<string>\xef\xbf\xbe</string>"), 400, "not allowed in XML"},
		{"invalid UTF-8 in a tag name", in("x.text", "<str\xffing>a</str\xffing>"), 400, "invalid UTF-8"},
		{"invalid UTF-8 in an attribute", in("x.text", "<string a='\xff'>a</string>"), 400, "invalid UTF-8"},
		{"Latin-1 declared, Latin-1 sent", "<?xml version='1.0' encoding='ISO-8859-1'?>" + call("x.text", "<string>caf\xe9</string>")[len("<?xml version='1.0'?>\n"):], 400, "invalid UTF-8"},
		{"XInclude", in("x.text", `<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>`), 400, ""},

		{"int beyond int64", in("x.int", "<int>99999999999999999999999</int>"), 200, "INCORRECT_PARAMETERS: x.int: parameter 1"},
		{"int beyond int32", in("x.int32", "<int>2147483648</int>"), 200, "INCORRECT_PARAMETERS: x.int32: parameter 1"},
		{"i8 beyond int64", in("x.int64", "<i8>9223372036854775808</i8>"), 200, "INCORRECT_PARAMETERS: x.int64: parameter 1"},
		{"int with 100,000 digits", in("x.int", "<int>"+strings.Repeat("9", 100_000)+"</int>"), 400, "MaxIntDigits limit of 4300"},
		{"int of 4,300 digits", in("x.int", "<int>"+strings.Repeat("9", 4300)+"</int>"), 200, "INCORRECT_PARAMETERS: x.int: parameter 1"},
		{"int that is no number", in("x.int", "<int>12abc</int>"), 400, "invalid integer"},
		{"double overflow", in("x.float", "<double>1e999</double>"), 400, "invalid double"},
		{"double with 100,000 digits", in("x.float", "<double>"+strings.Repeat("9", 100_000)+"</double>"), 400, "invalid double"},
		{"NaN", in("x.float", "<double>nan</double>"), 400, "invalid double"},
		{"month 13", in("x.time", "<dateTime.iso8601>20241302T00:00:00</dateTime.iso8601>"), 400, "invalid dateTime.iso8601"},
		{"February 30", in("x.time", "<dateTime.iso8601>20240230T00:00:00</dateTime.iso8601>"), 400, "invalid dateTime.iso8601"},
		{"hour 25", in("x.time", "<dateTime.iso8601>20240101T25:00:00</dateTime.iso8601>"), 400, "invalid dateTime.iso8601"},
		{"garbage date", in("x.time", "<dateTime.iso8601>yesterday</dateTime.iso8601>"), 400, "invalid dateTime.iso8601"},
		{"empty date", in("x.time", "<dateTime.iso8601></dateTime.iso8601>"), 400, "invalid dateTime.iso8601"},
		{"long date", in("x.time", "<dateTime.iso8601>"+strings.Repeat("2", 100_000)+"</dateTime.iso8601>"), 400, "invalid dateTime.iso8601"},
		{"date into any", in("x.echo", "<dateTime.iso8601>20241302T00:00:00</dateTime.iso8601>"), 400, "invalid dateTime.iso8601"},
		{"string for a date", in("x.time", "<string>20240101T00:00:00</string>"), 200, "INCORRECT_PARAMETERS: x.time: parameter 1"},
		{"unknown struct member", in("x.struct", "<struct><member><name>B</name><value><int>1</int></value></member></struct>"), 200, "INCORRECT_PARAMETERS: x.struct: parameter 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := post(h, tt.body)
			if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.answer) {
				t.Fatalf("status %d %.300q; want %d containing %q", w.Code, w.Body, tt.status, tt.answer)
			}
			if strings.Contains(w.Body.String(), "lollol") || strings.Contains(w.Body.String(), "root:") {
				t.Fatalf("an entity was expanded: %.300q", w.Body)
			}
		})
	}
}

// TestHugeIntegerIntoAny: an integer of many digits sent where any value
// is accepted is refused rather than converted (a conversion whose cost
// grows with the square of the digits).
func TestHugeIntegerIntoAny(t *testing.T) {
	h, _ := nsHandler(t, "x", xmlNS{})
	w := post(h, call("x.kind", "<int>"+strings.Repeat("9", 100_000)+"</int>"))
	if w.Code != 400 && !strings.Contains(w.Body.String(), "INCORRECT_PARAMETERS") {
		t.Fatalf("status %d %.300q", w.Code, w.Body)
	}
}
