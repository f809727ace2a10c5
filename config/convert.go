package config

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// The conversion rules of Options: the typed getters and Decode both call
// these, so a value means the same whichever way a factory reads it. Each
// returns the problem without its place; Options.errorFor adds file, line,
// section and key.

// parseInt reads a decimal integer of the given bit size, surrounding
// whitespace ignored.
func parseInt(value string, bits int) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(value), 10, bits)
	if err != nil {
		return 0, numberError("integer", value, err, fmt.Sprintf("%d to %d", int64(-1)<<(bits-1), int64(1<<(bits-1)-1)))
	}
	return n, nil
}

// parseUint reads a non-negative decimal integer of the given bit size,
// surrounding whitespace ignored.
func parseUint(value string, bits int) (uint64, error) {
	t := strings.TrimSpace(value)
	if strings.HasPrefix(t, "-") {
		if _, err := strconv.ParseInt(t, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("invalid integer %s: must not be negative", pycompat.Repr(value))
		}
	}
	n, err := strconv.ParseUint(t, 10, bits)
	if err != nil {
		return 0, numberError("integer", value, err, fmt.Sprintf("0 to %d", uint64(1<<bits-1)))
	}
	return n, nil
}

// parseFloat reads a number as strconv.ParseFloat does, surrounding
// whitespace ignored.
func parseFloat(value string, bits int) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(value), bits)
	if err != nil {
		return 0, numberError("number", value, err, "")
	}
	return f, nil
}

// numberError words a strconv error without repeating the value: "invalid
// integer '4x': invalid syntax". The strconv sentinel (ErrSyntax, ErrRange)
// stays reachable with errors.Is.
func numberError(what, value string, err error, bounds string) error {
	var ne *strconv.NumError
	if !errors.As(err, &ne) {
		return fmt.Errorf("invalid %s %s: %w", what, pycompat.Repr(value), err)
	}
	if errors.Is(ne.Err, strconv.ErrRange) && bounds != "" {
		return fmt.Errorf("invalid %s %s: %w (%s)", what, pycompat.Repr(value), ne.Err, bounds)
	}
	return fmt.Errorf("invalid %s %s: %w", what, pycompat.Repr(value), ne.Err)
}

// durationForms is what a duration value may look like.
const durationForms = "want whole seconds (30) or a Go duration (1m30s, 250ms, 2h)"

// errDurationRange is a duration beyond time.Duration's range.
var errDurationRange = errors.New("out of range (at most 2562047h47m16.854775807s)")

// parseDuration reads a whole number of seconds ("30", the unit of
// supervisord's own settings) or Go duration syntax ("1m30s"), surrounding
// whitespace ignored.
func parseDuration(value string) (time.Duration, error) {
	s := strings.TrimSpace(value)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if err != nil || n > math.MaxInt64/int64(time.Second) || n < math.MinInt64/int64(time.Second) {
			return 0, fmt.Errorf("invalid duration %s: %w", pycompat.Repr(value), errDurationRange)
		}
		return time.Duration(n) * time.Second, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %s: %s", pycompat.Repr(value), durationForms)
	}
	return d, nil
}

// parseBool is supervisor.datatypes.boolean, with its message.
func parseBool(value string) (bool, error) {
	switch pycompat.Lower(value) {
	case "yes", "true", "on", "1":
		return true, nil
	case "no", "false", "off", "0":
		return false, nil
	}
	return false, errors.New("not a valid boolean value: " + pycompat.Repr(value))
}

// splitList splits a list value at commas and whitespace, dropping empty
// items.
func splitList(value string) []string {
	items := strings.FieldsFunc(value, func(r rune) bool { return r == ',' || pycompat.IsSpace(r) })
	if len(items) == 0 {
		return nil
	}
	return items
}

// errorFor places a conversion problem of key's value: an *Error naming
// the file and line that set the value, the section and the key.
func (o Options) errorFor(e optEntry, err error) error {
	file := e.file
	if file == "" {
		file = o.file
	}
	return &Error{File: file, Line: e.line, Section: o.section, Key: e.key, Err: err}
}
