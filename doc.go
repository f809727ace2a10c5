// Package rpcinterface is the root of a module that gives Go programs
// supervisord's extensible XML-RPC API.
//
// supervisord (http://supervisord.org) lets its users add XML-RPC
// namespaces through its config file:
//
//	[rpcinterface:another]
//	supervisor.rpcinterface_factory = my.package:make_another_rpcinterface
//	retries = 1
//
// The section name after "rpcinterface:" is the namespace; the factory is
// called with supervisord and the section's other keys, and the public
// methods of the object it returns are callable at /RPC2 as
// another.methodName, next to the system namespace (listMethods,
// methodHelp, methodSignature, multicall).
//
// This module does the same for Go programs, so that the same config files
// and the same clients (supervisorctl, Python's xmlrpc.client, any XML-RPC
// library) work against supervisord 4.2.5 or a Go program: what a client
// can observe is checked against supervisord's recorded answers.
//
// # Packages
//
//   - rpcext is the API: plugins Register factories; hosts LoadConfig and
//     Mount the sections on their mux, or Serve supervisord's own
//     listeners. Fault, Options, Optional and Docstring are what plugin
//     code uses.
//   - config reads supervisord config files as supervisord does (sections,
//     [include], %(here)s and %(ENV_X)s) and gives each factory its
//     section's Options; rpcext's config names are aliases of its names.
//   - namespace turns a Go value into callable methods, once, at Mount:
//     reflection decides which methods are published (and logs why others
//     are not), how each parameter is decoded and each result encoded, and
//     what introspection answers; it also implements the system namespace
//     and multicall.
//   - xmlrpc is the wire codec: a decoder that reads a request body
//     straight into Go values, refusing malformed input precisely, and an
//     encoder that writes supervisord's exact response layout.
//   - registry maps factory names to factories.
//   - example holds plugins (the seed's "another", a Go port of the
//     conformance corpus's plugin, supervisord's "supervisor" namespace over
//     a small process manager, supervisor_cache, supervisor_twiddler) and
//     the runnable host example/cmd/rpchost.
//
// Two more modules live in this repository, joined to this one by its
// go.work, so that programs using this module do not inherit their
// dependencies: otelrpc (OpenTelemetry spans and rpc.server.call.duration
// per call, trace context from the request headers) and
// example/cmd/rpchost (the example host, which serves its metrics in
// Prometheus's format at /metrics).
//
// # How a call flows
//
// At start-up, once: LoadConfig reads the file with supervisord's rules;
// Mount calls each section's factory and builds its namespace; the system
// namespace is built over all of them; the handler is registered at /RPC2.
//
// Per request: the HTTP handler checks credentials, the method, framing and
// the size limit; the decoder reads the methodName, looks the method up in
// a table made at Mount, and decodes each parameter directly into the Go
// type the method takes; the method runs with the request's context; its
// result is encoded into a pooled buffer and written in one Write.
// Nothing on this path looks a method up by reflection.
package rpcinterface
