package config

import (
	"reflect"
	"testing"
)

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
		got, err := dictOfKeyValuePairs(tt.in)
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
		for _, k := range got.keys {
			pairs = append(pairs, kv{k, got.m[k]})
		}
		if !reflect.DeepEqual(pairs, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.in, pairs, tt.want)
		}
	}
}

func TestEnvironExpansions(t *testing.T) {
	x := environExpansions([]string{"B=2", "A=1", "B=3", "NOEQ", "E="})
	if want := []string{"ENV_B", "ENV_A", "ENV_E"}; !reflect.DeepEqual(x.keys, want) {
		t.Errorf("keys = %q, want %q", x.keys, want)
	}
	if x.m["ENV_B"] != "2" || x.m["ENV_E"] != "" {
		t.Errorf("values = %q", x.m)
	}
}
