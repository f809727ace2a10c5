package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
)

// userAgent is sent with every call.
const userAgent = "rpcinterface-client"

// maxErrorBody is how much of a non-200 answer's body is kept in its
// HTTPError, and maxDrain how much is read to keep the connection.
const (
	maxErrorBody = 1 << 10
	maxDrain     = 64 << 10
)

// post sends the request st encoded and reads the answer's body into
// st.answer, which it returns.
func (c *Client) post(ctx context.Context, st *callState) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.ep.post, bytes.NewReader(st.enc.Bytes()))
	if err != nil {
		return nil, err
	}
	req.Header = http.Header{
		"Content-Type": {"text/xml"},
		"Accept":       {"text/xml"},
		"User-Agent":   {userAgent},
	}
	if c.authHeader != "" {
		req.Header["Authorization"] = []string{c.authHeader}
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = c.ep.display // the socket's URL, not http://localhost
		}
		return nil, withContext(ctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, withContext(ctx, httpError(resp))
	}
	if resp.ContentLength > c.maxResponse {
		return nil, fmt.Errorf("%w: the server announced %d bytes, the limit is %d", ErrResponseTooLarge, resp.ContentLength, c.maxResponse)
	}
	st.answer, err = readBody(st.answer[:0], resp.Body, resp.ContentLength, c.maxResponse)
	if err != nil {
		return nil, withContext(ctx, err)
	}
	return st.answer, nil
}

// readBody appends body, read to its end, to buf: at most limit bytes,
// else an error matching ErrResponseTooLarge. length is the announced
// length, or -1. Reading to the end lets the connection be reused.
func readBody(buf []byte, body io.Reader, length, limit int64) ([]byte, error) {
	if length > 0 && int64(cap(buf)) < length {
		buf = make([]byte, 0, length)
	}
	var probe [1]byte // to see the end when buf is full at the announced length
	for {
		room := buf[len(buf):cap(buf)]
		if len(room) == 0 {
			if length < 0 || int64(len(buf)) < length {
				buf = slices.Grow(buf, max(512, cap(buf)))
				continue
			}
			room = probe[:]
		}
		if over := int64(len(buf)) + int64(len(room)) - (limit + 1); over > 0 {
			room = room[:int64(len(room))-over]
		}
		n, err := body.Read(room)
		if &room[0] == &probe[0] {
			buf = append(buf, probe[:n]...)
		} else {
			buf = buf[:len(buf)+n]
		}
		if int64(len(buf)) > limit {
			return nil, fmt.Errorf("%w: more than %d bytes", ErrResponseTooLarge, limit)
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading the answer: %w", err)
		}
	}
}

// httpError reads the start of a non-200 answer into an *HTTPError and
// drains a little more, so that a short error page leaves the connection
// reusable.
func httpError(resp *http.Response) error {
	head, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrain))
	return &HTTPError{StatusCode: resp.StatusCode, Status: resp.Status, Body: head}
}

// withContext makes err match the context's error when the context is
// done: net/http reports a cancelled request in several ways, not all of
// them wrapping ctx.Err().
func withContext(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
		return fmt.Errorf("%w: %w", ctxErr, err)
	}
	return err
}
