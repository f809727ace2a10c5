package xmlrpc

import (
	"fmt"
)

// OutputLimitError reports output that would grow past the Encoder's
// MaxBytes. The value being encoded is abandoned where the limit was
// reached: the caller rewinds to a Mark and sends a fault instead (a
// server answers that the answer is too large) rather than build the rest.
type OutputLimitError struct {
	Max int // the Encoder's MaxBytes
}

// Error says what the limit is.
func (e *OutputLimitError) Error() string {
	return fmt.Sprintf("xmlrpc: the encoded output exceeds the limit of %d bytes", e.Max)
}

// Full reports whether the output has grown past MaxBytes. The encoder
// checks it at every value boundary (each array element, struct member,
// string and base64 before it is appended); a caller that appends
// values one by one, as system.multicall does, checks it between them.
func (e *Encoder) Full() bool { return e.MaxBytes > 0 && len(e.buf) > e.MaxBytes }

// full returns an *OutputLimitError when the output has grown past
// MaxBytes.
func (e *Encoder) full() error {
	if e.Full() {
		return &OutputLimitError{Max: e.MaxBytes}
	}
	return nil
}

// room returns an *OutputLimitError when n more bytes would take the
// output past MaxBytes: the check comes before a large value is
// appended, so that the value is never copied.
func (e *Encoder) room(n int) error {
	if e.MaxBytes > 0 && n > e.MaxBytes-len(e.buf) {
		return &OutputLimitError{Max: e.MaxBytes}
	}
	return nil
}

// Tag lengths around the values room checks for.
const (
	stringTags = len("<value><string></string></value>\n")
	base64Tags = len("<value><base64></base64></value>\n")
)

// roomForString checks that s, escaped and tagged, fits: escaping at most
// quintuples it (& is &amp;), so the exact length is counted only when
// that worst case does not fit.
func (e *Encoder) roomForString(s string) error {
	if e.MaxBytes <= 0 || len(s) <= (e.MaxBytes-len(e.buf)-stringTags)/5 {
		return nil
	}
	return e.room(escapedLen(s) + stringTags)
}

// roomForBase64 checks that b, base64-encoded and tagged, fits.
func (e *Encoder) roomForBase64(b []byte) error {
	if e.MaxBytes <= 0 {
		return nil
	}
	return e.room(base64Len(len(b)) + base64Tags)
}

// escapedLen is the length of s as appendEscaped writes it.
func escapedLen(s string) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '&', '\r':
			n += 4
		case '<', '>':
			n += 3
		}
	}
	return n
}
