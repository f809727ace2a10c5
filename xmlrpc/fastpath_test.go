package xmlrpc_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// The decoder reads values written as senders write them ("<value><int>5
// </int></value>") through fast paths, and everything else through the
// general scanner. These tests check that both read alike.

// slowForm rewrites a value so that no fast path applies: a space before
// every '>' and "/>" of the markup (still well-formed, read the same way).
func slowForm(v string) string {
	return strings.ReplaceAll(strings.ReplaceAll(v, ">", " >"), "/ >", " />")
}

// intTexts are integers of every length from 1 to 21 digits, with and
// without a sign, and the int32 and int64 bounds around them.
func intTexts() []string {
	var out []string
	for n := 1; n <= 21; n++ {
		digits := strings.Repeat("9", n)
		mixed := strings.Repeat("1234567890", 3)[:n]
		out = append(out, digits, "-"+digits, mixed, "-"+mixed, "0"+mixed)
	}
	for _, v := range []int64{0, 1, -1, math.MaxInt32, math.MinInt32, math.MaxInt32 + 1, math.MinInt32 - 1, math.MaxInt64, math.MinInt64} {
		out = append(out, strconv.FormatInt(v, 10))
	}
	return append(out, "9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616")
}

func TestFastPathsAgree(t *testing.T) {
	var values []string
	for _, n := range intTexts() {
		values = append(values, "<value><int>"+n+"</int></value>", "<value><i4>"+n+"</i4></value>", "<value><i8>"+n+"</i8></value>")
	}
	values = append(values,
		"<value><string>a &amp; b</string></value>", "<value><double>-1.5e3</double></value>",
		"<value><boolean>1</boolean></value>", "<value><nil/></value>", "<value><base64>QUJD</base64></value>",
		"<value><dateTime.iso8601>20260102T03:04:05</dateTime.iso8601></value>",
		"<value><struct><member><name>a</name><value><int>1</int></value></member></struct></value>",
		"<value><array><data><value><int>1</int></value><value>x</value></data></array></value>",
	)
	for _, v := range values {
		fast, fastErr := decodeOne(v, xmlrpc.Limits{})
		slow, slowErr := decodeOne(slowForm(v), xmlrpc.Limits{})
		if errClass(fastErr) != errClass(slowErr) || !equal(fast, slow) {
			t.Errorf("%s: fast path %#v (%v), general %#v (%v)", v, fast, fastErr, slow, slowErr)
		}
	}
	// Arrays of ints take a path of their own; the same ints one by one.
	var arr strings.Builder
	arr.WriteString("<value><array><data>\n")
	for _, n := range intTexts() {
		fmt.Fprintf(&arr, "<value><int>%s</int></value>\n", n)
	}
	arr.WriteString("</data></array></value>")
	got, err := decodeOne(arr.String(), xmlrpc.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	slow, err := decodeOne(slowForm(arr.String()), xmlrpc.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !equal(got, slow) || len(got.([]any)) != len(intTexts()) {
		t.Fatalf("array of ints: fast path %v, general %v", got, slow)
	}
	for i, n := range intTexts() {
		v, err := decodeOne("<value><int>"+n+"</int></value>", xmlrpc.Limits{})
		if err != nil || !equal(got.([]any)[i], v) {
			t.Errorf("element %d (%s): %#v in the array, %#v alone (%v)", i, n, got.([]any)[i], v, err)
		}
	}
}

// TestIntArraysAgree: arrays of ints read whole (gathered as numbers and
// boxed at the end) and ints among other values read as the general
// scanner reads them, whatever separates the elements (the one line end
// the window reader takes, none, several, spaces), whatever the ints'
// lengths (to 21 digits, past int64), near the end of the body, nested,
// with elements that are not ints or not valid, and under MaxValues
// limits around the count.
func TestIntArraysAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	texts := intTexts()
	seps := []string{"\n", "\n", "\n", "", "\n\n", " ", "\n ", "\t"}
	others := []string{"<value><string>x</string></value>", "<value>plain</value>", "<value><i4>7</i4></value>",
		"<value><int>+5</int></value>", "<value><int> 5</int></value>", "<value><double>1.5</double></value>",
		"<value><int>x</int></value>", "<value><int></int></value>", "<value><int>-</int></value>", "<value><int>--1</int></value>",
		"<value><int>12345678</int></value>", "<value><int>-1234567812345678</int></value>", "<value><array><data><value><int>1</int></value></data></array></value>"}
	array := func(n int, other float64) (string, int) {
		var b strings.Builder
		b.WriteString("<value><array><data>")
		count := 1
		for range n {
			b.WriteString(seps[r.IntN(len(seps))])
			switch {
			case r.Float64() < other:
				b.WriteString(others[r.IntN(len(others))])
			case r.IntN(2) == 0:
				fmt.Fprintf(&b, "<value><int>%s</int></value>", texts[r.IntN(len(texts))])
			default:
				fmt.Fprintf(&b, "<value><int>%d</int></value>", int32(r.Uint32()))
			}
			count++
		}
		b.WriteString(seps[r.IntN(len(seps))] + "</data></array></value>")
		return b.String(), count
	}
	for i := range 3000 {
		a, count := array(r.IntN(40), []float64{0, 0, 0.05, 0.3}[i%4])
		if i%5 == 0 {
			a = "<value><array><data>\n" + a + "\n" + a + "\n</data></array></value>"
			count = 2*count + 1
		}
		lims := []xmlrpc.Limits{{}}
		if i%10 == 0 {
			for max := 1; max <= count+1; max++ {
				lims = append(lims, xmlrpc.Limits{MaxValues: max})
			}
		}
		for _, lim := range lims {
			fast, fastErr := decodeOne(a, lim)
			slow, slowErr := decodeOne(slowForm(a), lim)
			if errClass(fastErr) != errClass(slowErr) || !equal(fast, slow) {
				t.Fatalf("%q %+v:\nfast path %#v (%v)\ngeneral   %#v (%v)", a, lim, fast, fastErr, slow, slowErr)
			}
		}
	}
}

// TestFastPathLimits checks that the fast paths count values as the
// general path does.
func TestFastPathLimits(t *testing.T) {
	ints := "<value><array><data>" + strings.Repeat("<value><int>12345</int></value>", 9) + "</data></array></value>"
	for _, max := range []int{9, 10, 11} {
		_, err := decodeOne(ints, xmlrpc.Limits{MaxValues: max})
		_, slowErr := decodeOne(slowForm(ints), xmlrpc.Limits{MaxValues: max})
		if errClass(err) != errClass(slowErr) {
			t.Errorf("MaxValues %d: fast path %v, general %v", max, err, slowErr)
		}
	}
}

func TestEncodeIntValues(t *testing.T) {
	vals := []int64{0, 1, -1, 9, 10, 99, 100, -100, 12345, 999999999, 1000000000, -1000000000,
		math.MaxInt32, math.MinInt32, math.MaxInt32 + 1, math.MinInt32 - 1, math.MaxInt64, math.MinInt64}
	for p := int64(1); p <= 1e9; p *= 10 { // every digit count, at both ends
		vals = append(vals, p, p-1, p+1, -p, 1-p, -p-1, 2*p, 8*p-1)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 1000 {
		vals = append(vals, int64(r.Int32()), -int64(r.Int32()))
	}
	for i, v := range vals {
		e := xmlrpc.NewEncoder([]byte("before"[:i%7]))
		e.Int64(v)
		tag := "int"
		if v > math.MaxInt32 || v < math.MinInt32 {
			tag = "i8"
		}
		want := fmt.Sprintf("<value><%s>%d</%s></value>\n", tag, v, tag)
		if got := string(e.Bytes()); got != "before"[:i%7]+want {
			t.Errorf("Int64(%d) = %q, want %q", v, got, want)
		}
	}
}

// TestDecodedValuesOutliveReuse checks that values DecodeAny boxed into
// the decoder's arena stay intact when the decoder is reset and reused.
func TestDecodedValuesOutliveReuse(t *testing.T) {
	body := func(seed int) []byte {
		var b strings.Builder
		b.WriteString("<value><array><data>")
		for i := range 600 {
			fmt.Fprintf(&b, "<value><int>%d</int></value><value><double>%d.5</double></value><value>s%d</value>", seed*1e6+i, seed+i, seed+i)
		}
		b.WriteString("</data></array></value>")
		return testkit.MethodCall("m", b.String())
	}
	var d xmlrpc.Decoder
	decode := func(seed int) []any {
		d.Reset(body(seed), xmlrpc.Limits{})
		d.MethodCall()
		d.NextParam()
		v, err := d.DecodeAny()
		if err != nil {
			t.Fatal(err)
		}
		return v.([]any)
	}
	check := func(vals []any, seed int) {
		t.Helper()
		for i := range 600 {
			if vals[3*i] != seed*1e6+i || vals[3*i+1] != float64(seed+i)+0.5 || vals[3*i+2] != fmt.Sprintf("s%d", seed+i) {
				t.Fatalf("seed %d, element %d: %#v %#v %#v", seed, i, vals[3*i], vals[3*i+1], vals[3*i+2])
			}
			if reflect.TypeOf(vals[3*i]).Kind() != reflect.Int {
				t.Fatalf("%T, want int", vals[3*i])
			}
		}
	}
	first := decode(1)
	second := decode(2)
	runtime.GC()
	check(first, 1)
	check(second, 2)
}

// TestDecodeAnyMemoryBounded decodes 1 MiB bodies made of the smallest
// values of each kind, where per-value overhead weighs most: what decoding
// allocates must stay within a small multiple of the body.
func TestDecodeAnyMemoryBounded(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector pads allocations: sizes are not comparable")
	}
	const size, maxFactor = 1 << 20, 6
	fill := func(open, item, close string) string {
		return open + strings.Repeat(item, (size-len(open)-len(close))/len(item)) + close
	}
	const arr, end = "<value><array><data>", "</data></array></value>"
	cases := []struct{ name, value string }{
		{"empty strings", fill(arr, "<value/>", end)},
		{"one-letter strings", fill(arr, "<value>a</value>", end)},
		{"small ints", fill(arr, "<value><int>1</int></value>", end)},
		{"big ints", fill(arr, "<value><int>-2147483648</int></value>", end)},
		{"doubles", fill(arr, "<value><double>1.5</double></value>", end)},
		{"nils", fill(arr, "<value><nil/></value>", end)},
		{"empty arrays", fill(arr, "<value><array><data/></array></value>", end)},
		{"empty structs", fill(arr, "<value><struct/></value>", end)},
		{"two-member structs", fill(arr, "<value><struct><member><name>a</name><value/></member><member><name>b</name><value/></member></struct></value>", end)},
		{"repeated members", fill("<value><struct>", "<member><name/><value/></member>", "</struct></value>")},
	}
	for _, tc := range cases {
		body := testkit.MethodCall("m", tc.value)
		var d xmlrpc.Decoder
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		d.Reset(body, xmlrpc.Limits{})
		d.MethodCall()
		d.NextParam()
		_, err := d.DecodeAny()
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > maxFactor*uint64(len(body)) {
			t.Errorf("%s: a body of %d bytes allocated %d bytes (%.1f times)", tc.name, len(body), alloc, float64(alloc)/float64(len(body)))
		}
	}
}

// TestFastPathDecodeInt64 checks DecodeInt64, which has a fast path of its
// own, against the general path.
func TestFastPathDecodeInt64(t *testing.T) {
	decode := func(v string) (int64, error) {
		d := xmlrpc.NewDecoder(testkit.MethodCall("m", v), xmlrpc.Limits{})
		d.MethodCall()
		d.NextParam()
		n, err := d.DecodeInt64()
		if err == nil {
			if ok, err := d.NextParam(); ok || err != nil {
				return 0, fmt.Errorf("after the value: %v %v", ok, err)
			}
			err = d.End()
		}
		return n, err
	}
	for _, n := range intTexts() {
		for _, tag := range []string{"int", "i8"} {
			v := "<value><" + tag + ">" + n + "</" + tag + "></value>"
			fast, fastErr := decode(v)
			slow, slowErr := decode(slowForm(v))
			if fast != slow || errClass(fastErr) != errClass(slowErr) {
				t.Errorf("%s: fast path %d (%v), general %d (%v)", v, fast, fastErr, slow, slowErr)
			}
		}
	}
}

func TestMulticallEntry(t *testing.T) {
	const usual = "<value><struct>\n<member>\n<name>methodName</name>\n<value><string>echo.add</string></value>\n</member>\n" +
		"<member>\n<name>params</name>\n<value><array><data>\n<value><int>1</int></value>\n</data></array></value>\n</member>\n</struct></value>"
	cases := []struct {
		name, value string
		ok          bool
	}{
		{"python layout", usual, true},
		{"no whitespace", strings.ReplaceAll(usual, "\n", ""), true},
		{"escaped name", strings.Replace(usual, "echo.add", "a&amp;b", 1), true},
		{"params first", "<value><struct><member><name>params</name><value><array><data/></array></value></member>" +
			"<member><name>methodName</name><value><string>m</string></value></member></struct></value>", false},
		{"untyped name", strings.Replace(usual, "<value><string>echo.add</string></value>", "<value>echo.add</value>", 1), false},
		{"third member", strings.Replace(usual, "</struct>", "<member><name>x</name><value>1</value></member></struct>", 1), false},
		{"params not an array", strings.Replace(usual, "<value><array><data>\n<value><int>1</int></value>\n</data></array></value>", "<value><int>1</int></value>", 1), false},
		{"comment", strings.Replace(usual, "</member>", "<!-- c --></member>", 1), false},
		{"malformed params", strings.Replace(usual, "<int>1</int>", "<int>x</int>", 1), false},
		{"not a struct", "<value><int>1</int></value>", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := xmlrpc.NewDecoder(testkit.MethodCall("system.multicall", "<value><array><data>"+tc.value+"</data></array></value>"), xmlrpc.Limits{})
			d.MethodCall()
			d.NextParam()
			arr, err := d.BeginArray()
			if err != nil {
				t.Fatal(err)
			}
			arr.Next()
			before := d.Offset()
			name, params, ok := d.MulticallEntry()
			if ok != tc.ok {
				t.Fatalf("ok = %v", ok)
			}
			if !ok {
				if d.Offset() != before {
					t.Fatal("consumed input without reading the entry")
				}
				return
			}
			if want := map[bool]string{true: "a&b", false: "echo.add"}[tc.name == "escaped name"]; name != want {
				t.Fatalf("name %q", name)
			}
			// The rest of the document reads on; params read from the mark.
			if more, err := arr.Next(); more || err != nil {
				t.Fatal(more, err)
			}
			d.Seek(params)
			if _, err := d.DecodeAny(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// reprFloat is the reference layout of a double: Python's repr, as the
// encoder wrote it before it laid the digits out itself.
func reprFloat(f float64) string {
	if f == 0 {
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	es := strconv.FormatFloat(f, 'e', -1, 64)
	exp, _ := strconv.Atoi(es[strings.IndexByte(es, 'e')+1:])
	if exp < -4 || exp >= 16 {
		return es
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

func TestEncodeFloatLayout(t *testing.T) {
	vals := []float64{1, -1, 0.5, 1.5e-5, 1e-4, 1.25e-4, 9.999e-5, 123456789012345.6, 1e15, 1e16, 9999999999999998,
		1234567890123456.7, 0.1, 2.5e-300, 1.7976931348623157e308, 5e-324, -123.456, 100, 1e21, 250000.25}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		vals = append(vals, math.Float64frombits(r.Uint64()), r.NormFloat64()*math.Pow(10, float64(r.IntN(40)-20)),
			float64(r.IntN(2_000_001)-1_000_000)/4)
	}
	for _, f := range vals {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		e := xmlrpc.NewEncoder(nil)
		if err := e.Float64(f); err != nil {
			t.Fatal(err)
		}
		want := "<value><double>" + reprFloat(f) + "</double></value>\n"
		if got := string(e.Bytes()); got != want {
			t.Fatalf("Float64(%v) = %q, want %q", f, got, want)
		}
	}
}

// TestFastPathTypedInts checks typed integer decoding, which has a fast
// path of its own, against the general path, in and out of range.
func TestFastPathTypedInts(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[int8](), reflect.TypeFor[int32](), reflect.TypeFor[int64](), reflect.TypeFor[[]int16]()} {
		dec, err := xmlrpc.DecoderOf(typ)
		if err != nil {
			t.Fatal(err)
		}
		decode := func(v string) (any, string) {
			d := xmlrpc.NewDecoder(testkit.MethodCall("m", v), xmlrpc.Limits{})
			d.MethodCall()
			d.NextParam()
			p := reflect.New(typ)
			err := dec(d, p.Elem())
			if err == nil {
				_, err = d.NextParam()
			}
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			return p.Elem().Interface(), msg
		}
		for _, n := range intTexts() {
			v := "<value><int>" + n + "</int></value>"
			if typ.Kind() == reflect.Slice {
				v = "<value><array><data>" + v + v + "</data></array></value>"
			}
			fast, fastErr := decode(v)
			slow, slowErr := decode(slowForm(v))
			if fastErr != slowErr || (fastErr == "" && !reflect.DeepEqual(fast, slow)) {
				t.Errorf("%v %s: fast path %v (%s), general %v (%s)", typ, v, fast, fastErr, slow, slowErr)
			}
		}
	}
}
