package rpcext

import (
	"net/http"
	"strings"
	"time"

	"github.com/supervisorrpc/rpcinterface/explorer"
)

// ExplorerPath is where Mount and Serve serve the API explorer when given
// WithExplorer.
const ExplorerPath = "/explorer/"

// WithExplorer serves the API explorer (package explorer) at ExplorerPath,
// next to /RPC2 and behind the same credentials: an HTML page listing
// every namespace and method with its signature and help, with a search
// box and a form per method that sends a real call to /RPC2 from the
// browser. Off by default: it shows whoever holds the credentials every
// method the server publishes and lets them call it from a page.
//
// Mount registers the explorer on the mux, and Serve on each of its
// listeners. A handler from NewHandler serves only its own path: mount
// h.Explorer() at ExplorerPath yourself.
func WithExplorer() MountOption {
	return mountOptionFunc(func(s *mountSettings) { s.explorer = true })
}

// Explorer returns the API explorer over h's method table, read on every
// page load (so that a replaced table shows at the next load), behind h's
// credentials (401 with the same challenge as /RPC2), for a mux to serve
// at ExplorerPath; its page sends calls to /RPC2 on the same server.
// Mount and Serve serve it there when given WithExplorer.
func (h *Handler) Explorer() http.Handler {
	prefix := strings.TrimSuffix(ExplorerPath, "/")
	endpoint := strings.Repeat("../", strings.Count(prefix, "/")) + strings.TrimPrefix(Path, "/")
	e := http.StripPrefix(prefix, explorer.New(h, explorer.WithEndpoint(endpoint)))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The credentials of the current table, as /RPC2 asks for them.
		if a := h.gen.Load().auth; a != nil {
			if res, user := a.check(r.Header.Get("Authorization")); res != authOK {
				h.unauthorized(w, r, res, user, time.Now())
				return
			}
		}
		e.ServeHTTP(w, r)
	})
}
