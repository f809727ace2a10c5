//go:build race

package xmlrpc_test

// raceEnabled: the race detector changes what allocations cost.
const raceEnabled = true
