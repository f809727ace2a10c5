package namespace

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// fuzzNS has methods of assorted shapes; none panics.
type fuzzNS struct{}

func (fuzzNS) Ping() string                       { return "pong" }
func (fuzzNS) Add(a, b int) int                   { return a + b }
func (fuzzNS) Echo(v any) any                     { return v }
func (fuzzNS) Concat(a, b string) (string, error) { return a + b, nil }
func (fuzzNS) Opt(a int, b Optional[int]) int     { return a + b.Or(10) }
func (fuzzNS) Count(args ...any) int              { return len(args) }
func (fuzzNS) Point(p point) point                { return p }
func (fuzzNS) Sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}
func (fuzzNS) Keys(m map[string]uint8) int { return len(m) }
func (fuzzNS) Fail(code int, msg Optional[string]) error {
	return xmlrpc.NewFault(xmlrpc.Code(code), msg.Value)
}
func (fuzzNS) Bytes(b []byte, n *int) ([]byte, error)          { return b, nil }
func (fuzzNS) Ctx(ctx context.Context, s label) (label, error) { return s, nil }

// FuzzServe serves arbitrary bodies: never a panic, only the documented
// errors, and every answer a well-formed methodResponse.
func FuzzServe(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "conformance", "*.xml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(testkit.MethodCall("f.opt", testkit.Int(1), testkit.String("x")))
	f.Add(multicall(mcEntry("f.add", testkit.Int(1), testkit.Int(2)), mcEntry("f.point", testkit.Struct("x", testkit.Int(1))), testkit.String("x")))
	s := newService(f, []Option{WithLimits(xmlrpc.Limits{MaxDepth: 32, MaxValues: 20_000}), WithMaxMulticallCalls(50)},
		"f", fuzzNS{}, "echo", fuzzNS{})
	f.Fuzz(func(t *testing.T, b []byte) {
		out, _, err := s.Serve(context.Background(), b, nil)
		if err != nil {
			var se *xmlrpc.SyntaxError
			var le *xmlrpc.LimitError
			if !errors.As(err, &se) && !errors.As(err, &le) {
				t.Fatalf("Serve error of type %T: %v", err, err)
			}
			if len(out) != 0 {
				t.Fatalf("an answer with the error: %q", out)
			}
			return
		}
		decodeResponse(t, out)
	})
}
