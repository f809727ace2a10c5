package xmlrpc

import (
	"fmt"
	"strconv"
)

// A client's side of the Encoder: a methodCall, laid out as Python's
// xmlrpc.client.dumps lays it out, with the parameters encoded by the same
// rules as a response's value (EncoderOf), so that a server built with
// this package decodes them back into the same Go values.
//
//	e := xmlrpc.NewEncoder(buf[:0])
//	err := e.MethodCall("supervisor.getProcessInfo", "web")
//
// or, a parameter at a time:
//
//	err := e.BeginCall("echo.add")
//	e.BeginParam(); e.Int64(1); e.EndParam()
//	e.EndCall()

const (
	callStart     = "<?xml version='1.0'?>\n<methodCall>\n<methodName>"
	callNameEnd   = "</methodName>\n<params>\n"
	callEnd       = "</params>\n</methodCall>\n"
	paramStartTag = "<param>\n"
	paramEndTag   = "</param>\n"
)

// BeginCall appends the start of a methodCall of method, up to its first
// parameter. The name is escaped for XML (Python's dumps writes it as it
// is); an empty name, or one with characters XML cannot carry, is an
// error and nothing is appended.
func (e *Encoder) BeginCall(method string) error {
	if method == "" {
		return encodeErr("empty method name")
	}
	n := len(e.buf)
	e.buf = append(e.buf, callStart...)
	var err error
	if e.buf, err = appendEscaped(e.buf, method); err != nil {
		e.buf = e.buf[:n]
		return fmt.Errorf("method name %q: %w", method, err)
	}
	e.buf = append(e.buf, callNameEnd...)
	return nil
}

// BeginParam starts a <param>; append its value, then call EndParam.
func (e *Encoder) BeginParam() { e.buf = append(e.buf, paramStartTag...) }

// EndParam ends a <param>.
func (e *Encoder) EndParam() { e.buf = append(e.buf, paramEndTag...) }

// EndCall appends the end of a methodCall after its parameters.
func (e *Encoder) EndCall() { e.buf = append(e.buf, callEnd...) }

// MethodCall appends a whole methodCall of method with args, each encoded
// as Any encodes it (a Go struct by its fields and tags, an int64 beyond
// 32 bits as <i8>, nil as <nil/>, ...). A value that cannot be sent is an
// error naming the parameter (from 1) and the place inside it, wrapping
// the *EncodeError or *UnsupportedTypeError; the output is then rewound
// to where it was.
func (e *Encoder) MethodCall(method string, args ...any) error {
	m := e.Mark()
	if err := e.BeginCall(method); err != nil {
		return err
	}
	for i, a := range args {
		e.BeginParam()
		if err := e.Any(a); err != nil {
			e.Rewind(m)
			return &ParamError{Index: i + 1, Err: err}
		}
		e.EndParam()
	}
	e.EndCall()
	return nil
}

// ParamError reports a parameter that MethodCall could not encode.
type ParamError struct {
	Index int   // the parameter's position, from 1
	Err   error // an *EncodeError or an *UnsupportedTypeError
}

func (e *ParamError) Error() string {
	return "parameter " + strconv.Itoa(e.Index) + ": " + e.Err.Error()
}

// Unwrap returns the error that made the parameter fail.
func (e *ParamError) Unwrap() error { return e.Err }

// MulticallEntry appends one call of a system.multicall's array: the
// struct {methodName, params} as Python's xmlrpc.client.MultiCall sends
// it, members in that order. A call of system.multicall is written as
//
//	e.BeginCall("system.multicall")
//	e.BeginParam()
//	e.BeginArray()
//	e.MulticallEntry("supervisor.getPID")
//	e.MulticallEntry("supervisor.getProcessInfo", "web")
//	e.EndArray()
//	e.EndParam()
//	e.EndCall()
//
// An empty method name, or a parameter that cannot be sent (a
// *ParamError), is an error; the output is then rewound.
func (e *Encoder) MulticallEntry(method string, args ...any) error {
	if method == "" {
		return encodeErr("empty method name")
	}
	m := e.Mark()
	if err := e.BeginStruct(); err != nil {
		return err
	}
	e.buf = append(e.buf, "<member>\n<name>methodName</name>\n"...)
	if err := e.String(method); err != nil {
		e.Rewind(m)
		return fmt.Errorf("method name %q: %w", method, err)
	}
	e.buf = append(e.buf, "</member>\n<member>\n<name>params</name>\n"...)
	if err := e.BeginArray(); err != nil {
		e.Rewind(m)
		return err
	}
	for i, a := range args {
		if err := e.Any(a); err != nil {
			e.Rewind(m)
			return &ParamError{Index: i + 1, Err: err}
		}
	}
	e.EndArray()
	e.EndMember()
	e.EndStruct()
	return nil
}
