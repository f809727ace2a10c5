// Command rpchost is an example host: it loads a supervisord-style config
// file, runs the programs of its [program:x] sections (package
// example/procman) and serves its [rpcinterface:x] sections over XML-RPC
// at /RPC2, on the TCP port of [inet_http_server] and the UNIX socket of
// [unix_http_server], each with its own credentials. It is operated as
// supervisord is:
//
//   - SIGTERM, SIGINT and SIGQUIT (or supervisor.shutdown, supervisorctl
//     shutdown) stop every program, group by group in reverse priority
//     order, then the host exits, removing its socket and pidfile.
//   - SIGHUP (or supervisor.restart, supervisorctl reload) restarts: every
//     program is stopped, the config file read again, and the programs of
//     the new one started, in the same process (same pid); the listeners
//     stay open and answer throughout (SHUTDOWN_STATE while the programs
//     stop), and the XML-RPC namespaces are reloaded in place
//     (rpcext.Server.Reload): changed and new [rpcinterface:x] sections
//     are built, unchanged ones keep their state, removed ones answer
//     UNKNOWN_METHOD, and a listener is rebound only when its address or
//     socket changed. A config file that no longer reads is logged and
//     changes nothing.
//   - SIGUSR2 reopens the main log and the running programs' logs, for
//     log rotation by an outside tool (logrotate); other signals are
//     logged, none ends the host while its programs run.
//   - [supervisord] pidfile is written at start and removed at exit;
//     logfile, logfile_maxbytes (50MB), logfile_backups (10), loglevel
//     (critical, error, warn, info, debug, trace, blather), identifier,
//     childlogdir and nocleanup are read as supervisord reads them. The
//     main log, on stderr and in logfile, has supervisord's format
//     ("2026-12-02 11:42:27,109 INFO spawned: 'web' with pid 42"); each
//     XML-RPC call is logged at trace level. Without logfile there is no
//     main log file (maintail has nothing), without pidfile no pidfile.
//
// With the supervisor namespace enabled, supervisorctl drives it as it
// drives supervisord, every command included (status, start, stop,
// restart, signal, pid, tail, maintail, clear, avail, reread, update, add,
// remove, fg, reload, version, shutdown):
//
//	go run ./example/cmd/rpchost -c example/supervisord.conf &
//	supervisorctl -c example/supervisord.conf status
//	supervisorctl -c example/supervisord.conf tail -f hello
//	supervisorctl -c example/supervisord.conf shutdown
//
// Besides /RPC2 it serves supervisord's status page at / (package
// example/statuspage: the process table with start, stop, restart, clear
// log and a live tail), the API explorer at /explorer/ (package explorer),
// supervisorctl's log streams, /logtail/<name>/<stdout|stderr> and
// /mainlogtail, all behind the same credentials.
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
// A restart reloads them (see above).
//
// # Differences from supervisord
//
//   - A restart keeps the listeners open and answering (supervisord closes
//     them: its clients get "connection refused" meanwhile), and keeps the
//     value, and the state, of every [rpcinterface:x] section whose
//     factory and options did not change (supervisord builds every plugin
//     again); see reloadNamespaces. A config file that no longer reads is
//     logged and changes nothing (supervisord stops its programs and
//     exits).
//   - Every signal that would end a Go program, or that Go ignores, is
//     handled (supervisord dies of SIGUSR1, SIGALRM and most others,
//     leaving its programs running).
//   - Without [supervisord] logfile or pidfile there is no log file or
//     pidfile (supervisord writes supervisord.log and supervisord.pid in
//     its working directory); the log always goes to stderr too; the
//     pidfile is removed at exit only while it holds the host's pid.
//   - Log messages are cut at 1 KiB and attribute values at 256 bytes;
//     at trace level each call of a multicall is logged.
//   - The options of [supervisord] other than those above and
//     environment (user, umask, directory, minfds, minprocs, nodaemon,
//     silent, strip_ansi) are ignored; the host never daemonizes.
//
// Flags: -c config file (default supervisord.conf), -listen host:port to
// listen on instead of [inet_http_server] port, -v to log at debug level
// at least, -quiet not to log calls even at trace level (for benchmarks:
// see docs/performance.md), -debug host:port to serve pprof and expvar
// (goroutines, heap) on a loopback listener (the soak test reads them:
// see docs/security.md), -metrics=false not to serve /metrics.
//
// Unless GOGC or GOMEMLIMIT is set in its environment, the host runs the
// garbage collector at GOGC=400 under a 256 MiB soft memory limit (see
// gc.go): a request server with a small live heap collects far too often
// at Go's defaults.
//
// At /metrics, behind the same credentials as /RPC2, it serves in
// Prometheus's text format the duration of every call by method and fault
// code (rpc_server_call_duration_seconds, module otelrpc: its Metrics,
// produced to the OpenTelemetry Prometheus exporter) and the Go runtime's and the
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
	verbose := fs.Bool("v", false, "log at debug level at least")
	quiet := fs.Bool("quiet", false, "do not log calls, even at loglevel trace")
	debugAddr := fs.String("debug", "", "serve pprof and expvar (goroutines, heap) on this loopback `address`")
	serveMetrics := fs.Bool("metrics", true, "serve Prometheus metrics at "+metricsURL)
	if err := fs.Parse(args); err != nil {
		return err
	}
	gc := tuneGC(os.LookupEnv)
	if err := startDebug(*debugAddr); err != nil {
		return err
	}
	// Signals are caught before any program starts, so that none is left
	// behind by an early one. A closed stderr must not kill the host (and
	// orphan its programs): with SIGPIPE caught, such writes fail with
	// EPIPE instead. Caught, not ignored, so that the programs start with
	// the default action; not logged, as a log line to a closed stderr
	// would raise it again.
	sigs := make(chan os.Signal, 16)
	notifySignals(sigs)
	defer signal.Stop(sigs)
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)

	h, err := newHost(hostOptions{configPath: *configPath, listen: *listen, verbose: *verbose, quiet: *quiet, stderr: os.Stderr, gc: &gc})
	if err != nil {
		return err
	}
	defer h.close()
	if *serveMetrics {
		if h.metrics, err = newMetrics(); err != nil {
			return err
		}
	}
	return h.run(sigs)
}
