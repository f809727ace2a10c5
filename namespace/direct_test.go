package namespace

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// label is a named string type: direct calls pass it as a string.
type label string

type ctxKey struct{}

// shapes has one method per direct-call shape (shapes_test.go). Each
// records its arguments; mode makes it fail, return an unencodable value
// or panic.
type shapes struct {
	mode  string // "", "fail", "fault", "bad", "panic"
	last  string
	calls int
}

func (s *shapes) record(name string, args ...any) string {
	var b strings.Builder
	b.WriteString(name)
	for _, a := range args {
		if ctx, ok := a.(context.Context); ok {
			fmt.Fprintf(&b, " ctx(%v)", ctx.Value(ctxKey{}))
			continue
		}
		fmt.Fprintf(&b, " %T(%#v)", a, a)
	}
	s.last = b.String()
	s.calls++
	if s.mode == "panic" {
		panic("boom: " + s.last)
	}
	return s.last
}

func (s *shapes) effect(string) {}

func (s *shapes) err(d string) error {
	switch s.mode {
	case "fail":
		return errors.New("failed: " + d)
	case "fault":
		return fmt.Errorf("wrapped: %w", xmlrpc.Faultf(xmlrpc.CodeBadName, "bad %s", d))
	}
	return nil
}

func hash(d string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(d))
	return h.Sum64()
}

func (s *shapes) resI(d string) int { return int(hash(d)) }

func (s *shapes) resU(d string) uint {
	if s.mode == "bad" {
		return math.MaxUint64
	}
	return uint(hash(d) >> 1)
}

func (s *shapes) resS(d string) string {
	if s.mode == "bad" {
		return "bad\xff"
	}
	return d
}

func (s *shapes) resB(d string) bool { return len(d)%2 == 0 }

func (s *shapes) resF(d string) float64 {
	if s.mode == "bad" {
		return math.NaN()
	}
	return float64(len(d)) / 3
}

func (s *shapes) resA(d string) any {
	if s.mode == "bad" {
		return []any{"\x00"}
	}
	return []any{d, len(d), nil}
}

// Parameter values per class: the first ones convert, the others do not.
var classSamples = map[byte][]string{
	'I': {testkit.Int(5), "<value><i8>-9999999999</i8></value>", testkit.String("x"), "<value><int>9223372036854775808</int></value>", "<value><double>1</double></value>"},
	'U': {testkit.Int(7), "<value><int>18446744073709551615</int></value>", testkit.Int(-1), "<value><boolean>1</boolean></value>"},
	'S': {testkit.String("h\u00e9llo &amp;"), "<value>untyped</value>", testkit.Int(1), "<value><nil/></value>"},
	'B': {"<value><boolean>1</boolean></value>", testkit.Int(1)},
	'F': {"<value><double>2.5</double></value>", testkit.Int(3), testkit.String("1")},
	'A': {testkit.Array(testkit.Int(1), "<value><nil/></value>"), "<value><nil/></value>", testkit.Struct("k", testkit.String("v"))},
}

func init() {
	classSamples['J'] = classSamples['I']
	classSamples['N'] = classSamples['S']
}

// paramSets returns the parameter lists tried on a method with the given
// parameter classes: every combination of samples, too few, too many.
func paramSets(classes string) [][]string {
	sets := [][]string{nil}
	for i := range len(classes) {
		c := classes[i]
		if c == 'C' {
			continue
		}
		var next [][]string
		for _, s := range sets {
			for _, v := range classSamples[c] {
				next = append(next, append(append([]string(nil), s...), v))
			}
		}
		sets = next
	}
	first := sets[0]
	if len(first) > 0 {
		sets = append(sets, first[:len(first)-1])
	}
	sets = append(sets, append(append([]string(nil), first...), testkit.Int(1)))
	return sets
}

// TestDirectMatchesReflect calls every direct-call shape through both
// paths and checks that the answers are the same bytes, that the methods
// received the same arguments, and that the paths were the ones meant.
func TestDirectMatchesReflect(t *testing.T) {
	if !directCallsEnabled() {
		t.Skipf("direct calls are not used on %s", runtime.GOARCH)
	}
	sd, sr := &shapes{}, &shapes{}
	nsD, err := Build("s", sd)
	if err != nil {
		t.Fatal(err)
	}
	forceReflect = true
	nsR, err := Build("s", sr)
	forceReflect = false
	if err != nil {
		t.Fatal(err)
	}
	if len(nsD.Skipped()) != 0 || len(nsD.Methods()) != len(shapeMethods) {
		t.Fatalf("%d methods, skipped %v", len(nsD.Methods()), nsD.Skipped())
	}
	for _, m := range nsD.Methods() {
		if !m.Direct() {
			t.Errorf("%s (%s) is not called directly", m.Name(), m.GoName())
		}
	}
	for _, m := range nsR.Methods() {
		if m.Direct() {
			t.Errorf("%s is direct with forceReflect", m.Name())
		}
	}
	ic := WithInterceptor(func(ctx context.Context, method string, next func(context.Context) error) error {
		return next(context.WithValue(ctx, ctxKey{}, "ic "+method))
	})
	services := map[string][2]*Service{}
	for _, name := range []string{"plain", "intercepted"} {
		var opts []Option
		if name == "intercepted" {
			opts = []Option{ic}
		}
		var pair [2]*Service
		for i, ns := range []*Namespace{nsD, nsR} {
			s, err := NewService([]*Namespace{ns}, append(opts, WithLogger(quietLogger()))...)
			if err != nil {
				t.Fatal(err)
			}
			pair[i] = s
		}
		services[name] = pair
	}
	ctx := context.WithValue(context.Background(), ctxKey{}, "serve")
	answers := map[string]int{}
	compare := func(t *testing.T, what string, pair [2]*Service, b []byte) error {
		t.Helper()
		outD, infoD, errD := pair[0].Serve(ctx, b, nil)
		outR, infoR, errR := pair[1].Serve(ctx, b, nil)
		if string(outD) != string(outR) || fmt.Sprint(errD) != fmt.Sprint(errR) || fmt.Sprint(infoD) != fmt.Sprint(infoR) {
			t.Fatalf("%s: direct and reflect differ for\n%s\ndirect:  %q %v %+v\nreflect: %q %v %+v", what, b, outD, errD, infoD, outR, errR, infoR)
		}
		if sd.last != sr.last || sd.calls != sr.calls {
			t.Fatalf("%s: the methods got different arguments:\ndirect:  %q (%d calls)\nreflect: %q (%d calls)", what, sd.last, sd.calls, sr.last, sr.calls)
		}
		switch {
		case errD != nil:
			answers["error"]++
		case infoD.Fault != nil:
			answers["fault"]++
		default:
			answers["value"]++
		}
		return errD
	}
	for _, sm := range shapeMethods {
		t.Run(sm.name, func(t *testing.T) {
			method := "s." + sm.name
			sets := paramSets(sm.params)
			for sname, pair := range services {
				var entries []string
				for i, ps := range sets {
					modes := []string{""}
					if i == 0 {
						modes = []string{"", "fail", "fault", "bad", "panic"}
					}
					for _, mode := range modes {
						sd.mode, sr.mode = mode, mode
						b := testkit.MethodCall(method, ps...)
						compare(t, fmt.Sprintf("%s %s mode %q", sname, method, mode), pair, b)
						// Inside a multicall too.
						compare(t, fmt.Sprintf("%s multicall %s mode %q", sname, method, mode), pair,
							testkit.MethodCall("system.multicall", testkit.Array(mcEntry(method, ps...), mcEntry(method, ps...))))
					}
					sd.mode, sr.mode = "", ""
					entries = append(entries, mcEntry(method, ps...))
				}
				// A malformed extra parameter is a syntax error first.
				malformed := append(append([]string(nil), sets[0]...), "<value><int>x</int></value>")
				err := compare(t, sname+" malformed", pair, testkit.MethodCall(method, malformed...))
				wantRequestError(t, answer{err: err}, "syntax")
				compare(t, sname+" multicall of all", pair, testkit.MethodCall("system.multicall", testkit.Array(entries...)))
			}
		})
	}
	// The table must have exercised values, faults and panics.
	if answers["value"] == 0 || answers["fault"] == 0 || answers["error"] == 0 {
		t.Fatalf("answers seen: %v", answers)
	}
}

// TestDirectSelfTest checks the ABI self-test on this platform.
func TestDirectSelfTest(t *testing.T) {
	if !directCallsSupported {
		t.Skipf("direct calls are not supported on %s", runtime.GOARCH)
	}
	if !selfTest() {
		t.Fatal("selfTest failed on a platform marked supported")
	}
}

// TestDirectEligibility checks which signatures are called directly.
func TestDirectEligibility(t *testing.T) {
	if !directCallsEnabled() {
		t.Skipf("direct calls are not used on %s", runtime.GOARCH)
	}
	ns, err := Build("e", &eligibility{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		"e.direct2": true, "e.ctxOnly": true, "e.named": true, "e.none": true,
		"e.three": false, "e.int32": false, "e.float32": false, "e.optional": false, "e.variadic": false,
		"e.structParam": false, "e.sliceResult": false, "e.textParam": false, "e.textResult": false,
		"e.ptrParam": false,
	}
	for _, m := range ns.Methods() {
		w, ok := want[m.Name()]
		if !ok {
			t.Errorf("unexpected method %s", m.Name())
			continue
		}
		if m.Direct() != w {
			t.Errorf("%s: Direct() = %v, want %v", m.Name(), m.Direct(), w)
		}
		delete(want, m.Name())
	}
	if len(want) != 0 {
		t.Errorf("missing methods %v (skipped %v)", want, ns.Skipped())
	}
}

type eligibility struct{}

type textInt int

func (t textInt) MarshalText() ([]byte, error) { return []byte(fmt.Sprint(int(t))), nil }
func (t *textInt) UnmarshalText(b []byte) error {
	_, err := fmt.Sscan(string(b), (*int)(t))
	return err
}

func (*eligibility) Direct2(a int, b string) (bool, error) { return false, nil }
func (*eligibility) CtxOnly(ctx context.Context) error     { return nil }
func (*eligibility) Named(a label) label                   { return a }
func (*eligibility) None()                                 {}
func (*eligibility) Three(a, b, c int) int                 { return 0 }
func (*eligibility) Int32(a int32) int                     { return 0 }
func (*eligibility) Float32(a float64) float32             { return 0 }
func (*eligibility) Optional(a Optional[int]) int          { return 0 }
func (*eligibility) Variadic(a ...int) int                 { return 0 }
func (*eligibility) StructParam(a struct{ X int }) int     { return 0 }
func (*eligibility) SliceResult() []int                    { return nil }
func (*eligibility) TextParam(a textInt) int               { return 0 }
func (*eligibility) TextResult() textInt                   { return 0 }
func (*eligibility) PtrParam(a *int) int                   { return 0 }
