package supervisor

import (
	"context"
	"strings"

	"github.com/supervisorrpc/rpcinterface/client"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// Client calls the supervisor namespace of supervisord 4.2.5, or of a host
// serving this package, with the structs this package answers with
// (ProcessInfo, ConfigInfo, State, Result), so that one Go type describes
// a process on both sides:
//
//	c, err := client.Dial("unix:///var/run/supervisor.sock")
//	sv := supervisor.NewClient(c)
//	info, err := sv.GetProcessInfo(ctx, "web")
//
// Every method of supervisord's namespace has one here, named as in Go
// (supervisor.getProcessInfo is GetProcessInfo); the old aliases
// (getVersion, readMainLog, readProcessLog, tailProcessLog,
// clearProcessLog) are left out. A fault is returned as the
// *xmlrpc.Fault with supervisord's code and fault string; other errors
// are the client's.
type Client struct{ c *client.Client }

// NewClient returns a typed client calling through c.
func NewClient(c *client.Client) *Client { return &Client{c: c} }

// call calls method and returns its answer decoded into a T.
func call[T any](ctx context.Context, c *client.Client, method string, args ...any) (T, error) {
	var v T
	err := c.Call(ctx, "supervisor."+method, &v, args...)
	return v, err
}

// do calls method, whose answer (true) means only that it did not fail.
func (s *Client) do(ctx context.Context, method string, args ...any) error {
	return s.c.Call(ctx, "supervisor."+method, nil, args...)
}

// GetAPIVersion returns the version of the RPC API ("3.0").
func (s *Client) GetAPIVersion(ctx context.Context) (string, error) {
	return call[string](ctx, s.c, "getAPIVersion")
}

// GetSupervisorVersion returns supervisord's version ("4.2.5").
func (s *Client) GetSupervisorVersion(ctx context.Context) (string, error) {
	return call[string](ctx, s.c, "getSupervisorVersion")
}

// GetIdentification returns the identifier of the supervisord instance
// ([supervisord] identifier).
func (s *Client) GetIdentification(ctx context.Context) (string, error) {
	return call[string](ctx, s.c, "getIdentification")
}

// GetState returns supervisord's state: statecode 1, "RUNNING" while it
// serves.
func (s *Client) GetState(ctx context.Context) (State, error) {
	return call[State](ctx, s.c, "getState")
}

// GetPID returns supervisord's process id.
func (s *Client) GetPID(ctx context.Context) (int, error) {
	return call[int](ctx, s.c, "getPID")
}

// ReadLog reads length bytes of the main log from offset; a negative
// offset counts from the end (with length 0: the last -offset bytes).
func (s *Client) ReadLog(ctx context.Context, offset, length int) (string, error) {
	return call[string](ctx, s.c, "readLog", offset, length)
}

// ClearLog clears the main log.
func (s *Client) ClearLog(ctx context.Context) error { return s.do(ctx, "clearLog") }

// Shutdown asks supervisord to shut down: its processes are stopped and
// it exits.
func (s *Client) Shutdown(ctx context.Context) error { return s.do(ctx, "shutdown") }

// Restart asks supervisord to restart: processes are stopped, the config
// re-read and processes started again.
func (s *Client) Restart(ctx context.Context) error { return s.do(ctx, "restart") }

// ConfigChanges is reloadConfig's answer: the names of the process groups
// whose config was added, changed or removed since they were loaded.
type ConfigChanges struct {
	Added, Changed, Removed []string
}

// ReloadConfig re-reads the config file and reports which process groups
// it changes (what supervisorctl reread prints); nothing is started or
// stopped.
func (s *Client) ReloadConfig(ctx context.Context) (ConfigChanges, error) {
	// supervisord answers [[added, changed, removed]].
	v, err := call[[][][]string](ctx, s.c, "reloadConfig")
	if err != nil {
		return ConfigChanges{}, err
	}
	if len(v) != 1 || len(v[0]) != 3 {
		return ConfigChanges{}, &xmlrpc.TypeError{Want: "[[added, changed, removed]]", Got: "an array of another shape"}
	}
	return ConfigChanges{Added: v[0][0], Changed: v[0][1], Removed: v[0][2]}, nil
}

// AddProcessGroup starts managing the process group name of the config
// (after ReloadConfig found it added).
func (s *Client) AddProcessGroup(ctx context.Context, name string) error {
	return s.do(ctx, "addProcessGroup", name)
}

// RemoveProcessGroup stops managing the process group name, whose
// processes must be stopped.
func (s *Client) RemoveProcessGroup(ctx context.Context, name string) error {
	return s.do(ctx, "removeProcessGroup", name)
}

// StartProcess starts a process ("name" or "group:name"), waiting until it
// is RUNNING when wait is true. For "group:*" supervisord starts the
// group and answers each process's result: the first that failed is
// returned as a fault (StartProcessGroup returns them all).
func (s *Client) StartProcess(ctx context.Context, name string, wait bool) error {
	return s.processOrGroup(ctx, "startProcess", name, wait)
}

// StartProcessGroup starts every process of a group and returns each
// one's result.
func (s *Client) StartProcessGroup(ctx context.Context, name string, wait bool) ([]Result, error) {
	return call[[]Result](ctx, s.c, "startProcessGroup", name, wait)
}

// StartAllProcesses starts every process that is not running and returns
// each one's result.
func (s *Client) StartAllProcesses(ctx context.Context, wait bool) ([]Result, error) {
	return call[[]Result](ctx, s.c, "startAllProcesses", wait)
}

// StopProcess stops a process ("name" or "group:name"), waiting until it
// is stopped when wait is true; "group:*" as in StartProcess.
func (s *Client) StopProcess(ctx context.Context, name string, wait bool) error {
	return s.processOrGroup(ctx, "stopProcess", name, wait)
}

// StopProcessGroup stops every running process of a group and returns
// each one's result.
func (s *Client) StopProcessGroup(ctx context.Context, name string, wait bool) ([]Result, error) {
	return call[[]Result](ctx, s.c, "stopProcessGroup", name, wait)
}

// StopAllProcesses stops every running process and returns each one's
// result.
func (s *Client) StopAllProcesses(ctx context.Context, wait bool) ([]Result, error) {
	return call[[]Result](ctx, s.c, "stopAllProcesses", wait)
}

// SignalProcess sends a signal, by name ("HUP") or number ("1"), to a
// process ("name" or "group:name"); "group:*" as in StartProcess.
func (s *Client) SignalProcess(ctx context.Context, name, signal string) error {
	return s.processOrGroup(ctx, "signalProcess", name, signal)
}

// SignalProcessGroup signals every process of a group that can be
// signalled and returns each one's result.
func (s *Client) SignalProcessGroup(ctx context.Context, name, signal string) ([]Result, error) {
	return call[[]Result](ctx, s.c, "signalProcessGroup", name, signal)
}

// SignalAllProcesses signals every process that can be signalled and
// returns each one's result.
func (s *Client) SignalAllProcesses(ctx context.Context, signal string) ([]Result, error) {
	return call[[]Result](ctx, s.c, "signalAllProcesses", signal)
}

// GetAllConfigInfo returns the configuration of every process (what
// supervisorctl avail shows). supervisord sends uid as an integer for a
// program with a user= setting, which ConfigInfo.UID, a string, cannot
// hold: that answer fails with an *xmlrpc.TypeError naming the member.
func (s *Client) GetAllConfigInfo(ctx context.Context) ([]ConfigInfo, error) {
	return call[[]ConfigInfo](ctx, s.c, "getAllConfigInfo")
}

// GetProcessInfo returns one process's info ("name" or "group:name").
func (s *Client) GetProcessInfo(ctx context.Context, name string) (ProcessInfo, error) {
	return call[ProcessInfo](ctx, s.c, "getProcessInfo", name)
}

// GetAllProcessInfo returns every process's info, sorted by group and
// name.
func (s *Client) GetAllProcessInfo(ctx context.Context) ([]ProcessInfo, error) {
	return call[[]ProcessInfo](ctx, s.c, "getAllProcessInfo")
}

// ReadProcessStdoutLog reads length bytes of a process's stdout log from
// offset, as ReadLog reads the main log.
func (s *Client) ReadProcessStdoutLog(ctx context.Context, name string, offset, length int) (string, error) {
	return call[string](ctx, s.c, "readProcessStdoutLog", name, offset, length)
}

// ReadProcessStderrLog reads length bytes of a process's stderr log from
// offset.
func (s *Client) ReadProcessStderrLog(ctx context.Context, name string, offset, length int) (string, error) {
	return call[string](ctx, s.c, "readProcessStderrLog", name, offset, length)
}

// LogTail is the answer of tailProcessStdoutLog and tailProcessStderrLog:
// the bytes read, the offset to ask for next, and whether more than
// length bytes were written since offset (some were skipped).
type LogTail struct {
	Bytes    string
	Offset   int64
	Overflow bool
}

// TailProcessStdoutLog returns up to length bytes of a process's stdout
// log from offset, as supervisorctl tail -f follows it: call again with
// the returned Offset.
func (s *Client) TailProcessStdoutLog(ctx context.Context, name string, offset, length int64) (LogTail, error) {
	return s.tail(ctx, "tailProcessStdoutLog", name, offset, length)
}

// TailProcessStderrLog is TailProcessStdoutLog for stderr.
func (s *Client) TailProcessStderrLog(ctx context.Context, name string, offset, length int64) (LogTail, error) {
	return s.tail(ctx, "tailProcessStderrLog", name, offset, length)
}

// tail decodes the answer [bytes, offset, overflow], an array of three
// types.
func (s *Client) tail(ctx context.Context, method, name string, offset, length int64) (LogTail, error) {
	v, err := call[[]any](ctx, s.c, method, name, offset, length)
	if err != nil {
		return LogTail{}, err
	}
	var t LogTail
	ok := len(v) == 3
	if ok {
		t.Bytes, ok = v[0].(string)
	}
	if ok {
		switch n := v[1].(type) {
		case int:
			t.Offset = int64(n)
		case int64:
			t.Offset = n
		default:
			ok = false
		}
	}
	if ok {
		t.Overflow, ok = v[2].(bool)
	}
	if !ok {
		return LogTail{}, &xmlrpc.TypeError{Want: "[string, int, boolean]", Got: "an array of other types"}
	}
	return t, nil
}

// ClearProcessLogs clears a process's stdout and stderr logs.
func (s *Client) ClearProcessLogs(ctx context.Context, name string) error {
	return s.do(ctx, "clearProcessLogs", name)
}

// ClearAllProcessLogs clears every process's logs and returns each one's
// result.
func (s *Client) ClearAllProcessLogs(ctx context.Context) ([]Result, error) {
	return call[[]Result](ctx, s.c, "clearAllProcessLogs")
}

// SendProcessStdin writes chars to a running process's stdin.
func (s *Client) SendProcessStdin(ctx context.Context, name, chars string) error {
	return s.do(ctx, "sendProcessStdin", name, chars)
}

// SendRemoteCommEvent sends a RemoteCommunicationEvent with the given
// type and data to the event listeners that subscribe to it.
func (s *Client) SendRemoteCommEvent(ctx context.Context, typ, data string) error {
	return s.do(ctx, "sendRemoteCommEvent", typ, data)
}

// processOrGroup calls a method that answers true for a process and, for
// a group's spec ("group:*" or "group:"), an array of Results, as
// supervisord's startProcess, stopProcess and signalProcess do. The first
// Result that failed is returned as its fault.
func (s *Client) processOrGroup(ctx context.Context, method, name string, args ...any) error {
	args = append([]any{name}, args...)
	if !isGroupSpec(name) {
		return s.do(ctx, method, args...)
	}
	results, err := call[[]Result](ctx, s.c, method, args...)
	if err != nil {
		return err
	}
	for _, r := range results {
		if xmlrpc.Code(r.Status) != xmlrpc.CodeSuccess {
			return xmlrpc.ReceivedFault(xmlrpc.Code(r.Status), r.Description)
		}
	}
	return nil
}

// isGroupSpec reports whether name stands for a whole group, as
// supervisord's split_namespec reads it: "group:" or "group:*".
func isGroupSpec(name string) bool {
	_, proc, ok := strings.Cut(name, ":")
	return ok && (proc == "" || proc == "*")
}
