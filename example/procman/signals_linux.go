package procman

import "syscall"

// platformSignals are the Linux names Python's signal module adds.
var platformSignals = []namedSignal{
	{"SIGSTKFLT", syscall.SIGSTKFLT},
	{"SIGCLD", syscall.SIGCLD}, {"SIGCHLD", syscall.SIGCHLD},
	{"SIGPOLL", syscall.SIGPOLL},
	{"SIGPWR", syscall.SIGPWR},
	{"SIGRTMIN", 34}, {"SIGRTMAX", 64},
}
