// Command rpchost is an example host: it loads a supervisord-style config
// file, runs the programs of its [program:x] sections (package
// example/procman) and serves its [rpcinterface:x] sections over XML-RPC
// at /RPC2, on the TCP port of [inet_http_server] and the UNIX socket of
// [unix_http_server], each with its own credentials, until SIGINT, SIGTERM
// or supervisor.shutdown; then it stops every program and exits.
//
// With the supervisor namespace enabled, supervisorctl drives it as it
// drives supervisord:
//
//	go run ./example/cmd/rpchost -c example/supervisord.conf &
//	supervisorctl -c example/supervisord.conf status
//	supervisorctl -c example/supervisord.conf tail -f hello
//	supervisorctl -c example/supervisord.conf shutdown
//
// status, start, stop, restart, pid, tail (-f, -N, stderr), maintail (-f,
// -N), version, avail, signal, clear and shutdown work; reload, reread,
// update, add, remove and fg do not (their methods are not published).
//
// Besides /RPC2 it serves supervisord's status page at / (package
// example/statuspage: the process table with start, stop, restart, clear
// log and a live tail), the API explorer at /explorer/ (package explorer),
// supervisorctl's log streams, /logtail/<name>/<stdout|stderr> and
// /mainlogtail, all behind the same credentials. It writes its own log to
// stderr and to [supervisord] logfile (which maintail reads; without one
// there is no main log). [supervisord] identifier, childlogdir, loglevel
// and nocleanup are read as supervisord reads them.
//
// Plugins are linked in by importing their packages; this host has the
// examples: supervisor (supervisor.rpcinterface:make_main_rpcinterface),
// another (my.package:make_another_rpcinterface), the conformance corpus's
// echo plugin (conformance_plugin:make_echo_rpcinterface), supervisor_cache
// (supervisor_cache.rpcinterface:make_cache_rpcinterface),
// supervisor_twiddler
// (supervisor_twiddler.rpcinterface:make_twiddler_rpcinterface: add
// programs to a group and remove processes while the host runs) and the
// shared benchmark harness's echo namespace (bench_plugin:make_rpcinterface).
//
// Flags: -c config file (default supervisord.conf), -listen host:port to
// listen on instead of [inet_http_server] port, -v to log at debug level,
// -quiet not to log each call (for benchmarks: see docs/performance.md),
// -debug host:port to serve pprof and expvar (goroutines, heap) on a
// loopback listener (the soak test reads them: see docs/security.md),
// -metrics=false not to serve /metrics.
//
// At /metrics, behind the same credentials as /RPC2, it serves in
// Prometheus's text format the duration of every call by method and fault
// code (rpc_server_call_duration_seconds, module otelrpc: an OpenTelemetry
// meter read by the Prometheus exporter) and the Go runtime's and the
// process's metrics. It is a module of its own (see the README), so that
// the OpenTelemetry and Prometheus dependencies stay out of the core
// module.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	_ "github.com/supervisorrpc/rpcinterface/example/another"
	_ "github.com/supervisorrpc/rpcinterface/example/bench"
	_ "github.com/supervisorrpc/rpcinterface/example/cache"
	_ "github.com/supervisorrpc/rpcinterface/example/conformance"
	_ "github.com/supervisorrpc/rpcinterface/example/supervisor"
	_ "github.com/supervisorrpc/rpcinterface/example/twiddler"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "rpchost:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("rpchost", flag.ContinueOnError)
	configPath := fs.String("c", "supervisord.conf", "supervisord-style config `file`")
	listen := fs.String("listen", "", "listen on this `address` instead of [inet_http_server] port")
	verbose := fs.Bool("v", false, "log at debug level")
	quiet := fs.Bool("quiet", false, "do not log each call")
	debugAddr := fs.String("debug", "", "serve pprof and expvar (goroutines, heap) on this loopback `address`")
	serveMetrics := fs.Bool("metrics", true, "serve Prometheus metrics at "+metricsURL)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := startDebug(*debugAddr); err != nil {
		return err
	}
	cfg, err := rpcext.LoadConfig(*configPath)
	if err != nil {
		return err
	}
	if *listen != "" {
		if err := overrideInet(cfg, *listen); err != nil {
			return err
		}
	}
	if cfg.InetHTTPServer == nil && cfg.UnixHTTPServer == nil {
		return fmt.Errorf("%s has neither [inet_http_server] nor [unix_http_server]; use -listen", *configPath)
	}
	// Signals are caught before any program starts, so that none is left
	// behind by an early Ctrl-C.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	// A closed stderr must not kill the host (and orphan its programs):
	// with SIGPIPE caught, such writes fail with EPIPE instead. Caught,
	// not ignored, so that the programs start with the default action.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)

	h, err := newHost(cfg, *verbose)
	if err != nil {
		return err
	}
	h.logEachCall = !*quiet
	defer h.close()
	if *serveMetrics {
		if h.metrics, err = newMetrics(); err != nil {
			return err
		}
	}
	return h.serve(sigs)
}
