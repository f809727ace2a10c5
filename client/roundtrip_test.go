package client_test

import (
	"math"
	"math/big"
	"math/rand"
	"net/netip"
	"reflect"
	"strconv"
	"testing"
	"testing/quick"
	"time"
	"unicode/utf8"

	"github.com/supervisorrpc/rpcinterface/client"
	"github.com/supervisorrpc/rpcinterface/rpcext"
	"github.com/supervisorrpc/rpcinterface/rpctest"
)

// Inner is a struct inside All.
type Inner struct {
	S string `xmlrpc:"s"`
	N int64  `xmlrpc:"n"`
}

// All has a field of every kind of Go type the codec maps: the client
// encodes it, the server decodes it into its Go type and sends it back,
// and the client decodes the answer: the value must come back equal.
type All struct {
	Bool    bool             `xmlrpc:"bool"`
	Int     int              `xmlrpc:"int"`
	Int8    int8             `xmlrpc:"int8"`
	Int16   int16            `xmlrpc:"int16"`
	Int32   int32            `xmlrpc:"int32"`
	Int64   int64            `xmlrpc:"int64"`
	Uint    uint             `xmlrpc:"uint"`
	Uint8   uint8            `xmlrpc:"uint8"`
	Uint16  uint16           `xmlrpc:"uint16"`
	Uint32  uint32           `xmlrpc:"uint32"`
	Uint64  uint64           `xmlrpc:"uint64"` // at most MaxInt64: <i8>
	Float32 float32          `xmlrpc:"float32"`
	Float64 float64          `xmlrpc:"float64"`
	String  string           `xmlrpc:"string"`
	Bytes   []byte           `xmlrpc:"bytes"`
	Time    time.Time        `xmlrpc:"time"`
	Big     *big.Int         `xmlrpc:"big"`
	Addr    netip.Addr       `xmlrpc:"addr"` // a TextMarshaler
	Ints    []int            `xmlrpc:"ints"`
	Fixed   [3]int16         `xmlrpc:"fixed"`
	Map     map[string]int32 `xmlrpc:"map"`
	Inner   Inner            `xmlrpc:"inner"`
	Ptr     *Inner           `xmlrpc:"ptr"`
	Structs []Inner          `xmlrpc:"structs"`
	Nested  [][]string       `xmlrpc:"nested"`
	Any     any              `xmlrpc:"any"`
	Omit    string           `xmlrpc:"omit,omitempty"`
	Skipped string           `xmlrpc:"-"`
}

// echoTypes answers with what it was sent, decoded into and encoded from the
// parameter's Go type.
type echoTypes struct{}

func (echoTypes) All(a All) All                       { return a }
func (echoTypes) Any(v any) any                       { return v }
func (echoTypes) Int64(v int64) int64                 { return v }
func (echoTypes) Float64(v float64) float64           { return v }
func (echoTypes) String(v string) string              { return v }
func (echoTypes) Bytes(v []byte) []byte               { return v }
func (echoTypes) Time(v time.Time) time.Time          { return v }
func (echoTypes) Uint16s(v []uint16) []uint16         { return v }
func (echoTypes) Map(v map[string]any) map[string]any { return v }

// Generate makes an All with random values that XML-RPC can carry.
func (All) Generate(r *rand.Rand, size int) reflect.Value {
	a := All{
		Bool: r.Intn(2) == 0, Int: int(r.Int63()) - math.MaxInt64/2, Int8: int8(r.Int()), Int16: int16(r.Int()),
		Int32: int32(r.Uint32()), Int64: r.Int63() - r.Int63(), Uint: uint(r.Int63()), Uint8: uint8(r.Int()),
		Uint16: uint16(r.Int()), Uint32: r.Uint32(), Uint64: uint64(r.Int63()),
		Float32: float32(r.NormFloat64() * 1e6), Float64: randFloat(r),
		String: randString(r, size), Bytes: randBytes(r, size), Time: randTime(r),
		Addr: netip.AddrFrom4([4]byte{byte(r.Int()), byte(r.Int()), byte(r.Int()), byte(r.Int())}),
		Ints: []int{}, Map: map[string]int32{}, Inner: Inner{randString(r, size), r.Int63()},
		Structs: []Inner{}, Nested: [][]string{}, Any: randAny(r, 3),
	}
	if r.Intn(2) == 0 {
		a.Big = big.NewInt(r.Int63() - r.Int63())
	}
	if r.Intn(2) == 0 {
		a.Ptr = &Inner{randString(r, size), int64(r.Int31())}
	}
	if r.Intn(2) == 0 {
		a.Omit = randString(r, size) + "x"
	}
	for range r.Intn(size + 1) {
		a.Ints = append(a.Ints, int(r.Int63()-r.Int63()))
		a.Map[randString(r, 8)] = int32(r.Uint32())
		a.Structs = append(a.Structs, Inner{randString(r, 5), r.Int63()})
		a.Nested = append(a.Nested, []string{randString(r, 4), randString(r, 4)})
	}
	for i := range a.Fixed {
		a.Fixed[i] = int16(r.Int())
	}
	return reflect.ValueOf(a)
}

func randFloat(r *rand.Rand) float64 {
	switch r.Intn(4) {
	case 0:
		return math.Float64frombits(r.Uint64()&^(0x7ff<<52) | uint64(r.Intn(0x7ff))<<52) // any finite double
	case 1:
		return float64(r.Int63n(1e6)) // integral
	case 2:
		return math.Copysign(0, -1)
	}
	return r.NormFloat64()
}

// randString returns text of up to n characters that XML can carry,
// markup and CR included.
func randString(r *rand.Rand, n int) string {
	const special = "<>&'\"\r\n\t ]]>"
	b := make([]rune, r.Intn(n+1))
	for i := range b {
		switch r.Intn(4) {
		case 0:
			b[i] = rune(special[r.Intn(len(special))])
		case 1:
			b[i] = rune(0x20 + r.Intn(0x5f))
		case 2:
			b[i] = rune(0xa0 + r.Intn(0xd7ff-0xa0))
		default:
			b[i] = rune(0x10000 + r.Intn(0x10ffff-0x10000))
		}
	}
	if !utf8.ValidString(string(b)) {
		panic("invalid string generated")
	}
	return string(b)
}

func randBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, r.Intn(n+1))
	r.Read(b)
	return b
}

func randTime(r *rand.Rand) time.Time {
	return time.Date(1+r.Intn(9999), time.Month(1+r.Intn(12)), 1+r.Intn(28), r.Intn(24), r.Intn(60), r.Intn(60), 0, time.UTC)
}

// randAny returns a value as DecodeAny makes them, nested up to depth.
func randAny(r *rand.Rand, depth int) any {
	n := 8
	if depth == 0 {
		n = 6
	}
	switch r.Intn(n) {
	case 0:
		return int(r.Int63() - r.Int63())
	case 1:
		return randString(r, 10)
	case 2:
		return r.Intn(2) == 0
	case 3:
		return randFloat(r)
	case 4:
		return randBytes(r, 10)
	case 5:
		if r.Intn(2) == 0 {
			return nil
		}
		return randTime(r)
	case 6:
		a := make([]any, r.Intn(4))
		for i := range a {
			a[i] = randAny(r, depth-1)
		}
		return a
	}
	m := map[string]any{}
	for i := range r.Intn(4) {
		m[randString(r, 6)+strconv.Itoa(i)] = randAny(r, depth-1)
	}
	return m
}

// equalAll compares All values, big.Int by value.
func equalAll(a, b All) bool {
	if (a.Big == nil) != (b.Big == nil) || a.Big != nil && a.Big.Cmp(b.Big) != 0 {
		return false
	}
	a.Big, b.Big = nil, nil
	return reflect.DeepEqual(a, b)
}

func TestRoundTripEveryType(t *testing.T) {
	srv := rpctestServer(t, false)
	c := srv.Client()
	cfg := &quick.Config{MaxCount: 200, Rand: rand.New(rand.NewSource(1))}
	if testing.Short() {
		cfg.MaxCount = 20
	}

	if err := quick.Check(func(a All) bool {
		a.Skipped = "" // never sent
		var back All
		if err := c.Call(t.Context(), "rt.all", &back, a); err != nil {
			t.Logf("rt.all: %v", err)
			return false
		}
		if !equalAll(a, back) {
			t.Logf("sent %#v\ngot  %#v", a, back)
			return false
		}
		return true
	}, cfg); err != nil {
		t.Error(err)
	}

	scalars := []struct {
		method string
		check  any // func(x T) bool
	}{
		{"rt.int64", func(x int64) bool { return echo(t, c, "rt.int64", x) }},
		{"rt.float64", func(x float64) bool { return echo(t, c, "rt.float64", x) }},
		{"rt.bytes", func(x []byte) bool {
			if x == nil {
				x = []byte{}
			}
			return echo(t, c, "rt.bytes", x)
		}},
		{"rt.uint16s", func(x []uint16) bool {
			if x == nil {
				x = []uint16{}
			}
			return echo(t, c, "rt.uint16s", x)
		}},
	}
	for _, s := range scalars {
		if err := quick.Check(s.check, cfg); err != nil {
			t.Errorf("%s: %v", s.method, err)
		}
	}
	r := rand.New(rand.NewSource(2))
	for range cfg.MaxCount {
		if s := randString(r, 40); !echo(t, c, "rt.string", s) {
			break
		}
		if tm := randTime(r); !echo(t, c, "rt.time", tm) {
			break
		}
		if v := randAny(r, 4); !echo(t, c, "rt.any", v) {
			break
		}
	}
}

// A multicall carries every type too, in both dialects.
func TestRoundTripMulticall(t *testing.T) {
	for _, spec := range []bool{false, true} {
		srv := rpctestServer(t, spec)
		var opts []client.Option
		if spec {
			opts = append(opts, client.WithSpecMulticall())
		}
		c := srv.NewClient(opts...)
		r := rand.New(rand.NewSource(3))
		for range 10 {
			sent := make([]All, 1+r.Intn(8))
			got := make([]All, len(sent))
			reqs := make([]client.Request, len(sent))
			for i := range sent {
				sent[i] = All{}.Generate(r, 10).Interface().(All)
				reqs[i] = client.Request{Method: "rt.all", Args: []any{sent[i]}, Result: &got[i]}
			}
			errs, err := c.Multicall(t.Context(), reqs...)
			if err != nil {
				t.Fatalf("spec %v: %v", spec, err)
			}
			for i := range sent {
				if errs[i] != nil || !equalAll(sent[i], got[i]) {
					t.Fatalf("spec %v, call %d: %v\nsent %#v\ngot  %#v", spec, i, errs[i], sent[i], got[i])
				}
			}
		}
	}
}

// echo calls method with x and reports whether x came back equal.
func echo[T any](t *testing.T, c *client.Client, method string, x T) bool {
	t.Helper()
	var back T
	if err := c.Call(t.Context(), method, &back, x); err != nil {
		t.Errorf("%s(%#v): %v", method, x, err)
		return false
	}
	if !reflect.DeepEqual(back, x) {
		t.Errorf("%s: sent %#v, got %#v", method, x, back)
		return false
	}
	return true
}

// rpctestServer serves echoTypes as namespace rt.
func rpctestServer(t *testing.T, spec bool) *rpctest.Server {
	opts := []rpcext.MountOption{rpcext.WithNamespace("rt", echoTypes{})}
	if spec {
		opts = append(opts, rpcext.WithSpecMulticall())
	}
	return rpctest.NewServer(t, "", opts...)
}
