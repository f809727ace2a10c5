package procman

import (
	"errors"
	"os"
	"sync"
	"syscall"
)

// MaxStdinBuffer bounds the bytes SendStdin keeps for a child that does
// not read its stdin: beyond it SendStdin fails with ErrStdinFull.
// supervisord keeps any amount.
const MaxStdinBuffer = 1 << 20

// stdinWriter writes to a child's stdin without ever blocking its caller:
// what the pipe takes at once is written there and then (so that a child
// that closed its stdin is reported by the send that finds it out, as
// supervisord reports it), the rest by a goroutine, in order.
type stdinWriter struct {
	f *os.File // the pipe's write end

	mu   sync.Mutex
	buf  []byte // waiting to be written
	busy bool   // the drain goroutine owns the writing
	err  error  // the pipe broke or was closed: every later send fails
}

func newStdinWriter(f *os.File) *stdinWriter { return &stdinWriter{f: f} }

// send queues p, writing what the pipe takes now when nothing else is
// waiting.
func (s *stdinWriter) send(p []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	if len(s.buf)+len(p) > MaxStdinBuffer {
		return ErrStdinFull
	}
	s.buf = append(s.buf, p...)
	if s.busy {
		return nil
	}
	n, err := s.writeNow(s.buf)
	s.buf = s.buf[n:]
	if err != nil {
		s.failLocked(err)
		return s.err
	}
	if len(s.buf) > 0 {
		s.busy = true
		go s.drain()
	}
	return nil
}

// writeNow writes what the pipe accepts without waiting.
func (s *stdinWriter) writeNow(b []byte) (int, error) {
	rc, err := s.f.SyscallConn()
	if err != nil {
		return 0, err
	}
	var n int
	var werr error
	err = rc.Write(func(fd uintptr) bool {
		n, werr = syscall.Write(int(fd), b)
		return true // never wait for the pipe here
	})
	if errors.Is(werr, syscall.EAGAIN) {
		n, werr = 0, nil
	}
	n = max(n, 0)
	if err == nil {
		err = werr
	}
	return n, err
}

// drain writes the queue, waiting for the child to read, until it is
// empty or the pipe fails.
func (s *stdinWriter) drain() {
	for {
		s.mu.Lock()
		b := s.buf
		s.buf = nil
		if len(b) == 0 || s.err != nil {
			s.busy = false
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		if _, err := s.f.Write(b); err != nil {
			s.mu.Lock()
			s.failLocked(err)
			s.busy = false
			s.mu.Unlock()
			return
		}
	}
}

func (s *stdinWriter) failLocked(err error) {
	if s.err == nil {
		s.err = ErrStdinClosed
		if !errors.Is(err, syscall.EPIPE) && !errors.Is(err, os.ErrClosed) {
			s.err = errors.Join(ErrStdinClosed, err)
		}
	}
	s.buf = nil
}

// close closes the pipe (the child is gone); what was not written is
// dropped, and later sends fail.
func (s *stdinWriter) close() {
	s.mu.Lock()
	s.failLocked(os.ErrClosed)
	s.mu.Unlock()
	s.f.Close()
}
