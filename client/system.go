package client

import (
	"context"
	"fmt"
)

// The system namespace's introspection, which supervisord, rpcext's
// servers and Python's SimpleXMLRPCServer (with
// register_introspection_functions) answer.

// ListMethods returns the names of the methods the server publishes
// (system.listMethods), in the server's order.
func (c *Client) ListMethods(ctx context.Context) ([]string, error) {
	var names []string
	err := c.Call(ctx, "system.listMethods", &names)
	return names, err
}

// MethodHelp returns a method's documentation (system.methodHelp).
func (c *Client) MethodHelp(ctx context.Context, method string) (string, error) {
	var help string
	err := c.Call(ctx, "system.methodHelp", &help, method)
	return help, err
}

// MethodSignature returns a method's signatures (system.methodSignature):
// each the result's XML-RPC type, then the parameters' ("int", "string",
// "struct", ...). It returns nil when the server answers that it has none
// as a string (Python's SimpleXMLRPCServer answers "signatures not
// supported"); supervisord answers fault SIGNATURE_UNSUPPORTED, returned
// as the *xmlrpc.Fault.
func (c *Client) MethodSignature(ctx context.Context, method string) ([][]string, error) {
	var answer any
	if err := c.Call(ctx, "system.methodSignature", &answer, method); err != nil {
		return nil, err
	}
	if _, ok := answer.(string); ok {
		return nil, nil
	}
	sigs, ok := answer.([]any)
	if !ok {
		return nil, fmt.Errorf("client: system.methodSignature: answer is %T, not an array of signatures", answer)
	}
	out := make([][]string, len(sigs))
	for i, s := range sigs {
		types, ok := s.([]any)
		if !ok {
			return nil, fmt.Errorf("client: system.methodSignature: signature %d is %T, not an array of type names", i, s)
		}
		out[i] = make([]string, len(types))
		for j, t := range types {
			if out[i][j], ok = t.(string); !ok {
				return nil, fmt.Errorf("client: system.methodSignature: signature %d, type %d is %T, not a name", i, j, t)
			}
		}
	}
	return out, nil
}
