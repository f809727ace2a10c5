// Package rpcext gives a Go program supervisord's extensible XML-RPC API:
// the same [rpcinterface:x] config sections, the same plugin model, and
// the same answers on the wire, so that supervisorctl, Python's
// xmlrpc.client and every other client that talks to supervisord 4.2.5
// talk to the Go program unchanged.
//
// A plugin registers a factory under the name config files use, in an init
// function, as database/sql drivers do:
//
//	func init() { rpcext.Register("my.package:make_another_rpcinterface", newAnother) }
//
//	func newAnother(host any, opts rpcext.Options) (any, error) {
//		retries, err := opts.Int("retries", 0) // an error names file, section and key
//		if err != nil {
//			return nil, err
//		}
//		return &Another{retries: retries}, nil
//	}
//
//	func (a *Another) GetRetries() int { return a.retries } // another.getRetries
//
// Every key of the section must be read by the factory (with a getter,
// Decode, or Map; opts.AcceptAny for a factory that takes any key): Mount
// refuses a key nobody read, naming its file, line and the key it was
// probably meant to be, as supervisord stops on an unexpected keyword
// argument.
//
// A host loads a config file and mounts the sections on its mux at /RPC2:
//
//	cfg, err := rpcext.LoadConfig("supervisord.conf")
//	err = rpcext.Mount(mux, cfg, rpcext.WithHost(daemon))
//
// or runs supervisord's own listeners ([inet_http_server] and
// [unix_http_server], with their credentials) with Serve. The config
// reader itself is package config; LoadConfig, ParseConfig, Config,
// Options and the other config names here are aliases of, or forwarders
// to, its names.
//
// With WithExplorer, both also serve the API explorer at /explorer/
// (package explorer): a page listing every namespace and method with its
// signature and help, from which a person can try calls.
//
// # Reloading without a restart
//
// A Handler (NewHandler) and a Server (NewServer, which Serve uses) take
// a new config while they serve: Handler.Reload and Server.Reload.
// Sections whose factory and options (as the factory sees them, expanded)
// are unchanged keep their value and its state; new and changed ones are
// built by their factories; removed ones answer UNKNOWN_METHOD. The
// method table, the system namespace over it and the credentials are
// swapped at once; calls in progress finish on the values they started
// with, and a replaced value that implements io.Closer is closed after
// its last call. If anything fails, nothing changes and the error names
// the section. A Server also follows [inet_http_server] and
// [unix_http_server], rebinding only what changed: a listener whose
// section did not change is never closed.
//
//	srv, err := rpcext.NewServer(cfg, rpcext.WithHost(daemon))
//	go srv.Serve(ctx)
//	// on SIGHUP:
//	cfg, err = rpcext.LoadConfig("supervisord.conf")
//	err = srv.Reload(cfg) // on error, the server goes on as it was
//
// A request pays one atomic load for this (two atomic operations more
// when a namespace value has a Close method).
//
// # How a call flows
//
// At Mount, once: each section's factory is called and the value it
// returns is inspected by reflection (package namespace): every exported
// method becomes namespace.method with its first letter lowered, its
// parameter decoders and result encoder are built, and methods whose
// signature cannot be served are logged and skipped. On each request: the
// handler checks credentials, method and framing, the XML-RPC codec
// (package xmlrpc) decodes the parameters straight into the method's Go
// parameter types, the method runs with the request's context, and its
// result is encoded into a pooled buffer and written once.
//
// # Security
//
// /RPC2 is a control API with the power of the host: whoever can call it
// can do whatever the published methods do. Only namespace.method of the
// exported methods declared on a plugin's own type can be called (no
// fields, no nested objects, no promoted methods of embedded fields, no
// traversal as in supervisord's CVE-2017-11610); credentials are checked
// before anything else, in constant time, and never logged; XML comes
// without DTDs or entities; every resource a request can make the server
// spend is bounded by an option with a default (WithMaxBodyBytes,
// WithMaxAnswerBytes, WithLimits, WithMaxMulticallCalls,
// WithBodyReadTimeout, and on Serve's listeners WithReadHeaderTimeout,
// WithIdleTimeout and WithMaxConnections), and a plugin that panics,
// cannot encode its result or (with WithCallTimeout) never returns fails
// its call only. Failed authentications are logged at warning level with
// the user name (never the password), rate-limited like every log line a
// client can cause, and values quoted in log lines are cut. docs/security.md in the module has the
// threat model, the limits and their defaults, and how the fuzzers and
// the soak test are run.
//
// # Where the library differs from supervisord 4.2.5 on purpose
//
// Each difference is checked by the conformance corpus's by-design cases
// or by this module's tests.
//
//   - Malformed input is refused rather than misread: a <boolean> other
//     than 0, 1, true or false, NaN and infinite doubles, a root element
//     other than <methodCall>, two <methodName>s, and any DTD are HTTP 400
//     (supervisord reads false, inf, ignores the root, takes the last name,
//     expands entities). Nesting deeper than the depth limit is 400.
//   - Values supervisord cannot answer are answered: integers beyond 32 bits
//     as <i8>, nil as <nil/>, a method's plain error as fault 30 "FAILED:
//     text", a value that does not fit a parameter's Go type as fault 2
//     INCORRECT_PARAMETERS naming the parameter (supervisord: HTTP 500).
//   - <base64> parameters stay bytes and are answered as <base64>
//     (supervisord turns them into text); <i8> is an integer (supervisord:
//     a string).
//   - system.multicall answers a malformed entry (not a struct, a methodName
//     that is not a string, params that are not an array) with a fault for
//     that entry, and a nil result with <nil/> (supervisord: HTTP 500).
//   - HTTP: exactly /RPC2 is served (supervisord matches any path starting
//     with it); other methods than POST get 405 with Allow: POST (400);
//     chunked bodies are read (411); an empty body is 400 (supervisord
//     hangs); bodies beyond the size limit get 413 (supervisord reads any
//     size); a body that does not arrive within the body read timeout gets
//     408 (supervisord waits); non-UTF-8 bodies get 400 (supervisord closes
//     the connection); Basic credentials that are not base64 or not UTF-8
//     are no credentials: 401 with the challenge (supervisord: 400); a
//     browser's cross-site POST (Sec-Fetch-Site, or an Origin that is not
//     the Host) is 403 before the call (supervisord runs it).
//   - Help texts of the system methods are this library's own.
//   - A factory is called once per Mount or Serve; supervisord calls it once
//     per HTTP server, so with both a unix socket and TCP it makes two
//     plugin values where the Go host shares one.
//   - A reload keeps what did not change: supervisord closes its listeners
//     (clients get "connection refused" meanwhile) and builds every plugin
//     again, losing its state.
//   - An answer is bounded (WithMaxAnswerBytes); supervisord builds any.
package rpcext
