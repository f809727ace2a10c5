package xmlrpc_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// TestXMLText checks the XML layer through a string value's text:
// references, CDATA, comments, processing instructions, line ends and the
// characters XML forbids.
func TestXMLText(t *testing.T) {
	cases := []struct {
		name, text string
		want       string // "" with class "syntax" for an error
		class      string
	}{
		{"predefined entities", "&lt;&gt;&amp;&quot;&apos;", `<>&"'`, ""},
		{"decimal reference", "&#65;&#233;", "A\u00e9", ""},
		{"hex reference", "&#x41;&#xe9;&#xE9;", "A\u00e9\u00e9", ""},
		{"astral reference", "&#x1F600;&#128512;", "\U0001F600\U0001F600", ""},
		{"max reference", "&#x10FFFF;", "\U0010FFFF", ""},
		{"leading zeros in reference", "&#0000000065;&#x00000000041;", "AA", ""},
		{"tab newline CR by reference", "&#9;&#10;&#13;", "\t\n\r", ""},
		{"reference to NUL", "&#0;", "", "syntax"},
		{"reference to a control char", "&#1;", "", "syntax"},
		{"reference to a surrogate", "&#xD800;", "", "syntax"},
		{"reference to FFFE", "&#xFFFE;", "", "syntax"},
		{"reference to FFFF", "&#65535;", "", "syntax"},
		{"reference beyond Unicode", "&#x110000;", "", "syntax"},
		{"huge reference", "&#99999999999999999999;", "", "syntax"},
		{"empty decimal reference", "&#;", "", "syntax"},
		{"empty hex reference", "&#x;", "", "syntax"},
		{"upper X", "&#X41;", "", "syntax"},
		{"hex digit in decimal", "&#1a;", "", "syntax"},
		{"undefined entity", "&nbsp;", "", "syntax"},
		{"entity case", "&LT;", "", "syntax"},
		{"unterminated entity", "&amp x", "", "syntax"},
		{"bare ampersand", "a & b", "", "syntax"},
		{"ampersand at the end", "a &", "", "syntax"},
		{"CDATA", "<![CDATA[<a & b>]]>", "<a & b>", ""},
		{"CDATA between text", "x<![CDATA[]]>y<![CDATA[z]]>", "xyz", ""},
		{"CDATA with brackets", "<![CDATA[a]]b]>c]]>", "a]]b]>c", ""},
		{"CDATA CRLF", "<![CDATA[a\r\nb\rc]]>", "a\nb\nc", ""},
		{"CDATA keeps entities raw", "<![CDATA[&amp;]]>", "&amp;", ""},
		{"CDATA unterminated", "<![CDATA[abc", "", "syntax"},
		{"CDATA control char", "<![CDATA[a\x01]]>", "", "syntax"},
		{"CDATA invalid UTF-8", "<![CDATA[a\xc3]]>", "", "syntax"},
		{"comment in text", "a<!-- c -->b", "ab", ""},
		{"comment only", "<!-- c -->", "", ""},
		{"empty comment", "a<!---->b", "ab", ""},
		{"comment with single dashes", "a<!-- - x - -->b", "ab", ""},
		{"comment with --", "a<!-- -- -->b", "", "syntax"},
		{"comment ending ---", "a<!-- x --->b", "", "syntax"},
		{"unterminated comment", "a<!-- x", "", "syntax"},
		{"comment with control char", "a<!-- \x02 -->b", "", "syntax"},
		{"comment with invalid UTF-8", "a<!-- \xff -->b", "", "syntax"},
		{"processing instruction", "a<?pi some data?>b", "ab", ""},
		{"PI without target", "a<? x?>b", "", "syntax"},
		{"xml PI inside", "a<?xml version='1.0'?>b", "", "syntax"},
		{"XML PI inside", "a<?XmL x?>b", "", "syntax"},
		{"unterminated PI", "a<?pi x", "", "syntax"},
		{"CRLF", "a\r\nb", "a\nb", ""},
		{"CR", "a\rb", "a\nb", ""},
		{"CR CRLF", "a\r\r\nb", "a\n\nb", ""},
		{"CR at the end", "a\r", "a\n", ""},
		{"CR with entity", "&amp;\r\n", "&\n", ""},
		{"LF kept", "a\n\nb", "a\n\nb", ""},
		{"]] is text", "a]]b]", "a]]b]", ""},
		{"]]> in text", "a]]>b", "", "syntax"},
		{"]]> after entity", "&amp;]]>", "", "syntax"},
		{"raw NUL", "a\x00b", "", "syntax"},
		{"raw control 0x01", "a\x01b", "", "syntax"},
		{"raw vertical tab", "a\x0bb", "", "syntax"},
		{"raw form feed", "a\x0cb", "", "syntax"},
		{"raw 0x1f", "a\x1fb", "", "syntax"},
		{"raw control after entity", "&amp;\x01", "", "syntax"},
		{"raw FFFE", "a\uFFFEb", "", "syntax"},
		{"raw FFFF", "a\uFFFFb", "", "syntax"},
		{"raw FFFD is fine", "a\uFFFDb", "a\uFFFDb", ""},
		{"invalid UTF-8", "a\xffb", "", "syntax"},
		{"truncated UTF-8", "a\xc3", "", "syntax"},
		{"overlong UTF-8", "a\xc0\xafb", "", "syntax"},
		{"UTF-8 surrogate", "a\xed\xa0\x80b", "", "syntax"},
		{"invalid UTF-8 after entity", "&amp;\xff", "", "syntax"},
		{"DOCTYPE in text", "a<!DOCTYPE x>", "", "syntax"},
		{"other declaration in text", "a<!ELEMENT x>", "", "syntax"},
		{"lone <", "a < b", "", "syntax"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, form := range []string{"<value><string>%s</string></value>", "<value>%s</value>"} {
				value := strings.Replace(form, "%s", tc.text, 1)
				got, err := decodeOne(value, xmlrpc.Limits{})
				class := tc.class
				if class == "" {
					class = "ok"
				}
				wantClass(t, err, class)
				if class == "ok" && got != tc.want {
					t.Fatalf("%q decoded as %q, want %q", value, got, tc.want)
				}
			}
		})
	}
}

// TestXMLDocument checks the prolog, the epilog, markup between elements
// and attributes on whole request bodies.
func TestXMLDocument(t *testing.T) {
	const call = "<methodCall><methodName>m</methodName><params><param><value><int>1</int></value></param></params></methodCall>"
	cases := []struct {
		name, body string
		class      string
	}{
		{"bare", call, "ok"},
		{"declaration", "<?xml version='1.0'?>" + call, "ok"},
		{"declaration double quotes and newline", "<?xml version=\"1.0\"?>\n" + call + "\n", "ok"},
		{"declaration UTF-8", `<?xml version="1.0" encoding="UTF-8"?>` + call, "ok"},
		{"declaration utf-8 lower", `<?xml version="1.0" encoding="utf-8"?>` + call, "ok"},
		{"declaration Latin-1 with an ASCII body", `<?xml version="1.0" encoding="ISO-8859-1"?>` + call, "ok"},
		{"declaration standalone", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + call, "ok"},
		{"declaration Latin-1 with a Latin-1 body", `<?xml version="1.0" encoding="ISO-8859-1"?>` +
			"<methodCall><methodName>m</methodName><params><param><value>caf\xe9</value></param></params></methodCall>", "syntax"},
		{"BOM", "\xEF\xBB\xBF" + call, "ok"},
		{"BOM and declaration", "\xEF\xBB\xBF<?xml version='1.0'?>\n" + call, "ok"},
		{"declaration after whitespace", " <?xml version='1.0'?>" + call, "syntax"},
		{"declaration after a comment", "<!-- c --><?xml version='1.0'?>" + call, "syntax"},
		{"two BOMs", "\xEF\xBB\xBF\xEF\xBB\xBF" + call, "syntax"},
		{"unterminated declaration", "<?xml version='1.0'" + call[:0], "syntax"},
		{"declaration with a control char", "<?xml version='1.0\x01'?>" + call, "syntax"},
		{"leading whitespace", "\n\t " + call, "ok"},
		{"comments and PIs around", "<!-- a --><?pi x?>\n" + call + "\n<!-- b -->\n<?pi y?>\n", "ok"},
		{"comments between every element", "<methodCall><!--1--><methodName>m</methodName><!--2--><params><!--3--><param><!--4--><value><!--5--><int>1</int><!--6--></value><!--7--></param><!--8--></params><!--9--></methodCall>", "ok"},
		{"comments inside arrays and structs", "<methodCall><methodName>m</methodName><params><param><value><array><!--a--><data><!--b--><value><struct><!--c--><member><!--d--><name>k</name><!--e--><value>v</value><!--f--></member><!--g--></struct></value><!--h--></data><!--i--></array></value></param></params></methodCall>", "ok"},
		{"DOCTYPE", "<!DOCTYPE methodCall>" + call, "syntax"},
		{"DOCTYPE after declaration", "<?xml version='1.0'?>\n<!DOCTYPE methodCall [<!ELEMENT methodCall ANY>]>" + call, "syntax"},
		{"billion laughs", `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<methodCall><methodName>m</methodName><params><param><value>&lol3;</value></param></params></methodCall>`, "syntax"},
		{"entity use without DTD", "<methodCall><methodName>m</methodName><params><param><value>&lol;</value></param></params></methodCall>", "syntax"},
		{"declaration between elements", "<methodCall><!ELEMENT x ANY><methodName>m</methodName></methodCall>", "syntax"},
		{"CDATA between elements", "<methodCall><![CDATA[x]]><methodName>m</methodName></methodCall>", "syntax"},
		{"trailing whitespace", call + "\n\n \t", "ok"},
		{"trailing comment", call + "<!-- end -->", "ok"},
		{"trailing PI", call + "<?pi end?>", "ok"},
		{"trailing garbage", call + "x", "syntax"},
		{"trailing element", call + "<x/>", "syntax"},
		{"second root", call + call, "syntax"},
		{"trailing unterminated comment", call + "<!-- end", "syntax"},
		{"trailing <", call + "<", "syntax"},
		{"trailing NUL", call + "\x00", "syntax"},
		{"attributes ignored", `<methodCall xmlns="urn:x" a='1'><methodName b="2">m</methodName><params c="3"><param d="4"><value e="5"><int f="6">1</int></value></param></params></methodCall>`, "ok"},
		{"attribute with spaces around =", `<methodCall a = "1" ><methodName>m</methodName><params><param><value><int>1</int></value></param></params></methodCall>`, "ok"},
		{"attribute with references", `<methodCall a="&lt;&#65;&amp;"><methodName>m</methodName></methodCall>`, "ok"},
		{"attribute value with >", `<methodCall a="x>y"><methodName>m</methodName></methodCall>`, "ok"},
		{"attribute value with ]]>", `<methodCall a="]]>"><methodName>m</methodName></methodCall>`, "ok"},
		{"end tag with space", "<methodCall><methodName>m</methodName ></methodCall\n>", "ok"},
		{"self-closing with space", "<methodCall><methodName>m</methodName><params /></methodCall>", "ok"},
		{"attribute without value", `<methodCall a><methodName>m</methodName></methodCall>`, "syntax"},
		{"attribute unquoted", `<methodCall a=1><methodName>m</methodName></methodCall>`, "syntax"},
		{"attribute unterminated", `<methodCall a="1><methodName>m</methodName></methodCall>`, "syntax"},
		{"attribute with <", `<methodCall a="<"><methodName>m</methodName></methodCall>`, "syntax"},
		{"attribute with undefined entity", `<methodCall a="&nbsp;"><methodName>m</methodName></methodCall>`, "syntax"},
		{"attribute with bare &", `<methodCall a="a & b"><methodName>m</methodName></methodCall>`, "syntax"},
		{"attribute with control char", "<methodCall a=\"\x01\"><methodName>m</methodName></methodCall>", "syntax"},
		{"attribute with invalid UTF-8", "<methodCall a=\"\xff\"><methodName>m</methodName></methodCall>", "syntax"},
		{"attributes not separated", `<methodCall a="1"b="2"><methodName>m</methodName></methodCall>`, "syntax"},
		{"attribute name missing", `<methodCall ="1"><methodName>m</methodName></methodCall>`, "syntax"},
		{"attribute name with digit first", `<methodCall 1a="1"><methodName>m</methodName></methodCall>`, "syntax"},
		{"duplicate attribute", `<methodCall a="1" a="2"><methodName>m</methodName></methodCall>`, "syntax"},
		{"duplicate attribute on a value", `<methodCall><methodName>m</methodName><params><param><value x="1" y="2" x="3"><int>1</int></value></param></params></methodCall>`, "syntax"},
		{"tag name starting with a digit", "<methodCall><1a/></methodCall>", "syntax"},
		{"space before tag name", "< methodCall><methodName>m</methodName></methodCall>", "syntax"},
		{"mismatched end tag", "<methodCall><methodName>m</methodname></methodCall>", "syntax"},
		{"mismatched value end tag", "<methodCall><methodName>m</methodName><params><param><value><int>1</i4></value></param></params></methodCall>", "syntax"},
		{"end tag prefix", "<methodCall><methodName>m</methodNam></methodCall>", "syntax"},
		{"end tag longer", "<methodCall><methodName>m</methodNameX></methodCall>", "syntax"},
		{"unclosed root", "<methodCall><methodName>m</methodName>", "syntax"},
		{"unterminated start tag", "<methodCall", "syntax"},
		{"slash not closing", "<methodCall/ ><methodName>m</methodName></methodCall>", "syntax"},
		{"not XML", "hello", "syntax"},
		{"JSON", `{"method": "m"}`, "syntax"},
		{"empty", "", "syntax"},
		{"whitespace only", " \n ", "syntax"},
		{"comment only", "<!-- x -->", "syntax"},
		{"BOM only", "\xEF\xBB\xBF", "syntax"},
		{"invalid UTF-8 in element name prefix", "<methodCall><methodName>m</methodName><params><param><value><e\xff:nil/></value></param></params></methodCall>", "syntax"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := decodeParams([]byte(tc.body), xmlrpc.Limits{})
			wantClass(t, err, tc.class)
		})
	}
}

// TestTruncatedRequests cuts a well-formed request at every byte: every
// strict prefix is a SyntaxError, never a success or a panic.
func TestTruncatedRequests(t *testing.T) {
	body := testkit.MethodCall("echo.echo",
		"<value><struct><member><name>a&amp;b</name><value><array><data><value><i8>99999999999</i8></value><value><![CDATA[x]]></value></data></array></value></member></struct></value>",
		"<value><base64>aGVsbG8=</base64></value><!-- c -->",
		"<value><dateTime.iso8601>20240101T00:00:00</dateTime.iso8601></value>",
		"<value><nil/></value>")
	if _, _, err := decodeParams(body, xmlrpc.Limits{}); err != nil {
		t.Fatalf("the whole request: %v", err)
	}
	// The document is complete once </methodCall> is read; what follows
	// it is only the optional trailing newline.
	end := strings.LastIndex(string(body), "</methodCall>") + len("</methodCall>")
	for n := range end {
		_, _, err := decodeParams(body[:n], xmlrpc.Limits{})
		if errClass(err) != "syntax" {
			t.Fatalf("prefix of %d bytes %q: error class %s (%v), want syntax", n, body[:n], errClass(err), err)
		}
	}
}

// TestSyntaxErrorPosition checks Offset, Line and Column.
func TestSyntaxErrorPosition(t *testing.T) {
	body := "<methodCall>\n<methodName>m</methodName>\n<params><param><value><int>x1</int></value></param></params>\n</methodCall>"
	_, _, err := decodeParams([]byte(body), xmlrpc.Limits{})
	var se *xmlrpc.SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want a *SyntaxError", err)
	}
	wantOff := strings.Index(body, "<value><int>x1")
	if se.Offset != wantOff || se.Line != 3 || se.Column != wantOff-strings.LastIndex(body[:wantOff], "\n") {
		t.Fatalf("SyntaxError at offset %d line %d column %d, want offset %d line 3 column %d",
			se.Offset, se.Line, se.Column, wantOff, wantOff-strings.LastIndex(body[:wantOff], "\n"))
	}
	if msg := se.Error(); !strings.Contains(msg, "line 3, column 16") || !strings.Contains(msg, `invalid integer "x1"`) {
		t.Fatalf("Error() = %q", msg)
	}
	// The first line has column = offset + 1.
	_, _, err = decodeParams([]byte("<methodCall><x/></methodCall>"), xmlrpc.Limits{})
	if !errors.As(err, &se) || se.Line != 1 || se.Column != se.Offset+1 || se.Offset != 12 {
		t.Fatalf("got %+v", err)
	}
}

// TestErrorMessagesClipped checks that text quoted in an error message is
// shortened.
func TestErrorMessagesClipped(t *testing.T) {
	_, err := decodeOne("<value><int>"+strings.Repeat("9", 1000)+"x</int></value>", xmlrpc.Limits{})
	wantClass(t, err, "syntax")
	if len(err.Error()) > 200 {
		t.Fatalf("error message of %d bytes: %.100s...", len(err.Error()), err)
	}
}
