package procman

import (
	"errors"
	"strings"
	"testing"
)

func TestSendStdin(t *testing.T) {
	m, _ := newTestManager(t)
	echo := addProcess(t, m, "echo", "cat", func(c *ProcessConfig) { c.StartSecs = 0 })
	closed := addProcess(t, m, "closed", `sh -c 'exec 0<&-; exec sleep 1000'`, func(c *ProcessConfig) { c.StartSecs = 0 })
	deaf := addProcess(t, m, "deaf", "sleep 1000", func(c *ProcessConfig) { c.StartSecs = 0 })

	if err := echo.SendStdin([]byte("x")); !errors.Is(err, ErrNotRunning) {
		t.Errorf("SendStdin before a start: %v, want ErrNotRunning", err)
	}
	for _, p := range []*Process{echo, closed, deaf} {
		if err := p.Start(ctxT(t)); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []string{"hello\n", "world\n"} {
		if err := echo.SendStdin([]byte(s)); err != nil {
			t.Fatalf("SendStdin(%q): %v", s, err)
		}
	}
	waitLog(t, echo.Config().StdoutLogfile, "hello\nworld\n")

	// A child that closed its stdin: the send that finds it out fails.
	waitFor(t, "closed to close its stdin", func() bool {
		err := closed.SendStdin([]byte("x\n"))
		return errors.Is(err, ErrStdinClosed)
	})

	// A child that never reads: the pipe fills, the rest is kept up to
	// MaxStdinBuffer, then SendStdin refuses.
	chunk := []byte(strings.Repeat("y", 64<<10))
	var err error
	for sent := 0; err == nil && sent < 1<<30; sent += len(chunk) {
		err = deaf.SendStdin(chunk)
	}
	if !errors.Is(err, ErrStdinFull) {
		t.Errorf("SendStdin to a child that does not read: %v, want ErrStdinFull", err)
	}

	// While stopping and once stopped: not running.
	if err := echo.Stop(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if err := echo.SendStdin([]byte("late\n")); !errors.Is(err, ErrNotRunning) {
		t.Errorf("SendStdin to a stopped process: %v, want ErrNotRunning", err)
	}
	// Input a stopped child never read does not reach the next one.
	if err := deaf.Stop(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if err := deaf.Start(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if err := deaf.SendStdin([]byte("fresh")); err != nil {
		t.Errorf("SendStdin to a new child: %v", err)
	}
}

// TestSendStdinInOrder: input queued behind a full pipe reaches the child
// in the order it was sent.
func TestSendStdinInOrder(t *testing.T) {
	m, _ := newTestManager(t)
	// The child reads nothing until a second has passed, so that the
	// first sends fill the pipe.
	p := addProcess(t, m, "p", `sh -c 'sleep 1; exec cat'`, func(c *ProcessConfig) { c.StartSecs = 0 })
	if err := p.Start(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for i := range 200 {
		line := strings.Repeat(string(rune('a'+i%26)), 4095) + "\n"
		want.WriteString(line)
		if err := p.SendStdin([]byte(line)); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	path := p.Config().StdoutLogfile
	waitFor(t, "all the input echoed", func() bool { return len(readString(path)) >= want.Len() })
	if readString(path) != want.String() {
		t.Error("the child read the input out of order")
	}
}
