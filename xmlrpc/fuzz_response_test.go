package xmlrpc_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// FuzzDecodeResponse decodes arbitrary answers as a client does: never a
// panic, only the decoder's error types or a *Fault; a value that decodes
// encodes back to an answer that decodes to the same value, and a fault
// re-sent reads back with the same code and fault string. The same body
// read as the answer to a three-call system.multicall, in either dialect,
// fails only with those errors too.
func FuzzDecodeResponse(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "conformance", "*.resp"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no conformance answers in ../testdata/conformance: %v", err)
	}
	for _, name := range files {
		body, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(body)
	}
	f.Add(multicallAnswer(intEntry, faultEntry, "<value><array><data>"+intEntry+"</data></array></value>"))
	f.Add(faultResponse("-1", "&lt;class 'x'&gt;:y"))
	lim := xmlrpc.Limits{MaxDepth: 64, MaxValues: 100_000, MaxStringBytes: 1 << 20}
	f.Fuzz(func(t *testing.T, body []byte) {
		var v any
		err := xmlrpc.NewDecoder(body, lim).DecodeResponse(&v)
		var fault *xmlrpc.Fault
		switch {
		case errors.As(err, &fault):
			e := xmlrpc.NewEncoder(nil)
			e.Fault(int(fault.Code), fault.FaultString())
			again := xmlrpc.NewDecoder(e.Bytes(), lim).DecodeResponse(nil)
			var g *xmlrpc.Fault
			if !errors.As(again, &g) || g.Code != fault.Code || g.FaultString() != fault.FaultString() {
				t.Fatalf("fault %d %q re-sent as %q reads back as %v", fault.Code, fault.FaultString(), e.Bytes(), again)
			}
		case err != nil:
			checkDecodeErr(t, err)
		default:
			e := xmlrpc.NewEncoder(nil)
			e.BeginResponse()
			if err := e.Any(v); err != nil {
				var ee *xmlrpc.EncodeError
				if !errors.As(err, &ee) || !hasBigInt(v) {
					t.Fatalf("a decoded value does not encode: %v", err)
				}
				break
			}
			e.EndResponse()
			var back any
			if err := xmlrpc.NewDecoder(e.Bytes(), lim).DecodeResponse(&back); err != nil {
				t.Fatalf("decoding the re-encoded answer %q: %v", e.Bytes(), err)
			}
			if !equal(back, v) {
				t.Fatalf("%#v re-encoded as %q decodes as %#v", v, e.Bytes(), back)
			}
		}
		for _, spec := range []bool{false, true} {
			results := []any{new(any), new(int), nil}
			errs, err := xmlrpc.NewDecoder(body, lim).DecodeMulticallResponse(results, spec)
			if err != nil {
				if !errors.As(err, &fault) {
					checkDecodeErr(t, err)
				}
				continue
			}
			if len(errs) != 3 {
				t.Fatalf("%d errors for 3 calls", len(errs))
			}
			for i, e := range errs {
				if e != nil && !errors.As(e, &fault) {
					t.Fatalf("call %d: error %T %v, want nil or a *Fault", i, e, e)
				}
			}
		}
	})
}
