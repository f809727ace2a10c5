package rpctest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/supervisorrpc/rpcinterface/rpcext"
	"github.com/supervisorrpc/rpcinterface/rpctest"
)

// The plugin under test: namespace jobs, made by its factory from the
// section's options.
type Jobs struct{ max, n int }

func init() { rpcext.Register("example.com/jobs:make_jobs", makeJobs) }

func makeJobs(_ any, opts rpcext.Options) (any, error) {
	max, err := opts.Int("max_jobs", 1)
	return &Jobs{max: max}, err
}

// Submit starts a job and returns its id, or fails with a fault.
func (j *Jobs) Submit(command string) (int, error) {
	if j.n == j.max {
		return 0, rpcext.Faultf(rpcext.CodeFailed, "%d jobs already", j.max)
	}
	j.n++
	return j.n, nil
}

// testJobs is what a plugin's test does with rpctest: serve a config,
// call through the client, check answers and faults.
func testJobs(t testing.TB) {
	srv := rpctest.NewServer(t, `
[rpcinterface:jobs]
supervisor.rpcinterface_factory = example.com/jobs:make_jobs
max_jobs = 2
`)
	c := srv.Client()
	for range 3 {
		var id int
		err := c.Call(context.Background(), "jobs.submit", &id, "sleep 1")
		fmt.Println(id, err)
	}
}

// In a test file, testJobs is the body of func TestJobs(t *testing.T).
// Here an exampleT stands in for the *testing.T, so that it runs.
func ExampleNewServer() {
	t := &exampleT{}
	defer t.cleanup()
	testJobs(t)
	// Output:
	// 1 <nil>
	// 2 <nil>
	// 0 FAILED: 2 jobs already (fault 30)
}

// exampleT is the little of testing.TB that rpctest.NewServer uses.
type exampleT struct {
	testing.TB // not used: only for the methods not defined here
	cleanups   []func()
}

func (t *exampleT) Helper()                         {}
func (t *exampleT) Logf(format string, args ...any) { fmt.Printf(format+"\n", args...) }
func (t *exampleT) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}
func (t *exampleT) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }
func (t *exampleT) cleanup() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}
