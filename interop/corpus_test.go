package interop_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir is the conformance corpus, in ../shared beside the module.
var corpusDir = filepath.Join(moduleRoot, "..", "shared", "conformance")

// printerProgram is a program that prints, added to the corpus's config
// where a test needs a log to read: a first line, then a numbered tick
// every 0.3 s.
const printerProgram = `
[program:printer]
command = sh -c 'echo printer says hello; i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.3; done'
startsecs = 0
`

// startCorpusHost runs the example host on the corpus's config file name
// (supervisord.conf or supervisord-auth.conf) with extra appended, its
// logs in a directory of the test's (made as .ci/replay.sh makes
// /tmp/conformance-run), on a free port (-listen replaces the
// config's, as .ci/replay.sh does).
func startCorpusHost(t *testing.T, name, extra string) *host {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		if os.Getenv("RPCINTERFACE_REQUIRE_INTEROP") == "1" {
			t.Fatalf("the conformance corpus is required (RPCINTERFACE_REQUIRE_INTEROP=1): %v", err)
		}
		t.Skipf("skipping: the conformance corpus is not beside the module (%v)", err)
	}
	run := t.TempDir() // the corpus's /tmp/conformance-run
	if err := os.Mkdir(filepath.Join(run, "auth"), 0o755); err != nil {
		t.Fatal(err)
	}
	config := strings.ReplaceAll(string(data), "/tmp/conformance-run", run) + extra
	return startHostConfig(t, config)
}
