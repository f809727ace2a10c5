package rpcext

import "github.com/supervisorrpc/rpcinterface/xmlrpc"

// Fault is an XML-RPC fault a method returns to answer <fault> with a
// chosen code. Its fault string follows supervisord's rule: the code's
// name, then ": " and Message when there is one ("BAD_NAME: foo"). Return
// it directly or wrapped; any other error a method returns is answered as
// FAILED with the error's text.
type Fault = xmlrpc.Fault

// Code is a fault code; the named ones are supervisord's table, and any
// other number is sent as is, named UNKNOWN in the fault string.
type Code = xmlrpc.Code

// Supervisord's fault codes (supervisor/xmlrpc.py, class Faults).
const (
	CodeUnknownMethod        = xmlrpc.CodeUnknownMethod
	CodeIncorrectParameters  = xmlrpc.CodeIncorrectParameters
	CodeBadArguments         = xmlrpc.CodeBadArguments
	CodeSignatureUnsupported = xmlrpc.CodeSignatureUnsupported
	CodeShutdownState        = xmlrpc.CodeShutdownState
	CodeBadName              = xmlrpc.CodeBadName
	CodeBadSignal            = xmlrpc.CodeBadSignal
	CodeNoFile               = xmlrpc.CodeNoFile
	CodeNotExecutable        = xmlrpc.CodeNotExecutable
	CodeFailed               = xmlrpc.CodeFailed
	CodeAbnormalTermination  = xmlrpc.CodeAbnormalTermination
	CodeSpawnError           = xmlrpc.CodeSpawnError
	CodeAlreadyStarted       = xmlrpc.CodeAlreadyStarted
	CodeNotRunning           = xmlrpc.CodeNotRunning
	CodeSuccess              = xmlrpc.CodeSuccess
	CodeAlreadyAdded         = xmlrpc.CodeAlreadyAdded
	CodeStillRunning         = xmlrpc.CodeStillRunning
	CodeCantReread           = xmlrpc.CodeCantReread
)

// NewFault returns a fault with code and message; an empty message gives
// the bare code name ("NOT_RUNNING") as fault string.
func NewFault(code Code, message string) *Fault { return xmlrpc.NewFault(code, message) }

// Faultf returns a fault whose message is formatted as by fmt.Errorf; an
// error wrapped with %w is kept for errors.Is and errors.As.
func Faultf(code Code, format string, args ...any) *Fault {
	return xmlrpc.Faultf(code, format, args...)
}
