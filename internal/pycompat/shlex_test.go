package pycompat

import (
	"reflect"
	"slices"
	"testing"
)

type kv struct{ k, v string }

// TestDictOfKeyValuePairs compares with supervisor.datatypes.
// dict_of_key_value_pairs (4.2.5, Python 3.11 shlex).
func TestDictOfKeyValuePairs(t *testing.T) {
	tests := []struct {
		in      string
		want    []kv
		wantErr string
	}{
		{in: `KEY="val",K2=v2`, want: []kv{{"KEY", "val"}, {"K2", "v2"}}},
		{in: `KEY="val, with comma"`, want: []kv{{"KEY", "val, with comma"}}},
		{in: "A=1;B=2", want: []kv{{"A", "1"}, {"B", "2"}}}, // any token separates pairs
		{in: "A=1,B=2,", want: []kv{{"A", "1"}, {"B", "2"}}},
		{in: `"Q"=1`, want: []kv{{`"Q"`, "1"}}}, // keys keep their quotes
		{in: "A='a b'", want: []kv{{"A", "a b"}}},
		{in: `A=a"b`, want: []kv{{"A", `a"b`}}},
		{in: "A=é", want: []kv{{"A", "é"}}},
		{in: "A=aé", want: []kv{{"A", "a"}}}, // é is a separate token, then skipped
		{in: "A=/a/b.c+d-e(f):g", want: []kv{{"A", "/a/b.c+d-e(f):g"}}},
		{in: "A==1", want: []kv{{"A", "="}}},
		{in: "A=1,A=2", want: []kv{{"A", "2"}}},
		{in: "", want: nil},
		{in: "A=1 B=2", wantErr: "Unexpected end of key/value pairs in value 'A=1 B=2'"},
		{in: "A=x#c\nB=2", wantErr: "Unexpected end of key/value pairs in value 'A=x#c\nB=2'"},
		{in: ",", wantErr: "Unexpected end of key/value pairs in value ','"},
		{in: `A="1`, wantErr: "No closing quotation"},
	}
	for _, tt := range tests {
		got, err := DictOfKeyValuePairs(tt.in)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("%q: error %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		var pairs []kv
		for _, k := range got.Keys() {
			v, _ := got.Get(k)
			pairs = append(pairs, kv{k, v})
		}
		if !reflect.DeepEqual(pairs, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.in, pairs, tt.want)
		}
	}
}

// TestSplit compares with Python 3.11's shlex.split.
func TestSplit(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		err  string
	}{
		{in: "sleep 1000", want: []string{"sleep", "1000"}},
		{in: "  sh  -c 'echo hi; sleep 1'  ", want: []string{"sh", "-c", "echo hi; sleep 1"}},
		{in: `echo "a \"b\" \c" d\ e`, want: []string{"echo", `a "b" \c`, "d e"}},
		{in: `echo '' x""y`, want: []string{"echo", "", "xy"}},
		{in: "a\tb\nc", want: []string{"a", "b", "c"}},
		{in: "", want: nil},
		{in: "echo 'x", err: "No closing quotation"},
		{in: `echo "x`, err: "No closing quotation"},
		{in: `echo x\`, err: "No escaped character"},
	}
	for _, tt := range tests {
		got, err := Split(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("Split(%q) error %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("Split(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
