package xmlrpc_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// TestPathologicalInputs decodes large adversarial bodies: each must be
// decoded (or refused) in time linear in its size. The test asserts no
// time; a quadratic scanner would make it run for minutes.
func TestPathologicalInputs(t *testing.T) {
	const n = 200_000
	attrs := func(n int, dup bool) string {
		var b strings.Builder
		b.WriteString("<value")
		for i := range n {
			fmt.Fprintf(&b, " a%d=''", i)
		}
		if dup {
			b.WriteString(" a3=''")
		}
		b.WriteString("><int>1</int></value>")
		return b.String()
	}
	cases := []struct {
		name, value, class string
	}{
		{"many attributes", attrs(n, false), "ok"},
		{"few attributes", attrs(20, false), "ok"},
		{"duplicate among many attributes", attrs(n, true), "syntax"},
		{"duplicate among few attributes", attrs(9, true), "syntax"},
		{"many references", "<value>" + strings.Repeat("&amp;&#x41;&lt;", n) + "</value>", "ok"},
		{"many comments", "<value>" + strings.Repeat("a<!---->", n) + "</value>", "ok"},
		{"many CDATA sections", "<value>" + strings.Repeat("<![CDATA[x]]>", n) + "</value>", "ok"},
		{"many PIs", "<value>" + strings.Repeat("<?p?>", n) + "</value>", "ok"},
		{"many CRs", "<value>" + strings.Repeat("\r", n) + "</value>", "ok"},
		{"many brackets", "<value>" + strings.Repeat("]]", n) + "</value>", "ok"},
		{"long reference name", "<value>&" + strings.Repeat("a", n) + ";</value>", "syntax"},
		{"long unterminated reference", "<value>&#" + strings.Repeat("1", n) + "</value>", "syntax"},
		{"many ampersands", "<value>" + strings.Repeat("&a", n) + "</value>", "syntax"},
		{"long element name", "<" + strings.Repeat("v", n) + "/>", "syntax"},
		{"long multi-byte element name", "<" + strings.Repeat("\u00e9", n) + "/>", "syntax"},
		{"long attribute value", "<value a='" + strings.Repeat("x", n) + "'>1</value>", "ok"},
		{"many members", "<value><struct>" + strings.Repeat("<member><name>k</name><value>v</value></member>", n/10) + "</struct></value>", "ok"},
		{"many empty arrays", "<value><array><data>" + strings.Repeat("<value><array><data/></array></value>", n/10) + "</data></array></value>", "ok"},
		{"deep nesting", strings.Repeat("<value><array><data>", n), "limit"},
		{"deep unclosed values", strings.Repeat("<value>", n), "syntax"},
		{"long base64 with spaces", "<value><base64>" + strings.Repeat("QUJD ", n) + "</base64></value>", "ok"},
		{"long integer", "<value><int>" + strings.Repeat("9", n) + "</int></value>", "limit"},
		{"long integer of zeros", "<value><int>" + strings.Repeat("0", n) + "</int></value>", "ok"},
		{"long double", "<value><double>" + strings.Repeat("9", 400) + "." + strings.Repeat("9", n) + "</double></value>", "syntax"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeOne(tc.value, xmlrpc.Limits{})
			wantClass(t, err, tc.class)
			if err != nil && len(err.Error()) > 300 {
				t.Fatalf("error message of %d bytes", len(err.Error()))
			}
			// Skipping reads the same way.
			d := xmlrpc.NewDecoder(testkit.MethodCall("m", tc.value), xmlrpc.Limits{})
			d.MethodCall()
			d.NextParam()
			if err := d.SkipValue(); errClass(err) != tc.class {
				t.Fatalf("SkipValue: %v", err)
			}
		})
	}
}
