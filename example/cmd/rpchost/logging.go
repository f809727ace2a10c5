package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// mainLog is where the host's log lines go: stderr and, when [supervisord]
// logfile is set, that file (rotated by logfile_maxbytes and
// logfile_backups; maintail and clearLog use it), at the level of
// [supervisord] loglevel. A restart may change all of these.
type mainLog struct {
	stderr  io.Writer
	level   slog.LevelVar
	verbose bool // -v: at least debug

	mu   sync.Mutex
	file *procman.LogFile // nil: none
}

// newMainLog returns a main log writing to stderr only, at info level.
func newMainLog(stderr io.Writer, verbose bool) *mainLog {
	return &mainLog{stderr: stderr, verbose: verbose}
}

// logger returns a logger in supervisord's format writing to l.
func (l *mainLog) logger() *slog.Logger { return slog.New(newLogHandler(l, &l.level)) }

// Write writes one log line to stderr and to the file, whatever either
// does (a full disk or a closed stderr must not stop the host).
func (l *mainLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stderr.Write(p)
	if l.file != nil {
		l.file.Write(p)
	}
	return len(p), nil
}

// configure applies the log settings of [supervisord]: the level, and
// the file, opened again (as supervisord closes and opens its log at a
// restart) or replaced when its path changed.
func (l *mainLog) configure(st settings) error {
	lvl := st.level
	if l.verbose && lvl > slog.LevelDebug {
		lvl = slog.LevelDebug
	}
	l.level.Set(lvl)
	var next *procman.LogFile
	if st.logfile != "" {
		var err error
		if next, err = procman.OpenLogFile(st.logfile); err != nil {
			return fmt.Errorf("[supervisord] logfile: %w", err)
		}
		next.SetRotation(st.logfileMaxBytes, st.logfileBackups)
	}
	l.mu.Lock()
	old := l.file
	l.file = next
	l.mu.Unlock()
	if old != nil {
		old.Close()
	}
	return nil
}

// path returns the log file's path, "" when there is none.
func (l *mainLog) path() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.file == nil {
		return ""
	}
	return l.file.Path()
}

// reopen opens the log file again (SIGUSR2, clearLog).
func (l *mainLog) reopen() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.file == nil {
		return errors.New("no main log file")
	}
	return l.file.Reopen()
}

// close closes the log file; later lines go to stderr only.
func (l *mainLog) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.file != nil {
		l.file.Close()
		l.file = nil
	}
}

// logCalls logs every call, including each call inside system.multicall,
// at TRACE in supervisord's words ("XML-RPC method called: x()", "XML-RPC
// method x() returned successfully", "... returned fault: [10]
// BAD_NAME: y"). Below TRACE it does nothing but ask whether TRACE is
// on: no allocation, no formatting (see BenchmarkLogCalls). The host's
// own handler is asked by reading its level (a reload changes that
// level, and the next call sees it), any other through the logger.
func logCalls(logger *slog.Logger) rpcext.Interceptor {
	var level *slog.LevelVar
	if h, ok := logger.Handler().(*logHandler); ok {
		level, _ = h.level.(*slog.LevelVar)
	}
	return func(ctx context.Context, method string, next func(context.Context) error) error {
		if level != nil {
			if LevelTrace < level.Level() { // what (*logHandler).Enabled says
				return next(ctx)
			}
		} else if !logger.Enabled(ctx, LevelTrace) {
			return next(ctx)
		}
		logger.Log(ctx, LevelTrace, "XML-RPC method called: "+method+"()")
		err := next(ctx)
		var f *rpcext.Fault
		switch {
		case err == nil:
			logger.Log(ctx, LevelTrace, "XML-RPC method "+method+"() returned successfully")
		case errors.As(err, &f):
			logger.Log(ctx, LevelTrace, fmt.Sprintf("XML-RPC method %s() returned fault: [%d] %s", method, f.Code, f.FaultString()))
		default:
			logger.Log(ctx, LevelTrace, fmt.Sprintf("XML-RPC method %s() returned fault: [%d] FAILED: %v", method, rpcext.CodeFailed, err))
		}
		return err
	}
}
