package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// openLog returns the host's logger, writing slog text to stderr and, when
// logfile is set, to that file (returned too, for maintail and clearLog).
// level is [supervisord] loglevel; verbose forces debug.
func openLog(logfile, level string, verbose bool) (*slog.Logger, *procman.LogFile, error) {
	lvl := slog.LevelInfo
	switch strings.ToLower(level) {
	case "critical", "error":
		lvl = slog.LevelError
	case "warn":
		lvl = slog.LevelWarn
	case "debug":
		lvl = slog.LevelDebug
	case "trace": // supervisord's levels below debug, as twiddler.log names them
		lvl = slog.LevelDebug - 4
	case "blather":
		lvl = slog.LevelDebug - 8
	}
	if verbose && lvl > slog.LevelDebug {
		lvl = slog.LevelDebug
	}
	var out io.Writer = os.Stderr
	var mainLog *procman.LogFile
	if logfile != "" {
		var err error
		if mainLog, err = procman.OpenLogFile(absPath(logfile)); err != nil {
			return nil, nil, err
		}
		out = tee{os.Stderr, mainLog}
	}
	return slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: lvl})), mainLog, nil
}

// tee writes to every writer, whatever the others do.
type tee []io.Writer

func (t tee) Write(p []byte) (int, error) {
	for _, w := range t {
		w.Write(p)
	}
	return len(p), nil
}

// logCalls logs every call, including each call inside system.multicall.
func logCalls(logger *slog.Logger) rpcext.Interceptor {
	return func(ctx context.Context, method string, next func(context.Context) error) error {
		start := time.Now()
		err := next(ctx)
		attrs := []any{"method", method, "duration", time.Since(start)}
		var f *rpcext.Fault
		switch {
		case errors.As(err, &f):
			attrs = append(attrs, "fault", f.FaultString())
		case err != nil:
			attrs = append(attrs, "error", err)
		}
		logger.Info("call", attrs...)
		return err
	}
}
