package procman

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
)

// LogFile is an append-only log file that can be removed, reopened and
// rotated while it is written to, as supervisord's log handlers are by
// clear, clearLog, SIGUSR2 and their maxbytes setting. A LogFile made by a
// Manager for a process is open while the process has a child: it opens
// (creating) its file when a child is spawned and closes it once the
// child's output is read, as supervisord's dispatchers do. It is safe for
// concurrent use.
type LogFile struct {
	path string

	mu       sync.Mutex
	f        *os.File
	size     int64 // bytes in f, what rotation measures
	maxBytes int64 // rotate once the file holds this many bytes; <= 0 never
	backups  int   // how many rotated files to keep
	closed   bool  // Close was called: writes fail until Reopen
}

// OpenLogFile opens (creating) the log file at path for appending. It
// does not rotate until SetRotation says when.
func OpenLogFile(path string) (*LogFile, error) {
	l := &LogFile{path: path}
	if err := l.open(false); err != nil {
		return nil, err
	}
	return l, nil
}

// Path returns the file's path.
func (l *LogFile) Path() string { return l.path }

// SetRotation makes the file rotate as supervisord's RotatingFileHandler
// does: once a write leaves it holding maxBytes or more, it is renamed
// path.1 (path.1 becoming path.2, and so on up to path.<backups>, the
// oldest dropped) and a new, empty file is started at path. With backups
// 0 the file is emptied instead. maxBytes 0 (or less) never rotates.
func (l *LogFile) SetRotation(maxBytes int64, backups int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.maxBytes, l.backups = maxBytes, max(backups, 0)
}

// Write appends p to the file, then rotates it if it reached its size
// limit. An error rotating is returned after p was written.
func (l *LogFile) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return 0, os.ErrClosed
	}
	if l.f == nil {
		if err := l.open(false); err != nil {
			return 0, err
		}
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	if err != nil {
		return n, err
	}
	if l.maxBytes > 0 && l.size >= l.maxBytes {
		if err := l.rotateLocked(); err != nil {
			return n, err
		}
	}
	return n, nil
}

// rotateLocked is supervisord's doRollover: shift path.i to path.i+1,
// path to path.1, and start an empty file at path. A backup that vanished
// meanwhile is no error. Whatever fails, a file is left open at path.
func (l *LogFile) rotateLocked() error {
	l.closeLocked()
	var errs []error
	if l.backups > 0 {
		for i := l.backups - 1; i > 0; i-- {
			src := fmt.Sprintf("%s.%d", l.path, i)
			if _, err := os.Stat(src); err == nil {
				errs = append(errs, replace(src, fmt.Sprintf("%s.%d", l.path, i+1)))
			}
		}
		errs = append(errs, replace(l.path, l.path+".1"))
	}
	errs = append(errs, l.open(true))
	if err := errors.Join(errs...); err != nil {
		if l.f == nil {
			l.open(false) // keep logging where we can
		}
		return fmt.Errorf("rotating %s: %w", l.path, err)
	}
	return nil
}

// replace renames src to dst, removing dst first (supervisord's
// removeAndRename); files that are already gone are no error.
func replace(src, dst string) error {
	if err := os.Remove(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(src, dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Reopen closes the file and opens the path again (creating it if it was
// removed or renamed away), also after Close: what SIGUSR2 does, so that
// a log rotated by an outside tool is written afresh.
func (l *LogFile) Reopen() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closeLocked()
	l.closed = false
	return l.open(false)
}

// reopenIfOpen reopens the file if it is open (a process log while the
// process has a child); otherwise it does nothing.
func (l *LogFile) reopenIfOpen() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	l.closeLocked()
	return l.open(false)
}

// Clear removes the file and opens a new, empty one at the same path: what
// supervisord's clear does to a process log (readers following the old
// file by path see a new file). Rotated backups are left alone.
func (l *LogFile) Clear() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	wasClosed := l.closed
	l.closeLocked()
	if err := os.Remove(l.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if wasClosed {
		return nil
	}
	return l.open(false)
}

// ensureOpen opens the file (creating it) unless it is open or closed for
// good.
func (l *LogFile) ensureOpen() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil || l.closed {
		return nil
	}
	return l.open(false)
}

// release closes the file until the next write or ensureOpen: a process's
// child is gone and its output read.
func (l *LogFile) release() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.closeLocked()
}

// Close closes the file; later writes fail with os.ErrClosed.
func (l *LogFile) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	return l.closeLocked()
}

func (l *LogFile) closeLocked() error {
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// open opens the path for appending, emptying it first when truncate is
// set, and records its size.
func (l *LogFile) open(truncate bool) error {
	flags := os.O_WRONLY | os.O_APPEND | os.O_CREATE
	if truncate {
		flags |= os.O_TRUNC
	}
	f, err := os.OpenFile(l.path, flags, 0o644)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	l.f, l.size = f, st.Size()
	return nil
}
