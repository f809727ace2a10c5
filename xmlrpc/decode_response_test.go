package xmlrpc_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// answer returns a methodResponse body with one <param> holding value.
func answer(value string) []byte {
	return []byte("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n" + value + "\n</param>\n</params>\n</methodResponse>\n")
}

// faultResponse is a fault answer as Python's xmlrpc.client writes it.
func faultResponse(code, text string) []byte {
	return []byte("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>" +
		code + "</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>" + text +
		"</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n")
}

func TestDecodeResponseValues(t *testing.T) {
	type info struct {
		Name string `xmlrpc:"name"`
		PID  int    `xmlrpc:"pid"`
	}
	tests := []struct {
		name   string
		body   []byte
		result any // a pointer to a zero value
		want   any // what it points to afterwards
		opts   []xmlrpc.DecoderOption
	}{
		{"int", answer("<value><int>3</int></value>"), new(int), 3, nil},
		{"i8 into int64", answer("<value><i8>1099511627776</i8></value>"), new(int64), int64(1) << 40, nil},
		{"string", answer("<value><string>a&lt;b</string></value>"), new(string), "a<b", nil},
		{"untyped string", answer("<value>plain</value>"), new(string), "plain", nil},
		{"any", answer("<value><array><data><value><int>1</int></value><value>x</value></data></array></value>"),
			new(any), []any{1, "x"}, nil},
		{"struct, unknown member ignored",
			answer("<value><struct><member><name>name</name><value>web</value></member><member><name>new</name><value><int>1</int></value></member><member><name>pid</name><value><int>42</int></value></member></struct></value>"),
			new(info), info{"web", 42}, []xmlrpc.DecoderOption{xmlrpc.IgnoreUnknownMembers()}},
		{"nil into pointer", answer("<value><nil/></value>"), new(*int), (*int)(nil), nil},
		{"base64", answer("<value><base64>aGk=</base64></value>"), new([]byte), []byte("hi"), nil},
		{"comments and CRLF", []byte("<?xml version='1.0'?>\r\n<!-- c --><methodResponse><params><param><value><boolean>1</boolean></value></param></params></methodResponse>\r\n"),
			new(bool), true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := xmlrpc.NewDecoder(tt.body, xmlrpc.Limits{})
			if err := d.DecodeResponse(tt.result, tt.opts...); err != nil {
				t.Fatal(err)
			}
			if got := reflect.ValueOf(tt.result).Elem().Interface(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestDecodeResponseFault(t *testing.T) {
	tests := []struct {
		name     string
		body     []byte
		code     xmlrpc.Code
		str, msg string
	}{
		{"supervisord's rule", faultResponse("10", "BAD_NAME: web"), xmlrpc.CodeBadName, "BAD_NAME: web", "web"},
		{"bare name", faultResponse("6", "SHUTDOWN_STATE"), xmlrpc.CodeShutdownState, "SHUTDOWN_STATE", ""},
		{"Python's SimpleXMLRPCServer", faultResponse("1", "&lt;class 'ValueError'&gt;:boom"), 1, "<class 'ValueError'>:boom", "<class 'ValueError'>:boom"},
		{"code of another table", faultResponse("-32601", "method not found"), -32601, "method not found", "method not found"},
		{"members swapped, i8 code", []byte("<methodResponse><fault><value><struct><member><name>faultString</name><value>x</value></member><member><name>faultCode</name><value><i8>7</i8></value></member></struct></value></fault></methodResponse>"),
			7, "x", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n int
			err := xmlrpc.NewDecoder(tt.body, xmlrpc.Limits{}).DecodeResponse(&n)
			f, ok := err.(*xmlrpc.Fault)
			if !ok {
				t.Fatalf("got %T %v, want a *Fault", err, err)
			}
			if f.Code != tt.code || f.FaultString() != tt.str || f.Message != tt.msg {
				t.Errorf("got code %d, string %q, message %q; want %d, %q, %q", f.Code, f.FaultString(), f.Message, tt.code, tt.str, tt.msg)
			}
			if !errors.Is(err, xmlrpc.NewFault(tt.code, "")) {
				t.Error("errors.Is does not match the code")
			}
			// A received fault passed on by a server is sent as it came.
			e := xmlrpc.NewEncoder(nil)
			e.Fault(int(f.Code), f.FaultString())
			again := xmlrpc.NewDecoder(e.Bytes(), xmlrpc.Limits{}).DecodeResponse(nil)
			if g, ok := again.(*xmlrpc.Fault); !ok || g.FaultString() != tt.str || g.Code != tt.code {
				t.Errorf("re-sent fault reads back as %v", again)
			}
		})
	}
}

func TestDecodeResponseErrors(t *testing.T) {
	tests := []struct {
		name   string
		body   []byte
		result any
		want   string // in the message
		kind   any    // a pointer to the error type wanted
	}{
		{"empty", nil, nil, "empty body", new(*xmlrpc.SyntaxError)},
		{"a request", testkit.MethodCall("m", "<value><int>1</int></value>"), nil, "not <methodResponse>", new(*xmlrpc.SyntaxError)},
		{"no params", []byte("<methodResponse><params></params></methodResponse>"), nil, "exactly one value", new(*xmlrpc.SyntaxError)},
		{"empty root", []byte("<methodResponse/>"), nil, "neither <params> nor <fault>", new(*xmlrpc.SyntaxError)},
		{"two params", []byte("<methodResponse><params><param><value>a</value></param><param><value>b</value></param></params></methodResponse>"), nil, "more than one <param>", new(*xmlrpc.SyntaxError)},
		{"params and fault", []byte("<methodResponse><params><param><value>a</value></param></params><fault/></methodResponse>"), nil, "more than one", new(*xmlrpc.SyntaxError)},
		{"fault without string", []byte("<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member></struct></value></fault></methodResponse>"), nil, "faultCode (an integer) and faultString", new(*xmlrpc.SyntaxError)},
		{"fault with a third member", []byte("<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member><member><name>faultString</name><value>x</value></member><member><name>x</name><value>x</value></member></struct></value></fault></methodResponse>"), nil, "faultCode", new(*xmlrpc.SyntaxError)},
		{"fault code a string", []byte(strings.Replace(string(faultResponse("1", "x")), "<int>1</int>", "<string>1</string>", 1)), nil, "faultCode (an integer)", new(*xmlrpc.SyntaxError)},
		{"trailing element", append(answer("<value>a</value>"), "<x/>"...), nil, "content after the root element", new(*xmlrpc.SyntaxError)},
		{"truncated", answer("<value><array><data><value>a</value>")[:60], nil, "", new(*xmlrpc.SyntaxError)},
		{"DTD", []byte("<!DOCTYPE x [<!ENTITY a 'b'>]><methodResponse/>"), nil, "DTD", new(*xmlrpc.SyntaxError)},
		{"too deep", answer(strings.Repeat("<value><array><data>", 300)), new(any), "MaxDepth", new(*xmlrpc.LimitError)},
		{"string into int", answer("<value><string>x</string></value>"), new(int), "cannot use <string> as int", new(*xmlrpc.TypeError)},
		{"i8 into int32", answer("<value><i8>4294967296</i8></value>"), new(int32), "overflows int32", new(*xmlrpc.TypeError)},
		{"unknown member, strict", answer("<value><struct><member><name>x</name><value>1</value></member></struct></value>"), new(struct{}), ".x: no such member", new(*xmlrpc.TypeError)},
		{"not a pointer", answer("<value>1</value>"), 1, "non-nil pointer", nil},
		{"nil pointer", answer("<value>1</value>"), (*int)(nil), "non-nil pointer", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := xmlrpc.NewDecoder(tt.body, xmlrpc.Limits{}).DecodeResponse(tt.result)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
			if tt.kind != nil && !errors.As(err, tt.kind) {
				t.Errorf("error %T %v, want %T", err, err, reflect.ValueOf(tt.kind).Elem().Interface())
			}
			var se *xmlrpc.SyntaxError
			var le *xmlrpc.LimitError
			if (errors.As(err, &se) || errors.As(err, &le)) && !strings.Contains(err.Error(), "response") {
				t.Errorf("error %q does not say it is about a response", err)
			}
		})
	}
}

// A value that does not fit is reported, and the rest of the document is
// still checked: a malformed tail wins over the type error.
func TestDecodeResponseTypeErrorThenMalformed(t *testing.T) {
	body := []byte("<methodResponse><params><param><value><string>x</string></value></param></params></methodResponse><oops>")
	var n int
	err := xmlrpc.NewDecoder(body, xmlrpc.Limits{}).DecodeResponse(&n)
	var se *xmlrpc.SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want a syntax error", err)
	}
}

func TestMethodResponseStepByStep(t *testing.T) {
	d := xmlrpc.NewDecoder(answer("<value><array><data><value><int>1</int></value><value><int>2</int></value></data></array></value>"), xmlrpc.Limits{})
	f, err := d.MethodResponse()
	if f != nil || err != nil {
		t.Fatal(f, err)
	}
	a, err := d.BeginArray()
	if err != nil {
		t.Fatal(err)
	}
	sum := int64(0)
	for {
		more, err := a.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !more {
			break
		}
		n, err := d.DecodeInt64()
		if err != nil {
			t.Fatal(err)
		}
		sum += n
	}
	if err := d.End(); err != nil {
		t.Fatal(err)
	}
	if sum != 3 {
		t.Errorf("sum %d", sum)
	}

	d = xmlrpc.NewDecoder(append(faultResponse("2", "INCORRECT_PARAMETERS"), "<more/>"...), xmlrpc.Limits{})
	if f, err := d.MethodResponse(); err != nil || f == nil || f.Code != xmlrpc.CodeIncorrectParameters {
		t.Fatal(f, err)
	}
	if err := d.End(); err == nil || !strings.Contains(err.Error(), "malformed XML-RPC response") {
		t.Errorf("End after a fault with content after the root: %v", err)
	}
}

func TestDecodeFaultConsumesNothingElse(t *testing.T) {
	values := []string{
		"<value><int>1</int></value>",
		"<value><struct><member><name>faultCode</name><value><int>1</int></value></member></struct></value>",
		"<value><struct><member><name>faultCode</name><value>x</value></member><member><name>faultString</name><value>x</value></member></struct></value>",
		"<value><struct><member><name>faultCode</name><value><int>1</int></value></member><member><name>faultCode</name><value><int>1</int></value></member></struct></value>",
		"<value><struct><member><name>name</name><value>web</value></member></struct></value>",
		"<value><struct></struct></value>",
	}
	for _, v := range values {
		d := xmlrpc.NewDecoder(answer(v), xmlrpc.Limits{})
		if _, err := d.MethodResponse(); err != nil {
			t.Fatal(err)
		}
		at := d.Offset()
		f, err := d.DecodeFault()
		if f != nil || err != nil || d.Offset() != at {
			t.Errorf("%s: DecodeFault = %v, %v, moved from %d to %d", v, f, err, at, d.Offset())
		}
		if _, err := d.DecodeAny(); err != nil {
			t.Errorf("%s: decoding after DecodeFault: %v", v, err)
		}
		if err := d.End(); err != nil {
			t.Error(err)
		}
	}
}

// multicallAnswer is an answer to a system.multicall: entries are the
// values of its array.
func multicallAnswer(entries ...string) []byte {
	return answer("<value><array><data>\n" + strings.Join(entries, "\n") + "\n</data></array></value>")
}

const (
	faultEntry = "<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>10</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>BAD_NAME: x</string></value>\n</member>\n</struct></value>"
	intEntry   = "<value><int>5</int></value>"
)

func TestDecodeMulticallResponse(t *testing.T) {
	type pair struct {
		A int `xmlrpc:"a"`
	}
	tests := []struct {
		name      string
		spec      bool
		body      []byte
		results   func() []any
		wantFault []bool // per call
		want      []any  // what each result points to, for calls without a fault
		wantErr   string
	}{
		{"supervisord dialect", false,
			multicallAnswer(intEntry, faultEntry, "<value><struct><member><name>a</name><value><int>2</int></value></member></struct></value>", "<value>s</value>"),
			func() []any { return []any{new(int), new(int), new(pair), nil} },
			[]bool{false, true, false, false}, []any{5, nil, pair{2}, nil}, ""},
		{"spec dialect", true,
			multicallAnswer("<value><array><data>"+intEntry+"</data></array></value>", faultEntry, "<value><array><data><value><array><data><value>x</value></data></array></value></data></array></value>"),
			func() []any { return []any{new(int), new(string), new([]string)} },
			[]bool{false, true, false}, []any{5, nil, []string{"x"}}, ""},
		{"spec dialect, bare value", true, multicallAnswer(intEntry), func() []any { return []any{new(int)} },
			nil, nil, "neither an array of its value nor a fault"},
		{"spec dialect, two values", true, multicallAnswer("<value><array><data>" + intEntry + intEntry + "</data></array></value>"), func() []any { return []any{new(int)} },
			nil, nil, "more than one value"},
		{"too few answers", false, multicallAnswer(intEntry), func() []any { return []any{new(int), new(int)} },
			nil, nil, "1 answers to 2 calls"},
		{"too many answers", false, multicallAnswer(intEntry, intEntry), func() []any { return []any{new(int)} },
			nil, nil, "more answers than the 1 calls"},
		{"not an array", false, answer(intEntry), func() []any { return []any{new(int)} },
			nil, nil, "must be an array"},
		{"a value that does not fit", false, multicallAnswer(intEntry, "<value>x</value>"), func() []any { return []any{new(int), new(int)} },
			nil, nil, "call 1: cannot use <string> as int"},
		{"fault for the whole call", false, faultResponse("1", "UNKNOWN_METHOD"), func() []any { return []any{new(int)} },
			nil, nil, "UNKNOWN_METHOD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			results := tt.results()
			errs, err := xmlrpc.NewDecoder(tt.body, xmlrpc.Limits{}).DecodeMulticallResponse(results, tt.spec)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tt.wantErr)
				}
				if errs != nil {
					t.Errorf("errs %v with a whole-call error", errs)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(errs) != len(results) {
				t.Fatalf("%d errors for %d calls", len(errs), len(results))
			}
			for i := range results {
				var f *xmlrpc.Fault
				if isFault := errors.As(errs[i], &f); isFault != tt.wantFault[i] {
					t.Errorf("call %d: error %v", i, errs[i])
				}
				if f != nil && (f.Code != xmlrpc.CodeBadName || f.FaultString() != "BAD_NAME: x") {
					t.Errorf("call %d: fault %v", i, f)
				}
				if results[i] == nil || tt.wantFault[i] {
					continue
				}
				if got := reflect.ValueOf(results[i]).Elem().Interface(); !reflect.DeepEqual(got, tt.want[i]) {
					t.Errorf("call %d: %#v, want %#v", i, got, tt.want[i])
				}
			}
		})
	}
}
