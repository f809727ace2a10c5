package rpcext

import (
	"bytes"
	"context"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestRateLog: of a flood, logBurst lines per interval are written, and
// once the interval is over one line says how many were left out; every
// event is either written or counted.
func TestRateLog(t *testing.T) {
	var buf bytes.Buffer
	r := newRateLog(slog.New(slog.NewTextHandler(&buf, nil)), "more failures, not logged")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r.now = func() time.Time { return now }
	type timer struct {
		at time.Time
		f  func()
	}
	var due []timer
	r.afterFunc = func(d time.Duration, f func()) {
		if d <= 0 || d > logInterval {
			t.Errorf("summary due in %v", d)
		}
		due = append(due, timer{now.Add(d), f})
	}
	// flush runs the timers whose time has come, as the clock advances.
	flush := func() {
		for len(due) > 0 && !now.Before(due[0].at) {
			f := due[0].f
			due = due[1:]
			f()
		}
	}
	events := 0
	for _, burst := range []int{30_000, 3, 500} {
		for range burst {
			r.log(context.Background(), slog.LevelWarn, "failure")
			events++
			now = now.Add(time.Millisecond)
			flush()
		}
		now = now.Add(logInterval)
		flush()
	}
	out := buf.String()
	written := strings.Count(out, `msg=failure`)
	suppressed := 0
	for _, m := range regexp.MustCompile(`msg="more failures, not logged" suppressed=(\d+)`).FindAllStringSubmatch(out, -1) {
		n, _ := strconv.Atoi(m[1])
		suppressed += n
	}
	if written+suppressed != events {
		t.Errorf("%d written + %d counted as left out != %d events", written, suppressed, events)
	}
	// 30,000 in 30 s: three intervals of logBurst; then 3; then 500 in one.
	if want := 3*logBurst + 3 + logBurst; written != want {
		t.Errorf("%d lines written, want %d", written, want)
	}
	if summaries := strings.Count(out, "not logged"); summaries != 4 {
		t.Errorf("%d summaries:\n%s", summaries, out)
	}
}
