package interop_test

import (
	"os"
	"os/exec"
	"testing"
)

// requireTool returns the path of the program name on PATH. When it is
// missing the test is skipped with a clear message, or fails instead when
// RPCINTERFACE_REQUIRE_INTEROP=1 (as CI sets it, so that a missing tool
// cannot pass silently).
func requireTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("RPCINTERFACE_REQUIRE_INTEROP") == "1" {
		t.Fatalf("%s is required (RPCINTERFACE_REQUIRE_INTEROP=1) but not on PATH: %v", name, err)
	}
	t.Skipf("skipping: %s is not on PATH (%v); install it to run this interop test", name, err)
	return ""
}
