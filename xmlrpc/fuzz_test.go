package xmlrpc_test

import (
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// addCorpusSeeds adds every request body of the conformance corpus.
func addCorpusSeeds(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "conformance", "*.xml"))
	if err != nil {
		f.Fatal(err)
	}
	if len(files) == 0 {
		f.Fatal("no conformance request bodies in ../testdata/conformance")
	}
	for _, name := range files {
		body, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
	}
}

// checkDecodeErr fails unless err is one of the decoder's three error
// types.
func checkDecodeErr(t *testing.T, err error) {
	t.Helper()
	var se *xmlrpc.SyntaxError
	var le *xmlrpc.LimitError
	var te *xmlrpc.TypeError
	if err != nil && !errors.As(err, &se) && !errors.As(err, &le) && !errors.As(err, &te) {
		t.Fatalf("error of type %T: %v", err, err)
	}
}

// FuzzDecodeRequest decodes arbitrary bodies: never a panic, only the
// decoder's error types, and what decodes encodes back to the same value
// (or fails to encode with an *EncodeError).
func FuzzDecodeRequest(f *testing.F) {
	addCorpusSeeds(f)
	f.Add([]byte("<methodCall><params><param><value><i8>-9223372036854775809</i8></value></param></params><methodName>m</methodName></methodCall>"))
	f.Add([]byte("<methodCall><methodName>m</methodName><params><param><value>a&#13;&#x1F600;<![CDATA[\r\n]]></value></param></params></methodCall>"))
	lim := xmlrpc.Limits{MaxDepth: 64, MaxValues: 100_000, MaxStringBytes: 1 << 20, MaxParams: 1000}
	f.Fuzz(func(t *testing.T, body []byte) {
		d := xmlrpc.NewDecoder(body, lim)
		name, err := d.MethodCall()
		if err != nil {
			checkDecodeErr(t, err)
			return
		}
		if len(name) == 0 {
			t.Fatal("empty method name accepted")
		}
		var params []any
		for {
			ok, err := d.NextParam()
			if err != nil {
				checkDecodeErr(t, err)
				return
			}
			if !ok {
				break
			}
			v, err := d.DecodeAny()
			if err != nil {
				checkDecodeErr(t, err)
				var te *xmlrpc.TypeError
				if errors.As(err, &te) {
					t.Fatalf("DecodeAny returned a TypeError: %v", err)
				}
				return
			}
			params = append(params, v)
		}
		if err := d.End(); err != nil {
			checkDecodeErr(t, err)
			return
		}
		for i, p := range params {
			e := xmlrpc.NewEncoder(nil)
			e.FollowOrder(d) // structs in the order they came
			if err := e.Any(p); err != nil {
				var ee *xmlrpc.EncodeError
				if !errors.As(err, &ee) {
					t.Fatalf("param %d: encoding failed with %T: %v", i, err, err)
				}
				if !hasBigInt(p) {
					t.Fatalf("param %d: a decoded value does not encode: %v", i, err)
				}
				continue
			}
			back, err := decodeOne(string(e.Bytes()), xmlrpc.Limits{})
			if err != nil {
				t.Fatalf("param %d: decoding the re-encoded value %q: %v", i, e.Bytes(), err)
			}
			if !equal(back, p) {
				t.Fatalf("param %d: %#v re-encoded as %q decodes as %#v", i, p, e.Bytes(), back)
			}
		}
	})
}

// hasBigInt reports whether v holds an integer beyond 64 bits, the only
// decoded value that cannot be encoded.
func hasBigInt(v any) bool {
	switch x := v.(type) {
	case *big.Int:
		return true
	case []any:
		for _, e := range x {
			if hasBigInt(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range x {
			if hasBigInt(e) {
				return true
			}
		}
	}
	return false
}

// fuzzRecord has assorted field types for FuzzDecodeTyped.
type fuzzRecord struct {
	I    int                `xmlrpc:"i"`
	I8   int8               `xmlrpc:"i8,omitempty"`
	U    uint32             `xmlrpc:"u"`
	F    float32            `xmlrpc:"f"`
	S    string             `xmlrpc:"s"`
	B    bool               `xmlrpc:"b"`
	T    time.Time          `xmlrpc:"t"`
	Raw  []byte             `xmlrpc:"raw"`
	List []int64            `xmlrpc:"list"`
	Pair [2]string          `xmlrpc:"pair"`
	M    map[key]*float64   `xmlrpc:"m"`
	Kids []fuzzRecord       `xmlrpc:"kids"`
	Any  any                `xmlrpc:"any"`
	Up   *upper             `xmlrpc:"up"`
	Big  *big.Int           `xmlrpc:"big"`
	Deep map[string][][]int `xmlrpc:"deep"`
	inner
}

// FuzzDecodeTyped decodes arbitrary bodies into a struct: never a panic,
// only the decoder's error types, decoding goes on after a TypeError, and
// a value that decodes encodes to bytes that decode to the same encoding.
func FuzzDecodeTyped(f *testing.F) {
	f.Add(testkit.MethodCall("m", `<value><struct><member><name>i</name><value><int>1</int></value></member><member><name>s</name><value>x</value></member>
<member><name>kids</name><value><array><data><value><struct><member><name>b</name><value><boolean>1</boolean></value></member></struct></value></data></array></value></member>
<member><name>m</name><value><struct><member><name>k</name><value><nil/></value></member><member><name>j</name><value><double>1.5</double></value></member></struct></value></member>
<member><name>pair</name><value><array><data><value>a</value><value>b</value></data></array></value></member>
<member><name>up</name><value>abc</value></member><member><name>x</name><value><int>3</int></value></member>
<member><name>big</name><value><int>123456789012345678901234567890</int></value></member>
<member><name>t</name><value><dateTime.iso8601>20240101T00:00:00</dateTime.iso8601></value></member>
<member><name>raw</name><value><base64>AP8=</base64></value></member></struct></value>`, "<value><int>2</int></value>"))
	f.Add(testkit.MethodCall("m", `<value><struct><member><name>u</name><value><int>-1</int></value></member><member><name>list</name><value><array><data><value>x</value></data></array></value></member></struct></value>`))
	f.Add(testkit.MethodCall("m", `<value><struct><member><name>nope</name><value><int>1</int></value></member></struct></value>`, "<value/>"))
	f.Fuzz(func(t *testing.T, body []byte) {
		d := xmlrpc.NewDecoder(body, xmlrpc.Limits{MaxDepth: 32, MaxValues: 50_000})
		if _, err := d.MethodCall(); err != nil {
			checkDecodeErr(t, err)
			return
		}
		var decoded []fuzzRecord
		for {
			ok, err := d.NextParam()
			if err != nil {
				checkDecodeErr(t, err)
				return
			}
			if !ok {
				break
			}
			var r fuzzRecord
			err = d.DecodeValue(reflect.ValueOf(&r).Elem())
			var te *xmlrpc.TypeError
			if errors.As(err, &te) {
				continue // consumed: go on with the next parameter
			}
			if err != nil {
				checkDecodeErr(t, err)
				return
			}
			decoded = append(decoded, r)
		}
		if err := d.End(); err != nil {
			checkDecodeErr(t, err)
			return
		}
		for _, r := range decoded {
			e := xmlrpc.NewEncoder(nil)
			if err := e.Value(reflect.ValueOf(r)); err != nil {
				var ee *xmlrpc.EncodeError
				if !errors.As(err, &ee) {
					t.Fatalf("encoding failed with %T: %v", err, err)
				}
				continue // a *big.Int beyond 64 bits
			}
			first := string(e.Bytes())
			d2 := xmlrpc.NewDecoder(testkit.MethodCall("m", first), xmlrpc.Limits{MaxDepth: 1000})
			if _, err := d2.MethodCall(); err != nil {
				t.Fatal(err)
			}
			d2.NextParam()
			var back fuzzRecord
			if err := d2.DecodeValue(reflect.ValueOf(&back).Elem()); err != nil {
				t.Fatalf("decoding the re-encoded %q: %v", first, err)
			}
			e.Reset(nil)
			if err := e.Value(reflect.ValueOf(back)); err != nil {
				t.Fatal(err)
			}
			if string(e.Bytes()) != first {
				t.Fatalf("not a fixed point:\n%q\n%q", first, e.Bytes())
			}
		}
	})
}
