package procman

import (
	"fmt"
	"strconv"
	"strings"
	"syscall"

	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// ParseSignal reads a signal as supervisord's signal_number does: a number
// ("15") or a name with or without the SIG prefix, in any case ("term",
// "SIGTERM"). The number must be one Python's signal module names
// (on Linux 0-31, 34 and 64).
func ParseSignal(s string) (syscall.Signal, error) {
	if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
		return SignalNumber(n)
	}
	name := strings.ToUpper(strings.TrimSpace(s))
	if !strings.HasPrefix(name, "SIG") {
		name = "SIG" + name
	}
	sig, ok := signalsByName[name]
	if !ok {
		return 0, fmt.Errorf("value %s is not a valid signal name", pycompat.Repr(s))
	}
	return sig, nil
}

// SignalNumber checks that n is a signal number supervisord accepts.
func SignalNumber(n int) (syscall.Signal, error) {
	if n == 0 {
		return 0, nil
	}
	if _, ok := signalNames[syscall.Signal(n)]; !ok {
		return 0, fmt.Errorf("value %d is not a valid signal number", n)
	}
	return syscall.Signal(n), nil
}

// SignalName returns supervisord's name of sig ("SIGTERM"), or "signal N"
// for a number without one.
func SignalName(sig syscall.Signal) string {
	if name, ok := signalNames[sig]; ok {
		return name
	}
	return "signal " + strconv.Itoa(int(sig))
}

// signalsByName holds every name ParseSignal accepts; signalNames the
// preferred name of each number (the one supervisord's signame gives).
var (
	signalsByName = map[string]syscall.Signal{
		"SIG_DFL": 0, "SIG_BLOCK": 0, "SIG_IGN": 1, "SIG_UNBLOCK": 1, "SIG_SETMASK": 2,
	}
	signalNames = map[syscall.Signal]string{}
)

func addSignals(sigs ...struct {
	name string
	sig  syscall.Signal
}) {
	for _, s := range sigs {
		signalsByName[s.name] = s.sig
		signalNames[s.sig] = s.name // the last name given for a number wins
	}
}

type namedSignal = struct {
	name string
	sig  syscall.Signal
}

func init() {
	addSignals(
		namedSignal{"SIGHUP", syscall.SIGHUP}, namedSignal{"SIGINT", syscall.SIGINT},
		namedSignal{"SIGQUIT", syscall.SIGQUIT}, namedSignal{"SIGILL", syscall.SIGILL},
		namedSignal{"SIGTRAP", syscall.SIGTRAP}, namedSignal{"SIGIOT", syscall.SIGIOT},
		namedSignal{"SIGABRT", syscall.SIGABRT}, namedSignal{"SIGBUS", syscall.SIGBUS},
		namedSignal{"SIGFPE", syscall.SIGFPE}, namedSignal{"SIGKILL", syscall.SIGKILL},
		namedSignal{"SIGUSR1", syscall.SIGUSR1}, namedSignal{"SIGSEGV", syscall.SIGSEGV},
		namedSignal{"SIGUSR2", syscall.SIGUSR2}, namedSignal{"SIGPIPE", syscall.SIGPIPE},
		namedSignal{"SIGALRM", syscall.SIGALRM}, namedSignal{"SIGTERM", syscall.SIGTERM},
		namedSignal{"SIGCHLD", syscall.SIGCHLD}, namedSignal{"SIGCONT", syscall.SIGCONT},
		namedSignal{"SIGSTOP", syscall.SIGSTOP}, namedSignal{"SIGTSTP", syscall.SIGTSTP},
		namedSignal{"SIGTTIN", syscall.SIGTTIN}, namedSignal{"SIGTTOU", syscall.SIGTTOU},
		namedSignal{"SIGURG", syscall.SIGURG}, namedSignal{"SIGXCPU", syscall.SIGXCPU},
		namedSignal{"SIGXFSZ", syscall.SIGXFSZ}, namedSignal{"SIGVTALRM", syscall.SIGVTALRM},
		namedSignal{"SIGPROF", syscall.SIGPROF}, namedSignal{"SIGWINCH", syscall.SIGWINCH},
		namedSignal{"SIGIO", syscall.SIGIO}, namedSignal{"SIGSYS", syscall.SIGSYS},
	)
	addSignals(platformSignals...)
}
