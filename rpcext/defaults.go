package rpcext

import (
	"time"

	"github.com/supervisorrpc/rpcinterface/namespace"
)

// Every default of the handler and of the listeners Serve starts, in one
// place. Each has an option that changes it; the option's documentation
// says what a zero or negative value does.
const (
	// DefaultMaxBodyBytes is the default limit on a request body
	// (WithMaxBodyBytes): ample for any call supervisorctl makes, and for
	// a few MiB of base64.
	DefaultMaxBodyBytes = 16 << 20

	// DefaultMaxAnswerBytes is the default limit on the size of an
	// answer (WithMaxAnswerBytes): far beyond any answer supervisorctl
	// reads, small enough that a host under attack does not run out of
	// memory building one.
	DefaultMaxAnswerBytes = namespace.DefaultMaxAnswerBytes

	// DefaultMaxMulticallCalls is the default limit on the calls in one
	// system.multicall (WithMaxMulticallCalls).
	DefaultMaxMulticallCalls = namespace.DefaultMaxMulticallCalls

	// DefaultBodyReadTimeout is how long a request body may take to
	// arrive once its headers have, on the listeners Serve starts
	// (WithBodyReadTimeout): a 16 MiB body needs 270 kB/s.
	DefaultBodyReadTimeout = time.Minute

	// DefaultReadHeaderTimeout cuts off clients that do not finish
	// sending their request headers (slow-loris) on the listeners Serve
	// starts (WithReadHeaderTimeout).
	DefaultReadHeaderTimeout = 10 * time.Second

	// DefaultIdleTimeout closes keep-alive connections idle for this long
	// on the listeners Serve starts (WithIdleTimeout).
	DefaultIdleTimeout = 5 * time.Minute

	// DefaultMaxHeaderBytes bounds a request's headers on the listeners
	// Serve starts; larger ones get HTTP 431.
	DefaultMaxHeaderBytes = 64 << 10

	// DefaultMaxConnections is how many connections each listener Serve
	// starts keeps open at a time (WithMaxConnections): far more than
	// supervisorctl and a status page use, and well below the file
	// descriptor limit Go raises a process to (the hard limit, commonly
	// 4096 and more).
	DefaultMaxConnections = 1024

	// DefaultShutdownTimeout is how long Serve waits for calls in
	// progress when its context is done (WithShutdownTimeout).
	DefaultShutdownTimeout = 30 * time.Second
)

// There is no default call timeout (see WithCallTimeout) and no write
// timeout on the listeners: a call may legitimately take long
// (supervisor.startProcess waits for startsecs), and so may a streamed
// log tail. The decoder's defaults are xmlrpc.DefaultLimits.
