package xmlrpc_test

import (
	"reflect"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

func TestArrayIterator(t *testing.T) {
	body := testkit.MethodCall("m",
		"<value><array><data><value><int>1</int></value><value>two</value><value><array><data/></array></value></data></array></value>",
		"<value><array><data/></array></value>",
		"<value><string>not an array</string></value>",
		"<value><int>9</int></value>")
	d := xmlrpc.NewDecoder(body, xmlrpc.Limits{})
	d.MethodCall()
	d.NextParam()
	a, err := d.BeginArray()
	if err != nil {
		t.Fatal(err)
	}
	var got []any
	for {
		ok, err := a.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		v, err := d.DecodeAny()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if !equal(got, []any{1, "two", []any{}}) {
		t.Fatalf("%#v", got)
	}
	if ok, err := a.Next(); ok || err != nil {
		t.Fatal("Next after the end", ok, err)
	}
	d.NextParam()
	a, err = d.BeginArray()
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := a.Next(); ok || err != nil {
		t.Fatal("empty array", ok, err)
	}
	d.NextParam()
	_, err = d.BeginArray()
	wantClass(t, err, "type")
	d.NextParam()
	if n, err := d.DecodeInt64(); n != 9 || err != nil {
		t.Fatal(n, err)
	}
	d.NextParam()
	if err := d.End(); err != nil {
		t.Fatal(err)
	}
}

func TestStructIterator(t *testing.T) {
	body := testkit.MethodCall("m",
		"<value><struct><member><name>a&amp;</name><value><int>1</int></value></member><member><name>b</name><value><array><data><value>x</value></data></array></value></member></struct></value>",
		"<value><struct/></value>",
		"<value><array><data/></array></value>",
		"<value><int>9</int></value>")
	d := xmlrpc.NewDecoder(body, xmlrpc.Limits{})
	d.MethodCall()
	d.NextParam()
	s, err := d.BeginStruct()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for {
		name, ok, err := s.Next()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		key := string(name)
		v, err := d.DecodeAny()
		if err != nil {
			t.Fatal(err)
		}
		got[key] = v
	}
	if !equal(got, map[string]any{"a&": 1, "b": []any{"x"}}) {
		t.Fatalf("%#v", got)
	}
	if _, ok, err := s.Next(); ok || err != nil {
		t.Fatal("Next after the end", ok, err)
	}
	d.NextParam()
	s, err = d.BeginStruct()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Next(); ok || err != nil {
		t.Fatal("empty struct", ok, err)
	}
	d.NextParam()
	_, err = d.BeginStruct()
	wantClass(t, err, "type")
	d.NextParam()
	if n, err := d.DecodeInt64(); n != 9 || err != nil {
		t.Fatal(n, err)
	}
	d.NextParam()
	if err := d.End(); err != nil {
		t.Fatal(err)
	}
}

func TestStructIteratorMalformed(t *testing.T) {
	d := xmlrpc.NewDecoder(testkit.MethodCall("m", "<value><struct><member><name>a</name><value>1</value><junk/></member></struct></value>"), xmlrpc.Limits{})
	d.MethodCall()
	d.NextParam()
	s, err := d.BeginStruct()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Next(); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if err := d.SkipValue(); err != nil {
		t.Fatal(err)
	}
	_, ok, err := s.Next()
	if ok {
		t.Fatal("ok after a malformed member")
	}
	wantClass(t, err, "syntax")
	if _, ok, err := s.Next(); ok || err != nil {
		t.Fatal("the iterator must stop", ok, err)
	}
}

// TestMarkSeek reads a value twice, in the other order, as the multicall
// dispatcher does, and checks that MaxValues counts it once.
func TestMarkSeek(t *testing.T) {
	body := testkit.MethodCall("m", "<value><struct><member><name>params</name><value><array><data><value><int>1</int></value><value><int>2</int></value></data></array></value></member><member><name>methodName</name><value>x</value></member></struct></value>")
	// 1 struct + 2 members + 1 array + 2 ints + 1 string = 7 values.
	for _, tc := range []struct {
		max   int
		class string
	}{{7, "ok"}, {6, "limit"}} {
		d := xmlrpc.NewDecoder(body, xmlrpc.Limits{MaxValues: tc.max})
		d.MethodCall()
		d.NextParam()
		s, err := d.BeginStruct()
		if err != nil {
			t.Fatal(err)
		}
		var params xmlrpc.Mark
		var name any
		for err == nil {
			var member []byte
			var ok bool
			member, ok, err = s.Next()
			if !ok || err != nil {
				break
			}
			switch string(member) {
			case "params":
				params = d.Mark()
				err = d.SkipValue()
			default:
				name, err = d.DecodeAny()
			}
		}
		if err == nil {
			after := d.Mark()
			d.Seek(params)
			var got []int
			err = d.DecodeValue(reflect.ValueOf(&got).Elem())
			if err == nil && !reflect.DeepEqual(got, []int{1, 2}) {
				t.Fatal(got)
			}
			d.Seek(after)
			d.Seek(after) // twice is harmless
		}
		if err == nil {
			if ok, e := d.NextParam(); ok || e != nil {
				t.Fatal(ok, e)
			}
			err = d.End()
		}
		wantClass(t, err, tc.class)
		if tc.class == "ok" && name != "x" {
			t.Fatal(name)
		}
	}
}
