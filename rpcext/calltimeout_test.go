package rpcext_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// faultyNS has methods that misbehave in every way a plugin can.
type faultyNS struct {
	release chan struct{} // closed at the end of the test
	started chan string
}

func newFaulty(t *testing.T) *faultyNS {
	f := &faultyNS{release: make(chan struct{}), started: make(chan string, 100)}
	t.Cleanup(func() { close(f.release) })
	return f
}

func (f *faultyNS) Add(a, b int) int { return a + b }

// Stuck ignores its context and returns only at the end of the test.
func (f *faultyNS) Stuck() string {
	f.started <- "stuck"
	<-f.release
	return "finally"
}

// Patient returns when its context is done.
func (f *faultyNS) Patient(ctx context.Context) (string, error) {
	f.started <- "patient"
	<-ctx.Done()
	return "", ctx.Err()
}

// Deadline reports whether its context has a deadline.
func (f *faultyNS) Deadline(ctx context.Context) bool {
	_, ok := ctx.Deadline()
	return ok
}

func (f *faultyNS) Boom() int          { panic("boom") }
func (f *faultyNS) NilMap() int        { var m map[string]int; m["x"] = 1; return 0 }
func (f *faultyNS) Unencodable() any   { return make(chan int) }
func (f *faultyNS) NaN() float64       { return math.NaN() }
func (f *faultyNS) BadText() string    { return "a\x00b" }
func (f *faultyNS) Cycle() any         { m := map[string]any{}; m["self"] = m; return m }
func (f *faultyNS) NilError() error    { var p *myErr; return p }
func (f *faultyNS) ErrorPanics() error { return panickyErr{} }

type myErr struct{}

func (*myErr) Error() string { return "my error" }

type panickyErr struct{}

func (panickyErr) Error() string { panic("Error panicked") }

// TestMisbehavingMethods: a method that panics (500), returns a value
// that cannot be encoded (fault FAILED) or blocks past the call timeout
// (fault FAILED "call timed out after ..."), whether it ignores its
// context or not, fails that call only: the failure is logged with the
// method's name, and calls made meanwhile, before and after are served.
func TestMisbehavingMethods(t *testing.T) {
	f := newFaulty(t)
	const timeout = time.Second
	h, logs := nsHandler(t, "f", f, rpcext.WithCallTimeout(timeout))
	srv := httpServer(t, h)
	client := srv.Client()
	do := func(body string) (int, string) {
		resp, err := client.Post(srv.URL+rpcext.Path, "text/xml", strings.NewReader(body))
		if err != nil {
			t.Error(err)
			return 0, ""
		}
		defer resp.Body.Close()
		return resp.StatusCode, readAll(resp)
	}
	timedOut := fmt.Sprintf("FAILED: call timed out after %v", timeout)
	tests := []struct {
		method string
		status int
		fault  string // faultString prefix, for 200
		log    string
	}{
		{"f.stuck", 200, timedOut, `msg="rpcext: call timed out" method=f.stuck`},
		{"f.patient", 200, timedOut, `msg="rpcext: call timed out" method=f.patient`},
		{"f.boom", 500, "", `status=500 remote=`},
		{"f.nilMap", 500, "", `method=f.nilMap panic="assignment to entry in nil map"`},
		{"f.unencodable", 200, "FAILED: cannot encode the result of f.unencodable", `method=f.unencodable`},
		{"f.naN", 200, "FAILED: cannot encode the result of f.naN", `method=f.naN`},
		{"f.badText", 200, "FAILED: cannot encode the result of f.badText", `method=f.badText`},
		{"f.cycle", 200, "FAILED: cannot encode the result of f.cycle", `method=f.cycle`},
		{"f.nilError", 200, "FAILED", ``},
		{"f.errorPanics", 200, "FAILED", ``},
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	// Good calls all along.
	goodCalls := 0
	var goodMu sync.Mutex
	for i := range 4 {
		wg.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				status, body := do(call("f.add", fmt.Sprintf("<int>%d</int>", i), fmt.Sprintf("<int>%d</int>", n)))
				if want := fmt.Sprintf("<int>%d</int>", i+n); status != 200 || !strings.Contains(body, want) {
					t.Errorf("good call: %d %q, want %s", status, body, want)
					return
				}
				goodMu.Lock()
				goodCalls++
				goodMu.Unlock()
			}
		})
	}
	var bad sync.WaitGroup
	for _, tt := range tests {
		for range 3 { // several at once
			bad.Go(func() {
				status, body := do(call(tt.method))
				if status != tt.status {
					t.Errorf("%s: status %d %q, want %d", tt.method, status, body, tt.status)
					return
				}
				if tt.status == 200 && !strings.HasPrefix(faultOf(body), tt.fault) {
					t.Errorf("%s: %q, want a fault %q", tt.method, body, tt.fault)
				}
			})
		}
	}
	bad.Wait()
	close(stop)
	wg.Wait()
	if goodCalls == 0 {
		t.Fatal("no good call was made")
	}
	out := logs.String()
	for _, tt := range tests {
		if !strings.Contains(out, tt.log) {
			t.Errorf("%s: the log does not contain %q:\n%s", tt.method, tt.log, out)
		}
	}
	if !strings.Contains(out, "abandoned=true") {
		t.Errorf("the abandoned call is not logged as such")
	}
	// The stuck methods still run: the server still answers.
	if status, body := do(call("f.add", "<int>1</int>", "<int>2</int>")); status != 200 || !strings.Contains(body, "<int>3</int>") {
		t.Fatalf("after: %d %q", status, body)
	}
}

// TestCallTimeoutDeadline: by default a method's context has no deadline
// (there is no call timeout); WithCallTimeout gives it one.
func TestCallTimeoutDeadline(t *testing.T) {
	for _, tt := range []struct {
		opts []rpcext.MountOption
		want string
	}{
		{nil, "<boolean>0</boolean>"},
		{[]rpcext.MountOption{rpcext.WithCallTimeout(0)}, "<boolean>0</boolean>"},
		{[]rpcext.MountOption{rpcext.WithCallTimeout(time.Hour)}, "<boolean>1</boolean>"},
	} {
		h, _ := nsHandler(t, "f", newFaulty(t), tt.opts...)
		if w := post(h, call("f.deadline")); !strings.Contains(w.Body.String(), tt.want) {
			t.Errorf("%d options: %q, want %s", len(tt.opts), w.Body, tt.want)
		}
	}
}

// TestClientGoneWithCallTimeout: with a call timeout too, a client that
// disconnects cancels the method's context; a method that ignores it is
// abandoned (and logged) rather than holding the handler.
func TestClientGoneWithCallTimeout(t *testing.T) {
	h, p, _ := newTestHandler(t, testConfig, rpcext.WithCallTimeout(time.Hour))
	srv := httpServer(t, h)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/RPC2", strings.NewReader(call("test.block")))
		_, err := http.DefaultClient.Do(req)
		done <- err
	}()
	<-p.started
	cancel()
	select {
	case err := <-p.ctxErr:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("method saw %v", err)
		}
	case <-time.After(liveness):
		t.Fatal("the method's context was not cancelled when the client went away")
	}
	<-done

	f := newFaulty(t)
	h2, logs := nsHandler(t, "f", f, rpcext.WithCallTimeout(time.Hour))
	srv2 := httpServer(t, h2)
	ctx, cancel = context.WithCancel(context.Background())
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv2.URL+"/RPC2", strings.NewReader(call("f.stuck")))
		http.DefaultClient.Do(req)
	}()
	<-f.started
	cancel()
	for deadline := time.Now().Add(liveness); !strings.Contains(logs.String(), "client went away"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the handler still waits for a method whose client went away:\n%s", logs)
		}
	}
	if !strings.Contains(logs.String(), "method=f.stuck") {
		t.Fatalf("the abandoned method is not named:\n%s", logs)
	}
}

func readAll(resp *http.Response) string {
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}
