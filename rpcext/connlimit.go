package rpcext

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"sync"

	"github.com/supervisorrpc/rpcinterface/internal/logcut"
)

// limitListener lets at most max connections be open at a time, as
// golang.org/x/net/netutil.LimitListener does: at the limit, Accept waits
// for a connection to close, and new clients wait in the kernel's backlog
// rather than take a file descriptor each. Reaching the limit is logged
// at warning level and accept errors (running out of file descriptors)
// at error level, both rate-limited.
type limitListener struct {
	net.Listener
	slots chan struct{}
	log   *rateLog
	done  chan struct{}
	once  sync.Once
}

func newLimitListener(ln net.Listener, max int, log *rateLog) *limitListener {
	return &limitListener{Listener: ln, slots: make(chan struct{}, max), log: log, done: make(chan struct{})}
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	default:
		l.log.log(context.Background(), slog.LevelWarn, "rpcext: connection limit reached, new connections wait",
			"listener", l.Addr().String(), "max", cap(l.slots))
		select {
		case l.slots <- struct{}{}:
		case <-l.done:
			return nil, net.ErrClosed
		}
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		select {
		case <-l.done:
		default:
			if !errors.Is(err, net.ErrClosed) {
				l.log.log(context.Background(), slog.LevelError, "rpcext: accepting a connection failed",
					"listener", l.Addr().String(), "error", logcut.Error(err))
			}
		}
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.slots }}, nil
}

func (l *limitListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// limitConn gives its slot back when closed, once.
type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
