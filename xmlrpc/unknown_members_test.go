package xmlrpc_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

type member struct {
	Name  string `xmlrpc:"name"`
	Inner *inner `xmlrpc:"inner"`
}

// decodeWith decodes value into a new value of type t with a decoder built
// with opts.
func decodeWith(t reflect.Type, value string, opts ...xmlrpc.DecoderOption) (reflect.Value, error) {
	dec, err := xmlrpc.DecoderOf(t, opts...)
	if err != nil {
		return reflect.Value{}, err
	}
	d := xmlrpc.NewDecoder(testkit.MethodCall("m", value), xmlrpc.Limits{})
	if _, err := d.MethodCall(); err != nil {
		return reflect.Value{}, err
	}
	if ok, err := d.NextParam(); !ok || err != nil {
		return reflect.Value{}, err
	}
	v := reflect.New(t).Elem()
	derr := dec(d, v)
	if _, ok := derr.(*xmlrpc.TypeError); derr != nil && !ok {
		return v, derr
	}
	if ok, err := d.NextParam(); ok || err != nil {
		return v, fmt.Errorf("NextParam after the value: %v %v", ok, err)
	}
	if err := d.End(); err != nil {
		return v, err
	}
	return v, derr
}

// TestIgnoreUnknownMembers checks the two policies for struct members the
// Go struct lacks, at every depth, and that decoders built with either
// are cached apart whichever is built first.
func TestIgnoreUnknownMembers(t *testing.T) {
	const sent = "<value><struct>" +
		"<member><name>extra</name><value><array><data><value><int>1</int></value></data></array></value></member>" +
		"<member><name>name</name><value>n</value></member>" +
		"<member><name>inner</name><value><struct><member><name>x</name><value><int>2</int></value></member>" +
		"<member><name>new</name><value><string>s</string></value></member></struct></value></member>" +
		"</struct></value>"
	want := member{Name: "n", Inner: &inner{X: 2}}
	types := []reflect.Type{reflect.TypeFor[member](), reflect.TypeFor[[]member]()}
	for i, typ := range types {
		value := sent
		if typ.Kind() == reflect.Slice {
			value = "<value><array><data>" + sent + "</data></array></value>"
		}
		check := func(ignore bool) {
			t.Helper()
			var opts []xmlrpc.DecoderOption
			if ignore {
				opts = append(opts, xmlrpc.IgnoreUnknownMembers())
			}
			v, err := decodeWith(typ, value, opts...)
			if !ignore {
				path := ".extra"
				if typ.Kind() == reflect.Slice {
					path = "[0].extra"
				}
				if te, ok := err.(*xmlrpc.TypeError); !ok || te.Path != path || te.Msg != "no such member in xmlrpc_test.member" {
					t.Errorf("%v, strict: %v", typ, err)
				}
				return
			}
			got := v.Interface()
			if s, ok := got.([]member); ok && len(s) == 1 {
				got = s[0]
			}
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("%v, ignoring: %#v, %v", typ, got, err)
			}
		}
		// Build the ignoring decoder first for one type, last for the other.
		order := []bool{i == 0, i != 0}
		check(order[0])
		check(order[1])
		check(order[0])
	}
}

// Structs that opt in to ignoring unknown members, or not.
type (
	tolerant struct {
		_    xmlrpc.IgnoreUnknown
		Name string `xmlrpc:"name"`
		Sub  strict `xmlrpc:"sub"`
	}
	tolerantEmbedded struct {
		xmlrpc.IgnoreUnknown
		Name string `xmlrpc:"name"`
	}
	// strict has no marker, and embeds one that has: the marker applies
	// to the struct that declares it only.
	strict struct {
		tolerantEmbedded
		N int `xmlrpc:"n"`
	}
	// namedMarker declares the marker as a named, exported field: still
	// a marker, never a member.
	namedMarker struct {
		Marker xmlrpc.IgnoreUnknown
		N      int `xmlrpc:"n"`
	}
)

// TestIgnoreUnknownField checks the IgnoreUnknown marker: a struct that
// declares it skips unknown members with the default decoder, whatever
// the field's form; a struct that only contains or embeds such a struct
// does not; and the marker is never sent nor read as a member.
func TestIgnoreUnknownField(t *testing.T) {
	member := func(name, value string) string {
		return "<member><name>" + name + "</name>" + value + "</member>"
	}
	st := func(members ...string) string {
		return "<value><struct>" + strings.Join(members, "") + "</struct></value>"
	}
	cases := []struct {
		typ  reflect.Type
		sent string
		want any
		err  string // the TypeError, "" for none
	}{
		{reflect.TypeFor[tolerant](), st(member("zz", "<value>1</value>"), member("name", "<value>n</value>")),
			tolerant{Name: "n"}, ""},
		{reflect.TypeFor[tolerantEmbedded](), st(member("name", "<value>n</value>"), member("zz", "<value/>")),
			tolerantEmbedded{Name: "n"}, ""},
		{reflect.TypeFor[namedMarker](), st(member("Marker", st()), member("n", "<value><int>1</int></value>")),
			namedMarker{N: 1}, ""},
		// The marker of tolerant does not reach strict, its member.
		{reflect.TypeFor[tolerant](), st(member("sub", st(member("zz", "<value/>")))),
			nil, ".sub.zz: no such member in xmlrpc_test.strict"},
		// Nor does the marker of an embedded struct reach the embedder.
		{reflect.TypeFor[strict](), st(member("name", "<value>n</value>"), member("zz", "<value/>")),
			nil, ".zz: no such member in xmlrpc_test.strict"},
		{reflect.TypeFor[[]tolerant](), "<value><array><data>" + st(member("a", "<value/>")) + st(member("name", "<value>m</value>"), member("b", "<value/>")) + "</data></array></value>",
			[]tolerant{{}, {Name: "m"}}, ""},
	}
	for _, tc := range cases {
		v, err := decodeWith(tc.typ, tc.sent)
		if tc.err != "" {
			if te, ok := err.(*xmlrpc.TypeError); !ok || te.Error() != tc.err {
				t.Errorf("%v: %v, want %q", tc.typ, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(v.Interface(), tc.want) {
			t.Errorf("%v: %#v, %v; want %#v", tc.typ, v, err, tc.want)
		}
	}
	// The marker is never sent: each is sent as the struct without it.
	for _, pair := range [][2]any{
		{tolerantEmbedded{Name: "n"}, struct {
			Name string `xmlrpc:"name"`
		}{"n"}},
		{namedMarker{N: 1}, struct {
			N int `xmlrpc:"n"`
		}{1}},
	} {
		got, err := encodeResponse(pair[0])
		want, _ := encodeResponse(pair[1])
		if err != nil || got != want {
			t.Errorf("%T: %q, %v; want %q", pair[0], got, err, want)
		}
	}
	if got := reflect.TypeFor[tolerant]().Field(0).Type.Size(); got != 0 {
		t.Errorf("IgnoreUnknown has size %d", got)
	}
}
