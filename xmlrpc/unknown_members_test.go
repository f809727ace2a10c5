package xmlrpc_test

import (
	"fmt"
	"reflect"
	"testing"

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
	d := xmlrpc.NewDecoder(request("m", value), xmlrpc.Limits{})
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
