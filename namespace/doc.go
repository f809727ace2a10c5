// Package namespace turns Go values into callable XML-RPC methods: Build
// finds the exported methods of a value once, by reflection, and prepares
// for each the decoders of its parameters and the encoder of its result;
// a Service dispatches calls ("namespace.method") to them and answers the
// system namespace (listMethods, methodHelp, methodSignature, multicall).
// It knows nothing of HTTP or of config files.
//
// On the request path nothing is looked up by reflection: Service.Serve
// decodes the parameters straight into the method's parameter types and
// appends the result to the caller's buffer. Methods of the shapes most
// methods have (up to two parameters of the basic types, a result and an
// error) are called directly rather than through reflect.Value.Call; a
// system.multicall is checked whole, then each call reads its parameters
// where they are in the body; interceptors run without allocating. The
// per-request working memory is pooled. See docs/performance.md.
package namespace
