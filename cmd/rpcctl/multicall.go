package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/supervisorrpc/rpcinterface/client"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// mcCall is one call read from multicall's input.
type mcCall struct {
	method string
	params []any
	line   int // where it starts in the input, from 1
}

// readCalls reads multicall's input: JSON objects, one after the other
// (one a line, as JSON Lines, or spread over lines), each with a "method"
// (a non-empty string) and "params" (an array, [] when absent) converted
// as jsonValue converts JSON. Any other member is an error, so that
// nothing given is silently left out. Errors name the line.
func readCalls(data []byte) ([]mcCall, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var calls []mcCall
	for {
		off := dec.InputOffset()
		line := lineOf(data, off+int64(len(data[off:])-len(bytes.TrimLeft(data[off:], " \t\r\n"))))
		if !dec.More() {
			if _, err := dec.Token(); err != io.EOF {
				return nil, inputError(data, line, err)
			}
			return calls, nil
		}
		v, err := jsonValue(dec, 0)
		if err != nil {
			return nil, inputError(data, line, err)
		}
		call, err := toCall(v)
		if err != nil {
			return nil, fmt.Errorf("stdin line %d: %w", line, err)
		}
		call.line = line
		calls = append(calls, call)
	}
}

// inputError places err in multicall's input: at its own offset for a
// JSON syntax error, else at line.
func inputError(data []byte, line int, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line = lineOf(data, se.Offset)
	}
	if err == io.ErrUnexpectedEOF {
		err = errors.New("the input ends inside a JSON value")
	}
	return fmt.Errorf("stdin line %d: %w", line, err)
}

// toCall checks one decoded object of multicall's input.
func toCall(v any) (mcCall, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return mcCall{}, fmt.Errorf(`want a JSON object {"method": "...", "params": [...]}, not %s`, jsonKind(v))
	}
	var c mcCall
	for k, v := range obj {
		switch k {
		case "method":
			s, ok := v.(string)
			if !ok || s == "" {
				return mcCall{}, fmt.Errorf(`"method" must be a method's name, not %s`, jsonKind(v))
			}
			c.method = s
		case "params":
			p, ok := v.([]any)
			if !ok {
				return mcCall{}, fmt.Errorf(`"params" must be an array, not %s`, jsonKind(v))
			}
			c.params = p
		default:
			return mcCall{}, fmt.Errorf(`unknown member %q (a call has "method" and "params")`, k)
		}
	}
	if c.method == "" {
		return mcCall{}, errors.New(`no "method"`)
	}
	if c.params == nil {
		c.params = []any{}
	}
	return c, nil
}

// jsonKind names the kind of a JSON value for messages.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "a number"
}

// multicall reads calls from stdin, sends them as one system.multicall
// and prints each answer as a line of JSON (a fault as an object of
// faultCode and faultString), or the answer's XML with -raw. Any call
// that faulted is also reported on stderr, and makes the exit status 1.
func (a *app) multicall(ctx context.Context, _ []string) int {
	data, err := io.ReadAll(a.stdin)
	if err != nil {
		return a.errorf("reading stdin: %v", err)
	}
	calls, err := readCalls(data)
	if err != nil {
		return a.usageError("%v", err)
	}
	if len(calls) == 0 {
		return exitOK
	}
	if a.raw {
		return a.rawMulticall(ctx, calls)
	}
	answers := make([]any, len(calls))
	reqs := make([]client.Request, len(calls))
	for i, c := range calls {
		reqs[i] = client.Request{Method: c.method, Args: c.params, Result: &answers[i]}
	}
	errs, err := a.c.Multicall(ctx, reqs...)
	if err != nil {
		return a.fail(err)
	}
	var out bytes.Buffer
	for i, e := range errs {
		var v any = toJSON(answers[i])
		if f, ok := e.(*xmlrpc.Fault); ok {
			v = newFaultJSON(f)
		}
		if err := writeJSON(&out, v, false); err != nil {
			return a.errorf("printing answer %d: %v", i+1, err)
		}
	}
	a.stdout.Write(out.Bytes())
	return a.reportFaults(calls, errs)
}

// rawMulticall sends calls and prints the answer's XML; the exit status
// is read from the answer as for JSON output.
func (a *app) rawMulticall(ctx context.Context, calls []mcCall) int {
	arg := make([]any, len(calls))
	for i, c := range calls {
		arg[i] = map[string]any{"methodName": c.method, "params": c.params}
	}
	body, err := a.c.CallRaw(ctx, "system.multicall", arg)
	a.stdout.Write(body)
	if err != nil {
		return a.fail(err)
	}
	errs, err := xmlrpc.NewDecoder(body, xmlrpc.Limits{}).DecodeMulticallResponse(make([]any, len(calls)), a.spec)
	if err != nil {
		return a.fail(fmt.Errorf("system.multicall: %w", err))
	}
	return a.reportFaults(calls, errs)
}

// reportFaults prints the calls that faulted on stderr and returns the
// exit status: 1 when any did.
func (a *app) reportFaults(calls []mcCall, errs []error) int {
	if !slices.ContainsFunc(errs, func(e error) bool { return e != nil }) {
		return exitOK
	}
	var b strings.Builder
	for i, e := range errs {
		if f, ok := e.(*xmlrpc.Fault); ok {
			fmt.Fprintf(&b, "call %d (%s): %s\n", i+1, calls[i].method, faultLine(f))
		}
	}
	io.WriteString(a.stderr, b.String())
	return exitFault
}
