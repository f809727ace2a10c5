package xmlrpc

import (
	"errors"
	"fmt"
	"strconv"
)

// Code is an XML-RPC fault code. The named codes are supervisord's table
// (supervisor/xmlrpc.py, class Faults); any other int is a valid code too,
// named UNKNOWN as supervisord names it.
type Code int

// Supervisord's fault codes.
const (
	CodeUnknownMethod        Code = 1
	CodeIncorrectParameters  Code = 2
	CodeBadArguments         Code = 3
	CodeSignatureUnsupported Code = 4
	CodeShutdownState        Code = 6
	CodeBadName              Code = 10
	CodeBadSignal            Code = 11
	CodeNoFile               Code = 20
	CodeNotExecutable        Code = 21
	CodeFailed               Code = 30
	CodeAbnormalTermination  Code = 40
	CodeSpawnError           Code = 50
	CodeAlreadyStarted       Code = 60
	CodeNotRunning           Code = 70
	CodeSuccess              Code = 80
	CodeAlreadyAdded         Code = 90
	CodeStillRunning         Code = 91
	CodeCantReread           Code = 92
)

var codeNames = map[Code]string{
	CodeUnknownMethod:        "UNKNOWN_METHOD",
	CodeIncorrectParameters:  "INCORRECT_PARAMETERS",
	CodeBadArguments:         "BAD_ARGUMENTS",
	CodeSignatureUnsupported: "SIGNATURE_UNSUPPORTED",
	CodeShutdownState:        "SHUTDOWN_STATE",
	CodeBadName:              "BAD_NAME",
	CodeBadSignal:            "BAD_SIGNAL",
	CodeNoFile:               "NO_FILE",
	CodeNotExecutable:        "NOT_EXECUTABLE",
	CodeFailed:               "FAILED",
	CodeAbnormalTermination:  "ABNORMAL_TERMINATION",
	CodeSpawnError:           "SPAWN_ERROR",
	CodeAlreadyStarted:       "ALREADY_STARTED",
	CodeNotRunning:           "NOT_RUNNING",
	CodeSuccess:              "SUCCESS",
	CodeAlreadyAdded:         "ALREADY_ADDED",
	CodeStillRunning:         "STILL_RUNNING",
	CodeCantReread:           "CANT_REREAD",
}

// String returns the code's name in supervisord's table, such as
// "BAD_NAME", or "UNKNOWN" for a code the table does not have.
func (c Code) String() string {
	if name, ok := codeNames[c]; ok {
		return name
	}
	return "UNKNOWN"
}

// Fault is an XML-RPC fault: the error a method returns to make the call
// answer <fault> with a chosen code. Its fault string follows supervisord's
// rule: the code's name, then ": " and Message when Message is not empty
// ("BAD_NAME: foo", or just "BAD_NAME").
//
// A method may return a *Fault directly or wrapped (fmt.Errorf("...: %w",
// fault)); the dispatcher finds it with errors.As. Any other error becomes
// FAILED: its text.
type Fault struct {
	// Code is the faultCode, e.g. CodeBadName (10).
	Code Code
	// Message is the text after the code's name in the faultString
	// ("foo" in "BAD_NAME: foo"); empty, the faultString is the name.
	Message string
	cause   error
}

// NewFault returns a fault with the given code and message. An empty
// message gives the bare code name as fault string.
func NewFault(code Code, message string) *Fault {
	return &Fault{Code: code, Message: message}
}

// Faultf returns a fault whose message is formatted like fmt.Errorf; a %w
// verb records the wrapped error, which Unwrap returns.
func Faultf(code Code, format string, args ...any) *Fault {
	err := fmt.Errorf(format, args...)
	return &Fault{Code: code, Message: err.Error(), cause: errors.Unwrap(err)}
}

// FaultString returns the fault string sent to the client.
func (f *Fault) FaultString() string {
	if f == nil {
		return "<nil>" // a nil *Fault returned as an error: as fmt prints it
	}
	if f.Message == "" {
		return f.Code.String()
	}
	return f.Code.String() + ": " + f.Message
}

// Error returns the fault string and the code, e.g. "BAD_NAME: foo (fault 10)".
func (f *Fault) Error() string {
	if f == nil {
		return "<nil>"
	}
	return f.FaultString() + " (fault " + strconv.Itoa(int(f.Code)) + ")"
}

// Unwrap returns the error recorded with %w by Faultf, if any.
func (f *Fault) Unwrap() error {
	if f == nil {
		return nil
	}
	return f.cause
}

// Is reports whether target is a *Fault with the same code, so that
// errors.Is(err, xmlrpc.NewFault(xmlrpc.CodeBadName, "")) matches any
// BAD_NAME fault.
func (f *Fault) Is(target error) bool {
	t, ok := target.(*Fault)
	return ok && f != nil && t != nil && t.Code == f.Code
}
