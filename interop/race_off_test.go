//go:build !race

package interop_test

// raceEnabled: this test binary was built without -race (see
// race_on_test.go).
const raceEnabled = false
