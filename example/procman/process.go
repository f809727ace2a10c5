package procman

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"syscall"
	"time"
)

// Process is one managed process: its configuration, its log files and
// its state. Its methods are safe for concurrent use.
type Process struct {
	m      *Manager
	group  string
	cfg    ProcessConfig // log file paths resolved; never changed
	stdout *LogFile      // nil when the channel is not logged
	stderr *LogFile

	mu         sync.Mutex
	state      State
	changed    chan struct{} // closed and replaced at every state change
	cur        *child        // the running child, nil when none
	starting   *child        // the child whose start is not decided yet
	lastStart  time.Time
	lastStop   time.Time
	spawnErr   string
	exitStatus int
	backoff    int  // starts that failed in a row
	killing    bool // a stop or kill signal was sent to cur
	removed    bool // it or its group was removed from the Manager
	timer      *time.Timer
	timerSeq   uint64 // a timer only acts if this has not changed since it was armed
}

// Info is a snapshot of a process, what getProcessInfo reports.
type Info struct {
	Name  string
	Group string
	State State
	// PID is the child's process id, 0 when there is none.
	PID int
	// Start is when the process was last started, Stop when its child last
	// ended; zero if never.
	Start, Stop time.Time
	// SpawnErr says why the last start failed ("Exited too quickly
	// (process log may have details)", "Bad exit code 3"), "" if it did
	// not.
	SpawnErr string
	// ExitStatus is the last exit code (-1 when killed by a signal).
	ExitStatus int
	// StdoutLogfile and StderrLogfile are the log paths, "" for none.
	StdoutLogfile, StderrLogfile string
}

// Waiter waits for an operation begun by StartAsync or StopAsync to end,
// or for ctx to be done (which abandons the wait, not the operation).
type Waiter func(ctx context.Context) error

// Name returns the process name.
func (p *Process) Name() string { return p.cfg.Name }

// Group returns the name of the process's group.
func (p *Process) Group() string { return p.group }

// Config returns the process's configuration, with Auto log files
// replaced by their paths.
func (p *Process) Config() ProcessConfig {
	c := p.cfg
	c.Environment = append([]string(nil), c.Environment...)
	c.ExitCodes = append([]int(nil), c.ExitCodes...)
	return c
}

// Info returns a snapshot of the process.
func (p *Process) Info() Info {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.infoLocked()
}

func (p *Process) infoLocked() Info {
	i := Info{
		Name:          p.cfg.Name,
		Group:         p.group,
		State:         p.state,
		Start:         p.lastStart,
		Stop:          p.lastStop,
		SpawnErr:      p.spawnErr,
		ExitStatus:    p.exitStatus,
		StdoutLogfile: p.cfg.StdoutLogfile,
		StderrLogfile: p.cfg.StderrLogfile,
	}
	if p.cur != nil {
		i.PID = p.cur.pid
	}
	return i
}

// WaitFor blocks until cond holds for the process, checking a snapshot
// after every state change, and returns the snapshot it held for; or
// returns ctx's error when ctx is done first. A state that is left at once
// (EXITED when autorestart starts the process again) may not be seen.
func (p *Process) WaitFor(ctx context.Context, cond func(Info) bool) (Info, error) {
	for {
		p.mu.Lock()
		info, changed := p.infoLocked(), p.changed
		p.mu.Unlock()
		if cond(info) {
			return info, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return info, ctx.Err()
		}
	}
}

// Start starts the process and waits until it is RUNNING (it stayed up for
// startsecs), as supervisord's startProcess does. It fails with a
// *CommandError when the command cannot be run, ErrAlreadyStarted,
// ErrUnknownState, ErrShuttingDown, a *SpawnError when the child could not
// be created or exited too quickly (the process then retries in BACKOFF),
// ErrAbnormalTermination when it was stopped before it was RUNNING, or
// ctx's error: a cancelled ctx abandons the wait, not the start.
func (p *Process) Start(ctx context.Context) error {
	wait, err := p.StartAsync()
	if err != nil || wait == nil {
		return err
	}
	return wait(ctx)
}

// StartAsync starts the process and returns without waiting for it to be
// RUNNING: the Waiter it returns does that (nil when the process is
// already RUNNING, as with startsecs 0). Its errors are Start's.
func (p *Process) StartAsync() (Waiter, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.removed:
		return nil, ErrNoSuchGroup
	case p.m.ShuttingDown():
		return nil, ErrShuttingDown
	}
	if _, _, err := resolveCommand(p.cfg.Command); err != nil {
		return nil, err
	}
	switch {
	case p.state.IsRunning():
		return nil, ErrAlreadyStarted
	case p.state == Unknown:
		return nil, ErrUnknownState
	}
	c := p.spawnLocked()
	switch {
	case p.spawnErr != "":
		return nil, &SpawnError{Name: p.cfg.Name, Reason: p.spawnErr}
	case c == nil:
		// The old child is still STOPPING: nothing was started.
		return func(context.Context) error { return ErrAbnormalTermination }, nil
	case p.state == Running:
		return nil, nil
	}
	return func(ctx context.Context) error {
		select {
		case <-c.started:
			return c.startErr
		case <-ctx.Done():
			return ctx.Err()
		}
	}, nil
}

// Stop stops the process and waits until it is stopped, as supervisord's
// stopProcess does: it sends the stop signal, then SIGKILL after the stop
// wait if the child is still there. A process in BACKOFF is STOPPED at
// once. It fails with ErrNotRunning unless the process is STARTING,
// RUNNING or in BACKOFF, with an error saying why the signal could not be
// sent, or with ctx's error (which abandons the wait, not the stop).
func (p *Process) Stop(ctx context.Context) error {
	wait, err := p.StopAsync()
	if err != nil || wait == nil {
		return err
	}
	return wait(ctx)
}

// StopAsync begins stopping the process and returns a Waiter that waits
// until it is stopped (nil when it already is). Its errors are Stop's.
func (p *Process) StopAsync() (Waiter, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.state.IsRunning() {
		return nil, ErrNotRunning
	}
	if err := p.killLocked(p.cfg.stopSignal()); err != nil {
		return nil, err
	}
	if p.state.IsStopped() {
		return nil, nil
	}
	return func(ctx context.Context) error {
		_, err := p.WaitFor(ctx, func(i Info) bool { return i.State.IsStopped() })
		return err
	}, nil
}

// Signal sends sig to the child (not its process group), as supervisord's
// signalProcess does. It fails with ErrNotRunning unless the process is
// STARTING, RUNNING or STOPPING.
func (p *Process) Signal(sig syscall.Signal) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.state.IsSignallable() {
		return ErrNotRunning
	}
	return p.signalLocked(sig)
}

// ClearLogs removes the process's log files and starts new, empty ones,
// as supervisord's clearProcessLogs does: only while the process has a
// child (its logs are open). The logs of a process without one are left
// as they are, and that is no error.
func (p *Process) ClearLogs() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur == nil {
		return nil
	}
	var errs []error
	for _, l := range []*LogFile{p.stdout, p.stderr} {
		if l != nil {
			errs = append(errs, l.Clear())
		}
	}
	return errors.Join(errs...)
}

// ReopenLogs closes and opens again the log files of the process while
// it has a child, as supervisord does on SIGUSR2: a log an outside tool
// renamed away is written afresh at its path.
func (p *Process) ReopenLogs() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []error
	for _, l := range []*LogFile{p.stdout, p.stderr} {
		if l != nil {
			errs = append(errs, l.reopenIfOpen())
		}
	}
	return errors.Join(errs...)
}

// SendStdin writes data to the child's stdin, as supervisord's
// sendProcessStdin does: what the pipe does not take at once is kept and
// written in order as the child reads, so SendStdin does not wait for the
// child. It fails with ErrNotRunning when the process has no child or is
// being stopped, ErrStdinClosed when the child closed its stdin (or
// exited), and ErrStdinFull when more than MaxStdinBuffer bytes are
// still waiting for the child to read them.
func (p *Process) SendStdin(data []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur == nil || p.killing {
		return ErrNotRunning
	}
	return p.cur.stdin.send(data)
}

// setStateLocked moves to s, cancels the pending timer, decides a pending
// start and wakes WaitFor.
func (p *Process) setStateLocked(s State) {
	if s == p.state {
		return
	}
	old := p.state
	p.state = s
	p.disarmLocked()
	if old == Starting && p.starting != nil {
		switch s {
		case Running:
			p.starting.resolveStart(nil)
		case Backoff:
			p.starting.resolveStart(&SpawnError{Name: p.cfg.Name, Reason: p.spawnErr})
		default:
			p.starting.resolveStart(ErrAbnormalTermination)
		}
		p.starting = nil
	}
	close(p.changed)
	p.changed = make(chan struct{})
}

// armLocked runs fn (with p.mu held) after d, unless the state changes or
// another timer is armed first.
func (p *Process) armLocked(d time.Duration, fn func()) {
	p.disarmLocked()
	seq := p.timerSeq
	p.timer = time.AfterFunc(d, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.timerSeq == seq {
			p.timer = nil
			fn()
		}
	})
}

func (p *Process) disarmLocked() {
	p.timerSeq++
	if p.timer != nil {
		p.timer.Stop()
		p.timer = nil
	}
}

func (p *Process) logInfo(format string, args ...any) {
	p.m.logger.Info(fmt.Sprintf(format, args...))
}

func (p *Process) logWarn(format string, args ...any) {
	p.m.logger.Warn(fmt.Sprintf(format, args...))
}

// spawnLocked starts a child (supervisord's spawn): STARTING, then RUNNING
// after startsecs; BACKOFF when the child cannot be created. It returns
// the child, or nil when none was started.
func (p *Process) spawnLocked() *child {
	if p.cur != nil {
		p.logWarn("process '%s' already running", p.cfg.Name)
		return nil
	}
	p.killing = false
	p.spawnErr = ""
	p.exitStatus = 0
	p.lastStart = time.Now()
	p.setStateLocked(Starting)

	path, argv, err := resolveCommand(p.cfg.Command)
	if err != nil {
		p.spawnFailedLocked(err.Error())
		return nil
	}
	for _, l := range []*LogFile{p.stdout, p.stderr} {
		if l == nil {
			continue
		}
		if err := l.ensureOpen(); err != nil {
			p.spawnFailedLocked(fmt.Sprintf("unknown error making dispatchers for '%s': %v", p.cfg.Name, err))
			return nil
		}
	}
	c, err := p.startChild(path, argv)
	if err != nil {
		for _, l := range []*LogFile{p.stdout, p.stderr} {
			if l != nil {
				l.release()
			}
		}
		p.spawnFailedLocked(fmt.Sprintf("couldn't spawn '%s': %v", p.cfg.Name, err))
		return nil
	}
	p.cur, p.starting = c, c
	p.logInfo("spawned: '%s' with pid %d", p.cfg.Name, c.pid)
	if p.cfg.StartSecs <= 0 {
		p.runningLocked()
	} else {
		p.armLocked(p.cfg.StartSecs, func() {
			if p.state == Starting && p.cur == c {
				p.runningLocked()
			}
		})
	}
	return c
}

func (p *Process) runningLocked() {
	p.backoff = 0
	p.setStateLocked(Running)
	p.logInfo("success: %s entered RUNNING state, process has stayed up for > than %d seconds (startsecs)",
		p.cfg.Name, int(p.cfg.StartSecs/time.Second))
}

func (p *Process) spawnFailedLocked(msg string) {
	p.spawnErr = msg
	p.logInfo("spawnerr: %s", msg)
	p.backoffLocked()
}

// backoffLocked enters BACKOFF: the start is retried after as many seconds
// as starts have failed in a row, until there were more than startretries.
func (p *Process) backoffLocked() {
	p.setStateLocked(Backoff)
	p.backoff++
	if p.backoff > p.cfg.StartRetries {
		p.giveUpLocked()
		return
	}
	if p.m.ShuttingDown() {
		return
	}
	p.armLocked(time.Duration(p.backoff)*time.Second, func() {
		if p.state == Backoff && !p.m.ShuttingDown() && !p.removed {
			p.spawnLocked()
		}
	})
}

func (p *Process) giveUpLocked() {
	p.backoff = 0
	p.setStateLocked(Fatal)
	p.logInfo("gave up: %s entered FATAL state, too many start retries too quickly", p.cfg.Name)
}

// finish records the end of child c (supervisord's finish) and restarts
// the process if autorestart says so.
func (p *Process) finish(c *child, es int, how string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur != c {
		return // cannot happen: a process has one child at a time
	}
	c.stdin.close()
	for _, l := range []*LogFile{p.stdout, p.stderr} {
		if l != nil {
			l.release() // opened again at the next spawn
		}
	}
	now := time.Now()
	p.lastStop = now
	p.cur = nil
	expected := p.cfg.exitExpected(es)
	switch {
	case p.killing:
		p.killing = false
		p.exitStatus = es
		p.setStateLocked(Stopped)
		if expected {
			p.logInfo("stopped: %s (%s)", p.cfg.Name, how)
		} else {
			p.logWarn("stopped: %s (%s)", p.cfg.Name, how)
		}
	case p.state == Starting && now.Sub(p.lastStart) < p.cfg.StartSecs:
		p.exitStatus = 0
		p.spawnErr = "Exited too quickly (process log may have details)"
		p.logWarn("exited: %s (%s; not expected)", p.cfg.Name, how)
		p.backoffLocked()
	default:
		p.backoff = 0
		p.exitStatus = es
		if p.state == Starting {
			p.setStateLocked(Running)
		}
		if expected {
			p.setStateLocked(Exited)
			p.logInfo("exited: %s (%s; expected)", p.cfg.Name, how)
		} else {
			p.spawnErr = fmt.Sprintf("Bad exit code %d", es)
			p.setStateLocked(Exited)
			p.logWarn("exited: %s (%s; not expected)", p.cfg.Name, how)
		}
		if !p.m.ShuttingDown() && !p.removed &&
			(p.cfg.Autorestart == RestartAlways || p.cfg.Autorestart == RestartUnexpected && !expected) {
			p.spawnLocked()
		}
	}
}

// killLocked sends sig meaning to stop the process (supervisord's kill):
// BACKOFF becomes STOPPED at once; otherwise the process is STOPPING and
// SIGKILL follows every stop wait until the child is gone.
func (p *Process) killLocked(sig syscall.Signal) error {
	if p.state == Backoff {
		p.setStateLocked(Stopped)
		return nil
	}
	c := p.cur
	if c == nil {
		return fmt.Errorf("attempted to kill %s with sig %s but it wasn't running", p.cfg.Name, SignalName(sig))
	}
	asGroup := p.cfg.StopAsGroup
	if p.state == Stopping {
		asGroup = p.cfg.KillAsGroup
	}
	p.killing = true
	p.setStateLocked(Stopping)
	p.armLocked(p.cfg.StopWait, func() {
		if p.state == Stopping && p.cur == c {
			p.logWarn("killing '%s' (%d) with SIGKILL", p.cfg.Name, c.pid)
			p.killLocked(syscall.SIGKILL)
		}
	})
	if c.reaped {
		return nil // it exited on its own; finish will record it
	}
	pid := c.pid
	if asGroup {
		pid = -pid
	}
	if err := syscall.Kill(pid, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
		msg := fmt.Sprintf("unknown problem killing %s (%d):%v", p.cfg.Name, c.pid, err)
		p.m.logger.Error(msg)
		p.killing = false
		p.setStateLocked(Unknown)
		return errors.New(msg)
	}
	return nil
}

// signalLocked sends sig to the child alone (supervisord's signal).
func (p *Process) signalLocked(sig syscall.Signal) error {
	c := p.cur
	if c == nil {
		return fmt.Errorf("attempted to send %s sig %s but it wasn't running", p.cfg.Name, SignalName(sig))
	}
	if c.reaped {
		return nil
	}
	if err := syscall.Kill(c.pid, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
		msg := fmt.Sprintf("unknown problem sending sig %s (%d):%v", p.cfg.Name, c.pid, err)
		p.m.logger.Error(msg)
		p.setStateLocked(Unknown)
		return errors.New(msg)
	}
	return nil
}

// autostartLocked starts a process that has autostart and was never
// started.
func (p *Process) autostartLocked() {
	if p.cfg.Autostart && p.state == Stopped && p.lastStart.IsZero() && !p.m.ShuttingDown() && !p.removed {
		p.spawnLocked()
	}
}

// stopForShutdown is supervisord's stop_all for one process.
func (p *Process) stopForShutdown() {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch p.state {
	case Running, Starting:
		p.killLocked(p.cfg.stopSignal())
	case Backoff:
		p.giveUpLocked()
	}
}

// kill sends SIGKILL to a child that is still there, its process group
// too, for Manager.Close.
func (p *Process) kill() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c := p.cur; c != nil && !c.reaped {
		p.killing = true
		syscall.Kill(-c.pid, syscall.SIGKILL)
		syscall.Kill(c.pid, syscall.SIGKILL)
	}
}
