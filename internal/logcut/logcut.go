// Package logcut bounds what the library writes into a log line: a value
// a client sent (a method name, a user name, a path) or an error that
// quotes one (a 4,300-digit integer in a type error) is cut to Max bytes,
// with the length it had, so that no request can make a log line long.
package logcut

import (
	"strconv"
	"unicode/utf8"
)

// Max is the longest value kept whole.
const Max = 256

// String returns s, or its first Max bytes (cut at a character boundary)
// followed by "…" and the number of bytes left out.
func String(s string) string {
	if len(s) <= Max {
		return s
	}
	cut := Max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…(" + strconv.Itoa(len(s)-cut) + " more bytes)"
}

// Error returns err's text cut as String cuts, or "" for nil.
func Error(err error) string {
	if err == nil {
		return ""
	}
	return String(err.Error())
}
