package xmlrpc

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// SyntaxError reports a request body that is not a well-formed XML-RPC
// methodCall: malformed XML, a DTD, an unknown type tag, text that is not a
// valid int, double, boolean, dateTime or base64. Servers answer it with
// HTTP 400, as supervisord does.
type SyntaxError struct {
	Offset int    // byte offset in the body where the problem was found
	Line   int    // 1-based line of Offset
	Column int    // 1-based column (in bytes) of Offset
	Msg    string // what is wrong, e.g. "unexpected </value>"
}

// Error gives the line, the column and what is wrong.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("malformed XML-RPC request at line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// LimitError reports a request that exceeds one of the decoder's Limits.
// Servers answer it with HTTP 400 (HTTP 413 for the body size).
type LimitError struct {
	Limit string // which limit: "MaxDepth", "MaxValues", "MaxStringBytes", ...
	Max   int    // the configured maximum
}

// Error names the limit and its maximum.
func (e *LimitError) Error() string {
	return fmt.Sprintf("request exceeds the %s limit of %d", e.Limit, e.Max)
}

// TypeError reports a well-formed value that does not convert to the Go
// type it is decoded into: a <string> for an int parameter, an <int> beyond
// the range of int32, a struct member the Go struct does not have (unless
// the struct declares an IgnoreUnknown field, or the decoder was built
// with IgnoreUnknownMembers). The dispatcher answers it with fault
// INCORRECT_PARAMETERS naming the parameter.
type TypeError struct {
	Path string // where inside the value, e.g. "[3]" or ".name"; empty at the top
	Want string // the Go type, e.g. "int32"
	Got  string // what was sent, e.g. "<string>" or "<int> 3000000000"
	Msg  string // optional detail, replaces the want/got sentence
}

// Error gives the path of the value, then what does not fit.
func (e *TypeError) Error() string {
	var b bytes.Buffer
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	if e.Msg != "" {
		b.WriteString(e.Msg)
	} else {
		fmt.Fprintf(&b, "cannot use %s as %s", e.Got, e.Want)
	}
	return b.String()
}

// syntaxErr builds a SyntaxError at offset off of buf.
func syntaxErr(buf []byte, off int, format string, args ...any) *SyntaxError {
	if off > len(buf) {
		off = len(buf)
	}
	line := 1 + bytes.Count(buf[:off], []byte{'\n'})
	col := off + 1
	if i := bytes.LastIndexByte(buf[:off], '\n'); i >= 0 {
		col = off - i
	}
	msg := fmt.Sprintf(format, args...)
	if len(msg) > maxMsg {
		// A name quoted from the body can be as long as the body.
		cut := maxMsg - 3
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "..."
	}
	return &SyntaxError{Offset: off, Line: line, Column: col, Msg: msg}
}

// maxMsg bounds the length of a SyntaxError's message.
const maxMsg = 200

// prefixPath prepends p to the path of a *TypeError and returns err.
func prefixPath(err error, p string) error {
	if te, ok := err.(*TypeError); ok {
		te.Path = p + te.Path
	}
	return err
}
