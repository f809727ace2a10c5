// Package bench is the echo namespace the shared benchmark harness
// measures (../shared/bench): echo.add(a, b) and echo.echo(v). It is
// registered under the harness's Python plugin name,
// bench_plugin:make_rpcinterface, so the Go host serves the harness's
// workloads from a plain config file, exactly as a user would:
//
//	go run ./example/cmd/rpchost -c example/bench/bench.conf
package bench

import "github.com/supervisorrpc/rpcinterface/rpcext"

// FactoryName is the factory name of the harness's plugin.
const FactoryName = "bench_plugin:make_rpcinterface"

func init() { rpcext.Register(FactoryName, New) }

// New is the factory. The namespace needs no options and, like the
// harness's Python factory (make_rpcinterface(supervisord, **config)),
// accepts and ignores any.
func New(host any, opts rpcext.Options) (any, error) {
	opts.AcceptAny()
	return &Echo{}, nil
}

// Echo is the namespace.
type Echo struct{}

// Add returns a + b.
func (*Echo) Add(a, b int) int { return a + b }

// Echo returns its argument unchanged.
func (*Echo) Echo(v any) any { return v }
