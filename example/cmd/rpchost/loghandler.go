package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// supervisord's levels beyond slog's four, as twiddler.log maps them:
// CRIT is ERROR+4, TRAC DEBUG-4 and BLAT DEBUG-8.
const (
	LevelCritical = slog.LevelError + 4
	LevelTrace    = slog.LevelDebug - 4
	LevelBlather  = slog.LevelDebug - 8
)

// Bounds of what one log line carries: a message longer than
// maxMessageBytes, or an attribute value longer than maxValueBytes, is
// cut there and marked with how long it was.
const (
	maxMessageBytes = 1024
	maxValueBytes   = 256
)

// parseLevel reads [supervisord] loglevel as supervisord does (any case).
func parseLevel(s string) (slog.Level, error) {
	switch strings.ToLower(s) {
	case "critical":
		return LevelCritical, nil
	case "error":
		return slog.LevelError, nil
	case "warn":
		return slog.LevelWarn, nil
	case "info":
		return slog.LevelInfo, nil
	case "debug":
		return slog.LevelDebug, nil
	case "trace":
		return LevelTrace, nil
	case "blather":
		return LevelBlather, nil
	}
	return 0, fmt.Errorf("bad logging level name %s", pyQuote(s))
}

// levelName is supervisord's name of a level in its log lines.
func levelName(l slog.Level) string {
	switch {
	case l >= LevelCritical:
		return "CRIT"
	case l >= slog.LevelError:
		return "ERRO"
	case l >= slog.LevelWarn:
		return "WARN"
	case l >= slog.LevelInfo:
		return "INFO"
	case l >= slog.LevelDebug:
		return "DEBG"
	case l >= LevelTrace:
		return "TRAC"
	}
	return "BLAT"
}

// logHandler is a slog.Handler writing supervisord's log format:
//
//	2026-12-02 11:42:27,109 INFO spawned: 'web' with pid 42
//
// local time with milliseconds, the level's four-letter name, the
// message, then the attributes as key=value (quoted when needed). Long
// messages and values are cut (see maxMessageBytes, maxValueBytes) with a
// marker saying how long they were, so that no value a client sends can
// make a line of unbounded length.
type logHandler struct {
	out    io.Writer
	level  slog.Leveler
	attrs  []byte // formatted attributes of WithAttrs, each with its space
	prefix string // group prefix of keys, "g." per WithGroup
}

func newLogHandler(out io.Writer, level slog.Leveler) *logHandler {
	return &logHandler{out: out, level: level}
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// Enabled reports whether l is at or above the handler's level.
func (h *logHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= h.level.Level() }

// Handle writes one line.
func (h *logHandler) Handle(_ context.Context, r slog.Record) error {
	bp := bufPool.Get().(*[]byte)
	b := (*bp)[:0]
	t := r.Time
	if t.IsZero() {
		t = time.Now()
	}
	b = t.AppendFormat(b, "2006-01-02 15:04:05,000")
	b = append(b, ' ')
	b = append(b, levelName(r.Level)...)
	b = append(b, ' ')
	b = appendCut(b, r.Message, maxMessageBytes)
	b = append(b, h.attrs...)
	r.Attrs(func(a slog.Attr) bool {
		b = appendAttr(b, h.prefix, a)
		return true
	})
	b = append(b, '\n')
	_, err := h.out.Write(b)
	*bp = b
	bufPool.Put(bp)
	return err
}

// WithAttrs returns a handler adding attrs to every line.
func (h *logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	h2 := *h
	h2.attrs = h.attrs[:len(h.attrs):len(h.attrs)]
	for _, a := range attrs {
		h2.attrs = appendAttr(h2.attrs, h.prefix, a)
	}
	return &h2
}

// WithGroup returns a handler qualifying later keys with name.
func (h *logHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	h2 := *h
	h2.prefix = h.prefix + name + "."
	return &h2
}

// appendAttr appends " key=value", groups flattened to "g.key=value".
func appendAttr(b []byte, prefix string, a slog.Attr) []byte {
	a.Value = a.Value.Resolve()
	if a.Equal(slog.Attr{}) {
		return b
	}
	if a.Value.Kind() == slog.KindGroup {
		if a.Key != "" {
			prefix += a.Key + "."
		}
		for _, ga := range a.Value.Group() {
			b = appendAttr(b, prefix, ga)
		}
		return b
	}
	b = append(b, ' ')
	b = append(b, prefix...)
	b = append(b, a.Key...)
	b = append(b, '=')
	var s string
	switch a.Value.Kind() {
	case slog.KindString:
		s = a.Value.String()
	case slog.KindTime:
		s = a.Value.Time().Format(time.RFC3339Nano)
	default:
		s = a.Value.String() // numbers, booleans, durations, errors, Stringers
	}
	s = cut(s, maxValueBytes)
	if needsQuote(s) {
		return strconv.AppendQuote(b, s)
	}
	return append(b, s...)
}

// needsQuote reports whether a value must be quoted to stay one token.
func needsQuote(s string) bool {
	if s == "" {
		return true
	}
	for _, r := range s {
		if r <= ' ' || r == '=' || r == '"' || r == 0x7f || r == utf8.RuneError || r >= 0x80 && !strconv.IsPrint(r) {
			return true
		}
	}
	return false
}

// cut returns s, or its first max bytes (on a character boundary) and a
// marker saying how long it was.
func cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	return string(appendCut(nil, s, max))
}

// appendCut appends cut(s, max) to b.
func appendCut(b []byte, s string, max int) []byte {
	if len(s) <= max {
		return append(b, s...)
	}
	n := max
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	b = append(b, s[:n]...)
	b = append(b, "…[cut: "...)
	b = strconv.AppendInt(b, int64(len(s)), 10)
	return append(b, " bytes]"...)
}
