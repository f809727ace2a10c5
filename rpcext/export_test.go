package rpcext

import "time"

// SetLinger shortens the lingering close for a test; the returned
// function restores it.
func SetLinger(total, idle time.Duration) (restore func()) {
	t, i := lingerTime, lingerIdle
	lingerTime, lingerIdle = total, idle
	return func() { lingerTime, lingerIdle = t, i }
}
