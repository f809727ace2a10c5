package namespace

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unsafe"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// Direct calls.
//
// reflect.Value.Call costs about 175 ns and two or more allocations per
// call, more than decoding and encoding a small call together. For the
// signatures methods most often have, the dispatcher instead calls the
// method's code directly, as compiled Go would.
//
// A method expression (*T).M has the type func(*T, params...) results.
// Every pointer is passed the same way, so on the register-based ABI of
// 64-bit platforms that function can be called as
// func(unsafe.Pointer, params...) results. Parameters and results are
// grouped by how they are passed (class): 64-bit integers as int64, then
// string, bool, float64, and the empty interface (which also carries a
// context.Context: both are two pointer words). For each shape of up to two
// parameters and each result form, a generic maker below is instantiated
// at compile time; Build looks the method's shape up and, when found, calls
// through it. Everything else goes through reflect (reflectcall.go).
//
// directCalls is false on platforms whose ABI was not checked; selfTest
// verifies the assumption on this one before the first use and turns
// direct calls off if it does not hold.

// slot fills one parameter: it decodes the next XML-RPC value, or supplies
// the request's context.
type slot[T any] func(c *call) T

// resEnc encodes a result value.
type resEnc[R any] func(c *call, r R) error

// shape is the key of a direct-call maker.
type shape struct {
	n    uint8    // parameters, context included
	p    [2]class // their classes (cUint is passed as cInt)
	r    class    // the value result's class, cNone for none
	err  bool     // an error result follows
	void bool     // no value result
}

type maker func(fn, rcvr unsafe.Pointer, slots []any, enc any, nparams int) invoker

var catalog = map[shape]maker{}

// encodeFailed wraps an error from encoding a result, so that it is told
// apart from an error the method returned.
type encodeFailed struct{ err error }

func (e encodeFailed) Error() string { return e.err.Error() }
func (e encodeFailed) Unwrap() error { return e.err }

func wrapEnc(err error) error {
	if err != nil {
		return encodeFailed{err}
	}
	return nil
}

func encodeTrue(c *call) error {
	c.e.Bool(true)
	return nil
}

// funcPtr returns the func value held by fn (a pointer to its closure).
func funcPtr(fn reflect.Value) unsafe.Pointer {
	fi := fn.Interface()
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&fi))[1]
}

// asFunc reinterprets a func value as type F.
func asFunc[F any](fn unsafe.Pointer) F {
	return *(*F)(unsafe.Pointer(&fn))
}

// ctxAsAny carries a context.Context in an interface word pair of type
// any, for a parameter slot of class cAny. It is only ever passed on to
// the method, which receives it as the context.Context it is.
func ctxAsAny(ctx context.Context) any {
	return *(*any)(unsafe.Pointer(&ctx))
}

func slotFor(p param) any {
	if p.kind == pkContext {
		return slot[any](func(c *call) any { return ctxAsAny(c.ctx) })
	}
	switch p.class {
	case cInt:
		dec := named((*xmlrpc.Decoder).DecodeInt64, p.typ)
		return slot[int64](func(c *call) int64 { return arg(c, dec) })
	case cUint:
		dec := named((*xmlrpc.Decoder).DecodeUint64, p.typ)
		return slot[int64](func(c *call) int64 { return int64(arg(c, dec)) })
	case cString:
		dec := named((*xmlrpc.Decoder).DecodeString, p.typ)
		return slot[string](func(c *call) string { return arg(c, dec) })
	case cBool:
		dec := named((*xmlrpc.Decoder).DecodeBool, p.typ)
		return slot[bool](func(c *call) bool { return arg(c, dec) })
	case cFloat:
		dec := named((*xmlrpc.Decoder).DecodeFloat64, p.typ)
		return slot[float64](func(c *call) float64 { return arg(c, dec) })
	case cAny:
		return slot[any](func(c *call) any { return arg(c, (*xmlrpc.Decoder).DecodeAny) })
	}
	return nil
}

// named makes the *xmlrpc.TypeErrors of dec name the parameter's Go
// type t (int, or a named type) rather than dec's own (int64), so that
// a fault reads the same as through reflect, which decodes into t itself.
// The ranges are the same: the class guarantees 64 bits.
func named[T any](dec func(*xmlrpc.Decoder) (T, error), t reflect.Type) func(*xmlrpc.Decoder) (T, error) {
	own := reflect.TypeFor[T]()
	if t == own {
		return dec
	}
	from, to := own.String(), t.String()
	return func(d *xmlrpc.Decoder) (T, error) {
		v, err := dec(d)
		if te, ok := err.(*xmlrpc.TypeError); ok {
			if te.Want == from {
				te.Want = to
			}
			if msg, found := strings.CutSuffix(te.Msg, " overflows "+from); found {
				te.Msg = msg + " overflows " + to
			}
		}
		return v, err
	}
}

func encFor(r *result) any {
	switch r.class {
	case cInt:
		return resEnc[int64](func(c *call, v int64) error { c.e.Int64(v); return nil })
	case cUint:
		return resEnc[int64](func(c *call, v int64) error { return c.e.Uint64(uint64(v)) })
	case cString:
		return resEnc[string](func(c *call, v string) error { return c.e.String(v) })
	case cBool:
		return resEnc[bool](func(c *call, v bool) error { c.e.Bool(v); return nil })
	case cFloat:
		return resEnc[float64](func(c *call, v float64) error { return c.e.Float64(v) })
	case cAny:
		return resEnc[any](func(c *call, v any) error { return c.e.Any(v) })
	}
	return nil
}

// regClass is the class a value is passed as: unsigned as signed.
func regClass(c class) class {
	if c == cUint {
		return cInt
	}
	return c
}

// forceReflect makes Build call every method through reflect; tests set
// it to compare the two paths.
var forceReflect bool

// directInvoker returns a direct-call invoker for the method when its
// shape is in the catalog.
func directInvoker(sig *signature, fn reflect.Value, rcvr unsafe.Pointer) (invoker, bool) {
	if forceReflect || !directCallsEnabled() || len(sig.params) > 2 {
		return nil, false
	}
	key := shape{n: uint8(len(sig.params)), err: sig.hasErr, void: sig.res == nil}
	slots := make([]any, len(sig.params))
	nparams := 0
	for i, p := range sig.params {
		if p.kind != pkValue && p.kind != pkContext || p.class == cNone {
			return nil, false
		}
		if p.kind == pkValue {
			nparams++
		}
		key.p[i] = regClass(p.class)
		slots[i] = slotFor(p)
	}
	var enc any
	if sig.res != nil {
		if sig.res.class == cNone {
			return nil, false
		}
		key.r = regClass(sig.res.class)
		enc = encFor(sig.res)
	}
	mk, ok := catalog[key]
	if !ok {
		return nil, false
	}
	return mk(funcPtr(fn), rcvr, slots, enc, nparams), true
}

// Makers: 0, 1 or 2 parameters; results: none (N), error (E), a value (R),
// a value and an error (RE).

func mk0N(fn, rcvr unsafe.Pointer, _ []any, _ any, np int) invoker {
	f := asFunc[func(unsafe.Pointer)](fn)
	return func(c *call) error {
		if err := c.finish(np, np); err != nil {
			return err
		}
		f(rcvr)
		return encodeTrue(c)
	}
}

func mk0E(fn, rcvr unsafe.Pointer, _ []any, _ any, np int) invoker {
	f := asFunc[func(unsafe.Pointer) error](fn)
	return func(c *call) error {
		if err := c.finish(np, np); err != nil {
			return err
		}
		if err := f(rcvr); err != nil {
			return err
		}
		return encodeTrue(c)
	}
}

func mk0R[R any](fn, rcvr unsafe.Pointer, _ []any, enc any, np int) invoker {
	f, er := asFunc[func(unsafe.Pointer) R](fn), enc.(resEnc[R])
	return func(c *call) error {
		if err := c.finish(np, np); err != nil {
			return err
		}
		return wrapEnc(er(c, f(rcvr)))
	}
}

func mk0RE[R any](fn, rcvr unsafe.Pointer, _ []any, enc any, np int) invoker {
	f, er := asFunc[func(unsafe.Pointer) (R, error)](fn), enc.(resEnc[R])
	return func(c *call) error {
		if err := c.finish(np, np); err != nil {
			return err
		}
		r, err := f(rcvr)
		if err != nil {
			return err
		}
		return wrapEnc(er(c, r))
	}
}

func mk1N[A any](fn, rcvr unsafe.Pointer, s []any, _ any, np int) invoker {
	f, sa := asFunc[func(unsafe.Pointer, A)](fn), s[0].(slot[A])
	return func(c *call) error {
		a := sa(c)
		if err := c.finish(np, np); err != nil {
			return err
		}
		f(rcvr, a)
		return encodeTrue(c)
	}
}

func mk1E[A any](fn, rcvr unsafe.Pointer, s []any, _ any, np int) invoker {
	f, sa := asFunc[func(unsafe.Pointer, A) error](fn), s[0].(slot[A])
	return func(c *call) error {
		a := sa(c)
		if err := c.finish(np, np); err != nil {
			return err
		}
		if err := f(rcvr, a); err != nil {
			return err
		}
		return encodeTrue(c)
	}
}

func mk1R[A, R any](fn, rcvr unsafe.Pointer, s []any, enc any, np int) invoker {
	f, sa, er := asFunc[func(unsafe.Pointer, A) R](fn), s[0].(slot[A]), enc.(resEnc[R])
	return func(c *call) error {
		a := sa(c)
		if err := c.finish(np, np); err != nil {
			return err
		}
		return wrapEnc(er(c, f(rcvr, a)))
	}
}

func mk1RE[A, R any](fn, rcvr unsafe.Pointer, s []any, enc any, np int) invoker {
	f, sa, er := asFunc[func(unsafe.Pointer, A) (R, error)](fn), s[0].(slot[A]), enc.(resEnc[R])
	return func(c *call) error {
		a := sa(c)
		if err := c.finish(np, np); err != nil {
			return err
		}
		r, err := f(rcvr, a)
		if err != nil {
			return err
		}
		return wrapEnc(er(c, r))
	}
}

func mk2N[A, B any](fn, rcvr unsafe.Pointer, s []any, _ any, np int) invoker {
	f, sa, sb := asFunc[func(unsafe.Pointer, A, B)](fn), s[0].(slot[A]), s[1].(slot[B])
	return func(c *call) error {
		a := sa(c)
		b := sb(c)
		if err := c.finish(np, np); err != nil {
			return err
		}
		f(rcvr, a, b)
		return encodeTrue(c)
	}
}

func mk2E[A, B any](fn, rcvr unsafe.Pointer, s []any, _ any, np int) invoker {
	f, sa, sb := asFunc[func(unsafe.Pointer, A, B) error](fn), s[0].(slot[A]), s[1].(slot[B])
	return func(c *call) error {
		a := sa(c)
		b := sb(c)
		if err := c.finish(np, np); err != nil {
			return err
		}
		if err := f(rcvr, a, b); err != nil {
			return err
		}
		return encodeTrue(c)
	}
}

func mk2R[A, B, R any](fn, rcvr unsafe.Pointer, s []any, enc any, np int) invoker {
	f, sa, sb, er := asFunc[func(unsafe.Pointer, A, B) R](fn), s[0].(slot[A]), s[1].(slot[B]), enc.(resEnc[R])
	return func(c *call) error {
		a := sa(c)
		b := sb(c)
		if err := c.finish(np, np); err != nil {
			return err
		}
		return wrapEnc(er(c, f(rcvr, a, b)))
	}
}

func mk2RE[A, B, R any](fn, rcvr unsafe.Pointer, s []any, enc any, np int) invoker {
	f, sa, sb, er := asFunc[func(unsafe.Pointer, A, B) (R, error)](fn), s[0].(slot[A]), s[1].(slot[B]), enc.(resEnc[R])
	return func(c *call) error {
		a := sa(c)
		b := sb(c)
		if err := c.finish(np, np); err != nil {
			return err
		}
		r, err := f(rcvr, a, b)
		if err != nil {
			return err
		}
		return wrapEnc(er(c, r))
	}
}

// Registration: every combination of classes, instantiated by the
// compiler through the generic reg* helpers.

func init() {
	catalog[shape{void: true}] = mk0N
	catalog[shape{void: true, err: true}] = mk0E
	reg0r[int64](cInt)
	reg0r[string](cString)
	reg0r[bool](cBool)
	reg0r[float64](cFloat)
	reg0r[any](cAny)

	reg1[int64](cInt)
	reg1[string](cString)
	reg1[bool](cBool)
	reg1[float64](cFloat)
	reg1[any](cAny)

	reg2a[int64](cInt)
	reg2a[string](cString)
	reg2a[bool](cBool)
	reg2a[float64](cFloat)
	reg2a[any](cAny)
}

func reg0r[R any](cr class) {
	catalog[shape{r: cr}] = mk0R[R]
	catalog[shape{r: cr, err: true}] = mk0RE[R]
}

func reg1[A any](ca class) {
	p := [2]class{ca}
	catalog[shape{n: 1, p: p, void: true}] = mk1N[A]
	catalog[shape{n: 1, p: p, void: true, err: true}] = mk1E[A]
	reg1r[A, int64](ca, cInt)
	reg1r[A, string](ca, cString)
	reg1r[A, bool](ca, cBool)
	reg1r[A, float64](ca, cFloat)
	reg1r[A, any](ca, cAny)
}

func reg1r[A, R any](ca, cr class) {
	p := [2]class{ca}
	catalog[shape{n: 1, p: p, r: cr}] = mk1R[A, R]
	catalog[shape{n: 1, p: p, r: cr, err: true}] = mk1RE[A, R]
}

func reg2a[A any](ca class) {
	reg2[A, int64](ca, cInt)
	reg2[A, string](ca, cString)
	reg2[A, bool](ca, cBool)
	reg2[A, float64](ca, cFloat)
	reg2[A, any](ca, cAny)
}

func reg2[A, B any](ca, cb class) {
	p := [2]class{ca, cb}
	catalog[shape{n: 2, p: p, void: true}] = mk2N[A, B]
	catalog[shape{n: 2, p: p, void: true, err: true}] = mk2E[A, B]
	reg2r[A, B, int64](ca, cb, cInt)
	reg2r[A, B, string](ca, cb, cString)
	reg2r[A, B, bool](ca, cb, cBool)
	reg2r[A, B, float64](ca, cb, cFloat)
	reg2r[A, B, any](ca, cb, cAny)
}

func reg2r[A, B, R any](ca, cb, cr class) {
	p := [2]class{ca, cb}
	catalog[shape{n: 2, p: p, r: cr}] = mk2R[A, B, R]
	catalog[shape{n: 2, p: p, r: cr, err: true}] = mk2RE[A, B, R]
}

var (
	selfTestOnce sync.Once
	selfTestOK   bool
)

// directCallsEnabled reports whether direct calls are used: on a platform
// whose ABI was checked, once selfTest has confirmed it.
func directCallsEnabled() bool {
	if !directCallsSupported {
		return false
	}
	selfTestOnce.Do(func() { selfTestOK = selfTest() })
	return selfTestOK
}

// probe has one method per class; selfTest calls them directly.
type probe struct{ k int64 }

func (p *probe) Int(a, b int64) int64        { return a*1000 + b + p.k }
func (p *probe) Str(a string, b bool) string { return fmt.Sprint(a, b, p.k) }
func (p *probe) Float(a float64, b any) float64 {
	return a + float64(len(fmt.Sprint(b))) + float64(p.k)
}
func (p *probe) Ctx(ctx context.Context) (any, error) {
	return ctx.Value(probeKey{}), nil
}

type probeKey struct{}

// selfTest calls the probe's methods through catalog makers and checks
// the results against direct Go calls.
func selfTest() bool {
	p := &probe{k: 7}
	t := reflect.TypeOf(p)
	rcvr := unsafe.Pointer(p)
	get := func(name string) unsafe.Pointer {
		m, _ := t.MethodByName(name)
		return funcPtr(m.Func)
	}
	fi := asFunc[func(unsafe.Pointer, int64, int64) int64](get("Int"))
	fs := asFunc[func(unsafe.Pointer, string, bool) string](get("Str"))
	ff := asFunc[func(unsafe.Pointer, float64, any) float64](get("Float"))
	fc := asFunc[func(unsafe.Pointer, any) (any, error)](get("Ctx"))
	ctx := context.WithValue(context.Background(), probeKey{}, "v")
	got, err := fc(rcvr, ctxAsAny(ctx))
	return fi(rcvr, 3, 4) == p.Int(3, 4) &&
		fs(rcvr, "x", true) == p.Str("x", true) &&
		ff(rcvr, 1.5, "abc") == p.Float(1.5, "abc") &&
		got == "v" && err == nil
}
