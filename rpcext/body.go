package rpcext

import (
	"io"
	"net/http"
	"sync"
	"time"
)

// buffers are pooled request and response bodies.
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

const (
	// maxPooledBuffer is the largest buffer kept for reuse.
	maxPooledBuffer = 8 << 20
	// firstRead is the most memory a body of announced length gets before
	// its bytes arrive: beyond it the buffer grows with what is read, so
	// a client announcing a large Content-Length and sending nothing costs
	// next to nothing.
	firstRead = 64 << 10
)

func getBuffer() *[]byte { return buffers.Get().(*[]byte) }

func putBuffer(b *[]byte) {
	if cap(*b) <= maxPooledBuffer {
		*b = (*b)[:0]
		buffers.Put(b)
	}
}

// readBody reads the request body into buf, growing it as bytes arrive,
// and no further than the size limit. With a body read timeout, the body
// must have arrived within it (the deadline is lifted afterwards, so that
// it never cuts a call short).
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request, buf []byte) (_ []byte, err error) {
	if h.bodyTimeout > 0 {
		rc := http.NewResponseController(w)
		// Not every ResponseWriter supports deadlines (httptest's does
		// not): then there is simply none.
		if rc.SetReadDeadline(time.Now().Add(h.bodyTimeout)) == nil {
			defer func() {
				if err == nil { // else the body is abandoned: see refuse
					rc.SetReadDeadline(time.Time{})
				}
			}()
		}
	}
	var rd io.Reader = r.Body
	n := r.ContentLength
	if n < 0 {
		// With w, a body beyond the limit also closes the connection.
		rd = http.MaxBytesReader(w, r.Body, h.maxBody)
	} else if cap(buf) < int(n) {
		buf = make([]byte, 0, min(n, firstRead))
	}
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			want := 2 * cap(buf)
			if n >= 0 {
				want = min(want, int(n))
			}
			grown := make([]byte, len(buf), max(want, 512))
			copy(grown, buf)
			buf = grown
		}
		limit := cap(buf)
		if n >= 0 {
			limit = min(limit, int(n))
		}
		var m int
		m, err = rd.Read(buf[len(buf):limit])
		buf = buf[:len(buf)+m]
		if n >= 0 && int64(len(buf)) == n {
			return buf, nil
		}
		if err == io.EOF {
			if n >= 0 {
				return buf, io.ErrUnexpectedEOF
			}
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}
