package rpcext

import "net/http"

// crossSite reports whether a browser says it sent r from another site
// (Sec-Fetch-Site, or an Origin whose host is not the request's Host), as
// http.CrossOriginProtection reads them.
//
// A browser holding Basic credentials for the server (after using the
// API explorer or a status page on the same listener) sends them with a
// form another site makes it POST; an XML-RPC call fits in a text/plain
// form's body. Such requests are refused with 403. XML-RPC clients
// (supervisorctl, Python, Go, Node) send neither header and are never
// refused; a page of the server's own origin, such as the explorer, is
// same-origin.
func crossSite(r *http.Request) bool {
	h := r.Header
	if h["Sec-Fetch-Site"] == nil && h["Origin"] == nil {
		return false // not a browser's request: two map lookups
	}
	var check http.CrossOriginProtection // the zero value: no trusted origins, no bypass
	return check.Check(r) != nil
}
