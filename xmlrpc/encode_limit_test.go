package xmlrpc_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

type limited struct {
	Name  string
	Items []int
	Blob  []byte
}

// TestEncodeMaxBytes: a value whose encoding would take the output past
// MaxBytes fails with an *OutputLimitError at a value boundary, so that
// the output never grows more than one scalar past the limit; the same
// value encodes whole, byte for byte, when the limit leaves room for it.
func TestEncodeMaxBytes(t *testing.T) {
	const max = 4096
	cases := []struct {
		name  string
		value any
	}{
		{"one long string", strings.Repeat("x", 10*max)},
		{"a string that only escaping makes too long", strings.Repeat("&", max/2)},
		{"one long []byte", make([]byte, 10*max)},
		{"[]int", make([]int, 1000)},
		{"[]any of ints", func() []any {
			a := make([]any, 1000)
			for i := range a {
				a[i] = i
			}
			return a
		}()},
		{"[][]byte", [][]byte{make([]byte, max/4), make([]byte, max/4), make([]byte, max/4), make([]byte, max/4)}},
		{"map of strings", func() map[string]string {
			m := map[string]string{}
			for i := range 200 {
				m[strings.Repeat("k", 3)+string(rune('a'+i%26))+strings.Repeat("z", i)] = "v"
			}
			return m
		}()},
		{"map[string]any", func() map[string]any {
			m := map[string]any{}
			for i := range 100 {
				m[strings.Repeat("m", i+1)] = []any{i, "x"}
			}
			return m
		}()},
		{"struct with a long slice", limited{Name: "n", Items: make([]int, 500)}},
		{"struct with a long blob", &limited{Name: "n", Blob: make([]byte, max)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			whole := xmlrpc.NewEncoder(nil)
			if err := whole.Any(tc.value); err != nil {
				t.Fatal(err)
			}
			if len(whole.Bytes()) <= max {
				t.Fatalf("the case is %d bytes: not past the limit", len(whole.Bytes()))
			}

			e := xmlrpc.NewEncoder([]byte("prefix"))
			e.MaxBytes = max
			err := e.Any(tc.value)
			var le *xmlrpc.OutputLimitError
			if !errors.As(err, &le) || le.Max != max {
				t.Fatalf("error %v, want an *OutputLimitError of %d", err, max)
			}
			if over := len(e.Bytes()) - max; over > 64 {
				t.Errorf("the output grew %d bytes past the limit", over)
			}
			if !e.Full() && len(e.Bytes()) > max {
				t.Error("Full reports false past the limit")
			}

			// With room, the same bytes as without a limit.
			e = xmlrpc.NewEncoder(nil)
			e.MaxBytes = len(whole.Bytes())
			if err := e.Any(tc.value); err != nil {
				t.Fatalf("with room for it: %v", err)
			}
			if string(e.Bytes()) != string(whole.Bytes()) {
				t.Error("with a limit the output differs")
			}
		})
	}
}

// TestEncodeMaxBytesReflect: the reflect encoders (a method's result) stop
// at the limit as Any does.
func TestEncodeMaxBytesReflect(t *testing.T) {
	v := limited{Name: "n", Items: make([]int, 10_000)}
	e := xmlrpc.NewEncoder(nil)
	e.MaxBytes = 1000
	err := e.Value(reflect.ValueOf(v))
	if _, ok := errors.AsType[*xmlrpc.OutputLimitError](err); !ok {
		t.Fatalf("error %v", err)
	}
	if len(e.Bytes()) > 1000+64 {
		t.Errorf("%d bytes", len(e.Bytes()))
	}
}

// TestEncodeMaxBytesRewind: after the limit is hit, rewinding to a mark
// leaves room for a fault, as the dispatcher answers.
func TestEncodeMaxBytesRewind(t *testing.T) {
	e := xmlrpc.NewEncoder(nil)
	e.MaxBytes = 512
	start := e.Mark()
	e.BeginResponse()
	if err := e.Any([]any{strings.Repeat("a", 400), strings.Repeat("b", 400)}); err == nil {
		t.Fatal("no error")
	}
	e.Rewind(start)
	e.Fault(30, "FAILED: too large")
	if got := string(e.Bytes()); !strings.Contains(got, "<fault>") || strings.Contains(got, "aaaa") {
		t.Fatalf("%q", got)
	}
	if e.Full() {
		t.Error("full after rewinding")
	}
}
