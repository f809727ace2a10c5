// Package conformance is a Go port of the conformance corpus's reference
// plugin (conformance_plugin.py), registered under the same factory name,
// conformance_plugin:make_echo_rpcinterface, so that the corpus's own
// supervisord.conf loads unchanged and the Go server can be checked
// against supervisord 4.2.5's recorded answers.
//
// It is also a worked example of porting a Python plugin: Python's dynamic
// values become `any` where the Python code accepted anything, a default
// argument becomes rpcext.Optional, *args a variadic parameter, RPCError a
// *rpcext.Fault, and the docstrings are served verbatim through RPCDocs.
package conformance

//go:generate python3 gen_docs.py

import (
	"errors"
	"slices"
	"time"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// FactoryName is the name config files use for this plugin.
const FactoryName = "conformance_plugin:make_echo_rpcinterface"

func init() { rpcext.Register(FactoryName, New) }

// New is the factory: it keeps the section's options, which Config returns.
func New(host any, opts rpcext.Options) (any, error) {
	return &Echo{host: host, config: opts.Map(), Attr: "not a method", Child: &Child{}}, nil
}

// Echo is the namespace. Its exported fields show what is never reachable
// over XML-RPC: a value (echo.attr) and a nested object with a method
// (echo.child.hello).
type Echo struct {
	host   any
	config map[string]string
	zero   int // boom divides by it

	Attr  string
	Child *Child
}

// Child has a method that must never be callable through Echo.
type Child struct{}

// Hello is reachable only if object traversal were allowed.
func (*Child) Hello() string { return "hello from child" }

// hidden is Python's _hidden: unexported, never published.
func (*Echo) hidden() string { return "hidden" }

// RPCDocs serves the Python docstrings; nodoc has none, and supervisord
// then answers methodHelp with "None" and methodSignature with a fault.
func (*Echo) RPCDocs() map[string]rpcext.Doc {
	docs := map[string]rpcext.Doc{"nodoc": {Help: "None", NoSignature: true}}
	for name, s := range docstrings {
		docs[name] = rpcext.Docstring(s)
	}
	return docs
}

// Ping answers "pong".
func (*Echo) Ping() string { return "pong" }

// Echo returns its argument.
func (*Echo) Echo(v any) any { return v }

// Add returns a + b with Python's meaning of +.
func (*Echo) Add(a, b any) (any, error) { return pyAdd(a, b) }

// Concat joins two strings.
func (*Echo) Concat(a, b any) (string, error) {
	sa, ok1 := a.(string)
	sb, ok2 := b.(string)
	if !ok1 || !ok2 {
		return "", rpcext.NewFault(rpcext.CodeBadArguments, "concat needs two strings")
	}
	return sa + sb, nil
}

// Config returns the options the factory received.
func (e *Echo) Config() map[string]string { return e.config }

// Fail returns the fault code with msg, or the bare code when msg is
// missing or empty.
func (*Echo) Fail(code int, msg rpcext.Optional[string]) error {
	return rpcext.NewFault(rpcext.Code(code), msg.Value)
}

// FailPlain returns a plain error: FAILED with its text.
func (*Echo) FailPlain(msg string) error { return errors.New(msg) }

// Boom divides by zero: the panic is answered with HTTP 500, as
// supervisord answers Python's ZeroDivisionError.
func (e *Echo) Boom() int { return 1 / e.zero }

// Sum adds up an array the way Python's loop `total = total + v` does.
func (*Echo) Sum(values []any) (any, error) {
	var total any = 0
	for _, v := range values {
		var err error
		if total, err = pyAdd(total, v); err != nil {
			return nil, err
		}
	}
	return total, nil
}

// Keys returns the struct's member names, sorted.
func (*Echo) Keys(s map[string]any) []string {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Optional returns a + b, b defaulting to 10.
func (*Echo) Optional(a any, b rpcext.Optional[any]) (any, error) {
	return pyAdd(a, b.Or(10))
}

// Count returns the number of arguments.
func (*Echo) Count(args ...any) int { return len(args) }

// Types returns one value of every XML-RPC type.
func (*Echo) Types() map[string]any {
	return map[string]any{
		"int":      42,
		"boolean":  true,
		"string":   "hello <&> world",
		"double":   1.5,
		"dateTime": time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		"array":    []any{1, "two", false},
		"struct":   map[string]any{"a": 1, "b": "two"},
		"base64":   []byte("\x00\x01binary\xff"),
	}
}

// Big returns 2**40, beyond 32 bits: answered as <i8>.
func (*Echo) Big() int64 { return 1 << 40 }

// None returns nil: answered as <nil/>.
func (*Echo) None() any { return nil }

// Noreturn returns its argument; its docstring has no @return tag.
func (*Echo) Noreturn(v any) any { return v }

// Nodoc has no docstring.
func (*Echo) Nodoc() string { return "nodoc" }
