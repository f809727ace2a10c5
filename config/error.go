package config

import (
	"strconv"
	"strings"
)

// Error is a configuration problem with its location. The message of
// Err is supervisord's own wording where supervisord reports the same
// problem.
type Error struct {
	// File is the file the problem is in ("" for unnamed input).
	File string
	// Line is the 1-based line (of the key, or of the section header for a
	// problem with a whole section); 0 when unknown.
	Line int
	// Section is the section name without brackets, "" when the problem is
	// not inside one.
	Section string
	// Key is the lower-cased key, "" when the problem is not about one key.
	Key string
	// Err is the problem itself.
	Err error
}

// Error formats the error as "file:line: [section] key: message", leaving
// out the parts that are unknown.
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Line))
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteString(": ")
	}
	if e.Section != "" {
		b.WriteString("[" + e.Section + "] ")
	}
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return strings.TrimSuffix(b.String(), " ")
}

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// errorString is an error with a fixed message.
type errorString string

func (e errorString) Error() string { return string(e) }

// causeError carries supervisord's message while keeping the underlying
// error reachable with errors.Is/As.
type causeError struct {
	msg   string
	cause error
}

func (e *causeError) Error() string { return e.msg }
func (e *causeError) Unwrap() error { return e.cause }
