package xmlrpc_test

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

func TestCodeNames(t *testing.T) {
	// supervisor/xmlrpc.py, class Faults.
	want := map[xmlrpc.Code]string{
		1: "UNKNOWN_METHOD", 2: "INCORRECT_PARAMETERS", 3: "BAD_ARGUMENTS", 4: "SIGNATURE_UNSUPPORTED",
		6: "SHUTDOWN_STATE", 10: "BAD_NAME", 11: "BAD_SIGNAL", 20: "NO_FILE", 21: "NOT_EXECUTABLE",
		30: "FAILED", 40: "ABNORMAL_TERMINATION", 50: "SPAWN_ERROR", 60: "ALREADY_STARTED",
		70: "NOT_RUNNING", 80: "SUCCESS", 90: "ALREADY_ADDED", 91: "STILL_RUNNING", 92: "CANT_REREAD",
		0: "UNKNOWN", 5: "UNKNOWN", 999: "UNKNOWN", -1: "UNKNOWN",
	}
	for code, name := range want {
		if got := code.String(); got != name {
			t.Errorf("Code(%d).String() = %q, want %q", code, got, name)
		}
	}
	consts := []xmlrpc.Code{xmlrpc.CodeUnknownMethod, xmlrpc.CodeIncorrectParameters, xmlrpc.CodeBadArguments,
		xmlrpc.CodeSignatureUnsupported, xmlrpc.CodeShutdownState, xmlrpc.CodeBadName, xmlrpc.CodeBadSignal,
		xmlrpc.CodeNoFile, xmlrpc.CodeNotExecutable, xmlrpc.CodeFailed, xmlrpc.CodeAbnormalTermination,
		xmlrpc.CodeSpawnError, xmlrpc.CodeAlreadyStarted, xmlrpc.CodeNotRunning, xmlrpc.CodeSuccess,
		xmlrpc.CodeAlreadyAdded, xmlrpc.CodeStillRunning, xmlrpc.CodeCantReread}
	wantVals := []int{1, 2, 3, 4, 6, 10, 11, 20, 21, 30, 40, 50, 60, 70, 80, 90, 91, 92}
	for i, c := range consts {
		if int(c) != wantVals[i] {
			t.Errorf("constant %v = %d, want %d", c, int(c), wantVals[i])
		}
	}
}

func TestFault(t *testing.T) {
	cases := []struct {
		f          *xmlrpc.Fault
		faultStr   string
		errorStr   string
		wantUnwrap error
	}{
		{xmlrpc.NewFault(xmlrpc.CodeBadName, "foo"), "BAD_NAME: foo", "BAD_NAME: foo (fault 10)", nil},
		{xmlrpc.NewFault(xmlrpc.CodeBadName, ""), "BAD_NAME", "BAD_NAME (fault 10)", nil},
		{xmlrpc.NewFault(999, "custom"), "UNKNOWN: custom", "UNKNOWN: custom (fault 999)", nil},
		{xmlrpc.NewFault(0, ""), "UNKNOWN", "UNKNOWN (fault 0)", nil},
		{xmlrpc.Faultf(xmlrpc.CodeFailed, "open %s: %w", "x", io.EOF), "FAILED: open x: EOF", "FAILED: open x: EOF (fault 30)", io.EOF},
		{xmlrpc.Faultf(xmlrpc.CodeNoFile, "no %d", 3), "NO_FILE: no 3", "NO_FILE: no 3 (fault 20)", nil},
	}
	for _, tc := range cases {
		if got := tc.f.FaultString(); got != tc.faultStr {
			t.Errorf("FaultString() = %q, want %q", got, tc.faultStr)
		}
		if got := tc.f.Error(); got != tc.errorStr {
			t.Errorf("Error() = %q, want %q", got, tc.errorStr)
		}
		if got := tc.f.Unwrap(); got != tc.wantUnwrap {
			t.Errorf("Unwrap() = %v, want %v", got, tc.wantUnwrap)
		}
	}
	f := xmlrpc.Faultf(xmlrpc.CodeFailed, "read: %w", io.ErrUnexpectedEOF)
	if !errors.Is(f, io.ErrUnexpectedEOF) {
		t.Error("errors.Is through Faultf's %w")
	}
	wrapped := fmt.Errorf("context: %w", xmlrpc.NewFault(xmlrpc.CodeBadName, "x"))
	if !errors.Is(wrapped, xmlrpc.NewFault(xmlrpc.CodeBadName, "")) {
		t.Error("errors.Is matches any fault with the same code")
	}
	if errors.Is(wrapped, xmlrpc.NewFault(xmlrpc.CodeBadSignal, "x")) {
		t.Error("errors.Is matched another code")
	}
	if errors.Is(wrapped, io.EOF) {
		t.Error("errors.Is matched a non-fault")
	}
	var got *xmlrpc.Fault
	if !errors.As(wrapped, &got) || got.Message != "x" || got.Code != xmlrpc.CodeBadName {
		t.Errorf("errors.As: %v", got)
	}
}
