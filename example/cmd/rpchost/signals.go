package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/supervisorrpc/rpcinterface/example/procman"
)

// handledSignals are the signals the host acts on or logs, as supervisord
// does in handle_signal: TERM, INT and QUIT shut down, HUP restarts, USR2
// reopens the logs, CHLD is noted at debug level, and every other signal
// is logged at blather level as "indicating nothing". Besides
// supervisord's six, that is every signal that would otherwise kill a Go
// program (HUP, INT, TERM, QUIT, ILL, TRAP, ABRT, BUS, FPE, SEGV, STKFLT
// and SYS, sent with kill: faults of the program itself still crash it)
// and the ones Go ignores (USR1, ALRM, VTALRM, XCPU, XFSZ, IO, PWR and the
// real-time signals), so that no catchable signal can end the host and
// leave its programs running without it. Left alone: SIGURG and SIGPROF
// (the Go runtime's own), SIGWINCH and SIGCONT (ignored), and the job
// control stops (SIGTSTP, SIGTTIN, SIGTTOU: they stop the host, not end
// it). SIGPIPE is caught apart (see main).
func handledSignals() []os.Signal {
	sigs := []os.Signal{
		syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGHUP, syscall.SIGUSR2, syscall.SIGCHLD,
		syscall.SIGUSR1, syscall.SIGALRM, syscall.SIGVTALRM, syscall.SIGXCPU, syscall.SIGXFSZ, syscall.SIGIO,
		syscall.SIGILL, syscall.SIGTRAP, syscall.SIGABRT, syscall.SIGBUS, syscall.SIGFPE, syscall.SIGSEGV,
		syscall.SIGSYS,
	}
	return append(sigs, platformSignals()...)
}

// notifySignals makes the host receive handledSignals on c.
func notifySignals(c chan<- os.Signal) { signal.Notify(c, handledSignals()...) }

// signalName is supervisord's name of a signal ("SIGHUP", "signal 40").
func signalName(sig os.Signal) string {
	if s, ok := sig.(syscall.Signal); ok {
		return procman.SignalName(s)
	}
	return sig.String()
}

// handleSignal acts on one signal as supervisord's handle_signal does.
func (h *host) handleSignal(sig os.Signal) {
	name := signalName(sig)
	switch sig {
	case syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT:
		h.logger.Warn("received " + name + " indicating exit request")
		h.Shutdown()
	case syscall.SIGHUP:
		if h.mood.Load() == moodShutdown {
			h.logger.Warn("ignored " + name + " indicating restart request (shutdown in progress)")
			return
		}
		h.logger.Warn("received " + name + " indicating restart request")
		h.Restart()
	case syscall.SIGCHLD:
		h.logger.Debug("received " + name + " indicating a child quit")
	case syscall.SIGUSR2:
		h.logger.Info("received " + name + " indicating log reopen request")
		h.reopenLogs()
	default:
		h.logger.Log(context.Background(), LevelBlather, "received "+name+" indicating nothing")
	}
}

// reopenLogs opens the main log and the logs of the running processes
// again, as supervisord does on SIGUSR2: after an outside tool renamed
// them (logrotate), logging goes on in new files at the same paths.
func (h *host) reopenLogs() {
	h.logger.Info("supervisord logreopen")
	if h.log.path() != "" {
		if err := h.log.reopen(); err != nil {
			h.logger.Error("reopening the main log: " + err.Error())
		}
	}
	if err := h.Manager().ReopenLogs(); err != nil {
		h.logger.Error("reopening the process logs: " + err.Error())
	}
}
