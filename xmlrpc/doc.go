// Package xmlrpc is the wire codec: XML-RPC request bodies to Go values
// and Go values to response bodies, byte for byte as supervisord 4.2.5
// (Python's xmlrpc.client) lays them out, with the documented differences;
// and, for a client (package client), Go values to request bodies
// (Encoder.MethodCall, Encoder.MulticallEntry) and response bodies to Go
// values or a *Fault (Decoder.DecodeResponse,
// Decoder.DecodeMulticallResponse), by the same type rules. It knows
// nothing of namespaces or HTTP.
//
// A Decoder reads one methodCall from an in-memory body with a hand-written
// scanner, no document tree and no encoding/xml: the method name, then the
// parameters one at a time, each straight into the Go type asked for
// (DecodeInt64, DecodeString, DecodeAny, or DecoderOf for any supported
// type). It checks well-formedness as it goes, never expands an entity,
// and bounds what a request may make it do (Limits). An Encoder appends a
// methodResponse or a fault to a byte slice.
//
// Which XML-RPC type a Go type travels as is decided in one place: the
// encoders (EncoderOf), the decoders (DecoderOf) and the type names
// introspection reports (EncodedType, DecodedType) all follow the same
// rules, built once per Go type and cached.
//
// # Performance and memory
//
// The decoder reads values written the usual way ("<value><int>5</int>
// </value>", as every client library writes them) through short fast
// paths, and everything else through the general scanner, which reads the
// same values alike; arrays of ints are decoded eight digits at a time.
// Decoding allocates nothing for scalars and, for DecodeAny, one slice per
// array and one map per struct, made at their final size.
//
// Decoded values never alias the body. Strings, and the ints, floats and
// strings DecodeAny stores in an interface, are kept in per-request arena
// chunks of at most 4 KiB shared by the values of one request (a string
// longer than 1 KiB gets its own allocation); chunks start small and grow
// with the request. This is a deliberate trade: a value kept after the
// request keeps its chunk, at most 4 KiB, alive with it, so a plugin that
// caches decoded strings should strings.Clone them. What a request
// allocates is bounded by a small multiple of its body (a 1 MiB body of
// the smallest values costs under 6 MiB), and a pooled Decoder keeps its
// working buffers only up to a bound.
//
// See docs/performance.md for the measurements.
package xmlrpc
