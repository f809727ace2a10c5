package procman

import "errors"

// Errors a Process's methods return; test for them with errors.Is.
var (
	// ErrAlreadyStarted: Start on a process that is STARTING, RUNNING or in
	// BACKOFF.
	ErrAlreadyStarted = errors.New("already started")
	// ErrNotRunning: Stop on a process that is not STARTING, RUNNING or in
	// BACKOFF, Signal on one without a child, or SendStdin on one without
	// a child or being stopped.
	ErrNotRunning = errors.New("not running")
	// ErrAbnormalTermination: the start being waited for ended neither in
	// RUNNING nor by exiting too quickly (the process was stopped first,
	// or a start was asked while it was STOPPING).
	ErrAbnormalTermination = errors.New("abnormal termination")
	// ErrUnknownState: Start on a process in the UNKNOWN state.
	ErrUnknownState = errors.New("in an unknown process state")
	// ErrShuttingDown: the Manager is shutting down and starts nothing.
	ErrShuttingDown = errors.New("shutting down")
	// ErrAlreadyAdded: AddGroup with the name of a group the Manager has.
	ErrAlreadyAdded = errors.New("group already added")
	// ErrNoSuchGroup: RemoveGroup, AddProcesses or RemoveProcess with a
	// group name the Manager does not know; or Start on a process that
	// was removed.
	ErrNoSuchGroup = errors.New("no such group")
	// ErrStillRunning: RemoveGroup on a group with a process that is not
	// stopped, or RemoveProcess on such a process.
	ErrStillRunning = errors.New("still running")
	// ErrNoSuchProcess: RemoveProcess with a process name the group does
	// not have.
	ErrNoSuchProcess = errors.New("no such process")
	// ErrProcessExists: AddProcesses with a process name the group has.
	ErrProcessExists = errors.New("process already in group")

	// ErrCommandNotFound is wrapped by a CommandError whose program does
	// not exist (supervisord's NotFound, fault NO_FILE).
	ErrCommandNotFound = errors.New("command not found")
	// ErrNotExecutable is wrapped by a CommandError whose command cannot be
	// run: unparsable, empty, a directory, not executable, or not
	// permitted (supervisord's BadCommand, NotExecutable and NoPermission,
	// fault NOT_EXECUTABLE).
	ErrNotExecutable = errors.New("command not executable")
	// ErrStdinClosed: SendStdin to a child that closed its stdin (or
	// exited meanwhile).
	ErrStdinClosed = errors.New("stdin closed")
	// ErrStdinFull: SendStdin while MaxStdinBuffer bytes already wait for
	// the child to read them.
	ErrStdinFull = errors.New("stdin buffer full")
	// ErrBadArguments: ReadFile with a negative length, or a length with a
	// negative offset.
	ErrBadArguments = errors.New("bad arguments")
)

// CommandError says why a process's command cannot be run. Its message is
// supervisord's ("can't find command 'foo'"); it wraps ErrCommandNotFound
// or ErrNotExecutable.
type CommandError struct {
	Msg string
	Err error
}

func (e *CommandError) Error() string { return e.Msg }

// Unwrap returns ErrCommandNotFound or ErrNotExecutable.
func (e *CommandError) Unwrap() error { return e.Err }

// SpawnError is returned by Start when the start failed: the child could
// not be created, or exited before startsecs had passed. Reason is the
// process's spawn error ("Exited too quickly (process log may have
// details)").
type SpawnError struct {
	Name   string
	Reason string
}

func (e *SpawnError) Error() string { return "spawn error: " + e.Name + ": " + e.Reason }
