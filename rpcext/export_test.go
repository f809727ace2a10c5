package rpcext

import "time"

// WithLinger shortens the lingering close, for tests.
func WithLinger(total, idle time.Duration) MountOption {
	return mountOptionFunc(func(s *mountSettings) { s.linger = lingering{total, idle} })
}
