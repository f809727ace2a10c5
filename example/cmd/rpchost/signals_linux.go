package main

import (
	"os"
	"syscall"
)

// platformSignals are Linux's further signals that would kill the host
// or that Go ignores: SIGSTKFLT, SIGPWR and the real-time signals 34 to
// 64 (32 and 33 belong to the C library).
func platformSignals() []os.Signal {
	sigs := []os.Signal{syscall.SIGSTKFLT, syscall.SIGPWR}
	for n := 34; n <= 64; n++ {
		sigs = append(sigs, syscall.Signal(n))
	}
	return sigs
}
