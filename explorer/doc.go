// Package explorer serves an HTML page over a dispatcher's method table:
// every namespace and method with its signature and help, a search box,
// and a "try it" form per method that sends a real XML-RPC call to the
// server's endpoint and shows the value or the fault, with the raw
// request and answer. Calls can be batched into one system.multicall.
//
// The page is rendered on the server with html/template from the very
// data system.methodHelp and system.methodSignature answer
// (namespace.Service: MethodNames, and Method(name).Help() and
// Signature()), read again on every page load, so that a handler whose
// method table is replaced shows the new table at the next load. Reading
// needs no JavaScript; searching works as a plain GET (?q=words) and
// live as you type; trying a call needs JavaScript, which builds the
// methodCall in the browser and POSTs it to the endpoint with the
// credentials the browser already holds.
//
// Everything the page needs is embedded: no CDN, no external font. Every
// text that comes from a plugin is escaped. The page and its assets are
// served with a Content-Security-Policy that allows scripts, styles and
// images from the server's own origin only (no inline script or style,
// no framing); GET and HEAD are the only methods answered, and they
// change nothing.
//
// rpcext serves the explorer at /explorer/ next to /RPC2, behind the
// same credentials, with rpcext.WithExplorer; New serves it on any mux:
//
//	mux.Handle("/explorer/", http.StripPrefix("/explorer", explorer.New(src)))
package explorer
