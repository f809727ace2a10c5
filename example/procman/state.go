package procman

import "strconv"

// State is a process state, numbered as supervisord numbers them
// (supervisor/states.py); the numbers are what getProcessInfo reports.
type State int

// The process states.
const (
	Stopped  State = 0
	Starting State = 10
	Running  State = 20
	Backoff  State = 30
	Stopping State = 40
	Exited   State = 100
	Fatal    State = 200
	Unknown  State = 1000
)

// String returns supervisord's name of the state ("RUNNING").
func (s State) String() string {
	switch s {
	case Stopped:
		return "STOPPED"
	case Starting:
		return "STARTING"
	case Running:
		return "RUNNING"
	case Backoff:
		return "BACKOFF"
	case Stopping:
		return "STOPPING"
	case Exited:
		return "EXITED"
	case Fatal:
		return "FATAL"
	case Unknown:
		return "UNKNOWN"
	}
	return "State(" + strconv.Itoa(int(s)) + ")"
}

// IsRunning reports whether s is one of supervisord's RUNNING_STATES
// (RUNNING, BACKOFF, STARTING): a process that is, or is trying to be, up.
func (s State) IsRunning() bool { return s == Running || s == Backoff || s == Starting }

// IsStopped reports whether s is one of supervisord's STOPPED_STATES
// (STOPPED, EXITED, FATAL, UNKNOWN).
func (s State) IsStopped() bool {
	return s == Stopped || s == Exited || s == Fatal || s == Unknown
}

// IsSignallable reports whether s is one of supervisord's
// SIGNALLABLE_STATES (RUNNING, STARTING, STOPPING): the process has a child.
func (s State) IsSignallable() bool { return s == Running || s == Starting || s == Stopping }
