// Package statuspage is supervisord's web page for the example host: at
// / the table of processes with their state and description, and the
// actions supervisord's page offers (start, stop, restart, clear log,
// tail -f of stdout and stderr, restart all, stop all), each followed by
// supervisord's message ("Process web stopped"); at /tail.html a process's
// log, followed live.
//
// It does what supervisor/web.py does: it calls the supervisor namespace's
// methods (Supervisor, which *supervisor.Supervisor implements), so the
// page shows what supervisorctl status shows. Where supervisord changes
// state on a GET (index.html?action=stop), this page changes nothing on
// a GET: actions are POSTed from the page's buttons, with a token bound to
// a SameSite=Strict cookie and the browser's cross-origin headers checked
// (http.CrossOriginProtection), so that another site cannot make a
// logged-in browser stop a process.
//
// Everything is embedded; the pages are served with a
// Content-Security-Policy that allows no inline script or style. The page
// links to the API explorer and to /metrics when the host says where they
// are (WithExplorer, WithMetrics).
package statuspage
