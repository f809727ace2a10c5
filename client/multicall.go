package client

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// Request is one call of a Multicall.
type Request struct {
	// Method is the full method name, e.g. "supervisor.getProcessInfo".
	Method string
	// Args are the call's parameters, encoded as Call encodes them.
	Args []any
	// Result points to where the call's value is decoded, as Call's
	// result; nil discards it.
	Result any
}

// Multicall sends reqs as one system.multicall call and decodes each
// call's value into its Result. It returns one error per request, in
// order: nil, or the *xmlrpc.Fault that call failed with. The second
// error is for the multicall as a whole, and then the first is nil: a
// transport or HTTP error, a fault answering system.multicall itself, an
// answer that does not have one entry per request, a malformed answer, or
// a value that does not fit its Result (an *xmlrpc.TypeError, with the
// index of its request).
//
// The answer is read in supervisord's dialect unless the Client was made
// WithSpecMulticall: there a call's value comes as it is, and a struct of
// exactly faultCode and faultString is read as a fault, as supervisorctl
// reads it. Multicall without requests returns at once.
func (c *Client) Multicall(ctx context.Context, reqs ...Request) ([]error, error) {
	if len(reqs) == 0 {
		return []error{}, nil
	}
	for i, r := range reqs {
		if err := c.checkResult(r.Result); err != nil {
			return nil, fmt.Errorf("client: system.multicall: %w", &callError{index: i, method: r.Method, err: err})
		}
	}
	st := getState()
	defer putState(st)
	if err := st.encodeMulticall(reqs); err != nil {
		return nil, fmt.Errorf("client: system.multicall: %w", err)
	}
	start := time.Now()
	body, err := c.post(ctx, st)
	var errs []error
	if err == nil {
		errs, err = st.decodeMulticall(body, c)
	}
	c.log(ctx, "system.multicall", start, st, body, err)
	if err != nil {
		if _, fault := err.(*xmlrpc.Fault); fault {
			return nil, err
		}
		return nil, fmt.Errorf("client: system.multicall: %w", err)
	}
	return errs, nil
}

// callError says which request of a Multicall an error is about.
type callError struct {
	index  int
	method string
	err    error
}

func (e *callError) Error() string {
	return "call " + strconv.Itoa(e.index) + " (" + e.method + "): " + e.err.Error()
}

func (e *callError) Unwrap() error { return e.err }
