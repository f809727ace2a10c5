package procman

import (
	"syscall"
	"time"
)

// Auto is the log file value that asks for a file the Manager names and
// creates in its child log directory, like supervisord's AUTO.
const Auto = "AUTO"

// Autorestart says when an EXITED process is started again.
type Autorestart int

// The autorestart policies (supervisord's autorestart=false, unexpected,
// true).
const (
	RestartNever Autorestart = iota
	RestartUnexpected
	RestartAlways
)

// String returns the config file spelling ("false", "unexpected", "true").
func (a Autorestart) String() string {
	switch a {
	case RestartUnexpected:
		return "unexpected"
	case RestartAlways:
		return "true"
	}
	return "false"
}

// ProcessConfig is one process of a group: a [program:x] section (one per
// process when numprocs > 1). NewProcessConfig gives supervisord's
// defaults; the zero value of a field means what it says (no autostart, no
// retries, startsecs 0), except StopSignal 0 (SIGTERM) and nil ExitCodes
// ([0]).
type ProcessConfig struct {
	// Name is the process name (process_name=, by default the program
	// name). It must not contain spaces, colons or slashes.
	Name string
	// Command is the command line, split as a POSIX shell would split it
	// (without expansions); its program is looked up in the host's PATH.
	Command string
	// Directory is the working directory; "" keeps the host's.
	Directory string
	// Environment holds "KEY=value" entries added to the host's
	// environment (after SUPERVISOR_ENABLED, SUPERVISOR_PROCESS_NAME and
	// SUPERVISOR_GROUP_NAME, which every child gets).
	Environment []string
	// Priority orders start and stop (lower starts first, stops last).
	Priority int
	// Autostart starts the process when the Manager autostarts.
	Autostart bool
	// Autorestart says when an EXITED process is started again.
	Autorestart Autorestart
	// StartSecs is how long the child must stay up to be RUNNING.
	StartSecs time.Duration
	// StartRetries is how many times a process that exits too quickly is
	// retried before it is FATAL.
	StartRetries int
	// StopSignal is sent to stop the process (0 means SIGTERM).
	StopSignal syscall.Signal
	// StopWait is how long after StopSignal the child is sent SIGKILL.
	StopWait time.Duration
	// StopAsGroup sends StopSignal to the child's process group.
	StopAsGroup bool
	// KillAsGroup sends the SIGKILL to the child's process group.
	KillAsGroup bool
	// ExitCodes are the expected exit codes (nil means [0]).
	ExitCodes []int
	// RedirectStderr sends the child's stderr to its stdout log.
	RedirectStderr bool
	// StdoutLogfile and StderrLogfile are the log file paths: "" for none,
	// Auto for a file in the Manager's child log directory.
	StdoutLogfile, StderrLogfile string
	// StdoutLogfileMaxBytes and StderrLogfileMaxBytes rotate a log once it
	// holds that many bytes (0: never; see LogFile.SetRotation);
	// StdoutLogfileBackups and StderrLogfileBackups are how many rotated
	// files (path.1 ... path.N) are kept.
	StdoutLogfileMaxBytes, StderrLogfileMaxBytes int64
	StdoutLogfileBackups, StderrLogfileBackups   int
}

// NewProcessConfig returns a config with supervisord's defaults, except
// that the stop signal and SIGKILL go to the process group (see the
// package documentation).
func NewProcessConfig(name, command string) ProcessConfig {
	return ProcessConfig{
		Name:          name,
		Command:       command,
		Priority:      999,
		Autostart:     true,
		Autorestart:   RestartUnexpected,
		StartSecs:     time.Second,
		StartRetries:  3,
		StopSignal:    syscall.SIGTERM,
		StopWait:      10 * time.Second,
		StopAsGroup:   true,
		KillAsGroup:   true,
		ExitCodes:     []int{0},
		StdoutLogfile: Auto,
		StderrLogfile: Auto,

		StdoutLogfileMaxBytes: DefaultLogfileMaxBytes,
		StderrLogfileMaxBytes: DefaultLogfileMaxBytes,
		StdoutLogfileBackups:  DefaultLogfileBackups,
		StderrLogfileBackups:  DefaultLogfileBackups,
	}
}

// supervisord's defaults for log rotation, of the main log and of every
// process log: 50MB and 10 backups.
const (
	DefaultLogfileMaxBytes = 50 << 20
	DefaultLogfileBackups  = 10
)

// GroupConfig is a process group: a [group:x] section, or a [program:x]
// section's own group.
//
// Manager.Diff compares two group configs as supervisord does: same name,
// priority and processes in the same order, processes being the same
// when every field of ProcessConfig is, except that a log file that is
// Auto on either side matches any (a running process's Auto log has a
// path; its config read again says AUTO), and Environment is compared as
// a set of variables.
type GroupConfig struct {
	Name      string
	Priority  int
	Processes []ProcessConfig
}

func (c *ProcessConfig) stopSignal() syscall.Signal {
	if c.StopSignal == 0 {
		return syscall.SIGTERM
	}
	return c.StopSignal
}

func (c *ProcessConfig) exitExpected(code int) bool {
	if c.ExitCodes == nil {
		return code == 0
	}
	for _, e := range c.ExitCodes {
		if e == code {
			return true
		}
	}
	return false
}
