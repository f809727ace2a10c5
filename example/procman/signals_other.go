//go:build !linux

package procman

// platformSignals are the names beyond the common Unix ones; none here.
var platformSignals []namedSignal
