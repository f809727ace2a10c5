package main

import (
	"expvar"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime"
	"sync"
)

// startDebug serves, with -debug ADDR, the host's runtime figures on a
// listener of their own, loopback only: net/http/pprof at /debug/pprof/
// and expvar at /debug/vars, with "goroutines" and "heap" (bytes of live
// heap), both measured right after a garbage collection so that two
// readings compare (the soak command, example/cmd/rpcsoak, checks them for
// leaks). An empty addr serves nothing. The listener lives as long as the
// process.
func startDebug(addr string) error {
	if addr == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-debug %s: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-debug %s: the debug listener serves loopback addresses only (127.0.0.1:port, [::1]:port, localhost:port)", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("-debug: %w", err)
	}
	publishRuntimeVars()
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.Handle("/debug/vars", expvar.Handler())
	go http.Serve(ln, mux)
	return nil
}

var publishOnce sync.Once

// publishRuntimeVars publishes the expvar variables goroutines and heap.
func publishRuntimeVars() {
	publishOnce.Do(func() {
		expvar.Publish("goroutines", expvar.Func(func() any {
			runtime.GC()
			return runtime.NumGoroutine()
		}))
		expvar.Publish("heap", expvar.Func(func() any {
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			return ms.HeapAlloc
		}))
	})
}
