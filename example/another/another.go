// Package another is the plugin from the project's seed example: the
// smallest useful rpcinterface. A config file enables it with
//
//	[rpcinterface:another]
//	supervisor.rpcinterface_factory = my.package:make_another_rpcinterface
//	retries = 1
//
// and clients then call another.getRetries() and another.setRetries(n).
package another

import (
	"sync"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// FactoryName is the name config files use for this plugin.
const FactoryName = "my.package:make_another_rpcinterface"

func init() { rpcext.Register(FactoryName, New) }

// New is the factory. The retries option must be a non-negative integer;
// a bad value stops the host at start-up with an error naming the file,
// section and key.
func New(host any, opts rpcext.Options) (any, error) {
	retries, err := opts.Int("retries", 0)
	if err != nil {
		return nil, err
	}
	if retries < 0 {
		return nil, rpcext.Faultf(rpcext.CodeBadArguments, "retries must not be negative, got %d", retries)
	}
	return &Another{retries: retries}, nil
}

// Another is the namespace: another.getRetries, another.setRetries.
type Another struct {
	mu      sync.Mutex
	retries int
}

// GetRetries returns the configured number of retries.
func (a *Another) GetRetries() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.retries
}

// SetRetries changes the number of retries; a negative number is refused
// with fault BAD_ARGUMENTS.
func (a *Another) SetRetries(n int) error {
	if n < 0 {
		return rpcext.Faultf(rpcext.CodeBadArguments, "retries must not be negative, got %d", n)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.retries = n
	return nil
}

// RPCDocs documents the methods for system.methodHelp.
func (*Another) RPCDocs() map[string]rpcext.Doc {
	return map[string]rpcext.Doc{
		"getRetries": {Help: "Return the number of retries configured in [rpcinterface:another] retries."},
		"setRetries": {Help: "Set the number of retries (a non-negative integer); returns true."},
	}
}
