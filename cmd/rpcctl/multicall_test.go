package main

import (
	"reflect"
	"strings"
	"testing"
)

func TestReadCalls(t *testing.T) {
	tests := []struct {
		name, in string
		want     []mcCall
		err      string
	}{
		{name: "nothing", in: "", want: nil},
		{name: "only space", in: " \n\t\n", want: nil},
		{name: "JSON lines", in: "{\"method\":\"a.b\",\"params\":[1,2.5,\"x\"]}\n{\"method\":\"c.d\"}\n",
			want: []mcCall{{"a.b", []any{1, 2.5, "x"}, 1}, {"c.d", []any{}, 2}}},
		{name: "spread over lines, blank lines between", in: "\n\n{\n  \"method\": \"a.b\",\n  \"params\": [{\"k\": null}]\n}\n\n  {\"method\":\"c\"}",
			want: []mcCall{{"a.b", []any{map[string]any{"k": nil}}, 3}, {"c", []any{}, 8}}},
		{name: "on one line", in: `{"method":"a"} {"method":"b"}`,
			want: []mcCall{{"a", []any{}, 1}, {"b", []any{}, 1}}},
		{name: "not an object", in: "{\"method\":\"a\"}\n[\"a\"]\n", err: "stdin line 2: want a JSON object {\"method\": \"...\", \"params\": [...]}, not an array"},
		{name: "a bare name", in: "\"supervisor.getPID\"", err: "stdin line 1: want a JSON object"},
		{name: "no method", in: "{\"params\":[]}", err: "stdin line 1: no \"method\""},
		{name: "empty method", in: "{\"method\":\"\"}", err: "stdin line 1: \"method\" must be a method's name, not a string"},
		{name: "method not a string", in: "{\"method\":1}", err: "\"method\" must be a method's name, not a number"},
		{name: "params not an array", in: "{\"method\":\"a\",\"params\":{\"x\":1}}", err: "\"params\" must be an array, not an object"},
		{name: "params null", in: "{\"method\":\"a\",\"params\":null}", err: "\"params\" must be an array, not null"},
		{name: "another member", in: "{\"method\":\"a\",\"methodName\":\"b\"}", err: "unknown member \"methodName\" (a call has \"method\" and \"params\")"},
		{name: "member twice", in: "{\"method\":\"a\",\"method\":\"b\"}", err: "member \"method\" given twice"},
		{name: "syntax error on its line", in: "{\"method\":\"a\"}\n{\"method\":\"b\",\n\"params\":[1,,2]}\n", err: "stdin line 3: invalid character ','"},
		{name: "cut short", in: "{\"method\":\"a\"}\n{\"method\":", err: "stdin line 2: the input ends inside a JSON value"},
		{name: "a stray bracket", in: "{\"method\":\"a\"}\n]", err: "stdin line 2: invalid character ']'"},
		{name: "a number too big", in: "{\"method\":\"a\",\"params\":[1e400]}", err: "stdin line 1: number 1e400 is beyond a double's range"},
	}
	for _, tt := range tests {
		got, err := readCalls([]byte(tt.in))
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s: %+v, %v; want an error saying %q", tt.name, got, err, tt.err)
		case tt.err == "" && (err != nil || !reflect.DeepEqual(got, tt.want)):
			t.Errorf("%s: %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
}

// FuzzReadCalls: no input makes readCalls panic; every call it reads has
// a method, params and a line inside the input, in order.
func FuzzReadCalls(f *testing.F) {
	f.Add("{\"method\":\"a.b\",\"params\":[1,2.5,\"x\",{\"k\":[true,null]}]}\n{\"method\":\"c\"}\n")
	f.Add("{\n\"method\": \"a\"}\n\n{\"method\":\"b\",\"params\":[1e400]}")
	f.Add("[{\"method\":\"a\"}]")
	f.Fuzz(func(t *testing.T, in string) {
		calls, err := readCalls([]byte(in))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "stdin line ") {
				t.Fatalf("error %q does not name its line", err)
			}
			return
		}
		lines := strings.Count(in, "\n") + 1
		last := 1
		for _, c := range calls {
			if c.method == "" || c.params == nil || c.line < last || c.line > lines {
				t.Fatalf("call %+v (of %d lines, the previous on line %d)", c, lines, last)
			}
			last = c.line
		}
	})
}
