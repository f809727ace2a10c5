package interop_test

import (
	"bufio"
	"bytes"
	"errors"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/client"
	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// startSpecPython runs testdata/specserver.py, Python's
// SimpleXMLRPCServer with register_multicall_functions, until the test
// ends, and returns its URL (no path: /RPC2 is implied, which it serves).
func startSpecPython(t *testing.T) string {
	t.Helper()
	python := requireTool(t, "python3")
	cmd := exec.Command(python, "testdata/specserver.py")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr testkit.LogBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close() // it exits when stdin closes
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(ctlWait):
			cmd.Process.Kill()
			<-done
		}
	})
	port, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("specserver.py printed no port: %v\n%s", err, stderr.String())
	}
	return "http://127.0.0.1:" + strings.TrimSpace(port)
}

// TestPythonSpecServer calls Python's SimpleXMLRPCServer with the Go
// client: values, Python's faults, introspection, and system.multicall in
// the specification's dialect (WithSpecMulticall).
func TestPythonSpecServer(t *testing.T) {
	url := startSpecPython(t)
	ctx := t.Context()
	c, err := client.Dial(url, client.WithSpecMulticall())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	var n int
	if err := c.Call(ctx, "add", &n, 2, 3); err != nil || n != 5 {
		t.Errorf("add: %d, %v", n, err)
	}
	in := map[string]any{"s": "a<b", "b": []byte{0, 1, 2}, "t": time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		"f": 1.5, "n": nil, "a": []any{true, -7}}
	var out map[string]any
	if err := c.Call(ctx, "echo", &out, in); err != nil {
		t.Fatal(err)
	}
	if !equalAny(in, out) {
		t.Errorf("echo: sent %#v, got %#v", in, out)
	}
	var proc struct {
		Name string `xmlrpc:"name"`
		PID  int    `xmlrpc:"pid"`
	}
	if err := c.Call(ctx, "info", &proc, "web"); err != nil || proc.Name != "web" || proc.PID != 42 {
		t.Errorf("info: %+v, %v", proc, err)
	}

	// Python's faults: code 1 and "<class '...'>:message", kept as sent.
	err = c.Call(ctx, "fail", nil, "boom")
	var f *xmlrpc.Fault
	if !errors.As(err, &f) || f.Code != 1 || f.FaultString() != "<class 'ValueError'>:boom" {
		t.Errorf("fail: %v", err)
	}
	// An integer beyond 32 bits: Python reads the <i8> but cannot answer
	// it (OverflowError): a fault, not a misread value.
	if err := c.Call(ctx, "echo", &n, int64(1)<<40); !errors.As(err, &f) || !strings.Contains(f.FaultString(), "OverflowError") {
		t.Errorf("echo(1<<40): %v", err)
	}

	methods, err := c.ListMethods(ctx)
	if err != nil || !slices.Contains(methods, "add") || !slices.Contains(methods, "system.multicall") {
		t.Errorf("ListMethods: %v, %v", methods, err)
	}
	if sig, err := c.MethodSignature(ctx, "add"); err != nil || sig != nil {
		t.Errorf("MethodSignature (Python has none): %v, %v", sig, err)
	}

	var sum int
	var echoed []any
	errs, err := c.Multicall(ctx,
		client.Request{Method: "add", Args: []any{1, 2}, Result: &sum},
		client.Request{Method: "fail", Args: []any{"in a multicall"}},
		client.Request{Method: "nosuch"},
		client.Request{Method: "echo", Args: []any{[]any{"x", 2}}, Result: &echoed},
		client.Request{Method: "info", Args: []any{"db"}, Result: &proc},
	)
	if err != nil {
		t.Fatal(err)
	}
	if sum != 3 || len(echoed) != 2 || echoed[0] != "x" {
		t.Errorf("results: %d %#v", sum, echoed)
	}
	wantStrings := []string{"", "<class 'ValueError'>:in a multicall", `<class 'Exception'>:method "nosuch" is not supported`, "", "<class 'LookupError'>:db"}
	for i, want := range wantStrings {
		var f *xmlrpc.Fault
		switch {
		case want == "" && errs[i] != nil:
			t.Errorf("call %d: %v", i, errs[i])
		case want != "" && (!errors.As(errs[i], &f) || f.Code != 1 || f.FaultString() != want):
			t.Errorf("call %d: %v, want fault 1 %q", i, errs[i], want)
		}
	}

	// The default dialect reads Python's wrapped values as a protocol
	// error for the whole call, not as misread values.
	def, _ := client.Dial(url)
	defer def.Close()
	if _, err := def.Multicall(ctx, client.Request{Method: "add", Args: []any{1, 2}, Result: &sum}); err == nil {
		t.Error("supervisord's dialect read the spec's answer")
	}
}

// equalAny compares values as the client decodes them from what was
// sent: a nil interface stays nil, []byte by bytes.
func equalAny(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			if w, ok := y[k]; !ok || !equalAny(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equalAny(x[i], y[i]) {
				return false
			}
		}
		return true
	case []byte:
		y, ok := b.([]byte)
		return ok && bytes.Equal(x, y)
	case time.Time:
		y, ok := b.(time.Time)
		return ok && x.Equal(y)
	}
	return a == b
}
