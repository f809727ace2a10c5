package main

import (
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
)

// TestTuneGC checks that the host's collector settings apply exactly where
// the environment sets none: a GOGC or GOMEMLIMIT the operator set (here
// applied beforehand, as the runtime applies the environment's at start)
// is left as it is.
func TestTuneGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	beforeLimit := debug.SetMemoryLimit(-1)
	t.Cleanup(func() {
		debug.SetGCPercent(before)
		debug.SetMemoryLimit(beforeLimit)
	})
	const envPercent, envLimit = 150, 1 << 30
	for _, tc := range []struct {
		name        string
		env         map[string]string
		wantPercent int64
		wantLimit   int64
		wantFrom    [2]bool
	}{
		{"no environment", nil, hostGCPercent, hostMemoryLimit, [2]bool{}},
		{"GOGC set", map[string]string{"GOGC": "150"}, envPercent, hostMemoryLimit, [2]bool{true, false}},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "1GiB"}, hostGCPercent, envLimit, [2]bool{false, true}},
		{"both set", map[string]string{"GOGC": "150", "GOMEMLIMIT": "1GiB"}, envPercent, envLimit, [2]bool{true, true}},
		{"GOGC=off", map[string]string{"GOGC": "off"}, -1, hostMemoryLimit, [2]bool{true, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// What the runtime would have made of the environment.
			debug.SetGCPercent(100)
			debug.SetMemoryLimit(math.MaxInt64)
			switch tc.env["GOGC"] {
			case "150":
				debug.SetGCPercent(envPercent)
			case "off":
				debug.SetGCPercent(-1)
			}
			if tc.env["GOMEMLIMIT"] != "" {
				debug.SetMemoryLimit(envLimit)
			}
			got := tuneGC(func(k string) (string, bool) { v, ok := tc.env[k]; return v, ok })
			if got.percent != tc.wantPercent || got.limit != tc.wantLimit || got.fromEnv != tc.wantFrom {
				t.Errorf("tuneGC = %+v, want percent %d, limit %d, from environment %v",
					got, tc.wantPercent, tc.wantLimit, tc.wantFrom)
			}
		})
	}
}

func TestGCSettingsLogAttrs(t *testing.T) {
	for _, tc := range []struct {
		s    gcSettings
		want []any
	}{
		{gcSettings{percent: 400, limit: 256 << 20},
			[]any{"gogc", int64(400), "gogc_from", "host default", "gomemlimit", "256 MiB", "gomemlimit_from", "host default"}},
		{gcSettings{percent: -1, limit: math.MaxInt64, fromEnv: [2]bool{true, true}},
			[]any{"gogc", int64(-1), "gogc_from", "environment", "gomemlimit", "none", "gomemlimit_from", "environment"}},
	} {
		got := tc.s.logAttrs()
		if len(got) != len(tc.want) {
			t.Fatalf("logAttrs() = %v, want %v", got, tc.want)
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("logAttrs()[%d] = %v, want %v", i, got[i], tc.want[i])
			}
		}
	}
}

// TestGCSettingsLogged checks the README's promise that -v logs what the
// collector runs with, and that the line stays out of the log otherwise.
func TestGCSettingsLogged(t *testing.T) {
	conf := filepath.Join(t.TempDir(), "supervisord.conf")
	// newHost reads the port but does not listen on it.
	if err := os.WriteFile(conf, []byte("[supervisord]\n[inet_http_server]\nport = 127.0.0.1:9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gc := gcSettings{percent: hostGCPercent, limit: hostMemoryLimit}
	for _, verbose := range []bool{true, false} {
		var log testkit.LogBuffer
		h, err := newHost(hostOptions{configPath: conf, verbose: verbose, stderr: &log, gc: &gc})
		if err != nil {
			t.Fatal(err)
		}
		h.close()
		logged := strings.Contains(log.String(), "garbage collector") &&
			strings.Contains(log.String(), "gogc=400") && strings.Contains(log.String(), "256 MiB")
		if logged != verbose {
			t.Errorf("verbose %v: garbage collector settings logged %v, want %v; log:\n%s", verbose, logged, verbose, log.String())
		}
	}
}
