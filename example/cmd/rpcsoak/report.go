package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

// report is what a soak found.
type report struct {
	rows     []row
	elapsed  time.Duration
	requests int
	goodLat  []time.Duration

	before, after  runtimeFigures
	settled        time.Duration
	goroutineSlack int
	heapSlack      int64

	failures   []string // the first failed calls, with what went wrong
	hostAlive  bool
	hostErrors []string
}

type row struct {
	name     string
	kind     kind
	ok, fail int
	p50, p99 time.Duration
}

func newReport(cats []category, workers []*worker, elapsed time.Duration) *report {
	r := &report{elapsed: elapsed}
	for _, c := range cats {
		rw := row{name: c.name, kind: c.kind}
		var lat []time.Duration
		for _, w := range workers {
			if n := w.counts[c.name]; n != nil {
				rw.ok += n[0]
				rw.fail += n[1]
			}
			lat = append(lat, w.lat[c.name]...)
		}
		rw.p50, rw.p99 = percentiles(lat)
		r.goodLat = append(r.goodLat, lat...)
		r.requests += rw.ok + rw.fail
		r.rows = append(r.rows, rw)
	}
	return r
}

func percentiles(d []time.Duration) (p50, p99 time.Duration) {
	if len(d) == 0 {
		return 0, 0
	}
	slices.Sort(d)
	return d[len(d)*50/100], d[min(len(d)-1, len(d)*99/100)]
}

func (r *report) goodFailures() (n int) {
	for _, rw := range r.rows {
		n += rw.fail
	}
	return n
}

func (r *report) leakedGoroutines() bool {
	return r.after.Goroutines > r.before.Goroutines+r.goroutineSlack
}

func (r *report) leakedHeap() bool { return r.after.Heap > r.before.Heap+r.heapSlack }

func (r *report) passed() bool { return r.problems() == nil }

// problems lists the checks that failed.
func (r *report) problems() []string {
	var out []string
	for _, rw := range r.rows {
		if rw.fail > 0 {
			out = append(out, fmt.Sprintf("%d failed %s", rw.fail, rw.name))
		}
	}
	if r.leakedGoroutines() {
		out = append(out, fmt.Sprintf("goroutines %d after, %d before (slack %d)", r.after.Goroutines, r.before.Goroutines, r.goroutineSlack))
	}
	if r.leakedHeap() {
		out = append(out, fmt.Sprintf("heap %s after, %s before (slack %s)", mib(r.after.Heap), mib(r.before.Heap), mib(r.heapSlack)))
	}
	if !r.hostAlive {
		out = append(out, "the host exited")
	}
	if len(r.hostErrors) > 0 {
		out = append(out, fmt.Sprintf("%d ERROR lines in the host log", len(r.hostErrors)))
	}
	return out
}

func (r *report) summary() string { return strings.Join(r.problems(), "; ") }

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

func (r *report) print(w io.Writer) {
	kinds := map[kind]string{good: "good", bad: "bad", disconnect: "disconnect"}
	fmt.Fprintf(w, "\n| category | checks | ok | failed | p50 | p99 |\n|---|---|---:|---:|---:|---:|\n")
	for _, rw := range r.rows {
		check := map[kind]string{good: "exact answer", bad: "status/fault", disconnect: "-"}[rw.kind]
		lat50, lat99 := "", ""
		if rw.kind == good {
			lat50, lat99 = round(rw.p50), round(rw.p99)
		}
		fmt.Fprintf(w, "| %s (%s) | %s | %d | %d | %s | %s |\n", rw.name, kinds[rw.kind], check, rw.ok, rw.fail, lat50, lat99)
	}
	p50, p99 := percentiles(r.goodLat)
	fmt.Fprintf(w, "\nrequests: %d in %v: %.0f req/s; good calls p50 %s, p99 %s\n",
		r.requests, r.elapsed.Round(time.Millisecond), float64(r.requests)/r.elapsed.Seconds(), round(p50), round(p99))
	fmt.Fprintf(w, "goroutines: %d before, %d after (slack %d)\n", r.before.Goroutines, r.after.Goroutines, r.goroutineSlack)
	fmt.Fprintf(w, "live heap:  %s before, %s after (slack %s); settled in %v\n",
		mib(r.before.Heap), mib(r.after.Heap), mib(r.heapSlack), r.settled.Round(time.Millisecond))
	fmt.Fprintf(w, "host: alive %v, %d ERROR lines in its log\n", r.hostAlive, len(r.hostErrors))
	for _, e := range r.hostErrors[:min(5, len(r.hostErrors))] {
		fmt.Fprintln(w, "  ", e)
	}
	for _, f := range r.failures {
		fmt.Fprintln(w, "failure:", f)
	}
}

func round(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond).String()
	}
	return d.Round(time.Microsecond).String()
}

// logErrors returns the ERROR lines of the log of a host rpcsoak started.
func (t *target) logErrors() []string {
	if t.logPath == "" {
		return nil
	}
	b, err := os.ReadFile(t.logPath)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		if strings.Contains(line, "level=ERROR") {
			out = append(out, line)
		}
	}
	return out
}
