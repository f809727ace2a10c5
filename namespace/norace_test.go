//go:build !race

package namespace

// raceEnabled: the race detector changes what allocates.
const raceEnabled = false
