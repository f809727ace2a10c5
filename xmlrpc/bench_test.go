package xmlrpc_test

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// benchStruct returns the 50 members of the bench harness's struct
// workload (/work/shared/bench/gen.py): f00..f49, int, string, double and
// boolean in turn, from a fixed seed.
func benchStruct() map[string]any {
	r := rand.New(rand.NewPCG(20261124, 0))
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 <&>'\""
	m := map[string]any{}
	for i := range 50 {
		var v any
		switch i % 4 {
		case 0:
			v = r.IntN(2_000_001) - 1_000_000
		case 1:
			b := make([]byte, 8+r.IntN(17))
			for j := range b {
				b[j] = alphabet[r.IntN(len(alphabet))]
			}
			v = string(b)
		case 2:
			v = float64(r.IntN(2_000_001)-1_000_000) / 4
		case 3:
			v = r.IntN(2) == 0
		}
		m[fmt.Sprintf("f%02d", i)] = v
	}
	return m
}

// encodeParam returns v encoded as a <value>.
func encodeParam(b testing.TB, v any) string {
	e := xmlrpc.NewEncoder(nil)
	if err := e.Any(v); err != nil {
		b.Fatal(err)
	}
	return string(e.Bytes())
}

func BenchmarkDecodeInt(b *testing.B) {
	body := testkit.MethodCall("echo.add", "<value><int>1</int></value>", "<value><int>2</int></value>")
	var d xmlrpc.Decoder
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		d.Reset(body, xmlrpc.Limits{})
		if _, err := d.MethodCall(); err != nil {
			b.Fatal(err)
		}
		for {
			ok, err := d.NextParam()
			if err != nil {
				b.Fatal(err)
			}
			if !ok {
				break
			}
			if _, err := d.DecodeInt64(); err != nil {
				b.Fatal(err)
			}
		}
		if err := d.End(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeStructAny(b *testing.B) {
	body := testkit.MethodCall("echo.echo", encodeParam(b, benchStruct()))
	var d xmlrpc.Decoder
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		d.Reset(body, xmlrpc.Limits{})
		d.MethodCall()
		d.NextParam()
		v, err := d.DecodeAny()
		if err != nil || len(v.(map[string]any)) != 50 {
			b.Fatal(err)
		}
		d.NextParam()
		if err := d.End(); err != nil {
			b.Fatal(err)
		}
	}
}

// benchRecord is a typed struct of the shape of the struct workload.
type benchRecord struct {
	I0, I1, I2, I3, I4, I5, I6, I7, I8, I9 int
	S0, S1, S2, S3, S4, S5, S6, S7, S8, S9 string
	F0, F1, F2, F3, F4, F5, F6, F7, F8, F9 float64
	B0, B1, B2, B3, B4, B5, B6, B7, B8, B9 bool
	Tags                                   []string
}

func BenchmarkDecodeStructTyped(b *testing.B) {
	rec := benchRecord{I3: 42, S5: "hello <world>", F9: 2.5, B1: true, Tags: []string{"a", "b"}}
	e := xmlrpc.NewEncoder(nil)
	if err := e.Value(reflect.ValueOf(rec)); err != nil {
		b.Fatal(err)
	}
	body := testkit.MethodCall("m", string(e.Bytes()))
	var d xmlrpc.Decoder
	dec, err := xmlrpc.DecoderOf(reflect.TypeFor[benchRecord]())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		d.Reset(body, xmlrpc.Limits{})
		d.MethodCall()
		d.NextParam()
		var r benchRecord
		if err := dec(&d, reflect.ValueOf(&r).Elem()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeStructAny(b *testing.B) {
	v := benchStruct()
	e := xmlrpc.NewEncoder(nil)
	b.ReportAllocs()
	for b.Loop() {
		e.Reset(e.Bytes()[:0])
		e.BeginResponse()
		if err := e.Any(v); err != nil {
			b.Fatal(err)
		}
		e.EndResponse()
	}
	b.SetBytes(int64(len(e.Bytes())))
}

func BenchmarkEncodeStructTyped(b *testing.B) {
	v := benchRecord{I3: 42, S5: "hello <world>", F9: 2.5, B1: true, Tags: []string{"a", "b"}}
	rv := reflect.ValueOf(v)
	e := xmlrpc.NewEncoder(nil)
	b.ReportAllocs()
	for b.Loop() {
		e.Reset(e.Bytes()[:0])
		e.BeginResponse()
		if err := e.Value(rv); err != nil {
			b.Fatal(err)
		}
		e.EndResponse()
	}
	b.SetBytes(int64(len(e.Bytes())))
}

// benchBlob is the blob workload's 1 MiB of printable ASCII.
func benchBlob() []byte {
	r := rand.New(rand.NewPCG(20261124, 3))
	blob := make([]byte, 1<<20)
	for i := range blob {
		blob[i] = byte(0x20 + r.IntN(0x7f-0x20))
	}
	return blob
}

// pythonBase64 lays base64 out as Python's xmlrpc.client does: lines of
// 76 characters, each ending with a newline.
func pythonBase64(data []byte) string {
	enc := base64.StdEncoding.EncodeToString(data)
	var sb strings.Builder
	sb.WriteString("<value><base64>\n")
	for len(enc) > 76 {
		sb.WriteString(enc[:76])
		sb.WriteByte('\n')
		enc = enc[76:]
	}
	sb.WriteString(enc)
	sb.WriteString("\n</base64></value>\n")
	return sb.String()
}

func BenchmarkDecodeBase64(b *testing.B) {
	blob := benchBlob()
	for _, layout := range []struct {
		name  string
		value string
	}{
		{"python-lines", pythonBase64(blob)},
		{"one-line", encodeParam(b, blob)},
	} {
		b.Run(layout.name, func(b *testing.B) {
			body := testkit.MethodCall("echo.echo", layout.value)
			var d xmlrpc.Decoder
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				d.Reset(body, xmlrpc.Limits{})
				d.MethodCall()
				d.NextParam()
				got, err := d.DecodeBytes()
				if err != nil || len(got) != len(blob) {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkEncodeBase64(b *testing.B) {
	blob := benchBlob()
	e := xmlrpc.NewEncoder(nil)
	b.SetBytes(int64(len(blob)))
	b.ReportAllocs()
	for b.Loop() {
		e.Reset(e.Bytes()[:0])
		e.Base64(blob)
	}
}

// benchInts is the array workload's 10,000 random 32-bit ints.
func benchInts() []any {
	r := rand.New(rand.NewPCG(20261124, 1))
	a := make([]any, 10_000)
	for i := range a {
		a[i] = int(int32(r.Uint32()))
	}
	return a
}

func BenchmarkDecodeArrayAny(b *testing.B) {
	for _, layout := range []struct {
		name  string
		value func(string) string
	}{
		{"plain", func(v string) string { return v }},
		{"general", slowForm}, // no fast path applies
	} {
		b.Run(layout.name, func(b *testing.B) {
			body := testkit.MethodCall("echo.echo", layout.value(encodeParam(b, benchInts())))
			var d xmlrpc.Decoder
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				d.Reset(body, xmlrpc.Limits{})
				d.MethodCall()
				d.NextParam()
				v, err := d.DecodeAny()
				if err != nil || len(v.([]any)) != 10_000 {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDecodeArrayTyped(b *testing.B) {
	body := testkit.MethodCall("echo.echo", encodeParam(b, benchInts()))
	var d xmlrpc.Decoder
	dec, err := xmlrpc.DecoderOf(reflect.TypeFor[[]int32]())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		d.Reset(body, xmlrpc.Limits{})
		d.MethodCall()
		d.NextParam()
		var v []int32
		if err := dec(&d, reflect.ValueOf(&v).Elem()); err != nil || len(v) != 10_000 {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeArrayAny(b *testing.B) {
	v := benchInts()
	e := xmlrpc.NewEncoder(nil)
	b.ReportAllocs()
	for b.Loop() {
		e.Reset(e.Bytes()[:0])
		e.BeginResponse()
		if err := e.Any(v); err != nil {
			b.Fatal(err)
		}
		e.EndResponse()
	}
	b.SetBytes(int64(len(e.Bytes())))
}

func BenchmarkSkipStruct(b *testing.B) {
	body := testkit.MethodCall("echo.echo", encodeParam(b, benchStruct()))
	var d xmlrpc.Decoder
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		d.Reset(body, xmlrpc.Limits{})
		d.MethodCall()
		d.NextParam()
		if err := d.SkipValue(); err != nil {
			b.Fatal(err)
		}
	}
}
