package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// stamp is supervisord's time stamp: local time with milliseconds.
const stamp = `\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} `

func TestLogHandlerFormat(t *testing.T) {
	long := strings.Repeat("7", 4300)
	tests := []struct {
		name string
		log  func(l *slog.Logger)
		want string // a regexp of the line after the time stamp
	}{
		{"info", func(l *slog.Logger) { l.Info("spawned: 'web' with pid 42") }, `INFO spawned: 'web' with pid 42`},
		{"critical", func(l *slog.Logger) { l.Log(context.Background(), LevelCritical, "could not write pidfile /x") }, `CRIT could not write pidfile /x`},
		{"error", func(l *slog.Logger) { l.Error("e") }, `ERRO e`},
		{"warn", func(l *slog.Logger) { l.Warn("w") }, `WARN w`},
		{"debug", func(l *slog.Logger) { l.Debug("d") }, `DEBG d`},
		{"trace", func(l *slog.Logger) { l.Log(context.Background(), LevelTrace, "t") }, `TRAC t`},
		{"blather", func(l *slog.Logger) { l.Log(context.Background(), LevelBlather, "b") }, `BLAT b`},
		{"attrs", func(l *slog.Logger) { l.Info("serving", "url", "unix:///s.sock/RPC2", "n", 3, "ok", true) },
			`INFO serving url=unix:///s.sock/RPC2 n=3 ok=true`},
		{"quoted", func(l *slog.Logger) { l.Info("m", "err", errors.New("no such file"), "empty", "") },
			`INFO m err="no such file" empty=""`},
		{"groups", func(l *slog.Logger) {
			l.WithGroup("http").With("remote", "127.0.0.1:1").Info("m", slog.Group("req", "method", "POST"), "d", time.Second)
		}, `INFO m http.remote=127.0.0.1:1 http.req.method=POST http.d=1s`},
		{"long-value", func(l *slog.Logger) { l.Error("bad value", "value", long) },
			`ERRO bad value value="7{256}…\[cut: 4300 bytes\]"`},
		{"long-message", func(l *slog.Logger) { l.Error("fault: " + long) },
			`ERRO fault: 7{1000}7{17}…\[cut: 4307 bytes\]`},
		{"multiline-message", func(l *slog.Logger) { l.Debug("'p' stdout output:\nhello\n") },
			`DEBG 'p' stdout output:\nhello\n`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			var lvl slog.LevelVar
			lvl.Set(LevelBlather)
			tt.log(slog.New(newLogHandler(&buf, &lvl)))
			if re := regexp.MustCompile(`^` + stamp + tt.want + `\n$`); !re.MatchString(buf.String()) {
				t.Errorf("line %q, want %s", buf.String(), re)
			}
			if len(buf.String()) > maxMessageBytes+maxValueBytes+200 {
				t.Errorf("line of %d bytes", buf.Len())
			}
		})
	}
}

// TestLogHandlerCutsOnCharacters: a cut never splits a character.
func TestLogHandlerCutsOnCharacters(t *testing.T) {
	s := strings.Repeat("é", 200) // 400 bytes, 2 per character
	got := cut(s, 255)
	if !strings.HasPrefix(got, strings.Repeat("é", 127)+"…") || !strings.HasSuffix(got, "[cut: 400 bytes]") {
		t.Errorf("cut(%d bytes of é, 255) = %q", len(s), got)
	}
	if cut("short", 255) != "short" {
		t.Error("a short value was changed")
	}
}

func TestLogHandlerLevel(t *testing.T) {
	var buf bytes.Buffer
	var lvl slog.LevelVar
	lvl.Set(slog.LevelWarn)
	l := slog.New(newLogHandler(&buf, &lvl))
	l.Info("hidden")
	l.Warn("shown")
	lvl.Set(LevelTrace) // a restart changes the level in place
	l.Log(context.Background(), LevelTrace, "now shown")
	l.Log(context.Background(), LevelBlather, "hidden too")
	if got := regexp.MustCompile(stamp).ReplaceAllString(buf.String(), ""); got != "WARN shown\nTRAC now shown\n" {
		t.Errorf("logged %q", got)
	}
}

func TestParseLevel(t *testing.T) {
	tests := []struct {
		in   string
		want slog.Level
		err  bool
	}{
		{"critical", LevelCritical, false}, {"error", slog.LevelError, false}, {"warn", slog.LevelWarn, false},
		{"info", slog.LevelInfo, false}, {"INFO", slog.LevelInfo, false}, {"debug", slog.LevelDebug, false},
		{"trace", LevelTrace, false}, {"blather", LevelBlather, false},
		{"warning", 0, true}, {"", 0, true}, {"crit", 0, true},
	}
	for _, tt := range tests {
		got, err := parseLevel(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("parseLevel(%q) = %v, %v", tt.in, got, err)
		}
		if err != nil && !strings.Contains(err.Error(), "bad logging level name") {
			t.Errorf("parseLevel(%q): %v", tt.in, err)
		}
	}
}

// TestLogCalls: at trace level each call is logged in supervisord's
// words; below it the interceptor does no logging work at all: it
// allocates nothing and writes nothing.
func TestLogCalls(t *testing.T) {
	var buf bytes.Buffer
	var lvl slog.LevelVar
	intercept := logCalls(slog.New(newLogHandler(&buf, &lvl)))
	ctx := context.Background()
	ok := func(context.Context) error { return nil }
	allocs := testing.AllocsPerRun(1000, func() { intercept(ctx, "echo.add", ok) })
	if allocs != 0 || buf.Len() != 0 {
		t.Errorf("at info: %v allocations a call, %d bytes logged; want none", allocs, buf.Len())
	}

	lvl.Set(LevelTrace)
	intercept(ctx, "echo.add", ok)
	intercept(ctx, "supervisor.getProcessInfo", func(context.Context) error { return rpcext.NewFault(rpcext.CodeBadName, "x") })
	intercept(ctx, "echo.failPlain", func(context.Context) error { return errors.New("boom") })
	want := "TRAC XML-RPC method called: echo.add()\n" +
		"TRAC XML-RPC method echo.add() returned successfully\n" +
		"TRAC XML-RPC method called: supervisor.getProcessInfo()\n" +
		"TRAC XML-RPC method supervisor.getProcessInfo() returned fault: [10] BAD_NAME: x\n" +
		"TRAC XML-RPC method called: echo.failPlain()\n" +
		"TRAC XML-RPC method echo.failPlain() returned fault: [30] FAILED: boom\n"
	if got := regexp.MustCompile(stamp).ReplaceAllString(buf.String(), ""); got != want {
		t.Errorf("logged:\n%s\nwant:\n%s", got, want)
	}
}

// TestLogCallsOtherHandler: a logger whose handler is not the host's is
// asked through the logger whether TRACE is on, at each call.
func TestLogCallsOtherHandler(t *testing.T) {
	var buf bytes.Buffer
	var lvl slog.LevelVar
	intercept := logCalls(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: &lvl})))
	ok := func(context.Context) error { return nil }
	intercept(context.Background(), "echo.add", ok)
	if buf.Len() != 0 {
		t.Errorf("at info: logged %q", buf.String())
	}
	lvl.Set(LevelTrace)
	intercept(context.Background(), "echo.add", ok)
	if got := buf.String(); !strings.Contains(got, "XML-RPC method called: echo.add()") || !strings.Contains(got, "XML-RPC method echo.add() returned successfully") {
		t.Errorf("at trace: logged %q", got)
	}
}

// BenchmarkLogCalls is the interceptor's cost per call: at info (the
// default) it must stay a level check, with no allocation.
func BenchmarkLogCalls(b *testing.B) {
	for _, level := range []slog.Level{slog.LevelInfo, LevelTrace} {
		b.Run(levelName(level), func(b *testing.B) {
			var lvl slog.LevelVar
			lvl.Set(level)
			var buf bytes.Buffer
			intercept := logCalls(slog.New(newLogHandler(&buf, &lvl)))
			ctx := context.Background()
			ok := func(context.Context) error { return nil }
			b.ReportAllocs()
			for b.Loop() {
				intercept(ctx, "echo.add", ok)
				buf.Reset()
			}
		})
	}
}
