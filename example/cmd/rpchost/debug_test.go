package main

import (
	"strings"
	"testing"
)

// TestDebugLoopbackOnly: -debug refuses every address that is not
// loopback (the profiles and figures it serves are not for the network).
func TestDebugLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:19499", ":19499", "[::]:19499", "10.1.2.3:19499", "example.com:19499", "127.0.0.1"} {
		if err := startDebug(addr); err == nil {
			t.Errorf("-debug %s accepted", addr)
		} else if !strings.Contains(err.Error(), "-debug") {
			t.Errorf("-debug %s: %v", addr, err)
		}
	}
	if err := startDebug(""); err != nil {
		t.Fatalf("no -debug: %v", err)
	}
}
