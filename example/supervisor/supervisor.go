// Package supervisor is supervisord 4.2.5's own XML-RPC namespace,
// "supervisor", as a plugin over the process manager of package
// example/procman: what supervisorctl talks to. A config file enables it
// as it enables it in supervisord:
//
//	[rpcinterface:supervisor]
//	supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
//
// and the host passes itself with rpcext.WithHost; it must implement Host.
//
// The methods supervisorctl calls are published with supervisord's
// parameters, results (struct keys, types and descriptions such as "pid
// 123, uptime 0:00:05"), fault codes and fault strings ("BAD_NAME:
// nosuch", "SPAWN_ERROR: x"), and supervisord's docstrings for
// system.methodHelp and system.methodSignature: getAPIVersion, getVersion,
// getSupervisorVersion, getIdentification, getState, getPID, readLog,
// readMainLog, clearLog, shutdown, restart, reloadConfig, addProcessGroup,
// removeProcessGroup, getProcessInfo, getAllProcessInfo, getAllConfigInfo,
// startProcess, startProcessGroup, startAllProcesses, stopProcess,
// stopProcessGroup, stopAllProcesses, signalProcess, signalProcessGroup,
// signalAllProcesses, sendProcessStdin, readProcessStdoutLog,
// readProcessLog, readProcessStderrLog, tailProcessStdoutLog,
// tailProcessLog, tailProcessStderrLog, clearProcessLogs, clearProcessLog
// and clearAllProcessLogs. So every supervisorctl command works: status,
// start, stop, restart, signal, pid, tail, maintail, clear, avail, reread,
// update, add, remove, fg, reload, version and shutdown.
//
// Only sendRemoteCommEvent is not published (a call is UNKNOWN_METHOD):
// the manager has no event listeners to receive it.
//
// Calls that wait (startProcess and stopProcess with wait, and the group
// and "all" variants) block only their own request. A client that goes
// away abandons the wait, not the start or stop.
//
// # Differences from supervisord
//
//   - getSupervisorVersion answers "4.2.5", the supervisord release whose
//     API this reproduces (supervisorctl version prints it), not a version
//     of this module.
//   - Log text that is not valid UTF-8 or holds characters XML 1.0 cannot
//     carry (ANSI escapes, NUL) is sent with U+FFFD in their place;
//     supervisord answers HTTP 500 or a response its own client cannot
//     parse.
//   - An offset or length that is not an integer (nor a string or double
//     holding one) is fault INCORRECT_PARAMETERS; supervisord answers 500.
//   - clearAllProcessLogs answers at once; supervisord clears one process
//     per 50 ms tick.
//   - getAllConfigInfo reports stopasgroup's effective default (true) in
//     killasgroup, and supervisord's values for the features the manager
//     does not have (capture, events, syslog, uid, serverurl).
//   - reloadConfig's CANT_REREAD fault words the problem as this module's
//     config reader finds it: the same problem as supervisord's for a
//     program section, possibly another wording for others.
//   - sendProcessStdin keeps at most procman.MaxStdinBuffer bytes a
//     process has not read; beyond that it answers FAILED (supervisord
//     keeps any amount).
//   - See package example/procman for the process manager's own
//     differences.
package supervisor

//go:generate python3 gen_docs.py

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// FactoryName is the name config files use for this plugin: supervisord's
// own factory.
const FactoryName = "supervisor.rpcinterface:make_main_rpcinterface"

// APIVersion is what getAPIVersion (and getVersion, which supervisorctl
// checks) answers.
const APIVersion = "3.0"

// SupervisorVersion is what getSupervisorVersion answers.
const SupervisorVersion = "4.2.5"

func init() { rpcext.Register(FactoryName, New) }

// Host is what the namespace needs of the program that serves it.
type Host interface {
	// Manager returns the process manager the namespace controls.
	Manager() *procman.Manager
	// Identification returns the [supervisord] identifier ("supervisor"
	// by default).
	Identification() string
	// MainLogfile returns the path of the host's own log (what readLog
	// reads), "" when it has none.
	MainLogfile() string
	// ReopenMainLog opens the main log again after clearLog removed it.
	ReopenMainLog() error
	// Shutdown begins the host's graceful shutdown (stop every process,
	// then exit) and returns at once.
	Shutdown()
	// Restart begins the host's restart, as supervisord restarts on
	// SIGHUP: stop every process, read the config file again and run the
	// processes of the new one, in the same process; it returns at once.
	// ShuttingDown reports true until the restart is done.
	Restart()
	// ReadGroupConfigs reads the config file again and returns its
	// process groups (procman.GroupsFromConfig), changing nothing: what
	// reloadConfig hands to the manager's SetGroupConfigs. Its error is
	// reloadConfig's CANT_REREAD fault (a *rpcext.ConfigError is worded
	// as supervisord words it).
	ReadGroupConfigs() ([]procman.GroupConfig, error)
	// ShuttingDown reports whether Shutdown or Restart was called (and
	// the restart is not done); every method then answers fault
	// SHUTDOWN_STATE, as supervisord's do while it stops its processes.
	ShuttingDown() bool
}

// New is the factory. The host must implement Host. The section takes no
// options, as make_main_rpcinterface(supervisord) takes no keyword
// arguments: Mount refuses any key in it, as supervisord does.
func New(host any, _ rpcext.Options) (any, error) {
	h, ok := host.(Host)
	if !ok {
		return nil, fmt.Errorf("the supervisor namespace needs a host implementing supervisor.Host (rpcext.WithHost), got %T", host)
	}
	return &Supervisor{host: h}, nil
}

// Supervisor is the namespace. Its exported methods are exactly the
// published ones.
type Supervisor struct {
	host Host
}

// RPCDocs serves supervisord's docstrings of the published methods.
func (s *Supervisor) RPCDocs() map[string]rpcext.Doc {
	t := reflect.TypeOf(s)
	docs := map[string]rpcext.Doc{}
	for name, doc := range docstrings {
		r, size := utf8.DecodeRuneInString(name)
		if _, ok := t.MethodByName(string(unicode.ToUpper(r)) + name[size:]); ok {
			docs[name] = rpcext.Docstring(doc)
		}
	}
	return docs
}

// update is supervisord's _update: every method refuses to work while the
// host shuts down.
func (s *Supervisor) update() error {
	if s.host.ShuttingDown() {
		return rpcext.NewFault(rpcext.CodeShutdownState, "")
	}
	return nil
}

// State is getState's answer.
type State struct {
	Statecode int    `xmlrpc:"statecode"`
	Statename string `xmlrpc:"statename"`
}

// GetAPIVersion returns the version of the RPC API, "3.0".
func (s *Supervisor) GetAPIVersion() (string, error) {
	if err := s.update(); err != nil {
		return "", err
	}
	return APIVersion, nil
}

// GetVersion is GetAPIVersion's old name, the one supervisorctl calls.
func (s *Supervisor) GetVersion() (string, error) { return s.GetAPIVersion() }

// GetSupervisorVersion returns SupervisorVersion.
func (s *Supervisor) GetSupervisorVersion() (string, error) {
	if err := s.update(); err != nil {
		return "", err
	}
	return SupervisorVersion, nil
}

// GetIdentification returns the host's identifier.
func (s *Supervisor) GetIdentification() (string, error) {
	if err := s.update(); err != nil {
		return "", err
	}
	return s.host.Identification(), nil
}

// GetState returns {statecode: 1, statename: "RUNNING"}; while shutting
// down every method faults instead, as in supervisord.
func (s *Supervisor) GetState() (State, error) {
	if err := s.update(); err != nil {
		return State{}, err
	}
	return State{Statecode: 1, Statename: "RUNNING"}, nil
}

// GetPID returns the host's process id.
func (s *Supervisor) GetPID() (int, error) {
	if err := s.update(); err != nil {
		return 0, err
	}
	return os.Getpid(), nil
}

// Shutdown begins the host's shutdown and answers true at once.
func (s *Supervisor) Shutdown() error {
	if err := s.update(); err != nil {
		return err
	}
	s.host.Shutdown()
	return nil
}

// fault is shorthand for a fault with a message.
func fault(code rpcext.Code, format string, args ...any) *rpcext.Fault {
	return rpcext.NewFault(code, fmt.Sprintf(format, args...))
}

// xmlText returns b as text XML can carry: invalid UTF-8 and the
// characters XML 1.0 does not allow become U+FFFD.
func xmlText(b []byte) string {
	ok := true
	for i := 0; i < len(b) && ok; {
		r, size := utf8.DecodeRune(b[i:])
		ok = xmlChar(r, size)
		i += size
	}
	if ok {
		return string(b)
	}
	var sb strings.Builder
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if !xmlChar(r, size) {
			r = utf8.RuneError
		}
		sb.WriteRune(r)
		i += size
	}
	return sb.String()
}

func xmlChar(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size <= 1:
		return false
	case r < 0x20:
		return r == '\t' || r == '\n' || r == '\r'
	case r == 0xFFFE || r == 0xFFFF:
		return false
	}
	return true
}
