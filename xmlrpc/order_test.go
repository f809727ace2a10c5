package xmlrpc_test

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// structOf writes a struct of the members name=int value, in the order
// given.
func structOf(names ...string) string {
	var b strings.Builder
	b.WriteString("<value><struct>")
	for i, n := range names {
		fmt.Fprintf(&b, "<member><name>%s</name><value><int>%d</int></value></member>", n, i)
	}
	b.WriteString("</struct></value>")
	return b.String()
}

// decodeKeeping decodes the single parameter value with DecodeAny and
// returns it with its decoder, which remembers the order of its maps.
func decodeKeeping(t *testing.T, value string) (*xmlrpc.Decoder, any) {
	t.Helper()
	d := xmlrpc.NewDecoder(testkit.MethodCall("m", value), xmlrpc.Limits{})
	if _, err := d.MethodCall(); err != nil {
		t.Fatal(err)
	}
	if ok, err := d.NextParam(); !ok || err != nil {
		t.Fatal(ok, err)
	}
	v, err := d.DecodeAny()
	if err != nil {
		t.Fatal(err)
	}
	return d, v
}

var memberName = regexp.MustCompile(`<name>([^<]*)</name>`)

// names returns the member names of an encoded value, in order,
// comma-separated, with "|" where a struct ends.
func names(out string) string {
	var parts []string
	for _, s := range strings.SplitAfter(out, "</struct>") {
		var ns []string
		for _, m := range memberName.FindAllStringSubmatch(s, -1) {
			ns = append(ns, m[1])
		}
		if len(ns) > 0 {
			parts = append(parts, strings.Join(ns, ","))
		}
	}
	return strings.Join(parts, "|")
}

// TestFollowOrder decodes structs with DecodeAny and encodes what a
// method made of them with an Encoder that follows the decoder's order:
// a map holding the names it was decoded with keeps the client's order
// (a repeated name where it first came), whatever its values; a map
// whose names changed, a map the method made and every map without
// FollowOrder are sorted.
func TestFollowOrder(t *testing.T) {
	many := make([]string, 20) // more structs than are searched one by one
	for i := range many {
		many[i] = structOf("z", "a", fmt.Sprintf("m%02d", i))
	}
	cases := []struct {
		name   string
		value  string
		follow bool
		change func(v any) any
		want   string
	}{
		{"client's order", structOf("z", "a", "m"), true, nil, "z,a,m"},
		{"sorted without FollowOrder", structOf("z", "a", "m"), false, nil, "a,m,z"},
		{"values changed", structOf("z", "a", "m"), true, func(v any) any {
			m := v.(map[string]any)
			m["z"], m["a"] = "new", []any{1}
			return m
		}, "z,a,m"},
		{"a name removed", structOf("z", "a", "m"), true, func(v any) any {
			delete(v.(map[string]any), "a")
			return v
		}, "m,z"},
		{"a name replaced", structOf("z", "a", "m"), true, func(v any) any {
			m := v.(map[string]any)
			delete(m, "a")
			m["b"] = 1
			return m
		}, "b,m,z"},
		{"the last name replaced, after a nested struct", "<value><struct><member><name>y</name>" + structOf("q", "p") +
			"</member><member><name>x</name><value><int>1</int></value></member></struct></value>", true, func(v any) any {
			m := v.(map[string]any)
			delete(m, "x")
			m["a"] = 1
			return m
		}, "a,y,q,p"},
		{"a name added", structOf("z", "a", "m"), true, func(v any) any {
			v.(map[string]any)["b"] = 1
			return v
		}, "a,b,m,z"},
		{"removed and put back", structOf("z", "a", "m"), true, func(v any) any {
			m := v.(map[string]any)
			delete(m, "a")
			m["a"] = 2
			return m
		}, "z,a,m"},
		{"a map the method made", structOf("z", "a", "m"), true, func(v any) any {
			return map[string]any{"z": 1, "a": 2, "m": 3}
		}, "a,m,z"},
		{"a copy", structOf("z", "a", "m"), true, func(v any) any {
			c := map[string]any{}
			for k, x := range v.(map[string]any) {
				c[k] = x
			}
			return c
		}, "a,m,z"},
		{"repeated name", structOf("z", "a", "z", "m"), true, nil, "z,a,m"},
		{"nested", "<value><struct><member><name>y</name>" + structOf("q", "p") +
			"</member><member><name>x</name><value><array><data>" + structOf("k", "j") + structOf("h", "g") +
			"</data></array></value></member></struct></value>", true, nil, "y,q,p|x,k,j|h,g"},
		{"nested, sorted", "<value><struct><member><name>y</name>" + structOf("q", "p") +
			"</member><member><name>x</name><value><array><data>" + structOf("k", "j") +
			"</data></array></value></member></struct></value>", false, nil, "x,j,k|y,p,q"},
		{"many structs", "<value><array><data>" + strings.Join(many, "") + "</data></array></value>", true, func(v any) any {
			a := v.([]any)
			return []any{a[19], a[3], a[11]}
		}, "z,a,m19|z,a,m03|z,a,m11"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, v := decodeKeeping(t, tc.value)
			if tc.change != nil {
				v = tc.change(v)
			}
			e := xmlrpc.NewEncoder(nil)
			if tc.follow {
				e.FollowOrder(d)
			}
			if err := e.Any(v); err != nil {
				t.Fatal(err)
			}
			if got := names(string(e.Bytes())); got != tc.want {
				t.Errorf("members %s, want %s", got, tc.want)
			}
			// Reset forgets the order.
			e.Reset(nil)
			if err := e.Any(v); err != nil {
				t.Fatal(err)
			}
			if got, sorted := names(string(e.Bytes())), names(sortedAnswer(t, v)); got != sorted {
				t.Errorf("after Reset: members %s, want %s", got, sorted)
			}
		})
	}
}

// sortedAnswer encodes v with a fresh encoder: every map sorted.
func sortedAnswer(t *testing.T, v any) string {
	t.Helper()
	e := xmlrpc.NewEncoder(nil)
	if err := e.Any(v); err != nil {
		t.Fatal(err)
	}
	return string(e.Bytes())
}

// TestFollowOrderDecoderReset checks that a decoder reset for another
// request forgets the maps of the last one.
func TestFollowOrderDecoderReset(t *testing.T) {
	d, v := decodeKeeping(t, structOf("z", "a"))
	d.Reset(testkit.MethodCall("m"), xmlrpc.Limits{})
	e := xmlrpc.NewEncoder(nil)
	e.FollowOrder(d)
	if err := e.Any(v); err != nil {
		t.Fatal(err)
	}
	if got := names(string(e.Bytes())); got != "a,z" {
		t.Errorf("members %s, want a,z", got)
	}
}

// TestFollowOrderError checks which member's error an Encoder that
// follows the order reports: the first that fails in the order the map is
// written, the client's while the map holds the names it was decoded
// with (a name missing after the failing member included), else sorted.
func TestFollowOrderError(t *testing.T) {
	cases := []struct {
		name    string
		replace bool // "m" replaced by "b" in the map
		want    string
	}{
		{"client's order", false, ".z"},
		{"sorted, the name missing after the failing member", true, ".a"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, v := decodeKeeping(t, structOf("z", "a", "m"))
			m := v.(map[string]any)
			m["z"], m["a"] = math.NaN(), math.Inf(1) // neither can be sent
			if tc.replace {
				delete(m, "m")
				m["b"] = 1
			}
			e := xmlrpc.NewEncoder(nil)
			e.FollowOrder(d)
			var ee *xmlrpc.EncodeError
			if err := e.Any(m); !errors.As(err, &ee) || ee.Path != tc.want {
				t.Fatalf("error %v, want an *EncodeError at %s", err, tc.want)
			}
		})
	}
}
