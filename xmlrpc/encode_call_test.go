package xmlrpc_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// The expected bodies are what Python's xmlrpc.client.dumps writes for the
// same values (python3 -c "import xmlrpc.client as x; print(repr(x.dumps(...)))").
func TestMethodCallLayoutIsPython(t *testing.T) {
	type named struct {
		Name string `xmlrpc:"name"`
		N    int    `xmlrpc:"n"`
	}
	tests := []struct {
		name   string
		method string
		args   []any
		want   string
	}{
		{"no params", "a.b", nil,
			"<?xml version='1.0'?>\n<methodCall>\n<methodName>a.b</methodName>\n<params>\n</params>\n</methodCall>\n"},
		{"scalars, struct, array, dateTime", "a.b",
			[]any{named{"web", 1 << 30}, []any{"a", true, 1.5}, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
			"<?xml version='1.0'?>\n<methodCall>\n<methodName>a.b</methodName>\n<params>\n<param>\n<value><struct>\n<member>\n<name>name</name>\n<value><string>web</string></value>\n</member>\n<member>\n<name>n</name>\n<value><int>1073741824</int></value>\n</member>\n</struct></value>\n</param>\n<param>\n<value><array><data>\n<value><string>a</string></value>\n<value><boolean>1</boolean></value>\n<value><double>1.5</double></value>\n</data></array></value>\n</param>\n<param>\n<value><dateTime.iso8601>20260102T03:04:05</dateTime.iso8601></value>\n</param>\n</params>\n</methodCall>\n"},
		{"nil", "x", []any{"a<b", nil},
			"<?xml version='1.0'?>\n<methodCall>\n<methodName>x</methodName>\n<params>\n<param>\n<value><string>a&lt;b</string></value>\n</param>\n<param>\n<value><nil/></value></param>\n</params>\n</methodCall>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := xmlrpc.NewEncoder(nil)
			if err := e.MethodCall(tt.method, tt.args...); err != nil {
				t.Fatal(err)
			}
			if got := string(e.Bytes()); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestMethodCallDifferences(t *testing.T) {
	e := xmlrpc.NewEncoder(nil)
	if err := e.MethodCall("a<b", int64(1)<<40, []byte("hi")); err != nil {
		t.Fatal(err)
	}
	got := string(e.Bytes())
	for _, want := range []string{
		"<methodName>a&lt;b</methodName>",       // escaped (Python writes the name raw)
		"<value><i8>1099511627776</i8></value>", // beyond 32 bits (Python refuses)
		"<value><base64>aGk=</base64></value>",  // one line (Python breaks lines)
	} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
}

func TestMethodCallErrors(t *testing.T) {
	tests := []struct {
		name      string
		method    string
		args      []any
		wantParam int    // 0: not a parameter's error
		wantPath  string // the *EncodeError's path
		want      string // in the message
	}{
		{"empty name", "", nil, 0, "", "empty method name"},
		{"control character in name", "a\x01", nil, 0, "", "method name"},
		{"NaN", "m", []any{1, math.NaN()}, 2, "", "NaN"},
		{"deep", "m", []any{map[string]any{"a": []any{1, "x\x00"}}}, 1, ".a[1]", "control character"},
		{"unsupported", "m", []any{make(chan int)}, 1, "", "unsupported type chan int"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := xmlrpc.NewEncoder([]byte("keep"))
			err := e.MethodCall(tt.method, tt.args...)
			if err == nil {
				t.Fatalf("no error; encoded %q", e.Bytes())
			}
			if string(e.Bytes()) != "keep" {
				t.Errorf("output not rewound: %q", e.Bytes())
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
			var pe *xmlrpc.ParamError
			if got := errors.As(err, &pe); got != (tt.wantParam != 0) || got && pe.Index != tt.wantParam {
				t.Errorf("error %v: ParamError %v, want parameter %d", err, pe, tt.wantParam)
			}
			var ee *xmlrpc.EncodeError
			if errors.As(err, &ee) && ee.Path != tt.wantPath {
				t.Errorf("path %q, want %q", ee.Path, tt.wantPath)
			}
		})
	}
}

// TestMulticallEntryLayoutIsPython: the body Python's
// xmlrpc.client.MultiCall sends for echo.add(1, 2) and supervisor.getPID().
func TestMulticallEntryLayoutIsPython(t *testing.T) {
	const want = "<?xml version='1.0'?>\n<methodCall>\n<methodName>system.multicall</methodName>\n<params>\n<param>\n<value><array><data>\n<value><struct>\n<member>\n<name>methodName</name>\n<value><string>echo.add</string></value>\n</member>\n<member>\n<name>params</name>\n<value><array><data>\n<value><int>1</int></value>\n<value><int>2</int></value>\n</data></array></value>\n</member>\n</struct></value>\n<value><struct>\n<member>\n<name>methodName</name>\n<value><string>supervisor.getPID</string></value>\n</member>\n<member>\n<name>params</name>\n<value><array><data>\n</data></array></value>\n</member>\n</struct></value>\n</data></array></value>\n</param>\n</params>\n</methodCall>\n"
	e := xmlrpc.NewEncoder(nil)
	if err := e.BeginCall("system.multicall"); err != nil {
		t.Fatal(err)
	}
	e.BeginParam()
	if err := e.BeginArray(); err != nil {
		t.Fatal(err)
	}
	if err := e.MulticallEntry("echo.add", 1, 2); err != nil {
		t.Fatal(err)
	}
	mark := e.Mark()
	if err := e.MulticallEntry("echo.add", math.Inf(1)); err == nil {
		t.Fatal("Inf encoded")
	} else if e.Mark() != mark {
		t.Fatal("a failed entry was not rewound")
	}
	if err := e.MulticallEntry(""); err == nil {
		t.Fatal("empty method name encoded")
	}
	if err := e.MulticallEntry("supervisor.getPID"); err != nil {
		t.Fatal(err)
	}
	e.EndArray()
	e.EndParam()
	e.EndCall()
	if got := string(e.Bytes()); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}

	// And the server's decoder reads each entry by its fast path.
	d := xmlrpc.NewDecoder(e.Bytes(), xmlrpc.Limits{})
	if _, err := d.MethodCall(); err != nil {
		t.Fatal(err)
	}
	if ok, err := d.NextParam(); !ok || err != nil {
		t.Fatal(ok, err)
	}
	a, err := d.BeginArray()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for {
		more, err := a.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !more {
			break
		}
		name, _, ok := d.MulticallEntry()
		if !ok {
			t.Fatalf("entry %d not read by MulticallEntry's fast path", len(names))
		}
		names = append(names, name)
	}
	if strings.Join(names, " ") != "echo.add supervisor.getPID" {
		t.Errorf("entries %q", names)
	}
}
