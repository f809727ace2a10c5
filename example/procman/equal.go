package procman

import (
	"maps"
	"slices"
	"strings"
)

// sameProcess reports whether two process configs are equal as
// supervisord's ProcessConfig.__eq__ sees them: every setting compared,
// except that a log file that is Auto on either side matches whatever the
// other side has (a running process's Auto log has become a path; the
// same config read again says AUTO). The environment is compared as a
// set of variables, as Python compares dicts.
func sameProcess(a, b ProcessConfig) bool {
	logEq := func(x, y string) bool { return x == Auto || y == Auto || x == y }
	return a.Name == b.Name && a.Command == b.Command && a.Directory == b.Directory &&
		a.Priority == b.Priority && a.Autostart == b.Autostart && a.Autorestart == b.Autorestart &&
		a.StartSecs == b.StartSecs && a.StartRetries == b.StartRetries &&
		a.stopSignal() == b.stopSignal() && a.StopWait == b.StopWait &&
		a.StopAsGroup == b.StopAsGroup && a.KillAsGroup == b.KillAsGroup &&
		slices.Equal(exitCodes(a), exitCodes(b)) && a.RedirectStderr == b.RedirectStderr &&
		logEq(a.StdoutLogfile, b.StdoutLogfile) && logEq(a.StderrLogfile, b.StderrLogfile) &&
		a.StdoutLogfileMaxBytes == b.StdoutLogfileMaxBytes && a.StderrLogfileMaxBytes == b.StderrLogfileMaxBytes &&
		a.StdoutLogfileBackups == b.StdoutLogfileBackups && a.StderrLogfileBackups == b.StderrLogfileBackups &&
		maps.Equal(envMap(a.Environment), envMap(b.Environment))
}

// sameGroup is supervisord's ProcessGroupConfig.__eq__: same name,
// priority and processes, in the same order.
func sameGroup(a, b GroupConfig) bool {
	return a.Name == b.Name && a.Priority == b.Priority &&
		slices.EqualFunc(a.Processes, b.Processes, sameProcess)
}

func exitCodes(c ProcessConfig) []int {
	if c.ExitCodes == nil {
		return []int{0}
	}
	return c.ExitCodes
}

// envMap turns KEY=value entries into a map, a later entry winning.
func envMap(env []string) map[string]string {
	m := make(map[string]string, len(env))
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

// cloneGroup returns a copy of gc sharing no slices with it.
func cloneGroup(gc GroupConfig) GroupConfig {
	gc.Processes = slices.Clone(gc.Processes)
	for i := range gc.Processes {
		gc.Processes[i] = cloneProcess(gc.Processes[i])
	}
	return gc
}

// cloneProcess returns a copy of pc sharing no slices with it.
func cloneProcess(pc ProcessConfig) ProcessConfig {
	pc.Environment = slices.Clone(pc.Environment)
	pc.ExitCodes = slices.Clone(pc.ExitCodes)
	return pc
}
