package xmlrpc_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

func TestRequestStructure(t *testing.T) {
	cases := []struct {
		name   string
		body   string
		method string
		params []any
		class  string
	}{
		{"usual", "<methodCall><methodName>echo.add</methodName><params><param><value><int>1</int></value></param><param><value><int>2</int></value></param></params></methodCall>",
			"echo.add", []any{1, 2}, "ok"},
		{"pretty printed", "<?xml version='1.0'?>\n<methodCall>\n  <methodName>echo.add</methodName>\n  <params>\n    <param>\n      <value><int>1</int></value>\n    </param>\n  </params>\n</methodCall>\n",
			"echo.add", []any{1}, "ok"},
		{"params before methodName", "<methodCall><params><param><value><int>1</int></value></param><param><value>s</value></param></params><methodName>echo.add</methodName></methodCall>",
			"echo.add", []any{1, "s"}, "ok"},
		{"empty params before methodName", "<methodCall><params/><methodName>m</methodName></methodCall>", "m", nil, "ok"},
		{"empty params element before methodName", "<methodCall><params></params><methodName>m</methodName></methodCall>", "m", nil, "ok"},
		{"no params element", "<methodCall><methodName>m</methodName></methodCall>", "m", nil, "ok"},
		{"self-closing params", "<methodCall><methodName>m</methodName><params/></methodCall>", "m", nil, "ok"},
		{"empty params", "<methodCall><methodName>m</methodName><params></params></methodCall>", "m", nil, "ok"},
		{"param without value", "<methodCall><methodName>m</methodName><params><param><int>5</int></param></params></methodCall>", "m", []any{5}, "ok"},
		{"param without value, params first", "<methodCall><params><param><int>5</int></param></params><methodName>m</methodName></methodCall>", "m", []any{5}, "ok"},
		{"method name taken literally", "<methodCall><methodName> echo.ping </methodName></methodCall>", " echo.ping ", nil, "ok"},
		{"method name with references", "<methodCall><methodName>echo&#46;ping&amp;</methodName></methodCall>", "echo.ping&", nil, "ok"},
		{"method name with CDATA and comment", "<methodCall><methodName><![CDATA[echo]]><!-- x -->.ping</methodName></methodCall>", "echo.ping", nil, "ok"},
		{"method name spaces only", "<methodCall><methodName> </methodName></methodCall>", " ", nil, "ok"},
		{"two methodNames", "<methodCall><methodName>a</methodName><methodName>b</methodName></methodCall>", "", nil, "syntax"},
		{"two methodNames around params", "<methodCall><methodName>a</methodName><params/><methodName>b</methodName></methodCall>", "", nil, "syntax"},
		{"two methodNames after params", "<methodCall><params/><methodName>a</methodName><methodName>b</methodName></methodCall>", "", nil, "syntax"},
		{"empty methodName", "<methodCall><methodName></methodName></methodCall>", "", nil, "syntax"},
		{"self-closing methodName", "<methodCall><methodName/></methodCall>", "", nil, "syntax"},
		{"methodName empty by comment", "<methodCall><methodName><!-- x --></methodName></methodCall>", "", nil, "syntax"},
		{"no methodName", "<methodCall><params/></methodCall>", "", nil, "syntax"},
		{"nothing in methodCall", "<methodCall></methodCall>", "", nil, "syntax"},
		{"self-closing methodCall", "<methodCall/>", "", nil, "syntax"},
		{"root is not methodCall", "<methodResponse><methodName>m</methodName></methodResponse>", "", nil, "syntax"},
		{"root is something else", "<foo><methodCall><methodName>m</methodName></methodCall></foo>", "", nil, "syntax"},
		{"root case", "<methodcall><methodName>m</methodName></methodcall>", "", nil, "syntax"},
		{"params outside methodCall", "<methodCall><methodName>m</methodName></methodCall><params/>", "", nil, "syntax"},
		{"two params", "<methodCall><methodName>m</methodName><params/><params/></methodCall>", "", nil, "syntax"},
		{"two params first", "<methodCall><params/><params/><methodName>m</methodName></methodCall>", "", nil, "syntax"},
		{"self-closing param", "<methodCall><methodName>m</methodName><params><param/></params></methodCall>", "", nil, "syntax"},
		{"empty param", "<methodCall><methodName>m</methodName><params><param></param></params></methodCall>", "", nil, "syntax"},
		{"param with two values", "<methodCall><methodName>m</methodName><params><param><value>1</value><value>2</value></param></params></methodCall>", "", nil, "syntax"},
		{"value directly in params", "<methodCall><methodName>m</methodName><params><value>1</value></params></methodCall>", "", nil, "syntax"},
		{"text in params", "<methodCall><methodName>m</methodName><params>x</params></methodCall>", "", nil, "syntax"},
		{"text in methodCall", "<methodCall>x<methodName>m</methodName></methodCall>", "", nil, "syntax"},
		{"text after methodName", "<methodCall><methodName>m</methodName>x</methodCall>", "", nil, "syntax"},
		{"unknown element in methodCall", "<methodCall><methodName>m</methodName><foo/></methodCall>", "", nil, "syntax"},
		{"unknown element before methodName", "<methodCall><foo/><methodName>m</methodName></methodCall>", "", nil, "syntax"},
		{"paramsX element", "<methodCall><methodName>m</methodName><paramsX/></methodCall>", "", nil, "syntax"},
		{"element in methodName", "<methodCall><methodName>m<b/></methodName></methodCall>", "", nil, "syntax"},
		{"malformed param after methodName", "<methodCall><methodName>m</methodName><params><param><value><int>x</int></value></param></params></methodCall>", "", nil, "syntax"},
		{"malformed param before methodName", "<methodCall><params><param><value><int>x</int></value></param></params><methodName>m</methodName></methodCall>", "", nil, "syntax"},
		{"unclosed params", "<methodCall><methodName>m</methodName><params><param><value>1</value></param></methodCall>", "", nil, "syntax"},
		{"unclosed param", "<methodCall><methodName>m</methodName><params><param><value>1</value></params></methodCall>", "", nil, "syntax"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			method, params, err := decodeParams([]byte(tc.body), xmlrpc.Limits{})
			wantClass(t, err, tc.class)
			if tc.class != "ok" {
				return
			}
			if method != tc.method {
				t.Fatalf("method %q, want %q", method, tc.method)
			}
			if !equal(params, tc.params) && (len(params) != 0 || len(tc.params) != 0) {
				t.Fatalf("params %#v, want %#v", params, tc.params)
			}
		})
	}
}

// TestEndBeforeParamsRead checks that End refuses a document whose
// parameters were not read.
func TestEndBeforeParamsRead(t *testing.T) {
	for _, body := range []string{
		string(testkit.MethodCall("m", "<value>1</value>")),
		"<methodCall><params><param><value>1</value></param></params><methodName>m</methodName></methodCall>",
	} {
		d := xmlrpc.NewDecoder([]byte(body), xmlrpc.Limits{})
		if _, err := d.MethodCall(); err != nil {
			t.Fatal(err)
		}
		wantClass(t, d.End(), "syntax")
	}
	// Inside a parameter: the value was not read.
	d := xmlrpc.NewDecoder(testkit.MethodCall("m", "<value>1</value>"), xmlrpc.Limits{})
	d.MethodCall()
	if ok, err := d.NextParam(); !ok || err != nil {
		t.Fatal(ok, err)
	}
	wantClass(t, d.End(), "syntax")
}

// TestNextParamAfterEnd checks that the decoder stays at the end.
func TestNextParamAfterEnd(t *testing.T) {
	d := xmlrpc.NewDecoder(testkit.MethodCall("m"), xmlrpc.Limits{})
	if _, err := d.MethodCall(); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if ok, err := d.NextParam(); ok || err != nil {
			t.Fatal(ok, err)
		}
	}
	if err := d.End(); err != nil {
		t.Fatal(err)
	}
	if err := d.End(); err != nil {
		t.Fatalf("second End: %v", err)
	}
}

// TestDecoderReset checks that a reused decoder forgets the previous body
// and that strings it returned stay valid.
func TestDecoderReset(t *testing.T) {
	body := testkit.MethodCall("first", "<value>one &amp; only</value>", "<value><struct><member><name>k&amp;</name><value>v</value></member></struct></value>")
	d := xmlrpc.NewDecoder(body, xmlrpc.Limits{})
	name, _ := d.MethodCall()
	if string(name) != "first" {
		t.Fatal(string(name))
	}
	d.NextParam()
	s, err := d.DecodeAny()
	if err != nil {
		t.Fatal(err)
	}
	d.NextParam()
	m, err := d.DecodeAny()
	if err != nil {
		t.Fatal(err)
	}
	// Overwrite the body: decoded strings must not alias it.
	for i := range body {
		body[i] = 'X'
	}
	d.Reset(testkit.MethodCall("second.call", "<value><int>7</int></value>"), xmlrpc.Limits{MaxParams: 1})
	name, err = d.MethodCall()
	if err != nil || string(name) != "second.call" {
		t.Fatal(string(name), err)
	}
	d.NextParam()
	n, err := d.DecodeInt64()
	if err != nil || n != 7 {
		t.Fatal(n, err)
	}
	if ok, err := d.NextParam(); ok || err != nil {
		t.Fatal(ok, err)
	}
	if err := d.End(); err != nil {
		t.Fatal(err)
	}
	if s != "one & only" || !equal(m, map[string]any{"k&": "v"}) {
		t.Fatalf("values changed after Reset: %q %v", s, m)
	}
	if d.Offset() == 0 {
		t.Fatal("Offset did not move")
	}
}

func TestLimits(t *testing.T) {
	nest := func(depth int, open, close, leaf string) string {
		return strings.Repeat(open, depth) + leaf + strings.Repeat(close, depth)
	}
	arrays := func(depth int) string {
		return nest(depth, "<value><array><data>", "</data></array></value>", "<value><int>1</int></value>")
	}
	structs := func(depth int) string {
		return nest(depth, "<value><struct><member><name>k</name>", "</member></struct></value>", "<value><int>1</int></value>")
	}
	emptyArrays := func(depth int) string {
		return nest(depth-1, "<value><array><data>", "</data></array></value>", "<value><array><data/></array></value>")
	}
	ints := func(n int) string {
		return "<value><array><data>" + strings.Repeat("<value><int>1</int></value>", n) + "</data></array></value>"
	}
	members := func(n int) string {
		var b strings.Builder
		b.WriteString("<value><struct>")
		for i := range n {
			fmt.Fprintf(&b, "<member><name>m%d</name><value><int>1</int></value></member>", i)
		}
		b.WriteString("</struct></value>")
		return b.String()
	}
	cases := []struct {
		name   string
		lim    xmlrpc.Limits
		params []string
		limit  string // "" for success
	}{
		{"depth at the limit", xmlrpc.Limits{MaxDepth: 5}, []string{arrays(5)}, ""},
		{"depth beyond the limit", xmlrpc.Limits{MaxDepth: 5}, []string{arrays(6)}, "MaxDepth"},
		{"struct depth at the limit", xmlrpc.Limits{MaxDepth: 5}, []string{structs(5)}, ""},
		{"struct depth beyond the limit", xmlrpc.Limits{MaxDepth: 5}, []string{structs(6)}, "MaxDepth"},
		{"empty arrays at the limit", xmlrpc.Limits{MaxDepth: 3}, []string{emptyArrays(3)}, ""},
		{"empty arrays beyond the limit", xmlrpc.Limits{MaxDepth: 3}, []string{emptyArrays(4)}, "MaxDepth"},
		{"depth counted per value, not summed", xmlrpc.Limits{MaxDepth: 3}, []string{arrays(3), arrays(3), structs(3)}, ""},
		{"siblings do not add up", xmlrpc.Limits{MaxDepth: 2}, []string{"<value><array><data>" + arrays(1) + arrays(1) + arrays(1) + "</data></array></value>"}, ""},
		{"default depth 256", xmlrpc.Limits{}, []string{arrays(256)}, ""},
		{"default depth 257", xmlrpc.Limits{}, []string{arrays(257)}, "MaxDepth"},
		{"depth 1000 (supervisord corpus)", xmlrpc.Limits{}, []string{arrays(1000)}, "MaxDepth"},
		{"values at the limit", xmlrpc.Limits{MaxValues: 11}, []string{ints(10)}, ""},
		{"values beyond the limit", xmlrpc.Limits{MaxValues: 10}, []string{ints(10)}, "MaxValues"},
		{"values across params", xmlrpc.Limits{MaxValues: 3}, []string{"<value>1</value>", "<value>2</value>", "<value>3</value>"}, ""},
		{"values across params beyond", xmlrpc.Limits{MaxValues: 3}, []string{"<value>1</value>", "<value>2</value>", "<value>3</value>", "<value>4</value>"}, "MaxValues"},
		{"members count", xmlrpc.Limits{MaxValues: 1 + 2*5}, []string{members(5)}, ""},
		{"members count beyond", xmlrpc.Limits{MaxValues: 2 * 5}, []string{members(5)}, "MaxValues"},
		{"string at the limit", xmlrpc.Limits{MaxStringBytes: 5}, []string{"<value><string>hello</string></value>"}, ""},
		{"string beyond the limit", xmlrpc.Limits{MaxStringBytes: 4}, []string{"<value><string>hello</string></value>"}, "MaxStringBytes"},
		{"untyped string beyond the limit", xmlrpc.Limits{MaxStringBytes: 4}, []string{"<value>hello</value>"}, "MaxStringBytes"},
		{"string counted after references", xmlrpc.Limits{MaxStringBytes: 1}, []string{"<value>&amp;</value>"}, ""},
		{"base64 at the limit", xmlrpc.Limits{MaxStringBytes: 5}, []string{"<value><base64>aGVsbG8=</base64></value>"}, ""},
		{"base64 with newlines at the limit", xmlrpc.Limits{MaxStringBytes: 5}, []string{"<value><base64>\naG\nVs\nbG\n8=\n</base64></value>"}, ""},
		{"base64 beyond the limit", xmlrpc.Limits{MaxStringBytes: 4}, []string{"<value><base64>aGVsbG8=</base64></value>"}, "MaxStringBytes"},
		{"member name beyond the limit", xmlrpc.Limits{MaxStringBytes: 3}, []string{"<value><struct><member><name>long</name><value>1</value></member></struct></value>"}, "MaxStringBytes"},
		{"params at the limit", xmlrpc.Limits{MaxParams: 3}, []string{"<value>1</value>", "<value>2</value>", "<value>3</value>"}, ""},
		{"params beyond the limit", xmlrpc.Limits{MaxParams: 3}, []string{"<value>1</value>", "<value>2</value>", "<value>3</value>", "<value>4</value>"}, "MaxParams"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := testkit.MethodCall("m", tc.params...)
			_, _, err := decodeParams(body, tc.lim)
			checkLimit(t, err, tc.limit)
			// SkipValue enforces the same limits.
			d := xmlrpc.NewDecoder(body, tc.lim)
			_, err = d.MethodCall()
			for err == nil {
				var ok bool
				if ok, err = d.NextParam(); err != nil || !ok {
					break
				}
				err = d.SkipValue()
			}
			if err == nil {
				err = d.End()
			}
			checkLimit(t, err, tc.limit)
		})
	}
}

func checkLimit(t *testing.T, err error, limit string) {
	t.Helper()
	if limit == "" {
		if err != nil {
			t.Fatalf("unexpected error %v", err)
		}
		return
	}
	var le *xmlrpc.LimitError
	if !errors.As(err, &le) || le.Limit != limit {
		t.Fatalf("got %v, want a %s LimitError", err, limit)
	}
	if le.Max <= 0 || !strings.Contains(le.Error(), limit) {
		t.Fatalf("LimitError %+v: %q", le, le.Error())
	}
}

// TestLimitsParamsFirst checks that limits hold when <params> comes
// before <methodName> (the parameters are then read twice).
func TestLimitsParamsFirst(t *testing.T) {
	body := "<methodCall><params><param><value>1</value></param><param><value>2</value></param></params><methodName>m</methodName></methodCall>"
	if _, vals, err := decodeParams([]byte(body), xmlrpc.Limits{MaxValues: 2, MaxParams: 2}); err != nil || len(vals) != 2 {
		t.Fatalf("%v %v", vals, err)
	}
	_, _, err := decodeParams([]byte(body), xmlrpc.Limits{MaxParams: 1})
	checkLimit(t, err, "MaxParams")
	_, _, err = decodeParams([]byte(body), xmlrpc.Limits{MaxValues: 1})
	checkLimit(t, err, "MaxValues")
}

// TestMaxIntDigits: an integer beyond 64 bits may have MaxIntDigits digits
// (sign not counted), one more is a limit error; integers that fit 64 bits
// are never limited, however many leading zeros they have.
func TestMaxIntDigits(t *testing.T) {
	lim := xmlrpc.Limits{MaxIntDigits: 30}
	big30 := "-" + strings.Repeat("9", 30)
	if v, err := decodeOne("<value><int>"+big30+"</int></value>", lim); err != nil || fmt.Sprint(v) != big30 {
		t.Fatalf("30 digits: %v, %v", v, err)
	}
	_, err := decodeOne("<value><int>"+strings.Repeat("9", 31)+"</int></value>", lim)
	checkLimit(t, err, "MaxIntDigits")
	if v, err := decodeOne("<value><int>"+strings.Repeat("0", 100)+"7</int></value>", lim); err != nil || v != 7 {
		t.Fatalf("leading zeros: %v, %v", v, err)
	}
}

func TestDefaultLimits(t *testing.T) {
	want := xmlrpc.Limits{MaxDepth: 256, MaxValues: 1_000_000, MaxStringBytes: 64 << 20, MaxParams: 100_000, MaxIntDigits: 4300}
	if xmlrpc.DefaultLimits != want {
		t.Fatalf("DefaultLimits = %+v, want %+v", xmlrpc.DefaultLimits, want)
	}
}
