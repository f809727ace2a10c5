package rpcext

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/logcut"
)

// A request refused before its body is read (401, 403, 405, 413) may
// still be sending it: closing the connection then makes the kernel
// answer the bytes still coming with a reset, and a client that sends
// its whole body before reading the answer (Python's xmlrpc.client,
// supervisorctl) sees a broken pipe instead of the status. So, as nginx's
// lingering close does, the answer is sent at once and the body read and
// thrown away, for at most lingerTime and lingerBytes, and no longer
// than lingerIdle once the client pauses, before the connection is
// closed. (Tests shorten the times with a test-only option.)
const (
	lingerTime  = 10 * time.Second
	lingerIdle  = 2 * time.Second
	lingerBytes = int64(64 << 20)
)

// lingering is how long a lingering close lasts at most, and once the
// client pauses.
type lingering struct{ total, idle time.Duration }

// unauthorized answers 401 with the Basic challenge. Wrong or
// undecodable credentials are logged at warning level with the user name
// (never the password), rate-limited; a request without credentials, as a
// browser's first one, only at debug level.
func (h *Handler) unauthorized(w http.ResponseWriter, r *http.Request, res authResult, user string, start time.Time) {
	if res != authMissing {
		h.authLog.log(r.Context(), slog.LevelWarn, "rpcext: authentication failed", "remote", r.RemoteAddr,
			"user", logcut.String(user), "reason", res.String(), "path", logcut.String(r.URL.Path))
	}
	w.Header().Set("WWW-Authenticate", `Basic realm="default"`)
	h.refuse(w, r, http.StatusUnauthorized, "Unauthorized: this server requires HTTP Basic credentials.", start)
}

func (h *Handler) tooLarge(w http.ResponseWriter, r *http.Request, start time.Time) {
	h.refuse(w, r, http.StatusRequestEntityTooLarge,
		fmt.Sprintf("Request Entity Too Large: the body may not exceed %d bytes.", h.maxBody), start)
}

// bodyFailed answers a request whose body could not be read.
func (h *Handler) bodyFailed(w http.ResponseWriter, r *http.Request, err error, start time.Time) {
	var mbe *http.MaxBytesError
	var ne net.Error
	switch {
	case errors.As(err, &mbe):
		h.tooLarge(w, r, start)
	case errors.As(err, &ne) && ne.Timeout():
		h.refuse(w, r, http.StatusRequestTimeout,
			fmt.Sprintf("Request Timeout: the body did not arrive within %v.", h.bodyTimeout), start)
	default:
		h.refuse(w, r, http.StatusBadRequest, "Bad Request: could not read the body: "+logcut.Error(err), start)
	}
}

// refuse answers a request that is not served, and logs it: at debug
// level, or rate-limited at warning level for a body too large or too
// slow and at error level for 5xx.
func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, status int, msg string, start time.Time) {
	level := slog.LevelDebug
	switch {
	case status >= 500:
		level = slog.LevelError
	case status == http.StatusRequestEntityTooLarge, status == http.StatusRequestTimeout:
		level = slog.LevelWarn
	}
	attrs := []any{"status", status, "remote", r.RemoteAddr, "method", logcut.String(r.Method),
		"path", logcut.String(r.URL.Path), "duration", time.Since(start)}
	if level > slog.LevelDebug {
		h.refusedLog.log(r.Context(), level, "rpcext: request refused", attrs...)
	} else {
		h.logger.Log(r.Context(), level, "rpcext: request refused", attrs...)
	}
	switch status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusMethodNotAllowed, http.StatusRequestEntityTooLarge:
		if r.ContentLength != 0 {
			h.lingeringClose(w, r, status, msg)
			return
		}
	case http.StatusRequestTimeout:
		// The client is too slow to wait for: close now.
		w.Header().Set("Connection", "close")
		http.NewResponseController(w).SetReadDeadline(time.Now())
	}
	plain(w, status, msg)
}

// lingeringClose answers a request whose body has not been read (or not
// whole), then reads and discards what of it still comes, within
// lingerTime and lingerBytes, and has the connection closed: the client
// finishes sending and reads the answer (see lingerTime).
func (h *Handler) lingeringClose(w http.ResponseWriter, r *http.Request, status int, msg string) {
	rc := http.NewResponseController(w)
	// Without full duplex, net/http would drain at most 256 kB of the
	// body before the answer and then close, with no deadline.
	rc.EnableFullDuplex()
	w.Header().Set("Connection", "close")
	plain(w, status, msg)
	if rc.Flush() != nil {
		return
	}
	end := time.Now().Add(h.linger.total)
	buf := make([]byte, 32<<10)
	for left := lingerBytes; left > 0; {
		deadline := time.Now().Add(h.linger.idle)
		if deadline.After(end) {
			deadline = end
		}
		if rc.SetReadDeadline(deadline) != nil {
			return // no deadlines (a test's ResponseWriter): do not wait on the client
		}
		n, err := r.Body.Read(buf[:min(left, int64(len(buf)))])
		left -= int64(n)
		if err != nil {
			break
		}
	}
	// Whatever is left is not waited for.
	rc.SetReadDeadline(time.Now())
}

// plain writes a text answer.
func plain(w http.ResponseWriter, status int, msg string) {
	msg += "\n"
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Length", strconv.Itoa(len(msg)))
	w.WriteHeader(status)
	io.WriteString(w, msg)
}
