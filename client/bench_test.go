package client

import (
	"encoding/base64"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	kolo "github.com/kolo/xmlrpc"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// The benchmarks encode a call and decode its answer, for the bench
// harness's five workloads (../shared/bench/gen.py): the client's own
// code path without HTTP, beside github.com/kolo/xmlrpc on the same
// values and the same answer bodies (laid out as gen.py's, by Python's
// xmlrpc.client). Each decodes into the Go type a program would use.
//
//	go test -run '^$' -bench . -count 6 ./client

// benchStruct is the struct workload's value as a Go struct: 50 members
// f00..f49, int, string, double and boolean in turn.
type benchStruct struct {
	F00 int     `xmlrpc:"f00"`
	F01 string  `xmlrpc:"f01"`
	F02 float64 `xmlrpc:"f02"`
	F03 bool    `xmlrpc:"f03"`
	F04 int     `xmlrpc:"f04"`
	F05 string  `xmlrpc:"f05"`
	F06 float64 `xmlrpc:"f06"`
	F07 bool    `xmlrpc:"f07"`
	F08 int     `xmlrpc:"f08"`
	F09 string  `xmlrpc:"f09"`
	F10 float64 `xmlrpc:"f10"`
	F11 bool    `xmlrpc:"f11"`
	F12 int     `xmlrpc:"f12"`
	F13 string  `xmlrpc:"f13"`
	F14 float64 `xmlrpc:"f14"`
	F15 bool    `xmlrpc:"f15"`
	F16 int     `xmlrpc:"f16"`
	F17 string  `xmlrpc:"f17"`
	F18 float64 `xmlrpc:"f18"`
	F19 bool    `xmlrpc:"f19"`
	F20 int     `xmlrpc:"f20"`
	F21 string  `xmlrpc:"f21"`
	F22 float64 `xmlrpc:"f22"`
	F23 bool    `xmlrpc:"f23"`
	F24 int     `xmlrpc:"f24"`
	F25 string  `xmlrpc:"f25"`
	F26 float64 `xmlrpc:"f26"`
	F27 bool    `xmlrpc:"f27"`
	F28 int     `xmlrpc:"f28"`
	F29 string  `xmlrpc:"f29"`
	F30 float64 `xmlrpc:"f30"`
	F31 bool    `xmlrpc:"f31"`
	F32 int     `xmlrpc:"f32"`
	F33 string  `xmlrpc:"f33"`
	F34 float64 `xmlrpc:"f34"`
	F35 bool    `xmlrpc:"f35"`
	F36 int     `xmlrpc:"f36"`
	F37 string  `xmlrpc:"f37"`
	F38 float64 `xmlrpc:"f38"`
	F39 bool    `xmlrpc:"f39"`
	F40 int     `xmlrpc:"f40"`
	F41 string  `xmlrpc:"f41"`
	F42 float64 `xmlrpc:"f42"`
	F43 bool    `xmlrpc:"f43"`
	F44 int     `xmlrpc:"f44"`
	F45 string  `xmlrpc:"f45"`
	F46 float64 `xmlrpc:"f46"`
	F47 bool    `xmlrpc:"f47"`
	F48 int     `xmlrpc:"f48"`
	F49 string  `xmlrpc:"f49"`
}

// newBenchStruct fills the fields as gen.py does: ints in ±10⁶, words of
// 8 to 24 characters including those XML escapes, quarters, booleans.
func newBenchStruct(r *rand.Rand) benchStruct {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 <&>'\""
	var s benchStruct
	v := reflect.ValueOf(&s).Elem()
	for i := range v.NumField() {
		switch f := v.Field(i); i % 4 {
		case 0:
			f.SetInt(int64(r.IntN(2_000_001) - 1_000_000))
		case 1:
			b := make([]byte, 8+r.IntN(17))
			for j := range b {
				b[j] = alphabet[r.IntN(len(alphabet))]
			}
			f.SetString(string(b))
		case 2:
			f.SetFloat(float64(r.IntN(2_000_001)-1_000_000) / 4)
		case 3:
			f.SetBool(r.IntN(2) == 0)
		}
	}
	return s
}

// pythonResponse is the answer Python's xmlrpc.client writes for v: the
// layout of the Encoder, base64 in lines of 76 as Python breaks it.
func pythonResponse(tb testing.TB, v any) []byte {
	e := xmlrpc.NewEncoder(nil)
	e.BeginResponse()
	if blob, ok := v.([]byte); ok {
		enc := base64.StdEncoding.EncodeToString(blob)
		buf := append(e.Bytes(), "<value><base64>\n"...)
		for len(enc) > 76 {
			buf = append(append(buf, enc[:76]...), '\n')
			enc = enc[76:]
		}
		e.Reset(append(buf, enc+"\n</base64></value>\n"...))
	} else if err := e.Any(v); err != nil {
		tb.Fatal(err)
	}
	e.EndResponse()
	return e.Bytes()
}

// workload is one of the harness's calls: its method and arguments, the
// answer's body, and a new result of the Go type to decode it into.
type workload struct {
	name      string
	method    string
	args      []any
	answer    []byte
	newResult func() any
	want      any // what the result must hold
}

func workloads(b testing.TB) []workload {
	r := rand.New(rand.NewPCG(20261124, 0))
	st := newBenchStruct(r)
	array := make([]int, 10_000)
	for i := range array {
		array[i] = int(int32(r.Uint32()))
	}
	blob := make([]byte, 1<<20)
	for i := range blob {
		blob[i] = byte(0x20 + r.IntN(0x5f))
	}
	return []workload{
		{"small", "echo.add", []any{1, 2}, pythonResponse(b, 3), func() any { return new(int) }, 3},
		{"struct", "echo.echo", []any{st}, pythonResponse(b, st), func() any { return new(benchStruct) }, st},
		{"array", "echo.echo", []any{array}, pythonResponse(b, array), func() any { return new([]int) }, array},
		{"blob", "echo.echo", []any{blob}, pythonResponse(b, blob), func() any { return new([]byte) }, blob},
	}
}

// multicall is the multicall workload: 100 echo.add(i, 2i), answered in
// the specification's dialect ([[3i]], as gen.py's body).
func multicall(b testing.TB) (reqs []Request, results []int, kolos []any, answer []byte) {
	results = make([]int, 100)
	wrapped := make([][]int, 100)
	for i := range 100 {
		reqs = append(reqs, Request{Method: "echo.add", Args: []any{i, 2 * i}, Result: &results[i]})
		kolos = append(kolos, map[string]any{"methodName": "echo.add", "params": []any{i, 2 * i}})
		wrapped[i] = []int{3 * i}
	}
	return reqs, results, kolos, pythonResponse(b, wrapped)
}

func BenchmarkCall(b *testing.B) {
	c := &Client{decOpts: []xmlrpc.DecoderOption{xmlrpc.IgnoreUnknownMembers()}}
	for _, w := range workloads(b) {
		b.Run(w.name+"/rpcinterface", func(b *testing.B) {
			result := w.newResult()
			b.ReportAllocs()
			for b.Loop() {
				st := getState()
				if err := st.encodeCall(w.method, w.args); err != nil {
					b.Fatal(err)
				}
				if err := st.decodeAnswer(w.answer, result, c); err != nil {
					b.Fatal(err)
				}
				putState(st)
			}
			if got := reflect.ValueOf(result).Elem().Interface(); !reflect.DeepEqual(got, w.want) {
				b.Fatalf("decoded %.100v, want %.100v", got, w.want)
			}
		})
		b.Run(w.name+"/kolo", func(b *testing.B) {
			if w.name == "blob" {
				benchKoloBlob(b, w)
				return
			}
			result := w.newResult()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := kolo.EncodeMethodCall(w.method, w.args...); err != nil {
					b.Fatal(err)
				}
				reflect.ValueOf(result).Elem().SetZero() // kolo fails on a slice that has elements
				if err := kolo.Response(w.answer).Unmarshal(result); err != nil {
					b.Fatal(err)
				}
			}
			if got := reflect.ValueOf(result).Elem().Interface(); !reflect.DeepEqual(got, w.want) {
				b.Fatalf("decoded %.100v, want %.100v", got, w.want)
			}
		})
	}

	reqs, results, kolos, answer := multicall(b)
	spec := &Client{spec: true, decOpts: c.decOpts}
	b.Run("multicall/rpcinterface", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			st := getState()
			if err := st.encodeMulticall(reqs); err != nil {
				b.Fatal(err)
			}
			errs, err := st.decodeMulticall(answer, spec)
			if err != nil || errs[99] != nil {
				b.Fatal(err, errs)
			}
			putState(st)
		}
		if results[99] != 297 {
			b.Fatalf("results %v", results)
		}
	})
	b.Run("multicall/kolo", func(b *testing.B) {
		var got [][]int
		b.ReportAllocs()
		for b.Loop() {
			if _, err := kolo.EncodeMethodCall("system.multicall", kolos); err != nil {
				b.Fatal(err)
			}
			got = nil
			if err := kolo.Response(answer).Unmarshal(&got); err != nil {
				b.Fatal(err)
			}
		}
		if len(got) != 100 || got[99][0] != 297 {
			b.Fatalf("results %v", got)
		}
	})
}

// benchKoloBlob is the blob workload as kolo's users must write it: kolo
// sends a kolo.Base64 string as it is and decodes <base64> into a string
// without decoding it, so the program encodes and decodes the base64.
func benchKoloBlob(b *testing.B, w workload) {
	blob := w.args[0].([]byte)
	var got []byte
	b.ReportAllocs()
	for b.Loop() {
		arg := kolo.Base64(base64.StdEncoding.EncodeToString(blob))
		if _, err := kolo.EncodeMethodCall(w.method, arg); err != nil {
			b.Fatal(err)
		}
		var text string
		if err := kolo.Response(w.answer).Unmarshal(&text); err != nil {
			b.Fatal(err)
		}
		var err error
		if got, err = base64.StdEncoding.DecodeString(text); err != nil {
			b.Fatal(err)
		}
	}
	if !reflect.DeepEqual(got, w.want) {
		b.Fatalf("decoded %.100v, want %.100v", got, w.want)
	}
}

// TestBenchBodiesAsGenPy: the answers the benchmarks decode have the
// layout of gen.py's (Python's) answers; checked here on small shapes.
func TestBenchBodiesAsGenPy(t *testing.T) {
	got := string(pythonResponse(t, 3))
	const want = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><int>3</int></value>\n</param>\n</params>\n</methodResponse>\n"
	if got != want {
		t.Errorf("small: %q", got)
	}
	// python3 -c "import xmlrpc.client as x; print(repr(x.dumps((x.Binary(b'a'*60),), methodresponse=True)))"
	const blob = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><base64>\nYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFh\nYWFh\n</base64></value>\n</param>\n</params>\n</methodResponse>\n"
	if got := string(pythonResponse(t, []byte(strings.Repeat("a", 60)))); got != blob {
		t.Errorf("blob:\n%q\nwant\n%q", got, blob)
	}
}
