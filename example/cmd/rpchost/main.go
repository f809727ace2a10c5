// Command rpchost is an example host: it loads a supervisord-style config
// file and serves its [rpcinterface:x] sections over XML-RPC at /RPC2,
// where [inet_http_server] port says, until SIGINT or SIGTERM.
//
//	go run ./example/cmd/rpchost -c example/supervisord.conf
//
// Plugins are linked in by importing their packages; this host has the
// examples: another (my.package:make_another_rpcinterface) and the
// conformance corpus's echo plugin (conformance_plugin:make_echo_rpcinterface).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	_ "github.com/supervisorrpc/rpcinterface/example/another"
	_ "github.com/supervisorrpc/rpcinterface/example/conformance"
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
	if err := fs.Parse(args); err != nil {
		return err
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	cfg, err := rpcext.LoadConfig(*configPath)
	if err != nil {
		return err
	}
	for _, w := range cfg.Warnings() {
		logger.Warn(w)
	}
	for _, s := range cfg.Sections() {
		if !known(s.Name) {
			logger.Debug("section ignored by this host", "section", s.Name, "file", s.File)
		}
	}
	addr := *listen
	if addr == "" {
		if cfg.InetHTTPServer == nil {
			return fmt.Errorf("%s has no [inet_http_server] section; use -listen", *configPath)
		}
		addr = net.JoinHostPort(cfg.InetHTTPServer.Host, strconv.Itoa(cfg.InetHTTPServer.Port))
	}

	mux := http.NewServeMux()
	err = rpcext.Mount(mux, cfg, rpcext.WithLogger(logger), rpcext.WithInterceptor(logCalls(logger)))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	logger.Info("serving XML-RPC", "url", "http://"+ln.Addr().String()+rpcext.Path, "config", *configPath)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing calls in progress")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// known reports whether this host uses a section.
func known(name string) bool {
	return name == "inet_http_server" || strings.HasPrefix(name, "rpcinterface:")
}

// logCalls logs every call, including each call inside system.multicall.
func logCalls(logger *slog.Logger) rpcext.Interceptor {
	return func(ctx context.Context, method string, next func(context.Context) error) error {
		start := time.Now()
		err := next(ctx)
		attrs := []any{"method", method, "duration", time.Since(start)}
		var f *rpcext.Fault
		switch {
		case errors.As(err, &f):
			attrs = append(attrs, "fault", f.FaultString())
		case err != nil:
			attrs = append(attrs, "error", err)
		}
		logger.Info("call", attrs...)
		return err
	}
}
