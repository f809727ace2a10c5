package procman

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestStart(t *testing.T) {
	tests := []struct {
		name      string
		command   string
		edit      func(*ProcessConfig)
		wantErr   error  // errors.Is target; nil for success
		wantMsg   string // the error's text, when set
		wantState State  // the state the process settles in
		spawnErr  string
	}{
		{name: "running", command: "sleep 1000", edit: func(c *ProcessConfig) { c.StartSecs = 0 }, wantState: Running},
		{name: "running-after-startsecs", command: "sleep 1000", edit: func(c *ProcessConfig) { c.StartSecs = time.Second }, wantState: Running},
		{
			name: "exits-too-quickly", command: "sh -c 'exit 3'",
			edit:    func(c *ProcessConfig) { c.StartSecs = time.Hour; c.StartRetries = 0 },
			wantErr: &SpawnError{}, wantState: Fatal, spawnErr: "Exited too quickly (process log may have details)",
		},
		{
			name: "not-found", command: "/nonexistent/binary --flag",
			wantErr: ErrCommandNotFound, wantMsg: "can't find command '/nonexistent/binary'", wantState: Stopped,
		},
		{
			name: "not-found-in-path", command: "no-such-program-procman",
			wantErr: ErrCommandNotFound, wantMsg: "can't find command 'no-such-program-procman'", wantState: Stopped,
		},
		{
			name: "directory", command: "/",
			wantErr: ErrNotExecutable, wantMsg: "command at '/' is a directory", wantState: Stopped,
		},
		{
			name: "unparsable", command: "sleep 'x",
			wantErr: ErrNotExecutable, wantMsg: `can't parse command "sleep 'x": No closing quotation`, wantState: Stopped,
		},
		{
			name: "empty", command: "  ",
			wantErr: ErrNotExecutable, wantMsg: "command is empty", wantState: Stopped,
		},
		{
			name: "bad-directory", command: "sleep 1000",
			edit:    func(c *ProcessConfig) { c.Directory = "/nonexistent-dir"; c.StartRetries = 0 },
			wantErr: &SpawnError{}, wantState: Fatal,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := newTestManager(t)
			p := addProcess(t, m, "p", tt.command, tt.edit)
			err := p.Start(ctxT(t))
			switch target := tt.wantErr.(type) {
			case nil:
				if err != nil {
					t.Fatalf("Start: %v", err)
				}
			case *SpawnError:
				if !errors.As(err, &target) {
					t.Fatalf("Start: %v, want a *SpawnError", err)
				}
			default:
				if !errors.Is(err, target) {
					t.Fatalf("Start: %v, want %v", err, target)
				}
			}
			if tt.wantMsg != "" && (err == nil || err.Error() != tt.wantMsg) {
				t.Errorf("error %q, want %q", err, tt.wantMsg)
			}
			info := waitState(t, p, tt.wantState)
			if tt.spawnErr != "" && info.SpawnErr != tt.spawnErr {
				t.Errorf("SpawnErr %q, want %q", info.SpawnErr, tt.spawnErr)
			}
			if tt.wantState == Running && (info.PID <= 0 || info.Start.IsZero()) {
				t.Errorf("RUNNING without a pid or start time: %+v", info)
			}
		})
	}
}

func TestStartAlreadyStarted(t *testing.T) {
	m, _ := newTestManager(t)
	p := addProcess(t, m, "p", "sleep 1000", func(c *ProcessConfig) { c.StartSecs = 0 })
	if err := p.Start(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if err := p.Start(ctxT(t)); !errors.Is(err, ErrAlreadyStarted) {
		t.Fatalf("second Start: %v, want ErrAlreadyStarted", err)
	}
}

func TestExit(t *testing.T) {
	tests := []struct {
		name       string
		command    string
		exitcodes  []int
		exitStatus int
		spawnErr   string
	}{
		{"expected", "sh -c 'exit 0'", nil, 0, ""},
		{"unexpected", "sh -c 'exit 3'", nil, 3, "Bad exit code 3"},
		{"expected-3", "sh -c 'exit 3'", []int{0, 3}, 3, ""},
		{"killed", "sh -c 'kill -KILL $$'", nil, -1, "Bad exit code -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := newTestManager(t)
			p := addProcess(t, m, "p", tt.command, func(c *ProcessConfig) {
				c.StartSecs = 0
				c.Autorestart = RestartNever
				c.ExitCodes = tt.exitcodes
			})
			if err := p.Start(ctxT(t)); err != nil {
				t.Fatal(err)
			}
			info := waitState(t, p, Exited)
			if info.ExitStatus != tt.exitStatus || info.SpawnErr != tt.spawnErr || info.PID != 0 || info.Stop.IsZero() {
				t.Errorf("info %+v, want exit status %d, spawnerr %q, no pid, a stop time", info, tt.exitStatus, tt.spawnErr)
			}
		})
	}
}

func TestAutorestart(t *testing.T) {
	tests := []struct {
		name        string
		autorestart Autorestart
		command     string
	}{
		{"always", RestartAlways, "sh -c 'echo run; exit 0'"},
		{"unexpected", RestartUnexpected, "sh -c 'echo run; exit 2'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := newTestManager(t)
			p := addProcess(t, m, "p", tt.command, func(c *ProcessConfig) {
				c.StartSecs = 0
				c.Autorestart = tt.autorestart
			})
			if err := p.Start(ctxT(t)); err != nil {
				t.Fatal(err)
			}
			// Three runs prove two restarts.
			waitFor(t, "three runs", func() bool { return strings.Count(readString(p.Config().StdoutLogfile), "run\n") >= 3 })
		})
	}
}

func TestBackoffRetriesThenFatal(t *testing.T) {
	m, log := newTestManager(t)
	runs := t.TempDir() + "/runs"
	p := addProcess(t, m, "p", "sh -c 'echo x >> "+runs+"; exit 1'", func(c *ProcessConfig) {
		c.StartSecs = time.Hour
		c.StartRetries = 1
	})
	var se *SpawnError
	if err := p.Start(ctxT(t)); !errors.As(err, &se) {
		t.Fatalf("Start: %v, want a *SpawnError", err)
	}
	info := waitState(t, p, Fatal)
	if got := strings.Count(readString(runs), "x\n"); got != 2 {
		t.Errorf("%d runs, want 2 (the start and one retry)", got)
	}
	if info.SpawnErr != "Exited too quickly (process log may have details)" {
		t.Errorf("SpawnErr %q", info.SpawnErr)
	}
	if !strings.Contains(log.String(), "gave up: p entered FATAL state, too many start retries too quickly") {
		t.Errorf("log lacks the gave-up line:\n%s", log)
	}
}

func TestStop(t *testing.T) {
	requireProc(t)
	tests := []struct {
		name       string
		command    string
		edit       func(*ProcessConfig)
		exitStatus int
		logLine    string
	}{
		{name: "term", command: "sleep 1000", exitStatus: -1, logLine: "stopped: p (terminated by SIGTERM)"},
		{name: "shell-and-child", command: "sh -c 'echo hi; sleep 100'", exitStatus: -1, logLine: "stopped: p (terminated by SIGTERM)"},
		{
			name: "stopsignal-int", command: "sleep 1000", exitStatus: -1,
			edit:    func(c *ProcessConfig) { c.StopSignal = syscall.SIGINT },
			logLine: "stopped: p (terminated by SIGINT)",
		},
		{
			name: "sigkill-after-stopwait", command: `sh -c 'trap "" TERM; echo ready; while :; do sleep 1; done'`,
			edit:       func(c *ProcessConfig) { c.StopWait = 200 * time.Millisecond },
			exitStatus: -1, logLine: "stopped: p (terminated by SIGKILL)",
		},
		{
			name: "handles-term", command: `sh -c 'trap "exit 0" TERM; echo ready; while :; do sleep 1; done'`,
			exitStatus: 0, logLine: "stopped: p (exit status 0)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, log := newTestManager(t)
			p := addProcess(t, m, "p", tt.command, func(c *ProcessConfig) {
				c.StartSecs = 0
				if tt.edit != nil {
					tt.edit(c)
				}
			})
			if err := p.Start(ctxT(t)); err != nil {
				t.Fatal(err)
			}
			pid := p.Info().PID
			if strings.Contains(tt.command, "ready") {
				waitLog(t, p.Config().StdoutLogfile, "ready")
			}
			if err := p.Stop(ctxT(t)); err != nil {
				t.Fatalf("Stop: %v", err)
			}
			info := p.Info()
			if info.State != Stopped || info.ExitStatus != tt.exitStatus || info.PID != 0 {
				t.Errorf("after Stop: %+v, want STOPPED, exit status %d", info, tt.exitStatus)
			}
			if !strings.Contains(log.String(), tt.logLine) {
				t.Errorf("log lacks %q:\n%s", tt.logLine, log)
			}
			// Our own child: gone from /proc once reaped, a zombie otherwise.
			if !pidGone(pid, false) {
				t.Errorf("child %d was not reaped", pid)
			}
			if err := p.Stop(ctxT(t)); !errors.Is(err, ErrNotRunning) {
				t.Errorf("second Stop: %v, want ErrNotRunning", err)
			}
		})
	}
}

func TestStopSignalsProcessGroup(t *testing.T) {
	requireProc(t)
	tests := []struct {
		name        string
		stopAsGroup bool
		wantGone    bool
	}{
		{"group", true, true},
		{"child-only", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := newTestManager(t)
			p := addProcess(t, m, "p", `sh -c 'sleep 1000 & echo "pid=$!"; wait'`, func(c *ProcessConfig) {
				c.StartSecs = 0
				c.StopAsGroup, c.KillAsGroup = tt.stopAsGroup, tt.stopAsGroup
			})
			if err := p.Start(ctxT(t)); err != nil {
				t.Fatal(err)
			}
			out := waitLog(t, p.Config().StdoutLogfile, "\n")
			grandchild, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(out, "pid=")))
			if err != nil {
				t.Fatalf("reading the grandchild's pid from %q: %v", out, err)
			}
			t.Cleanup(func() { syscall.Kill(grandchild, syscall.SIGKILL) })
			if err := p.Stop(ctxT(t)); err != nil {
				t.Fatal(err)
			}
			if tt.wantGone {
				// Not our child: init reaps it (or it stays a zombie).
				waitFor(t, "the grandchild to die", func() bool { return pidGone(grandchild, true) })
			} else if pidGone(grandchild, true) {
				t.Errorf("grandchild %d died though only the child was signalled", grandchild)
			}
		})
	}
}

func TestSignal(t *testing.T) {
	requireProc(t)
	m, _ := newTestManager(t)
	p := addProcess(t, m, "p", `sh -c 'trap "echo got HUP" HUP; echo ready; while :; do sleep 1; done'`, func(c *ProcessConfig) {
		c.StartSecs = 0
		c.Autorestart = RestartNever
	})
	if err := p.Signal(syscall.SIGHUP); !errors.Is(err, ErrNotRunning) {
		t.Fatalf("Signal before start: %v, want ErrNotRunning", err)
	}
	if err := p.Start(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	log := p.Config().StdoutLogfile
	waitLog(t, log, "ready")
	if err := p.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitLog(t, log, "got HUP")
	if s := p.Info().State; s != Running {
		t.Errorf("state %v after HUP, want RUNNING", s)
	}

	// A signal that ends the child: it is reaped and EXITED.
	pid := p.Info().PID
	if err := p.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	info := waitState(t, p, Exited)
	if info.ExitStatus != -1 || !pidGone(pid, false) {
		t.Errorf("after SIGKILL: %+v, pid %d gone: %v", info, pid, pidGone(pid, false))
	}
}

func TestStopDuringStartIsAbnormal(t *testing.T) {
	m, _ := newTestManager(t)
	p := addProcess(t, m, "p", "sleep 1000", func(c *ProcessConfig) { c.StartSecs = time.Hour })
	wait, err := p.StartAsync()
	if err != nil || wait == nil {
		t.Fatalf("StartAsync: %v, %v", wait, err)
	}
	if s := p.Info().State; s != Starting {
		t.Fatalf("state %v, want STARTING", s)
	}
	if err := p.Stop(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if err := wait(ctxT(t)); !errors.Is(err, ErrAbnormalTermination) {
		t.Errorf("start wait: %v, want ErrAbnormalTermination", err)
	}
}

func TestStartWhileStopping(t *testing.T) {
	m, _ := newTestManager(t)
	p := addProcess(t, m, "p", `sh -c 'trap "" TERM; echo ready; while :; do sleep 1; done'`, func(c *ProcessConfig) {
		c.StartSecs = 0
		c.StopWait = time.Hour
	})
	if err := p.Start(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	waitLog(t, p.Config().StdoutLogfile, "ready")
	if _, err := p.StopAsync(); err != nil {
		t.Fatal(err)
	}
	if s := p.Info().State; s != Stopping {
		t.Fatalf("state %v, want STOPPING", s)
	}
	if err := p.Start(ctxT(t)); !errors.Is(err, ErrAbnormalTermination) {
		t.Errorf("Start while STOPPING: %v, want ErrAbnormalTermination", err)
	}
	if _, err := p.StopAsync(); !errors.Is(err, ErrNotRunning) {
		t.Errorf("Stop while STOPPING: %v, want ErrNotRunning", err)
	}
	p.Signal(syscall.SIGKILL) // the test's cleanup would otherwise wait an hour
	waitState(t, p, Stopped)
}

func TestStartWaitCancelled(t *testing.T) {
	m, _ := newTestManager(t)
	p := addProcess(t, m, "p", "sleep 1000", func(c *ProcessConfig) { c.StartSecs = time.Hour })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.Start(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Start: %v, want context.Canceled", err)
	}
	// The wait was abandoned, not the start.
	if info := p.Info(); info.State != Starting || info.PID == 0 {
		t.Errorf("after the cancelled wait: %+v, want STARTING with a child", info)
	}
}

func TestStopBackoff(t *testing.T) {
	m, _ := newTestManager(t)
	p := addProcess(t, m, "p", "sh -c 'exit 1'", func(c *ProcessConfig) {
		c.StartSecs = time.Hour
		c.StartRetries = 100
	})
	if err := p.Start(ctxT(t)); err == nil {
		t.Fatal("Start succeeded")
	}
	waitState(t, p, Backoff)
	wait, err := p.StopAsync()
	if err != nil || wait != nil {
		t.Fatalf("StopAsync in BACKOFF: %v, %v; want no wait", wait != nil, err)
	}
	if s := p.Info().State; s != Stopped {
		t.Errorf("state %v, want STOPPED", s)
	}
}

func TestLogs(t *testing.T) {
	tests := []struct {
		name           string
		redirect       bool
		stdout, stderr string
	}{
		{"separate", false, "hi\n", "oops\n"},
		{"redirected", true, "hi\noops\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := newTestManager(t)
			p := addProcess(t, m, "p", `sh -c 'echo hi; echo oops >&2; exec sleep 1000'`, func(c *ProcessConfig) {
				c.StartSecs = 0
				c.RedirectStderr = tt.redirect
			})
			cfg := p.Config()
			if tt.redirect != (cfg.StderrLogfile == "") {
				t.Fatalf("stderr log %q with redirect_stderr %v", cfg.StderrLogfile, tt.redirect)
			}
			if err := p.Start(ctxT(t)); err != nil {
				t.Fatal(err)
			}
			waitFor(t, "the output", func() bool { return readString(cfg.StdoutLogfile) == tt.stdout })
			if tt.stderr != "" {
				waitFor(t, "the error output", func() bool { return readString(cfg.StderrLogfile) == tt.stderr })
			}
			if err := p.ClearLogs(); err != nil {
				t.Fatal(err)
			}
			for _, path := range []string{cfg.StdoutLogfile, cfg.StderrLogfile} {
				if path != "" && readString(path) != "" {
					t.Errorf("%s not empty after ClearLogs: %q", path, readString(path))
				}
			}
		})
	}
}

func TestNoLogfile(t *testing.T) {
	m, _ := newTestManager(t)
	p := addProcess(t, m, "p", "sh -c 'echo hi; exec sleep 1000'", func(c *ProcessConfig) {
		c.StartSecs = 0
		c.StdoutLogfile, c.StderrLogfile = "", ""
	})
	if err := p.Start(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if info := p.Info(); info.StdoutLogfile != "" || info.StderrLogfile != "" {
		t.Errorf("log files %q %q, want none", info.StdoutLogfile, info.StderrLogfile)
	}
	if err := p.ClearLogs(); err != nil {
		t.Errorf("ClearLogs without logs: %v", err)
	}
}

func TestEnvironmentAndDirectory(t *testing.T) {
	m, _ := newTestManager(t)
	dir := t.TempDir()
	p := addProcess(t, m, "p", `sh -c 'echo "$GREETING $SUPERVISOR_ENABLED $SUPERVISOR_PROCESS_NAME $SUPERVISOR_GROUP_NAME $(pwd)"; exec sleep 1000'`,
		func(c *ProcessConfig) {
			c.StartSecs = 0
			c.Directory = dir
			c.Environment = []string{"GREETING=hello"}
		})
	if err := p.Start(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	want := "hello 1 p p " + dir + "\n"
	waitFor(t, "the output", func() bool { return readString(p.Config().StdoutLogfile) == want })
}
