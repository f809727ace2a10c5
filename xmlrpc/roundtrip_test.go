package xmlrpc_test

import (
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// gen makes random values in the forms DecodeAny produces.
type gen struct {
	r     *rand.Rand
	depth int
}

// Runes strings are made of: the characters XML escapes, the line ends it
// rewrites, multi-byte and astral characters.
var genRunes = []rune("abcXYZ019 <>&\"';]]\t\n\r\u00e9\u4e16\U0001F600\uFFFD\u007f\u0085\u2028")

func (g *gen) string() string {
	n := g.r.IntN(12)
	if g.r.IntN(20) == 0 {
		n = 200 + g.r.IntN(2000)
	}
	var b strings.Builder
	for range n {
		b.WriteRune(genRunes[g.r.IntN(len(genRunes))])
	}
	return b.String()
}

func (g *gen) float() float64 {
	switch g.r.IntN(8) {
	case 0:
		return 0
	case 1:
		return math.Copysign(0, -1)
	case 2:
		return math.Float64frombits(g.r.Uint64N(1 << 52)) // denormal
	case 3:
		return float64(g.r.Int64N(1<<53)) * []float64{1, -1}[g.r.IntN(2)]
	case 4:
		return []float64{1e-5, 1e-4, 1e15, 1e16, 1e22, 5e-324, math.MaxFloat64, 0.1, 1.0 / 3}[g.r.IntN(9)]
	}
	for {
		f := math.Float64frombits(g.r.Uint64())
		if !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f
		}
	}
}

func (g *gen) value() any {
	n := 9
	if g.depth >= 4 {
		n = 7 // scalars only
	}
	switch g.r.IntN(n) {
	case 0:
		switch g.r.IntN(3) {
		case 0:
			return int(g.r.Int32())
		case 1:
			return int(int64(g.r.Uint64()))
		}
		return []int{0, 1, -1, math.MaxInt32, math.MinInt32, math.MaxInt32 + 1, math.MinInt32 - 1, math.MaxInt64, math.MinInt64}[g.r.IntN(9)]
	case 1:
		return g.r.IntN(2) == 0
	case 2:
		return g.string()
	case 3:
		return g.float()
	case 4:
		sec := g.r.Int64N(time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()-time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix()) +
			time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
		return time.Unix(sec, 0).UTC()
	case 5:
		b := make([]byte, g.r.IntN(40))
		for i := range b {
			b[i] = byte(g.r.UintN(256))
		}
		return b
	case 6:
		return nil
	case 7:
		g.depth++
		defer func() { g.depth-- }()
		a := make([]any, g.r.IntN(5))
		for i := range a {
			a[i] = g.value()
		}
		return a
	default:
		g.depth++
		defer func() { g.depth-- }()
		m := map[string]any{}
		for range g.r.IntN(5) {
			m[g.string()] = g.value()
		}
		return m
	}
}

// TestRoundTripAny encodes random values, decodes them from a request
// built of the encoder's output and compares.
func TestRoundTripAny(t *testing.T) {
	g := &gen{r: rand.New(rand.NewPCG(20261124, 1))}
	for i := range 3000 {
		v := g.value()
		e := xmlrpc.NewEncoder(nil)
		if err := e.Any(v); err != nil {
			t.Fatalf("#%d: encoding %#v: %v", i, v, err)
		}
		got, err := decodeOne(string(e.Bytes()), xmlrpc.Limits{})
		if err != nil {
			t.Fatalf("#%d: decoding %q: %v", i, e.Bytes(), err)
		}
		if !equal(got, v) {
			t.Fatalf("#%d: round trip of %#v gave %#v (encoded %q)", i, v, got, e.Bytes())
		}
	}
}

// TestRoundTripParams encodes several random values as the parameters of
// one request.
func TestRoundTripParams(t *testing.T) {
	g := &gen{r: rand.New(rand.NewPCG(7, 7))}
	for i := range 300 {
		vals := make([]any, g.r.IntN(6))
		params := make([]string, len(vals))
		for j := range vals {
			vals[j] = g.value()
			e := xmlrpc.NewEncoder(nil)
			if err := e.Any(vals[j]); err != nil {
				t.Fatal(err)
			}
			params[j] = string(e.Bytes())
		}
		_, got, err := decodeParams(testkit.MethodCall("m", params...), xmlrpc.Limits{})
		if err != nil {
			t.Fatalf("#%d: %v", i, err)
		}
		if len(vals) == 0 {
			vals = nil
		}
		if !equal(got, vals) {
			t.Fatalf("#%d: got %#v, want %#v", i, got, vals)
		}
	}
}

// record is a struct with assorted field types for typed round trips.
type record struct {
	I     int               `xmlrpc:"i"`
	I8    int8              `xmlrpc:"i8"`
	U64   uint64            `xmlrpc:"u64"`
	F     float64           `xmlrpc:"f"`
	F32   float32           `xmlrpc:"f32"`
	S     string            `xmlrpc:"s"`
	B     bool              `xmlrpc:"b"`
	T     time.Time         `xmlrpc:"t"`
	Bytes []byte            `xmlrpc:"bytes"`
	Ints  []int             `xmlrpc:"ints"`
	Arr   [2]string         `xmlrpc:"arr"`
	M     map[string]uint16 `xmlrpc:"m"`
	P     *record           `xmlrpc:"p,omitempty"`
	Any   any               `xmlrpc:"any"`
	Up    upper             `xmlrpc:"up"`
	K     key               `xmlrpc:"k,omitempty"`
}

func (g *gen) record(depth int) record {
	r := record{
		I:     int(int64(g.r.Uint64())),
		I8:    int8(g.r.IntN(256) - 128),
		U64:   g.r.Uint64N(math.MaxInt64),
		F:     g.float(),
		F32:   float32(g.r.NormFloat64()),
		S:     g.string(),
		B:     g.r.IntN(2) == 1,
		T:     time.Unix(g.r.Int64N(1<<35), 0).UTC(),
		Bytes: []byte(g.string()),
		Ints:  make([]int, g.r.IntN(4)),
		Arr:   [2]string{g.string(), g.string()},
		M:     map[string]uint16{g.string(): uint16(g.r.IntN(65536))},
		Any:   g.value(),
		Up:    upper([]string{"", "A", "BC", "D E"}[g.r.IntN(4)]),
		K:     key(g.string()),
	}
	for i := range r.Ints {
		r.Ints[i] = g.r.IntN(1000) - 500
	}
	if depth < 2 && g.r.IntN(2) == 0 {
		p := g.record(depth + 1)
		r.P = &p
	}
	return r
}

// TestRoundTripTyped encodes random records, decodes them into a record
// and checks that encoding again gives the same bytes.
func TestRoundTripTyped(t *testing.T) {
	g := &gen{r: rand.New(rand.NewPCG(3, 4))}
	for i := range 500 {
		r := g.record(0)
		e := xmlrpc.NewEncoder(nil)
		if err := e.Value(reflect.ValueOf(r)); err != nil {
			t.Fatalf("#%d: %v", i, err)
		}
		first := string(e.Bytes())
		d := xmlrpc.NewDecoder(testkit.MethodCall("m", first), xmlrpc.Limits{})
		if _, err := d.MethodCall(); err != nil {
			t.Fatal(err)
		}
		d.NextParam()
		var back record
		if err := d.DecodeValue(reflect.ValueOf(&back).Elem()); err != nil {
			t.Fatalf("#%d: decoding: %v\n%s", i, err, first)
		}
		if back.S != r.S || back.I != r.I || back.U64 != r.U64 || math.Float64bits(back.F) != math.Float64bits(r.F) || !back.T.Equal(r.T) {
			t.Fatalf("#%d: scalars differ: %+v vs %+v", i, back, r)
		}
		e.Reset(nil)
		if err := e.Value(reflect.ValueOf(back)); err != nil {
			t.Fatal(err)
		}
		if string(e.Bytes()) != first {
			t.Fatalf("#%d: encoding after a round trip differs:\n%s\n%s", i, first, e.Bytes())
		}
	}
}
