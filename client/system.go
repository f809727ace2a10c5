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
// "struct", ...). Servers answer in one of two forms, both read: the
// specification's array of signatures (each an array of type names), and
// supervisord's single signature, a flat array of type names (rpcext's
// servers answer as supervisord does), returned as the only signature. It
// returns nil when the server has none: an empty array, or a string
// (Python's SimpleXMLRPCServer answers "signatures not supported");
// supervisord answers fault SIGNATURE_UNSUPPORTED, returned as the
// *xmlrpc.Fault.
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
	if len(sigs) == 0 {
		return nil, nil
	}
	if _, flat := sigs[0].(string); flat {
		sig, err := typeNames(sigs, "signature")
		if err != nil {
			return nil, err
		}
		return [][]string{sig}, nil
	}
	out := make([][]string, len(sigs))
	for i, s := range sigs {
		types, ok := s.([]any)
		if !ok {
			return nil, fmt.Errorf("client: system.methodSignature: signature %d is %T, not an array of type names", i, s)
		}
		var err error
		if out[i], err = typeNames(types, fmt.Sprintf("signature %d", i)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// typeNames reads one signature, an array of type names; what names it
// in errors.
func typeNames(types []any, what string) ([]string, error) {
	out := make([]string, len(types))
	for j, t := range types {
		var ok bool
		if out[j], ok = t.(string); !ok {
			return nil, fmt.Errorf("client: system.methodSignature: %s, type %d is %T, not a name", what, j, t)
		}
	}
	return out, nil
}
