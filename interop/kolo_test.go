package interop_test

import (
	"errors"
	"io"
	"math"
	"net/http"
	"net/rpc"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kolo/xmlrpc"
)

// koloCall calls method with github.com/kolo/xmlrpc's client. Each call
// gets a client of its own: kolo's client is a net/rpc client, which shuts
// down for good after a reply it cannot decode.
func koloCall(t *testing.T, url, method string, args, reply any) error {
	t.Helper()
	c, err := xmlrpc.NewClient(url, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.Call(method, args, reply)
}

// koloFault sends method with kolo's request encoder and returns what
// kolo's response parser makes of the answer: a FaultError for a fault.
func koloFault(t *testing.T, url, method string, args ...any) error {
	t.Helper()
	req, err := xmlrpc.NewRequest(url, method, args)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: HTTP %d", method, resp.StatusCode)
	}
	return xmlrpc.Response(body).Err()
}

// koloRaw posts the body kolo encodes for method(args...) and returns the
// server's raw answer, to see what the server made of it.
func koloRaw(t *testing.T, url, method string, args ...any) (int, string) {
	t.Helper()
	body, err := xmlrpc.EncodeMethodCall(method, args...)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(url, "text/xml", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(answer)
}

// koloStruct is a Go struct as kolo encodes it: a <struct> keyed by the
// xmlrpc tags.
type koloStruct struct {
	Name  string    `xmlrpc:"name"`
	Count int       `xmlrpc:"count"`
	When  time.Time `xmlrpc:"when"`
	Tags  []string  `xmlrpc:"tags"`
	Skip  string    `xmlrpc:"skip,omitempty"`
	Plain float64
}

// TestKoloRoundTrip sends every type kolo encodes through echo.echo and
// decodes the answer into the Go types kolo offers.
func TestKoloRoundTrip(t *testing.T) {
	h := startHost(t)
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	s := koloStruct{Name: "n <&>", Count: 3, When: when, Tags: []string{"x", "y"}, Plain: 1.5}
	tests := []struct {
		name  string
		args  any        // kolo's args: one value, or []any for several
		reply func() any // a new destination (a pointer)
		want  any        // what the destination holds afterwards
	}{
		{name: "int", args: 42, reply: newAny, want: int64(42)},
		{name: "negative int", args: -2147483648, reply: newAny, want: int64(-2147483648)},
		// kolo sends every Go int as <int>, even beyond 32 bits; the server
		// reads it and answers <i8>, which kolo reads.
		{name: "int beyond 32 bits", args: int64(1) << 40, reply: newAny, want: int64(1) << 40},
		{name: "max int64", args: int64(math.MaxInt64), reply: newAny, want: int64(math.MaxInt64)},
		{name: "min int64", args: int64(math.MinInt64), reply: newAny, want: int64(math.MinInt64)},
		{name: "uint (sent as <i4>)", args: uint(7), reply: newAny, want: int64(7)},
		{name: "int into int", args: 9, reply: func() any { return new(int) }, want: 9},
		{name: "true", args: true, reply: newAny, want: true},
		{name: "false", args: false, reply: newAny, want: false},
		{name: "string", args: "héllo wörld 😀 <&> ]]> \"'", reply: newAny, want: "héllo wörld 😀 <&> ]]> \"'"},
		{name: "string with spaces", args: "  lead\ttab\ntrail  ", reply: newAny, want: "  lead\ttab\ntrail  "},
		{name: "string CR", args: "a\r\nb", reply: newAny, want: "a\r\nb"}, // kolo escapes \r as &#xD;
		{name: "empty string into string", args: "", reply: func() any { return new(string) }, want: ""},
		{name: "float64", args: 0.1, reply: newAny, want: 0.1},
		{name: "float64 1e300", args: 1e300, reply: newAny, want: 1e300},
		{name: "float64 smallest", args: 5e-324, reply: newAny, want: 5e-324},
		{name: "float64 integral", args: 2.0, reply: newAny, want: 2.0},
		{name: "time.Time", args: when, reply: newAny, want: when},
		{name: "time.Time into time.Time", args: when, reply: func() any { return new(time.Time) }, want: when},
		// kolo formats the wall clock without a zone (XML-RPC has none); it
		// comes back as that wall clock in UTC.
		{name: "time.Time with zone", args: time.Date(2024, 6, 1, 12, 0, 0, 0, time.FixedZone("CEST", 7200)), reply: newAny,
			want: time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)},
		// kolo encodes []byte as an array of ints, not <base64>.
		{name: "[]byte", args: []byte{0, 255}, reply: newAny, want: []any{int64(0), int64(255)}},
		// xmlrpc.Base64 is sent as <base64>; kolo hands back the base64 text.
		{name: "xmlrpc.Base64", args: xmlrpc.Base64("AP9iaW4="), reply: newAny, want: "AP9iaW4="},
		{name: "[]any", args: []any{[]any{1, "a", true, 2.5}}, reply: newAny, want: []any{int64(1), "a", true, 2.5}},
		{name: "[]string into []string", args: []any{[]string{"a", "b"}}, reply: func() any { return new([]string) }, want: []string{"a", "b"}},
		{name: "empty []any", args: []any{[]any{}}, reply: newAny, want: []any{}},
		{name: "map[string]any", args: map[string]any{"a": 1, "b": []any{2.5, "c"}, "ü": map[string]any{"d": false}}, reply: newAny,
			want: map[string]any{"a": int64(1), "b": []any{2.5, "c"}, "ü": map[string]any{"d": false}}},
		{name: "struct into struct", args: s, reply: func() any { return new(koloStruct) }, want: s},
		{name: "struct into map", args: s, reply: newAny, want: map[string]any{
			"name": "n <&>", "count": int64(3), "when": when, "tags": []any{"x", "y"}, "Plain": 1.5}},
		{name: "nested", args: []any{[]any{map[string]any{"x": []any{int64(1) << 40, map[string]any{"y": when}}}}}, reply: newAny,
			want: []any{map[string]any{"x": []any{int64(1) << 40, map[string]any{"y": when}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reply := tt.reply()
			if err := koloCall(t, h.URL, "echo.echo", tt.args, reply); err != nil {
				t.Fatal(err)
			}
			got := reflect.ValueOf(reply).Elem().Interface()
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func newAny() any { return new(any) }

// TestKoloBase64IsBytes checks that the server decodes kolo's <base64>
// into bytes (echo.add concatenates two byte strings).
func TestKoloBase64IsBytes(t *testing.T) {
	h := startHost(t)
	var got any
	if err := koloCall(t, h.URL, "echo.add", []any{xmlrpc.Base64("AP8="), xmlrpc.Base64("AQ==")}, &got); err != nil {
		t.Fatal(err)
	}
	if got != "AP8B" { // base64 of 00 ff 01
		t.Errorf("got %#v, want the base64 text AP8B", got)
	}
	var types map[string]any
	if err := koloCall(t, h.URL, "echo.types", nil, &types); err != nil {
		t.Fatal(err)
	}
	if types["base64"] != "AAFiaW5hcnn/" {
		t.Errorf("echo.types base64 = %#v, want the base64 text of \\x00\\x01binary\\xff", types["base64"])
	}
}

// TestKoloNil documents what kolo does with Go's nil and XML-RPC's <nil/>,
// and what the server answers. kolo has no nil on the wire: a nil args
// sends no <params> at all, a nil parameter an empty <param></param>, and
// a nil inside an array or a nil pointer an empty <value/>, which XML-RPC
// (and supervisord) read as the empty string.
func TestKoloNil(t *testing.T) {
	h := startHost(t)

	t.Run("nil args: no params", func(t *testing.T) {
		err := koloCall(t, h.URL, "echo.echo", nil, newAny())
		if want := (rpc.ServerError("Fault(2): INCORRECT_PARAMETERS")); err != want {
			t.Errorf("got %#v, want %#v", err, want)
		}
		var count int
		if err := koloCall(t, h.URL, "echo.count", nil, &count); err != nil || count != 0 {
			t.Errorf("echo.count() = %d, %v; want 0", count, err)
		}
	})

	t.Run("nil parameter: <param> without <value> is HTTP 400", func(t *testing.T) {
		// supervisord 4.2.5 cannot unmarshal it either (400).
		err := koloCall(t, h.URL, "echo.echo", []any{nil}, newAny())
		if want := (rpc.ServerError("request error: bad status code - 400")); err != want {
			t.Errorf("got %#v, want %#v", err, want)
		}
	})

	t.Run("nil in array and nil pointer: empty string", func(t *testing.T) {
		status, raw := koloRaw(t, h.URL, "echo.echo", []any{"a", nil})
		want := "<value><array><data>\n<value><string>a</string></value>\n<value><string></string></value>\n</data></array></value>"
		if status != 200 || !strings.Contains(raw, want) {
			t.Errorf("server answered %d %q, want it to contain %q", status, raw, want)
		}
		var strs []string
		if err := koloCall(t, h.URL, "echo.echo", []any{[]any{"a", nil}}, &strs); err != nil || !slices.Equal(strs, []string{"a", ""}) {
			t.Errorf("into []string: %q, %v", strs, err)
		}
		// Decoding into any, kolo turns an empty <string></string> into nil.
		var anys any
		if err := koloCall(t, h.URL, "echo.echo", []any{[]any{"a", nil}}, &anys); err != nil || !reflect.DeepEqual(anys, []any{"a", nil}) {
			t.Errorf("into any: %#v, %v", anys, err)
		}
		var s string
		if err := koloCall(t, h.URL, "echo.echo", (*string)(nil), &s); err != nil || s != "" {
			t.Errorf("nil *string: %q, %v", s, err)
		}
	})

	t.Run("<nil/> answer leaves the destination unchanged", func(t *testing.T) {
		status, raw := koloRaw(t, h.URL, "echo.none")
		if status != 200 || !strings.Contains(raw, "<value><nil/></value>") {
			t.Fatalf("server answered %d %q", status, raw)
		}
		var got any = "untouched"
		if err := koloCall(t, h.URL, "echo.none", nil, &got); err != nil || got != "untouched" {
			t.Errorf("into any: %#v, %v", got, err)
		}
		var m map[string]any
		if err := koloCall(t, h.URL, "echo.echo", map[string]any{"k": nil, "j": 1}, &m); err != nil {
			t.Fatal(err)
		}
		// "k" went as <value/> (the empty string) and came back as nil.
		if v, ok := m["k"]; !ok || v != nil || m["j"] != int64(1) {
			t.Errorf("struct with nil member: %#v", m)
		}
	})
}

// TestKoloFaults checks faults as kolo reports them: its response parser
// gives a FaultError with the code and string; its net/rpc client turns
// that into an rpc.ServerError with the FaultError's text.
func TestKoloFaults(t *testing.T) {
	h := startHost(t)
	tests := []struct {
		method string
		args   []any
		code   int
		str    string
	}{
		{"echo.concat", []any{1, "x"}, 3, "BAD_ARGUMENTS: concat needs two strings"},
		{"echo.fail", []any{70, "nr"}, 70, "NOT_RUNNING: nr"},
		{"echo.fail", []any{70}, 70, "NOT_RUNNING"},
		{"echo.fail", []any{231, "custom"}, 231, "UNKNOWN: custom"},
		{"echo.failPlain", []any{"disk full"}, 30, "FAILED: disk full"},
		{"echo.nosuch", nil, 1, "UNKNOWN_METHOD"},
		{"echo.add", []any{1}, 2, "INCORRECT_PARAMETERS"},
		{"another.setRetries", []any{-1}, 3, "BAD_ARGUMENTS: retries must not be negative, got -1"},
		{"cache.fetch", []any{"missing"}, 10, "BAD_NAME"},
		{"cache.store", []any{42, "x"}, 10, "BAD_NAME: Cache key must be a non-empty string"},
	}
	for _, tt := range tests {
		t.Run(tt.method+"/"+tt.str, func(t *testing.T) {
			var fe xmlrpc.FaultError
			if err := koloFault(t, h.URL, tt.method, tt.args...); !errors.As(err, &fe) || fe.Code != tt.code || fe.String != tt.str {
				t.Errorf("response parser: %#v, want FaultError{%d, %q}", err, tt.code, tt.str)
			}
			err := koloCall(t, h.URL, tt.method, tt.args, newAny())
			if want := rpc.ServerError((xmlrpc.FaultError{Code: tt.code, String: tt.str}).Error()); err != want {
				t.Errorf("client: %#v, want %#v", err, want)
			}
		})
	}
	t.Run("HTTP 500", func(t *testing.T) {
		err := koloCall(t, h.URL, "echo.boom", nil, newAny())
		if want := rpc.ServerError("request error: bad status code - 500"); err != want {
			t.Errorf("got %#v, want %#v", err, want)
		}
	})
}

// TestKoloMethods calls the plugins and system methods with kolo.
func TestKoloMethods(t *testing.T) {
	h := startHost(t)
	var methods []string
	if err := koloCall(t, h.URL, "system.listMethods", nil, &methods); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"another.getRetries", "cache.clear", "cache.delete", "cache.fetch", "cache.getAPIVersion",
		"cache.getCount", "cache.getKeys", "cache.store", "echo.echo", "echo.types", "system.listMethods", "system.multicall"} {
		if !slices.Contains(methods, m) {
			t.Errorf("system.listMethods lacks %s: %q", m, methods)
		}
	}

	var retries int
	if err := koloCall(t, h.URL, "another.getRetries", nil, &retries); err != nil || retries != 4 {
		t.Errorf("another.getRetries() = %d, %v; want 4", retries, err)
	}
	var big int64
	if err := koloCall(t, h.URL, "echo.big", nil, &big); err != nil || big != 1<<40 {
		t.Errorf("echo.big() into int64 = %d, %v", big, err)
	}
	var big32 int32
	if err := koloCall(t, h.URL, "echo.big", nil, &big32); err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("echo.big() into int32 = %d, %v; want kolo's range error", big32, err)
	}
	var sig []string
	if err := koloCall(t, h.URL, "system.methodSignature", "cache.store", &sig); err != nil || !slices.Equal(sig, []string{"boolean", "string", "string"}) {
		t.Errorf("methodSignature(cache.store) = %q, %v", sig, err)
	}

	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	s := koloStruct{Name: "kept", Count: 2, When: when, Tags: []string{"t"}, Plain: -0.5}
	steps := []struct {
		method string
		args   any
		reply  any
		want   any
	}{
		{"cache.getAPIVersion", nil, new(string), "0.2"},
		{"cache.store", []any{"struct", s}, new(bool), true},
		{"cache.store", []any{"int", 7}, new(bool), true},
		{"cache.store", []any{"time", when}, new(bool), true},
		{"cache.fetch", "struct", new(koloStruct), s},
		{"cache.fetch", "int", new(int), 7},
		{"cache.fetch", "time", new(time.Time), when},
		{"cache.getKeys", nil, new([]string), []string{"int", "struct", "time"}},
		{"cache.getCount", nil, new(int), 3},
		{"cache.delete", "int", new(bool), true},
		{"cache.getCount", nil, new(int), 2},
		{"cache.clear", nil, new(bool), true},
		{"cache.getKeys", nil, newAny(), []any{}},
		{"cache.getKeys", nil, new([]string), []string(nil)}, // kolo leaves a typed slice nil for an empty array
	}
	for _, st := range steps {
		if err := koloCall(t, h.URL, st.method, st.args, st.reply); err != nil {
			t.Errorf("%s(%v): %v", st.method, st.args, err)
			continue
		}
		if got := reflect.ValueOf(st.reply).Elem().Interface(); !reflect.DeepEqual(got, st.want) {
			t.Errorf("%s(%v) = %#v, want %#v", st.method, st.args, got, st.want)
		}
	}
}
