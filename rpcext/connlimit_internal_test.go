package rpcext

import (
	"bytes"
	"errors"
	"log/slog"
	"net"
	"strings"
	"syscall"
	"testing"
)

// failingListener fails every Accept as a process out of file
// descriptors does.
type failingListener struct{ net.Listener }

func (failingListener) Accept() (net.Conn, error) {
	return nil, &net.OpError{Op: "accept", Net: "tcp", Err: syscall.EMFILE}
}
func (failingListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9001} }
func (failingListener) Close() error   { return nil }

// TestAcceptErrorsLogged: accept errors are logged at error level,
// rate-limited, and give their connection slot back.
func TestAcceptErrorsLogged(t *testing.T) {
	var buf bytes.Buffer
	ll := newLimitListener(failingListener{}, 1, newRateLog(slog.New(slog.NewTextHandler(&buf, nil)), "more"))
	for range 1000 {
		if _, err := ll.Accept(); !errors.Is(err, syscall.EMFILE) {
			t.Fatalf("error %v", err)
		}
	}
	lines := strings.Count(buf.String(), `level=ERROR msg="rpcext: accepting a connection failed" listener=127.0.0.1:9001 error="accept tcp: too many open files"`)
	if lines == 0 || lines > logBurst {
		t.Errorf("%d lines for 1000 errors:\n%s", lines, buf.String())
	}
	if strings.Contains(buf.String(), "limit reached") {
		t.Error("a failed accept kept its slot")
	}
}
