package client

import (
	"errors"
	"net/http"
	"strconv"
)

// HTTPError is an answer with an HTTP status other than 200 OK: 401 for
// missing or wrong credentials, 404 for a URL the server does not serve,
// 413 for a request too large, 500 for a server that failed.
type HTTPError struct {
	// StatusCode is the answer's HTTP status, e.g. 401.
	StatusCode int
	// Status is the status line's text as the server sent it, e.g.
	// "401 Unauthorized".
	Status string
	// Body is the start of the answer's body (at most 1 KiB), which may
	// say why.
	Body []byte
}

// Error returns the status code and its standard text, e.g. "401
// Unauthorized", whatever reason phrase the server sent.
func (e *HTTPError) Error() string {
	if text := http.StatusText(e.StatusCode); text != "" {
		return strconv.Itoa(e.StatusCode) + " " + text
	}
	if e.Status != "" {
		return e.Status
	}
	return "HTTP status " + strconv.Itoa(e.StatusCode)
}

// ErrResponseTooLarge is matched (errors.Is) by the error of a call whose
// answer is larger than the limit set with WithMaxResponseBytes.
var ErrResponseTooLarge = errors.New("answer larger than the response size limit")
