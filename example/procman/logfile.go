package procman

import (
	"errors"
	"io/fs"
	"os"
	"sync"
)

// LogFile is an append-only log file that can be removed and reopened
// while it is written to, as supervisord's log handlers are by clear and
// clearLog. A LogFile made by a Manager for a process opens (creating)
// its file when the process first starts. It is safe for concurrent use.
type LogFile struct {
	path string

	mu     sync.Mutex
	f      *os.File
	closed bool // Close was called: writes fail until Reopen
}

// OpenLogFile opens (creating) the log file at path for appending.
func OpenLogFile(path string) (*LogFile, error) {
	l := &LogFile{path: path}
	if err := l.open(); err != nil {
		return nil, err
	}
	return l, nil
}

// Path returns the file's path.
func (l *LogFile) Path() string { return l.path }

// Write appends p to the file.
func (l *LogFile) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return 0, os.ErrClosed
	}
	if l.f == nil {
		if err := l.open(); err != nil {
			return 0, err
		}
	}
	return l.f.Write(p)
}

// Reopen closes the file and opens the path again (creating it if it was
// removed), also after Close.
func (l *LogFile) Reopen() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closeLocked()
	l.closed = false
	return l.open()
}

// Clear removes the file and opens a new, empty one at the same path: what
// supervisord's clear does to a process log (readers following the old
// file by path see a new file).
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
	return l.open()
}

// ensureOpen opens the file (creating it) unless it is open.
func (l *LogFile) ensureOpen() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f != nil || l.closed {
		return nil
	}
	return l.open()
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

func (l *LogFile) open() error {
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	l.f = f
	return nil
}
