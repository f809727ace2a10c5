package main

import (
	"fmt"
	"math"
	"runtime/debug"
	rtmetrics "runtime/metrics"
)

// The host's garbage collector settings, used when the operator has not
// set GOGC or GOMEMLIMIT in the environment (either wins for its half).
//
// Go's defaults (GOGC=100, no limit) collect whenever the heap has doubled,
// and never below 4 MiB: a host whose live heap is 1 MiB collects every
// 3 MiB allocated, some 250 calls of the harness's 50-member struct, and
// spends a fifth of its instructions collecting (see docs/performance.md).
// With 400, garbage may grow to four times the live heap (16 MiB at least)
// before a collection; the soft limit keeps the whole heap near 256 MiB
// when many large calls are in progress at once, where a 400% goal alone
// would let it grow fivefold. A host whose live heap approaches the limit
// (a plugin keeping hundreds of MiB) should raise GOMEMLIMIT: near it the
// runtime collects ever more often, up to half the CPU.
const (
	hostGCPercent   = 400
	hostMemoryLimit = 256 << 20
)

// gcSettings is what the garbage collector runs with, and where each
// setting came from.
type gcSettings struct {
	percent int64   // GOGC; -1: off
	limit   int64   // GOMEMLIMIT in bytes; math.MaxInt64: none
	fromEnv [2]bool // GOGC, GOMEMLIMIT set in the environment
}

// tuneGC applies the host's settings where the environment (looked up
// with lookup) sets none, and returns what the collector then runs with.
func tuneGC(lookup func(string) (string, bool)) gcSettings {
	var s gcSettings
	if _, ok := lookup("GOGC"); ok {
		s.fromEnv[0] = true
	} else {
		debug.SetGCPercent(hostGCPercent)
	}
	if _, ok := lookup("GOMEMLIMIT"); ok {
		s.fromEnv[1] = true
	} else {
		debug.SetMemoryLimit(hostMemoryLimit)
	}
	sample := []rtmetrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/gomemlimit:bytes"}}
	rtmetrics.Read(sample)
	s.percent = int64(sample[0].Value.Uint64())
	s.limit = int64(sample[1].Value.Uint64())
	return s
}

// logAttrs describes the settings for the start-up log.
func (s gcSettings) logAttrs() []any {
	origin := func(env bool) string {
		if env {
			return "environment"
		}
		return "host default"
	}
	limit := "none"
	if s.limit != math.MaxInt64 {
		limit = fmt.Sprintf("%d MiB", s.limit>>20)
	}
	return []any{
		"gogc", s.percent, "gogc_from", origin(s.fromEnv[0]),
		"gomemlimit", limit, "gomemlimit_from", origin(s.fromEnv[1]),
	}
}
