//go:build race

package interop_test

// raceEnabled: this test binary was built with -race, so the programs it
// builds from this repository (the example host, rpcctl) are too, and
// their data races fail the test that ran them.
const raceEnabled = true
