package rpcext

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// How often a rateLog writes: at most logBurst lines per logInterval.
const (
	logBurst    = 10
	logInterval = 10 * time.Second
)

// rateLog writes one kind of log line (failed authentications, refused
// requests, accept errors) at most logBurst times per logInterval, so that
// a flood of bad requests cannot fill the disk; the lines it leaves out
// are counted, and once the interval is over one line says how many.
type rateLog struct {
	logger  *slog.Logger
	summary string // the message of the line that counts those left out

	// now and afterFunc are time.Now and time.AfterFunc; tests replace
	// them.
	now       func() time.Time
	afterFunc func(time.Duration, func())

	mu         sync.Mutex
	start      time.Time // of the current interval
	logged     int       // lines written in it
	suppressed int       // lines left out since the last summary
	armed      bool      // a summary is due
}

func newRateLog(logger *slog.Logger, summary string) *rateLog {
	return &rateLog{logger: logger, summary: summary, now: time.Now,
		afterFunc: func(d time.Duration, f func()) { time.AfterFunc(d, f) }}
}

// log writes the line unless logBurst lines were written in this
// interval already.
func (r *rateLog) log(ctx context.Context, level slog.Level, msg string, attrs ...any) {
	if !r.logger.Enabled(ctx, level) {
		return
	}
	r.mu.Lock()
	now := r.now()
	if now.Sub(r.start) >= logInterval {
		r.start, r.logged = now, 0
	}
	if r.logged < logBurst {
		r.logged++
		r.mu.Unlock()
		r.logger.Log(ctx, level, msg, attrs...)
		return
	}
	r.suppressed++
	if !r.armed {
		r.armed = true
		r.afterFunc(r.start.Add(logInterval).Sub(now), func() { r.flush(level) })
	}
	r.mu.Unlock()
}

// flush writes how many lines were left out since the last summary.
func (r *rateLog) flush(level slog.Level) {
	r.mu.Lock()
	n := r.suppressed
	r.suppressed, r.armed = 0, false
	r.mu.Unlock()
	if n > 0 {
		r.logger.Log(context.Background(), level, r.summary, "suppressed", n, "burst", logBurst, "interval", logInterval)
	}
}
