package procman

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// drainGrace is how long the output of an exited child is still read:
// enough for what is in the pipe, not for grandchildren that hold it open.
const drainGrace = 250 * time.Millisecond

// child is one run of a process's command.
type child struct {
	cmd *exec.Cmd
	pid int

	pipes   []*os.File     // read ends of the output pipes
	readers sync.WaitGroup // copying the pipes to the logs
	stdin   *stdinWriter   // the write end of the child's stdin

	// started is closed when the child leaves STARTING; startErr is then
	// nil (it became RUNNING), a *SpawnError or ErrAbnormalTermination.
	started  chan struct{}
	startErr error

	reaped bool // Wait returned: its pid may be reused (guarded by Process.mu)
}

func (c *child) resolveStart(err error) {
	select {
	case <-c.started:
	default:
		c.startErr = err
		close(c.started)
	}
}

// resolveCommand finds the program of command as supervisord's
// get_execv_args does: split the command line, look a program without a
// slash up in $PATH, and check that it exists and is executable.
func resolveCommand(command string) (path string, argv []string, err error) {
	argv, err = pycompat.Split(command)
	if err != nil {
		return "", nil, &CommandError{fmt.Sprintf("can't parse command %s: %v", pycompat.Repr(command), err), ErrNotExecutable}
	}
	if len(argv) == 0 {
		return "", nil, &CommandError{"command is empty", ErrNotExecutable}
	}
	prog := argv[0]
	path = prog
	var st fs.FileInfo
	if strings.Contains(prog, "/") {
		st, _ = os.Stat(prog)
	} else {
		dirs := []string{"/bin", "/usr/bin", "/usr/local/bin"}
		if p := os.Getenv("PATH"); p != "" {
			dirs = filepath.SplitList(p)
		}
		for _, dir := range dirs {
			found := prog
			if dir != "" {
				found = dir + "/" + prog
			}
			if st, err = os.Stat(found); err == nil {
				path = found
				break
			}
		}
	}
	switch {
	case st == nil:
		return "", nil, &CommandError{"can't find command " + pycompat.Repr(path), ErrCommandNotFound}
	case st.IsDir():
		return "", nil, &CommandError{"command at " + pycompat.Repr(path) + " is a directory", ErrNotExecutable}
	case st.Mode().Perm()&0o111 == 0:
		return "", nil, &CommandError{"command at " + pycompat.Repr(path) + " is not executable", ErrNotExecutable}
	case syscall.Access(path, 1 /* X_OK */) != nil:
		return "", nil, &CommandError{"no permission to run command " + pycompat.Repr(path), ErrNotExecutable}
	}
	return path, argv, nil
}

// startChild starts the command in its own process group, with its
// output going through pipes to the process's logs, its stdin a pipe
// SendStdin writes to (as supervisord gives every child), and a goroutine
// that reaps it.
func (p *Process) startChild(path string, argv []string) (*child, error) {
	cmd := &exec.Cmd{
		Path:        path,
		Args:        argv,
		Dir:         p.cfg.Directory,
		Env:         p.environ(),
		SysProcAttr: &syscall.SysProcAttr{Setpgid: true},
	}
	c := &child{cmd: cmd, started: make(chan struct{})}
	var writeEnds []*os.File
	closeAll := func(fs []*os.File) {
		for _, f := range fs {
			f.Close()
		}
	}
	pipeTo := func(log *LogFile, channel string) (*os.File, error) {
		r, w, err := os.Pipe()
		if err != nil {
			return nil, err
		}
		c.pipes = append(c.pipes, r)
		writeEnds = append(writeEnds, w)
		c.readers.Add(1)
		go func() {
			defer c.readers.Done()
			p.copyLog(log, channel, r)
		}()
		return w, nil
	}
	stdinR, stdinW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdin = stdinR
	writeEnds = append(writeEnds, stdinR) // closed here once the child has it
	c.stdin = newStdinWriter(stdinW)
	if p.stdout != nil {
		if w, perr := pipeTo(p.stdout, "stdout"); perr != nil {
			err = perr
		} else {
			cmd.Stdout = w
		}
	}
	if p.cfg.RedirectStderr {
		cmd.Stderr = cmd.Stdout
	} else if p.stderr != nil && err == nil {
		if w, perr := pipeTo(p.stderr, "stderr"); perr != nil {
			err = perr
		} else {
			cmd.Stderr = w
		}
	}
	if err == nil {
		err = cmd.Start()
	}
	closeAll(writeEnds) // the child has its copies
	if err != nil {
		closeAll(c.pipes) // ends the copying goroutines
		c.readers.Wait()
		stdinW.Close()
		return nil, err
	}
	c.pid = cmd.Process.Pid
	go p.reap(c)
	return c, nil
}

// copyLog copies a child's output on channel ("stdout", "stderr") to its
// log (nil: none) until the pipe is closed. When the Manager's logger
// logs at debug level, the output goes to it too, as supervisord copies
// it to its main log at loglevel debug.
func (p *Process) copyLog(log *LogFile, channel string, r io.Reader) {
	ctx := context.Background()
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			if log != nil {
				log.Write(buf[:n]) // a full disk must not stop the child
			}
			if p.m.logger.Enabled(ctx, slog.LevelDebug) {
				p.m.logger.Debug(fmt.Sprintf("%s %s output:\n%s", pycompat.Repr(p.cfg.Name), channel, outputText(buf[:n])))
			}
		}
		if err != nil {
			return
		}
	}
}

// outputText is supervisord's rendering of child output in its main log:
// the text, or "Undecodable: " and a quoted form when it is not UTF-8.
func outputText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return "Undecodable: " + strconv.Quote(string(b))
}

// reap waits for the child to exit, reads what is left of its output and
// records the exit: supervisord's reap, drain and finish.
func (p *Process) reap(c *child) {
	c.cmd.Wait() // the exit status is in ProcessState
	p.mu.Lock()
	c.reaped = true
	p.mu.Unlock()
	deadline := time.Now().Add(drainGrace)
	for _, r := range c.pipes {
		r.SetReadDeadline(deadline)
	}
	c.readers.Wait()
	for _, r := range c.pipes {
		r.Close()
	}
	es, how := decodeWaitStatus(c.cmd.ProcessState)
	p.finish(c, es, how)
}

// environ is the child's environment: the host's, supervisord's
// SUPERVISOR_* variables, the Manager's and the config's additions (a
// later entry wins).
func (p *Process) environ() []string {
	env := append(os.Environ(),
		"SUPERVISOR_ENABLED=1",
		"SUPERVISOR_PROCESS_NAME="+p.cfg.Name,
		"SUPERVISOR_GROUP_NAME="+p.group,
	)
	env = append(env, p.m.env...)
	return append(env, p.cfg.Environment...)
}

// decodeWaitStatus is supervisord's decode_wait_status: the exit code (-1
// when killed by a signal) and a description for the log.
func decodeWaitStatus(ps *os.ProcessState) (int, string) {
	if ps == nil {
		return -1, "unknown termination cause"
	}
	ws, ok := ps.Sys().(syscall.WaitStatus)
	switch {
	case !ok:
		return ps.ExitCode(), fmt.Sprintf("exit status %d", ps.ExitCode())
	case ws.Exited():
		return ws.ExitStatus(), fmt.Sprintf("exit status %d", ws.ExitStatus())
	case ws.Signaled():
		msg := "terminated by " + SignalName(ws.Signal())
		if ws.CoreDump() {
			msg += " (core dumped)"
		}
		return -1, msg
	}
	return -1, "unknown termination cause"
}
