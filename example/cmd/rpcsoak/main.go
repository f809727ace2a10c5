// Command rpcsoak is a bounded load and soak test of the example host
// (example/cmd/rpchost), loopback only. It starts the host (or targets one
// already running on a loopback address, with -url and -debug) and drives
// it with many concurrent clients for a fixed time and at most a fixed
// number of requests, mixing:
//
//   - good calls, every answer checked byte for byte: echo.add (small),
//     echo.echo of a 50-member struct, of a 10,000-int array and of a
//     1 MiB base64 blob, system.multicall of 100 echo.add, introspection
//     (system.listMethods, methodHelp, methodSignature) and
//     another.getRetries;
//   - bad requests, each checked for its status or fault: malformed XML
//     (400), GET (405), no Content-Length over a raw socket (411), an
//     oversized Content-Length (413), a wrong password (401), an unknown
//     method (fault 1) and wrong parameters (fault 2);
//   - disconnects: mid-request, and before reading the answer.
//
// Then it checks that no good call failed, that every bad call got its
// answer, and, through the host's -debug expvar figures (goroutines and
// live heap, each read after a garbage collection), that both came back
// to their baseline: goroutines within -goroutine-slack, heap within
// -heap-slack. It prints a report and exits 1 if a check failed.
//
//	go run ./example/cmd/rpcsoak -duration 60s
//
// Flags: -duration (default 60s, at most 1h), -clients (default 256),
// -max-requests (default 50,000,000), -url and -debug to target a running
// host (-user and -password for its credentials), -host to use a given
// rpchost binary instead of building one, -port-range for the ports of
// the host it starts (default 19400-19499).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "rpcsoak:", err)
		os.Exit(1)
	}
}

// settings are the command-line flags.
type settings struct {
	duration       time.Duration
	clients        int
	maxRequests    int64
	url, debug     string
	user, password string
	hostBin        string
	portLo, portHi int
	goroutineSlack int
	heapSlack      int64
	settle         time.Duration
	requestTimeout time.Duration
	blobBytes      int
	arrayLen       int
}

const (
	maxDuration = time.Hour
	maxClients  = 4096
)

func run(args []string) error {
	var s settings
	var ports string
	fs := flag.NewFlagSet("rpcsoak", flag.ContinueOnError)
	fs.DurationVar(&s.duration, "duration", 60*time.Second, "how long to drive the host (at most 1h)")
	fs.IntVar(&s.clients, "clients", 256, "concurrent clients")
	fs.Int64Var(&s.maxRequests, "max-requests", 50_000_000, "stop after this many requests")
	fs.StringVar(&s.url, "url", "", "target this running host's `URL` (loopback only) instead of starting one")
	fs.StringVar(&s.debug, "debug", "", "the running host's -debug `address` (with -url)")
	fs.StringVar(&s.user, "user", "", "username of the running host (with -url)")
	fs.StringVar(&s.password, "password", "", "password of the running host (with -url)")
	fs.StringVar(&s.hostBin, "host", "", "rpchost `binary` to start (default: built with go build)")
	fs.StringVar(&ports, "port-range", "19400-19499", "ports the started host may use")
	fs.IntVar(&s.goroutineSlack, "goroutine-slack", 2, "goroutines allowed above the baseline afterwards")
	fs.Int64Var(&s.heapSlack, "heap-slack", 4<<20, "live heap bytes allowed above the baseline afterwards")
	fs.DurationVar(&s.settle, "settle", 20*time.Second, "how long to wait for the figures to come back afterwards")
	fs.DurationVar(&s.requestTimeout, "request-timeout", time.Minute, "a good call not answered within this fails")
	fs.IntVar(&s.blobBytes, "blob", 1<<20, "bytes of the blob workload")
	fs.IntVar(&s.arrayLen, "array", 10_000, "ints in the array workload")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if _, err := fmt.Sscanf(ports, "%d-%d", &s.portLo, &s.portHi); err != nil || s.portLo < 1 || s.portHi > 65535 || s.portLo > s.portHi {
		return fmt.Errorf("-port-range %q: want LOW-HIGH", ports)
	}
	switch {
	case s.duration <= 0 || s.duration > maxDuration:
		return fmt.Errorf("-duration %v: between 0 and %v", s.duration, maxDuration)
	case s.clients < 1 || s.clients > maxClients:
		return fmt.Errorf("-clients %d: between 1 and %d", s.clients, maxClients)
	case s.maxRequests < 1:
		return fmt.Errorf("-max-requests %d: at least 1", s.maxRequests)
	case (s.url == "") != (s.debug == ""):
		return fmt.Errorf("-url and -debug go together")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var t *target
	var err error
	if s.url != "" {
		t, err = existingTarget(s)
	} else {
		t, err = startTarget(ctx, s)
	}
	if err != nil {
		return err
	}
	defer t.close()
	fmt.Printf("target %s (debug %s), %d clients, %v, at most %d requests\n", t.url, t.debugAddr, s.clients, s.duration, s.maxRequests)

	rep, err := soak(ctx, s, t)
	if err != nil {
		return err
	}
	rep.print(os.Stdout)
	if !rep.passed() {
		return fmt.Errorf("FAILED: %s", rep.summary())
	}
	fmt.Println("PASSED")
	return nil
}
