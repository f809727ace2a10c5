package namespace

import (
	"context"
	"errors"
	"fmt"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// invoker runs one method call: it decodes the parameters from c, checks
// their number, calls the method and encodes its result into c.e. Its
// error is a decoding failure (*xmlrpc.SyntaxError, *xmlrpc.LimitError:
// the whole request fails) or what the call answers instead of a value
// (a *xmlrpc.Fault, or any error, which becomes FAILED).
type invoker func(c *call) error

// call is the state of one method call: where its parameters come from
// and where its result goes.
type call struct {
	ctx context.Context
	d   *xmlrpc.Decoder
	e   *xmlrpc.Encoder
	m   *Method
	st  *state // the request's pooled state

	top   bool         // parameters are the request's <params>
	arr   xmlrpc.Array // else the elements of a multicall entry's params
	empty bool         // else none at all (a multicall entry without params)

	n     int   // parameters read
	ended bool  // no more parameters
	err   error // decoding failed: the request fails
	conv  error // first parameter that did not convert: fault
}

// next advances to the next parameter.
func (c *call) next() bool {
	if c.err != nil || c.ended {
		return false
	}
	var ok bool
	var err error
	switch {
	case c.top:
		ok, err = c.d.NextParam()
	case c.empty:
	default:
		ok, err = c.arr.Next()
	}
	if err != nil {
		c.err = err
		return false
	}
	if !ok {
		c.ended = true
		return false
	}
	c.n++
	return true
}

// failed records a decoding error: a *xmlrpc.TypeError is the caller's
// mistake, reported as INCORRECT_PARAMETERS naming the parameter; anything
// else fails the whole request.
func (c *call) failed(err error) {
	if te, ok := errors.AsType[*xmlrpc.TypeError](err); ok {
		if c.conv == nil {
			c.conv = xmlrpc.NewFault(xmlrpc.CodeIncorrectParameters,
				fmt.Sprintf("%s: parameter %d: %v", c.m.name, c.n, te))
		}
		return
	}
	if c.err == nil {
		c.err = err
	}
}

// arg decodes the next parameter with dec; a missing parameter gives the
// zero value (finish reports it).
func arg[T any](c *call, dec func(*xmlrpc.Decoder) (T, error)) T {
	var zero T
	if !c.next() {
		return zero
	}
	v, err := dec(c.d)
	if err != nil {
		c.failed(err)
		return zero
	}
	return v
}

// finish reads what is left of the parameters and the document, then
// reports, in this order: a malformed request, a wrong number of
// parameters (INCORRECT_PARAMETERS without text, as supervisord says it),
// a parameter that did not convert.
func (c *call) finish(required, max int) error {
	for c.next() {
		if err := c.d.SkipValue(); err != nil {
			c.err = err
		}
	}
	if c.err != nil {
		return c.err
	}
	if c.top {
		if err := c.d.End(); err != nil {
			return err
		}
	}
	if c.n < required || (max >= 0 && c.n > max) {
		return errArity
	}
	return c.conv
}

// errArity is supervisord's answer to a wrong number of parameters.
var errArity = xmlrpc.NewFault(xmlrpc.CodeIncorrectParameters, "")

// toFault turns what a method returned into the fault sent: a *Fault it
// returned or wrapped, else FAILED with the error's text.
func toFault(err error) *xmlrpc.Fault {
	if f, ok := errors.AsType[*xmlrpc.Fault](err); ok && f != nil {
		return f
	}
	// fmt rather than err.Error(): an error holding a nil pointer may
	// panic in Error, and this runs outside the method's recover.
	return xmlrpc.NewFault(xmlrpc.CodeFailed, fmt.Sprint(err))
}

// isRequestError reports whether err fails the whole request (HTTP 400)
// rather than answering a fault.
func isRequestError(err error) bool {
	if err == nil {
		return false
	}
	// errors.AsType: no allocation, unlike errors.As with a pointer that
	// escapes; this runs for every call that has interceptors.
	_, syntax := errors.AsType[*xmlrpc.SyntaxError](err)
	_, limit := errors.AsType[*xmlrpc.LimitError](err)
	return syntax || limit
}
