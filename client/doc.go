// Package client calls XML-RPC servers from Go: supervisord 4.2.5, a host
// built with package rpcext, or any other XML-RPC server. It is the other
// half of the same codec (package xmlrpc), so arguments are sent, and
// answers decoded, by exactly the rules a server built with rpcext reads
// and writes them:
//
//	c, err := client.Dial("unix:///var/run/supervisor.sock")
//	var info supervisor.ProcessInfo
//	err = c.Call(ctx, "supervisor.getProcessInfo", &info, "web")
//
//	errs, err := c.Multicall(ctx,
//		client.Request{Method: "supervisor.getPID", Result: &pid},
//		client.Request{Method: "supervisor.getProcessInfo", Args: []any{"x"}, Result: &info})
//
// Dial takes the URL forms of supervisorctl's serverurl: http://host:port,
// https://host:port and unix:///path/to/socket; /RPC2 is posted to when
// the URL has no path. Nothing is connected until the first call, and
// connections are kept open and reused (HTTP keep-alive).
//
// # Values
//
// Arguments are encoded as xmlrpc.EncoderOf sends a server's results:
// struct fields by their `xmlrpc:"name"` tags, []byte as base64, time.Time
// as dateTime.iso8601, integers beyond 32 bits as <i8>, nil as <nil/>. A
// value that cannot be sent (NaN, invalid UTF-8) fails the call before
// anything is sent. Answers are decoded straight into the result pointer,
// as xmlrpc.DecoderOf decodes a server's parameters: an <i8> into an
// int32, or a string into an int, is an *xmlrpc.TypeError naming the
// place inside the value. Members of a struct answer that the Go struct
// lacks are ignored, because servers add members between versions;
// WithStrictMembers refuses them instead. A result of type *any receives
// the answer as xmlrpc.Decoder.DecodeAny makes it (int, float64, string,
// bool, []byte, time.Time, []any, map[string]any, nil). CallRaw returns
// the answer's XML as the server sent it instead.
//
// # Errors
//
// A fault answer is returned as the *xmlrpc.Fault itself (rpcext.Fault is
// the same type), with the server's code and fault string as sent: match
// it with errors.As, or errors.Is against xmlrpc.NewFault(code, "") to
// test the code alone. Any other failure is wrapped with the method's
// name: an HTTP status other than 200 is an *HTTPError ("401
// Unauthorized"); an answer beyond the size limit matches
// ErrResponseTooLarge; a malformed answer is an *xmlrpc.SyntaxError; a
// cancelled or expired context aborts the call and the error matches
// context.Canceled or context.DeadlineExceeded.
//
// # Multicall
//
// Multicall sends several calls in one system.multicall request. It reads
// the answer in supervisord's dialect by default (a call's value as it
// is, the dialect of rpcext's servers by default), or in the multicall
// specification's (each value in an array of one; Python's
// SimpleXMLRPCServer) with WithSpecMulticall. Each call's error is nil or
// its *xmlrpc.Fault; the second result is for the request as a whole.
//
// Package rpctest serves a config in a test and hands out a Client for it;
// package example/supervisor has a typed client for supervisord's own
// supervisor namespace, sharing its result structs with the server.
package client
