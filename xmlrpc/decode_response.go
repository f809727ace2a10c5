package xmlrpc

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
)

// A client's side of the Decoder: a methodResponse, read with the scanner,
// the limits and the type rules that read a methodCall, so that a value
// decodes into a Go type exactly as the server would decode it from a
// parameter.
//
//	d := xmlrpc.NewDecoder(body, xmlrpc.Limits{})
//	err := d.DecodeResponse(&info, xmlrpc.IgnoreUnknownMembers()) // a *Fault for a fault
//
// or step by step:
//
//	fault, err := d.MethodResponse()  // a fault, or positioned at the value
//	v, err := d.DecodeAny()           // exactly one value
//	err = d.End()                     // the rest of the document

// MethodResponse reads the XML prolog, the <methodResponse> root and the
// start of what it holds. For a fault it reads the whole <fault> and
// returns it as a *Fault with the code and the fault string as sent
// (ReceivedFault); End then checks the rest of the document. Otherwise it
// returns nil positioned at the value of the one <param>: decode exactly
// one value (or SkipValue), then call End. Errors are *SyntaxError (an
// answer with no value or two, a malformed fault) and *LimitError.
func (d *Decoder) MethodResponse() (*Fault, error) {
	f, err := d.methodResponse()
	return f, asResponse(err)
}

func (d *Decoder) methodResponse() (*Fault, error) {
	if err := d.prolog(); err != nil {
		return nil, err
	}
	if len(d.buf) == 0 {
		return nil, d.errAt(0, "empty body")
	}
	if !d.atStartTag() {
		if d.pos >= len(d.buf) {
			return nil, d.errAt(d.pos, "no root element")
		}
		return nil, d.errAt(d.pos, "expected <methodResponse>")
	}
	root := d.pos
	name, empty, err := d.startTag()
	if err != nil {
		return nil, err
	}
	if string(name) != "methodResponse" {
		return nil, d.errAt(root, "the root element is <%s>, not <methodResponse>", name)
	}
	if !empty {
		if err := d.skipMisc(); err != nil {
			return nil, err
		}
	}
	if empty || d.atEndTag() {
		return nil, d.errAt(d.pos, "<methodResponse> holds neither <params> nor <fault>")
	}
	if !d.atStartTag() {
		return nil, d.errAt(d.pos, "unexpected text in <methodResponse>")
	}
	at := d.pos
	tag, empty, err := d.startTag()
	if err != nil {
		return nil, err
	}
	switch string(tag) {
	case "params":
		if !empty {
			if err := d.skipMisc(); err != nil {
				return nil, err
			}
		}
		if empty || d.atEndTag() {
			return nil, d.errAt(at, "<params> without a <param>: an answer has exactly one value")
		}
		if hasAt8(d.buf, d.pos, "<param>") {
			d.pos += len("<param>")
		} else if err := d.paramStart(); err != nil {
			return nil, err
		}
		d.nparams = 1
		if err := d.valueStart("param"); err != nil {
			return nil, err
		}
		d.state = stateResponseValue
		return nil, nil
	case "fault":
		if empty {
			return nil, d.errAt(at, "<fault> without a value")
		}
		if err := d.valueStart("fault"); err != nil {
			return nil, err
		}
		f, err := d.DecodeFault()
		if err != nil {
			return nil, err
		}
		if f == nil {
			return nil, d.errAt(d.pos, "<fault> holds no struct of exactly faultCode (an integer) and faultString (a string)")
		}
		if err := d.skipMisc(); err != nil {
			return nil, err
		}
		if err := d.closeTag("</fault>"); err != nil {
			return nil, err
		}
		d.state = stateResponseEnd
		return f, nil
	}
	return nil, d.errAt(at, "unexpected <%s> in <methodResponse>", tag)
}

// endResponse is End for a methodResponse.
func (d *Decoder) endResponse() error {
	if err := d.skipMisc(); err != nil {
		return err
	}
	if d.state == stateResponseValue {
		if err := d.closeTag("</param>"); err != nil {
			return err
		}
		if err := d.skipMisc(); err != nil {
			return err
		}
		if d.atStartTag() {
			return d.errAt(d.pos, "more than one <param>: an answer has exactly one value")
		}
		if err := d.closeTag("</params>"); err != nil {
			return err
		}
		if err := d.skipMisc(); err != nil {
			return err
		}
	}
	if d.atStartTag() {
		return d.errAt(d.pos, "<methodResponse> holds more than one <params> or <fault>")
	}
	if err := d.closeTag24("</methodResponse>"); err != nil {
		return err
	}
	if err := d.epilog(); err != nil {
		return err
	}
	d.state = stateDone
	return nil
}

// DecodeFault decodes the next value when it is a fault struct, as a
// fault answer and a failed call in a system.multicall answer carry one:
// a struct of exactly two members, faultCode (an integer that fits in an
// int) and faultString (a string), in either order. It returns the fault
// with its code and fault string as sent (ReceivedFault). When the value
// is anything else, or malformed, it returns nil and consumes nothing:
// decode it as a value (which then reports a malformed one).
func (d *Decoder) DecodeFault() (*Fault, error) {
	start := d.Mark()
	if f := d.faultStruct(); f != nil {
		return f, nil
	}
	d.Seek(start)
	return nil, nil
}

// faultStruct reads a fault struct, or returns nil having read some of
// whatever else is there.
func (d *Decoder) faultStruct() *Fault {
	var h head
	err := d.beginValue(&h)
	if err != nil || h.kind != kindStruct {
		return nil
	}
	more, err := d.structBegin(&h)
	var code int64
	var text string
	var seen uint8 // 1: faultCode, 2: faultString
	for more && err == nil {
		var name []byte
		if name, more, err = d.structNext(&h); err != nil || !more {
			break
		}
		switch string(name) {
		case "faultCode":
			if seen&1 != 0 {
				return nil
			}
			seen |= 1
			code, err = d.DecodeInt64()
			if err == nil && (code < math.MinInt || code > math.MaxInt) {
				return nil
			}
		case "faultString":
			if seen&2 != 0 {
				return nil
			}
			seen |= 2
			text, err = d.DecodeString()
		default:
			return nil
		}
		if err == nil {
			err = d.memberEnd()
		}
	}
	if err != nil || seen != 3 {
		return nil
	}
	return ReceivedFault(Code(code), text)
}

// DecodeResponse reads the whole body, a methodResponse, and decodes its
// value into the Go value result points to, by the rules of DecoderOf
// built with opts (a client wants IgnoreUnknownMembers: servers add
// members between versions). A nil result checks the value and discards
// it. The answer's fault is returned as the *Fault, with the code and
// fault string as sent. A value that does not fit is a *TypeError naming
// the place inside it; the rest of the body is still checked, and a
// malformed body is a *SyntaxError instead.
//
// Like the decoders it uses, it sets what the value holds: struct fields
// the answer does not mention keep what they held, a slice or map is
// replaced.
func (d *Decoder) DecodeResponse(result any, opts ...DecoderOption) error {
	dec, v, err := resultDecoder(result, opts)
	if err != nil {
		return err
	}
	return asResponse(d.decodeResponse(dec, v))
}

// resultDecoder returns the decoder for what result points to, or nil for
// a nil result.
func resultDecoder(result any, opts []DecoderOption) (ValueDecoder, reflect.Value, error) {
	if result == nil {
		return nil, reflect.Value{}, nil
	}
	p := reflect.ValueOf(result)
	if p.Kind() != reflect.Pointer || p.IsNil() {
		return nil, reflect.Value{}, fmt.Errorf("xmlrpc: a result must be a non-nil pointer, not %T", result)
	}
	dec, err := DecoderOf(p.Type().Elem(), opts...)
	return dec, p.Elem(), err
}

func (d *Decoder) decodeResponse(dec ValueDecoder, v reflect.Value) error {
	f, err := d.methodResponse()
	if err != nil {
		return err
	}
	if f != nil {
		if err := d.endResponse(); err != nil {
			return err
		}
		return f
	}
	err = d.decodeResult(dec, v)
	if _, ok := err.(*TypeError); !ok && err != nil {
		return err
	}
	if endErr := d.endResponse(); endErr != nil {
		return endErr
	}
	return err
}

// decodeResult decodes the next value with dec into v, or skips it when
// dec is nil.
func (d *Decoder) decodeResult(dec ValueDecoder, v reflect.Value) error {
	if dec == nil {
		return d.SkipValue()
	}
	return dec(d, v)
}

// DecodeMulticallResponse reads the whole body, the answer to a
// system.multicall of len(results) calls, and decodes each call's value
// into the Go value results[i] points to (nil discards it), as
// DecodeResponse does. It returns one error per call: nil, or the *Fault
// the call failed with.
//
// spec selects the dialect: false reads supervisord's, where a call's
// value is sent as it is and a fault struct (see DecodeFault) stands for a
// failed call (a value that looks exactly like one reads as a fault, as
// supervisorctl reads it); true reads the multicall specification's, where
// each value is wrapped in an array of one. The error is for the answer
// as a whole: a *Fault answering the whole call, an answer of another
// length or shape, a malformed body, or a value that does not fit its
// result (a *TypeError wrapped with the call's index, from 0).
func (d *Decoder) DecodeMulticallResponse(results []any, spec bool, opts ...DecoderOption) ([]error, error) {
	errs, err := d.decodeMulticall(results, spec, opts)
	return errs, asResponse(err)
}

func (d *Decoder) decodeMulticall(results []any, spec bool, opts []DecoderOption) ([]error, error) {
	type target struct {
		dec ValueDecoder
		v   reflect.Value
	}
	targets := make([]target, len(results))
	var lastType reflect.Type // calls mostly share result types: look each up once
	var lastDec ValueDecoder
	for i, r := range results {
		if p := reflect.ValueOf(r); p.Kind() == reflect.Pointer && !p.IsNil() && p.Type() == lastType {
			targets[i] = target{lastDec, p.Elem()}
			continue
		}
		dec, v, err := resultDecoder(r, opts)
		if err != nil {
			return nil, fmt.Errorf("call %d: %w", i, err)
		}
		targets[i] = target{dec, v}
		if dec != nil {
			lastType, lastDec = reflect.TypeOf(r), dec
		}
	}
	f, err := d.methodResponse()
	if err != nil {
		return nil, err
	}
	if f != nil {
		if err := d.endResponse(); err != nil {
			return nil, err
		}
		return nil, f
	}
	a, err := d.BeginArray()
	if err != nil {
		if _, ok := err.(*TypeError); ok {
			err = d.errAt(d.pos, "a system.multicall answer must be an array")
		}
		return nil, err
	}
	errs := make([]error, len(results))
	var typeErr error // the first value that did not fit
	n := 0
	for {
		more, err := a.Next()
		if err != nil {
			return nil, err
		}
		if !more {
			break
		}
		if n >= len(results) {
			return nil, d.errAt(d.pos, "more answers than the %d calls", len(results))
		}
		at := d.pos
		if f, err := d.DecodeFault(); err != nil {
			return nil, err
		} else if f != nil {
			errs[n] = f
			n++
			continue
		}
		t := targets[n]
		if spec {
			err = d.specEntry(at, t.dec, t.v)
		} else {
			err = d.decodeResult(t.dec, t.v)
		}
		if te, ok := err.(*TypeError); ok {
			if typeErr == nil {
				typeErr = &multicallTypeError{call: n, err: te}
			}
		} else if err != nil {
			return nil, err
		}
		n++
	}
	if n != len(results) {
		return nil, d.errAt(d.pos, "%d answers to %d calls", n, len(results))
	}
	if err := d.endResponse(); err != nil {
		return nil, err
	}
	if typeErr != nil {
		return nil, typeErr
	}
	return errs, nil
}

// specEntry decodes a call's value in the specification's dialect: an
// array of exactly one value (a struct there is a fault, read already).
func (d *Decoder) specEntry(at int, dec ValueDecoder, v reflect.Value) error {
	a, err := d.BeginArray()
	if _, ok := err.(*TypeError); ok {
		return d.errAt(at, "a call's answer is neither an array of its value nor a fault (is the server's multicall supervisord's dialect?)")
	}
	if err != nil {
		return err
	}
	more, err := a.Next()
	if err != nil {
		return err
	}
	if !more {
		return d.errAt(at, "a call's answer is an empty array, not an array of its value")
	}
	valueErr := d.decodeResult(dec, v)
	if _, ok := valueErr.(*TypeError); !ok && valueErr != nil {
		return valueErr
	}
	if more, err = a.Next(); err != nil {
		return err
	}
	if more {
		return d.errAt(at, "a call's answer is an array of more than one value")
	}
	return valueErr
}

// multicallTypeError is a call's value that did not fit its result.
type multicallTypeError struct {
	call int
	err  *TypeError
}

func (e *multicallTypeError) Error() string {
	return "call " + strconv.Itoa(e.call) + ": " + e.err.Error()
}

func (e *multicallTypeError) Unwrap() error { return e.err }

// asResponse marks a decoding error as one about a response, for its
// message.
func asResponse(err error) error {
	if err != nil {
		markResponse(err) // apart: its errors.As targets escape to the heap
	}
	return err
}

func markResponse(err error) {
	var se *SyntaxError
	var le *LimitError
	switch {
	case errors.As(err, &se):
		se.response = true
	case errors.As(err, &le):
		le.response = true
	}
}
