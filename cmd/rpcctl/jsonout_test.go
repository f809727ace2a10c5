package main

import (
	"bytes"
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

func TestToJSON(t *testing.T) {
	huge, _ := new(big.Int).SetString("123456789012345678901234567890", 10)
	tests := []struct {
		name   string
		v      any
		indent bool
		want   string
	}{
		{"int", 42, false, "42\n"},
		{"i8", 1 << 40, false, "1099511627776\n"},
		{"beyond 64 bits", huge, false, "123456789012345678901234567890\n"},
		{"double", 2.5, false, "2.5\n"},
		{"double without a fraction", 3.0, false, "3\n"},
		{"NaN", math.NaN(), false, "\"NaN\"\n"},
		{"infinity", math.Inf(-1), false, "\"-Infinity\"\n"},
		{"string, not escaped for HTML", "a<b & \"c\"", false, "\"a<b & \\\"c\\\"\"\n"},
		{"boolean", true, false, "true\n"},
		{"nil", nil, false, "null\n"},
		{"base64", []byte{0, 1, 0xfe, 0xff}, false, "\"AAH+/w==\"\n"},
		{"empty base64", []byte{}, false, "\"\"\n"},
		{"dateTime", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), false, "\"2026-01-02T03:04:05\"\n"},
		{"struct, members sorted", map[string]any{"name": "web", "pid": 42, "at": time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}, false,
			`{"at":"2026-01-02T03:04:05","name":"web","pid":42}` + "\n"},
		{"nested", []any{map[string]any{"b": []byte("hi")}, []any{}, map[string]any{}}, false, `[{"b":"aGk="},[],{}]` + "\n"},
		{"indented", map[string]any{"a": []any{1, 2}}, true, "{\n  \"a\": [\n    1,\n    2\n  ]\n}\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := writeJSON(&b, toJSON(tt.v), tt.indent); err != nil || b.String() != tt.want {
			t.Errorf("%s: %q, %v; want %q", tt.name, b.String(), err, tt.want)
		}
	}
}

func TestFaultOutput(t *testing.T) {
	f := xmlrpc.ReceivedFault(10, "BAD_NAME: web")
	if got := faultLine(f); got != "10 BAD_NAME: web" {
		t.Errorf("faultLine: %q", got)
	}
	var b bytes.Buffer
	if err := writeJSON(&b, newFaultJSON(f), false); err != nil || b.String() != `{"faultCode":10,"faultString":"BAD_NAME: web"}`+"\n" {
		t.Errorf("fault as JSON: %q, %v", b.String(), err)
	}
}
