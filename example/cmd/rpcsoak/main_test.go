package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestRefuses: rpcsoak stays bounded and on loopback.
func TestRefuses(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-url", "http://10.0.0.1:9001/RPC2", "-debug", "127.0.0.1:19499"}, "only loopback"},
		{[]string{"-url", "http://example.com:9001/RPC2", "-debug", "127.0.0.1:19499"}, "only loopback"},
		{[]string{"-url", "http://127.0.0.1:9001/RPC2", "-debug", "0.0.0.0:19499"}, "loopback"},
		{[]string{"-url", "http://127.0.0.1:9001/RPC2"}, "go together"},
		{[]string{"-duration", "2h"}, "-duration"},
		{[]string{"-duration", "0s"}, "-duration"},
		{[]string{"-clients", "100000"}, "-clients"},
		{[]string{"-max-requests", "0"}, "-max-requests"},
		{[]string{"-port-range", "9001"}, "-port-range"},
	}
	for _, tt := range tests {
		err := run(tt.args)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want an error about %q", tt.args, err, tt.want)
		}
	}
}

// TestSmoke runs a short, light soak against a host built from source.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the example host")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("skipping: go is not on PATH (%v)", err)
	}
	err := run([]string{"-duration", "2s", "-clients", "8", "-blob", "65536", "-array", "1000"})
	if err != nil {
		t.Fatal(err)
	}
}
