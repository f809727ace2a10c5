package xmlrpc

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestEntryShape checks that a multicall entry read by comparing it with
// the shape of the entry before (shapedEntry) is read exactly as it is
// read tag by tag: the same verdict, name, position, value count, depth
// and params, whatever it changes from the first entry's layout, and
// under every MaxValues and MaxDepth around what it needs.
func TestEntryShape(t *testing.T) {
	const usual = "<value><struct>\n<member>\n<name>methodName</name>\n<value><string>echo.add</string></value>\n</member>\n" +
		"<member>\n<name>params</name>\n<value><array><data>\n<value><int>1</int></value>\n</data></array></value>\n</member>\n</struct></value>"
	second := map[string]string{
		"same":               usual,
		"other name":         strings.Replace(usual, "echo.add", "system.listMethods", 1),
		"escaped name":       strings.Replace(usual, "echo.add", "a&amp;b", 1),
		"empty name":         strings.Replace(usual, "echo.add", "", 1),
		"bad name":           strings.Replace(usual, "echo.add", "a&bogus;", 1),
		"control in name":    strings.Replace(usual, "echo.add", "a\x01", 1),
		"other params":       strings.Replace(usual, "<value><int>1</int></value>\n", "<value><string>x</string></value><value><nil/></value>", 1),
		"no params":          strings.Replace(usual, "<value><int>1</int></value>\n", "", 1),
		"bad params":         strings.Replace(usual, "<int>1</int>", "<int>x</int>", 1),
		"params not array":   strings.Replace(usual, "<value><array><data>\n<value><int>1</int></value>\n</data></array></value>", "<value><int>1</int></value>", 1),
		"no whitespace":      strings.ReplaceAll(usual, "\n", ""),
		"crlf":               strings.ReplaceAll(usual, "\n", "\r\n"),
		"space in head":      strings.Replace(usual, "<member>\n<name>methodName", "<member>\n <name>methodName", 1),
		"space in mid":       strings.Replace(usual, "</member>\n<member>", "</member>\n\n<member>", 1),
		"space in tail":      strings.Replace(usual, "</member>\n</struct>", "</member>\n\t</struct>", 1),
		"comment in tail":    strings.Replace(usual, "</member>\n</struct>", "</member><!-- c -->\n</struct>", 1),
		"third member":       strings.Replace(usual, "</struct>", "<member><name>x</name><value>1</value></member></struct>", 1),
		"params first":       "<value><struct><member><name>params</name><value><array><data/></array></value></member><member><name>methodName</name><value><string>m</string></value></member></struct></value>",
		"tail cut":           strings.TrimSuffix(usual, "</struct></value>"),
		"untyped name":       strings.Replace(usual, "<value><string>echo.add</string></value>", "<value>echo.add</value>", 1),
		"not a struct":       "<value><int>1</int></value>",
		"nested":             strings.Replace(usual, "<value><int>1</int></value>\n", "<value><array><data><value><struct></struct></value></data></array></value>\n", 1),
		"longer first value": strings.Replace(usual, "<int>1</int>", "<int>123456789012</int>", 1),
		"longer name":        strings.Replace(usual, "echo.add", "echo.add2", 1),
		"shorter name":       strings.Replace(usual, "echo.add", "echo.ad", 1),
		"bracket in name":    strings.Replace(usual, "echo.add", "echo]add", 1),
		"comment in name":    strings.Replace(usual, "echo.add", "echo<!-- c -->.add", 1),
		"non-ASCII name":     strings.Replace(usual, "echo.add", "écho.add", 1),
		"CR in name":         strings.Replace(usual, "echo.add", "echo\r.add", 1),
	}
	for name, entry := range second {
		for _, lim := range []Limits{{}, {MaxValues: 5}, {MaxValues: 8}, {MaxValues: 9}, {MaxValues: 10}, {MaxValues: 11}, {MaxDepth: 3}, {MaxDepth: 4}, {MaxDepth: 5}} {
			body := []byte("<?xml version='1.0'?>\n<methodCall>\n<methodName>system.multicall</methodName>\n<params>\n<param>\n<value><array><data>\n" +
				usual + "\n" + entry + "\n</data></array></value>\n</param>\n</params>\n</methodCall>\n")
			var got [2]string
			for i, forget := range []bool{false, true} {
				d := NewDecoder(body, lim)
				d.MethodCall()
				d.NextParam()
				arr, err := d.BeginArray()
				if err != nil {
					t.Fatal(err)
				}
				arr.Next()
				if _, _, ok := d.MulticallEntry(); !ok && lim == (Limits{}) {
					t.Fatal("first entry not read")
				}
				shaped := len(d.shape.head) > 0
				if forget {
					d.shape = entryShape{} // read tag by tag
				} else if !shaped && lim == (Limits{}) {
					t.Fatal("no shape recorded")
				}
				if more, err := arr.Next(); !more || err != nil {
					got[i] = "no second entry"
					continue
				}
				n, params, ok := d.MulticallEntry()
				r := []any{ok, n, d.pos, d.values, d.depth}
				if ok {
					d.Seek(params)
					v, err := d.DecodeAny()
					r = append(r, v, err, d.pos)
				}
				got[i] = fmt.Sprintf("%#v", r)
			}
			if got[0] != got[1] {
				t.Errorf("%s, %+v: by shape %s, by tags %s", name, lim, got[0], got[1])
			}
		}
	}
}

// TestParseDigits compares parseDigits with a digit-by-digit reading for
// runs of 0 to 25 digits followed by every byte that ends a run and up to
// 17 digits that do not count, with the body ending at every point after
// them (sixteen bytes or more left, fewer, and fewer than eight).
func TestParseDigits(t *testing.T) {
	ref := func(b []byte, i int) (uint64, int) {
		var v uint64
		j := i
		for ; j < len(b) && j-i < 19 && b[j] >= '0' && b[j] <= '9'; j++ {
			v = v*10 + uint64(b[j]-'0')
		}
		return v, j
	}
	const digits = "9876543210123456789012345"
	for n := 0; n <= len(digits); n++ {
		for _, end := range []byte{'<', '/', ':', ' ', 0, 0x2F, 0x3A, 0x40, 0x7F, 0x80, 0xF9, 0xFA, 0xFF} {
			for pad := 0; pad <= 17; pad++ {
				b := append([]byte("<int>"+digits[:n]), end)
				b = append(b, strings.Repeat("9", pad)...) // digits after the end must not count
				for cut := 5 + n; cut <= len(b); cut++ {
					v, j := parseDigits(b[:cut], 5)
					rv, rj := ref(b[:cut], 5)
					if v != rv || j != rj {
						t.Fatalf("%q: parseDigits = %d, %d; want %d, %d", b[:cut], v, j, rv, rj)
					}
				}
			}
		}
	}
}

// TestPlainArrays checks the array fast paths (plainArrayStart,
// skipPlainInts, the end in arrayNext) against the general reader: each
// array, nested 0 to 3 arrays deep, is read and also read with spaces
// added where the fast paths need exact bytes, which sends it through the
// general reader, under limits around what it needs. Skipping it
// (skipPlainInts, then SkipValue when it declines) and reading it element
// by element (BeginArray, Next, DecodeAny) must give the same verdict,
// values, value count and depth both ways.
func TestPlainArrays(t *testing.T) {
	arrays := []string{
		"<value><array><data>\n<value><int>1</int></value>\n<value><int>-22</int></value>\n</data></array></value>",
		"<value><array><data></data></array></value>",
		"<value><array><data>\n</data></array></value>",
		"<value><array><data/></array></value>",
		"<value><array><data><value><int>1</int></value><value><string>x</string></value></data></array></value>",
		"<value><array><data><value><string>x</string></value><value><int>1</int></value></data></array></value>",
		"<value><array><data><value><int>1</int></value><!-- c --></data></array></value>",
		"<value><array><data><value><int>x</int></value></data></array></value>",
		"<value><array><data><value><int>99999999999999999999</int></value></data></array></value>",
		"<value><array><data><value><int>123456789012345678</int></value><value><int>-1234567890123456789</int></value></data></array></value>",
		"<value><array><data><value><int>-9223372036854775808</int></value><value><int>9223372036854775808</int></value></data></array></value>",
		"<value><array><data><value><int>-</int></value></data></array></value>",
		"<value><array><data><value><int>1234567890123456789012345</int></value></data></array></value>",
		"<value><array><data><value><int></int></value></data></array></value>",
		"<value><array><data><value><int>1 </int></value></data></array></value>",
		"<value><array><data><value><array><data><value><int>1</int></value></data></array></value></data></array></value>",
		"<value><array><data><int>1</int></data></array></value>",
		"<value><array><data><value><int>1</int></value></data></array></value >",
		"<value><array><data><value><int>1</int></value></data></array>",
		"<value><array><data><value><int>1</int></value>",
		"<value><int>1</int></value>",
	}
	at := regexp.MustCompile(`at line \d+, column \d+`)
	general := strings.NewReplacer("<value><array><data>", "<value><array> <data>", "</data></array></value>", "</data></array> </value>")
	for _, a := range arrays {
		for depth := 0; depth <= 3; depth++ {
			for _, lim := range []Limits{{}, {MaxValues: 1}, {MaxValues: 2}, {MaxValues: 3}, {MaxValues: 4}, {MaxValues: 5}, {MaxValues: 6},
				{MaxDepth: 1}, {MaxDepth: 2}, {MaxDepth: 3}, {MaxDepth: 4}, {MaxDepth: 5}, {MaxIntDigits: 20}} {
				for _, elems := range []bool{false, true} {
					// Positions differ by the spaces added.
					fast := at.ReplaceAllString(readNested(a, depth, lim, elems), "")
					slow := at.ReplaceAllString(readNested(general.Replace(a), depth, lim, elems), "")
					if fast != slow {
						t.Errorf("%s depth %d %+v elements %v:\nfast    %s\ngeneral %s", a, depth, lim, elems, fast, slow)
					}
				}
			}
		}
	}
}

// readNested reads a nested depth arrays deep in a request and describes
// what became of it: skipped (skipPlainInts, then SkipValue when it
// declines) or read element by element; then the rest of the request.
func readNested(a string, depth int, lim Limits, elems bool) string {
	body := request(strings.Repeat("<value><array><data>", depth) + a + strings.Repeat("</data></array></value>", depth))
	d := NewDecoder(body, lim)
	d.MethodCall()
	d.NextParam()
	for range depth {
		arr, err := d.BeginArray()
		if err != nil {
			return fmt.Sprintf("outer: %v", err)
		}
		if more, err := arr.Next(); !more || err != nil {
			return fmt.Sprintf("outer: %v %v", more, err)
		}
	}
	var r string
	if !elems {
		var err error
		if !d.skipPlainInts() {
			err = d.SkipValue()
		}
		r = fmt.Sprintf("skip: %v values %d depth %d", err, d.values, d.depth)
	} else {
		var got []any
		arr, err := d.BeginArray()
		for err == nil {
			var more bool
			if more, err = arr.Next(); !more || err != nil {
				break
			}
			var v any
			if v, err = d.DecodeAny(); err == nil {
				got = append(got, v)
			}
		}
		r = fmt.Sprintf("elements: %#v %v values %d depth %d", got, err, d.values, d.depth)
	}
	ok, err := d.NextParam()
	return r + fmt.Sprintf("; then %v %v %v", ok, err, d.End())
}

// request is a methodCall of "m" with the given parameters.
func request(params ...string) []byte {
	var b strings.Builder
	b.WriteString("<?xml version='1.0'?>\n<methodCall>\n<methodName>m</methodName>\n<params>\n")
	for _, p := range params {
		b.WriteString("<param>\n" + p + "\n</param>\n")
	}
	b.WriteString("</params>\n</methodCall>\n")
	return []byte(b.String())
}

// TestPlainMembers reads structs whose members and scalars are written
// as senders write them, and otherwise, each also with a space before
// the '>' of every tag (which no fast path takes), nested 0 to 2 deep, under limits
// on values and string sizes: what DecodeAny returns, its error, the
// values counted and the rest of the request must be the same both ways.
func TestPlainMembers(t *testing.T) {
	member := func(name, value string) string {
		return "<member>\n<name>" + name + "</name>\n" + value + "\n</member>\n"
	}
	structs := []string{
		"<value><struct>\n" + member("i", "<value><int>1</int></value>") + member("s", "<value><string>two words</string></value>") +
			member("d", "<value><double>-2.5</double></value>") + member("b", "<value><boolean>1</boolean></value>") + "</struct></value>",
		"<value><struct>\n" + member("n", "<value><struct>"+member("x", "<value><string>y</string></value>")+"</struct></value>") +
			member("a", "<value><array><data><value><boolean>0</boolean></value></data></array></value>") + "</struct></value>",
		"<value><struct><member><name>a</name><value><string>x</string></value></member><member><name>b</name><value><string>y</string></value></member></struct></value>",
		"<value><struct>" + member("", "<value><string></string></value>") + member("e", "<value><string/></value>") + "</struct></value>",
		"<value><struct>" + member("a&amp;b", "<value><string>a &lt; b</string></value>") + "</struct></value>",
		"<value><struct>" + member("caf\u00e9", "<value><string>caf\u00e9</string></value>") + "</struct></value>",
		"<value><struct>" + member("cr", "<value><string>a\r\nb</string></value>") + "</struct></value>",
		"<value><struct>" + member("br", "<value><string>a]b</string></value>") + member("cd", "<value><string>a]]>b</string></value>") + "</struct></value>",
		"<value><struct>" + member("tab", "<value><string>a\tb\nc</string></value>") + "</struct></value>",
		"<value><struct>" + member("ctl", "<value><string>a\x01b</string></value>") + "</struct></value>",
		"<value><struct>" + member("name\x01", "<value><int>1</int></value>") + "</struct></value>",
		"<value><struct>" + member("c", "<value><string>a<!-- c -->b</string></value>") + "</struct></value>",
		"<value><struct><member><!-- c --><name>a</name><value><int>1</int></value></member></struct></value>",
		"<value><struct><member>\t<name>a</name>\t<value><int>1</int></value></member></struct></value>",
		"<value><struct><member><name/><value><int>1</int></value></member></struct></value>",
		"<value><struct><member><name>a</name><int>1</int></member></struct></value>",
		"<value><struct><member><name>a</name><value>untyped</value></member></struct></value>",
		"<value><struct>" + member("d", "<value><double>1.2.3</double></value>") + "</struct></value>",
		"<value><struct>" + member("d", "<value><double>nan</double></value>") + "</struct></value>",
		"<value><struct>" + member("d", "<value><double> 7 </double></value>") + "</struct></value>",
		"<value><struct>" + member("b", "<value><boolean>2</boolean></value>") + "</struct></value>",
		"<value><struct>" + member("b", "<value><boolean>true</boolean></value>") + "</struct></value>",
		"<value><struct>" + member("s", "<value><string>x</string></value>") + "</struct>",
		"<value><struct>" + member("s", "<value><string>x</value>") + "</struct></value>",
		"<value><struct>" + member("s", "<value><string>x</string>") + "</struct></value>",
		"<value><struct><member><name>a</name><value><string>x</string></value></struct></value>",
		"<value><struct>" + member("longer name", "<value><string>longer text</string></value>") + "</struct></value>",
		"<value><struct>" + member("a", "<value><int>1</int></value>") + member("a", "<value><int>2</int></value>") + "</struct></value>",
	}
	at := regexp.MustCompile(`at line \d+, column \d+`)
	for _, s := range structs {
		for depth := 0; depth <= 2; depth++ {
			for _, lim := range []Limits{{}, {MaxValues: 1}, {MaxValues: 2}, {MaxValues: 3}, {MaxValues: 4}, {MaxValues: 5},
				{MaxValues: 6}, {MaxValues: 8}, {MaxStringBytes: 1}, {MaxStringBytes: 4}, {MaxDepth: 1}, {MaxDepth: 2}} {
				fast := at.ReplaceAllString(readStructNested(s, depth, lim), "")
				slow := at.ReplaceAllString(readStructNested(spacedTags(s), depth, lim), "")
				if fast != slow {
					t.Errorf("%q depth %d %+v:\nfast    %s\ngeneral %s", s, depth, lim, fast, slow)
				}
			}
		}
	}
}

// spacedTags rewrites a value so that no fast path applies: a space
// before the '>' of every tag (comments and text left as they are).
func spacedTags(v string) string { return tagEnd.ReplaceAllString(v, "<$1 $2>") }

var tagEnd = regexp.MustCompile(`<(/?[A-Za-z][-\w.:]*)(/?)>`)

// readStructNested reads s nested in depth structs with DecodeAny and
// describes what became of it and of the rest of the request.
func readStructNested(s string, depth int, lim Limits) string {
	body := request(strings.Repeat("<value><struct><member><name>o</name>", depth) + s + strings.Repeat("</member></struct></value>", depth))
	d := NewDecoder(body, lim)
	d.MethodCall()
	d.NextParam()
	v, err := d.DecodeAny()
	ok, perr := d.NextParam()
	return fmt.Sprintf("%#v %v values %d depth %d; then %v %v %v", v, err, d.values, d.depth, ok, perr, d.End())
}

// TestPlainEnvelope reads requests whose declaration, root, method name
// and params are written as clients write them, and otherwise, each
// also with the declaration spaced and with a space before the '>' of
// every tag (which the fast paths do not take): the method name, the
// parameters and the errors must be the same every way.
func TestPlainEnvelope(t *testing.T) {
	const params = "<params>\n<param>\n<value><int>1</int></value>\n</param>\n</params>\n"
	bodies := []string{
		"<?xml version='1.0'?>\n<methodCall>\n<methodName>echo.add</methodName>\n" + params + "</methodCall>\n",
		`<?xml version="1.0"?><methodCall><methodName>a.b</methodName>` + params + "</methodCall>",
		"<?xml version='1.0' encoding='UTF-8'?><methodCall><methodName>a.b</methodName></methodCall>",
		"\xEF\xBB\xBF<?xml version='1.0'?><methodCall><methodName>a.b</methodName><params/></methodCall>",
		"<?xml version='1.0'?><!-- c --><methodCall><methodName>a.b</methodName></methodCall>",
		"<?xml version='1.0'?><!DOCTYPE x><methodCall><methodName>a.b</methodName></methodCall>",
		"<?xml version='1.0'?><?xml version='1.0'?><methodCall><methodName>a.b</methodName></methodCall>",
		"<?xml version='1.0'?>\x01<methodCall><methodName>a.b</methodName></methodCall>",
		"<?xml version='1.0'?><methodCall><params>\n<param><value><int>2</int></value></param></params><methodName>a.b</methodName></methodCall>",
		"<?xml version='1.0'?><methodCall><methodName/></methodCall>",
		"<?xml version='1.0'?><methodCall><methodName></methodName></methodCall>",
		"<?xml version='1.0'?><methodCall><methodNameX>a</methodNameX></methodCall>",
		"<?xml version='1.0'?><methodCall><methodName>a</methodName><paramsX/></methodCall>",
		"<?xml version='1.0'?><methodCall><methodName>a</methodName><methodName>b</methodName></methodCall>",
		"<?xml version='1.0'?><methodCall/>",
		"<?xml version='1.0'?><methodCallX/>",
		"<?xml version='1.0'?><methodCall><methodName>a</methodName><params><param><value><int>1</int></value></param></params><params/></methodCall>",
		"<?xml version='1.0'?><methodCall><methodName>a</methodName>",
		"<?xml version='1.0'?>",
	}
	read := func(body string) string {
		d := NewDecoder([]byte(body), Limits{})
		name, err := d.MethodCall()
		r := fmt.Sprintf("%q %v", name, err)
		if err != nil {
			return r
		}
		for {
			ok, err := d.NextParam()
			if err != nil || !ok {
				return r + fmt.Sprintf("; %v %v", err, d.End())
			}
			v, err := d.DecodeAny()
			r += fmt.Sprintf("; %#v %v", v, err)
		}
	}
	at := regexp.MustCompile(`at line \d+, column \d+`)
	for _, body := range bodies {
		want := at.ReplaceAllString(read(body), "")
		for _, other := range []string{
			strings.Replace(strings.Replace(body, "version='1.0'?>", "version='1.0' ?>", 1), `version="1.0"?>`, `version="1.0" ?>`, 1),
			spacedTags(body),
		} {
			if got := at.ReplaceAllString(read(other), ""); got != want {
				t.Errorf("%q:\nas written %s\n%q:\n          %s", body, want, other, got)
			}
		}
	}
}
