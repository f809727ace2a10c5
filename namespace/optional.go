package namespace

import "reflect"

// Optional marks a trailing parameter that callers may leave out, as a
// Python method's parameter with a default value can be:
//
//	// optional(a, b=10) in Python
//	func (e *Echo) Optional(a int, b namespace.Optional[int]) int {
//		return a + b.Or(10)
//	}
//
// Set reports whether the caller sent the parameter. Only trailing
// parameters may be optional (a variadic one may follow); a method with an
// Optional before a required parameter is not published.
type Optional[T any] struct {
	Value T    // what the caller sent; the zero value when left out
	Set   bool // whether the caller sent it
}

// Or returns the value the caller sent, or def when it was left out.
func (o Optional[T]) Or(def T) T {
	if o.Set {
		return o.Value
	}
	return def
}

// optional is implemented by every Optional[T]; the dispatcher recognizes
// optional parameters by it.
type optional interface {
	optionalElem() reflect.Type
}

func (Optional[T]) optionalElem() reflect.Type { return reflect.TypeFor[T]() }

// optionalElem returns T when t is an Optional[T].
func optionalElem(t reflect.Type) (reflect.Type, bool) {
	if t.Kind() != reflect.Struct || !t.Implements(reflect.TypeFor[optional]()) {
		return nil, false
	}
	return reflect.Zero(t).Interface().(optional).optionalElem(), true
}
