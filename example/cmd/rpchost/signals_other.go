//go:build !linux

package main

import "os"

// platformSignals: no further signals on this system.
func platformSignals() []os.Signal { return nil }
