package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// host is what the plugins get from rpcext.WithHost: the process manager,
// the main log and the shutdown switch (it implements supervisor.Host,
// twiddler.Host and cache.ShutdownReporter).
type host struct {
	cfg        *rpcext.Config
	logger     *slog.Logger
	mainLog    *procman.LogFile // nil: no main log
	manager    *procman.Manager
	identifier string

	shutting     atomic.Bool
	logEachCall  bool     // log every call at info level
	metrics      *metrics // nil: no /metrics
	shutdownOnce sync.Once
	shutdownReq  chan struct{} // closed by Shutdown
	streamsDone  chan struct{} // closed to end the log streams
}

// newHost opens the main log and creates the programs of cfg.
func newHost(cfg *rpcext.Config, verbose bool) (*host, error) {
	h := &host{cfg: cfg, shutdownReq: make(chan struct{}), streamsDone: make(chan struct{})}
	get := func(key, def string) (string, error) {
		s := cfg.Section("supervisord")
		if s == nil {
			return def, nil
		}
		v, ok, err := s.Get(key)
		if !ok {
			return def, err
		}
		return v, nil
	}
	logfile, err := get("logfile", "")
	if err != nil {
		return nil, err
	}
	level, err := get("loglevel", "info")
	if err != nil {
		return nil, err
	}
	h.logger, h.mainLog, err = openLog(logfile, level, verbose)
	if err != nil {
		return nil, err
	}
	for _, w := range cfg.Warnings() {
		h.logger.Warn(w)
	}
	for _, s := range cfg.Sections() {
		if !known(s.Name) {
			h.logger.Debug("section ignored by this host", "section", s.Name, "file", s.File)
		}
	}

	if h.identifier, err = get("identifier", "supervisor"); err != nil {
		return nil, err
	}
	childlogdir, err := get("childlogdir", os.TempDir())
	if err != nil {
		return nil, err
	}
	nocleanup, err := get("nocleanup", "false")
	if err != nil {
		return nil, err
	}
	h.manager = procman.New(procman.WithLogger(h.logger), procman.WithChildLogDir(childlogdir), procman.WithIdentifier(h.identifier))
	if b := strings.ToLower(nocleanup); b != "true" && b != "yes" && b != "on" && b != "1" {
		if err := h.manager.ClearAutoChildLogDir(); err != nil {
			h.logger.Warn(err.Error())
		}
	}
	groups, err := procman.GroupsFromConfig(cfg)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		if _, err := h.manager.AddGroup(g); err != nil {
			h.manager.Close()
			return nil, err
		}
	}
	return h, nil
}

// known reports whether this host uses a section.
func known(name string) bool {
	switch {
	case name == "supervisord", name == "inet_http_server", name == "unix_http_server", name == "supervisorctl":
		return true
	}
	for _, prefix := range []string{"rpcinterface:", "program:", "group:"} {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return false
}

// serve runs the listeners and the programs until a signal or a
// supervisor.shutdown, then stops the programs and the listeners.
func (h *host) serve(sigs <-chan os.Signal) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var autostart sync.Once
	errc := make(chan error, 1)
	pages, err := h.pageOptions()
	if err != nil {
		return err
	}
	go func() {
		opts := []rpcext.ServeOption{rpcext.WithHost(h), rpcext.WithLogger(h.logger)}
		opts = append(opts, pages...)
		opts = append(opts, h.metricsOptions()...)
		if h.logEachCall {
			opts = append(opts, rpcext.WithInterceptor(logCalls(h.logger)))
		}
		errc <- rpcext.Serve(ctx, h.cfg, append(opts,
			rpcext.WithHTTPHandler("/logtail/", h.logtailHandler()),
			rpcext.WithHTTPHandler("/mainlogtail", h.mainlogtailHandler()),
			rpcext.WithListening(func(network, address string) {
				url := "http://" + address
				if network == "unix" {
					url = "unix://" + address
				}
				h.logger.Info("serving XML-RPC", "url", url+rpcext.Path)
				autostart.Do(h.manager.Autostart) // once something listens
			}))...)
	}()
	select {
	case err := <-errc:
		h.stopPrograms()
		return err
	case sig := <-sigs:
		h.logger.Info("received " + sig.String() + ": shutting down")
	case <-h.shutdownReq:
		h.logger.Info("supervisor.shutdown: shutting down")
	}
	go func() {
		for sig := range sigs {
			h.logger.Info("received " + sig.String() + ": already shutting down")
		}
	}()
	h.stopPrograms()
	close(h.streamsDone)
	cancel() // stop the listeners once the calls in progress have answered
	return <-errc
}

// stopPrograms stops every program, as supervisord does on its way out,
// while the listeners answer SHUTDOWN_STATE.
func (h *host) stopPrograms() {
	h.shutting.Store(true)
	h.manager.Shutdown(context.Background()) // SIGKILL after stopwaitsecs bounds it
	h.logger.Info("all programs stopped")
}

// close kills what is left and closes the logs.
func (h *host) close() {
	h.manager.Close()
	if h.mainLog != nil {
		h.mainLog.Close()
	}
}

// Manager returns the process manager (supervisor.Host, twiddler.Host).
func (h *host) Manager() *procman.Manager { return h.manager }

// Config returns the loaded configuration (twiddler.Host).
func (h *host) Config() *rpcext.Config { return h.cfg }

// Logger returns the logger of the main log (twiddler.Host).
func (h *host) Logger() *slog.Logger { return h.logger }

// Identification returns [supervisord] identifier (supervisor.Host).
func (h *host) Identification() string { return h.identifier }

// MainLogfile returns [supervisord] logfile, "" when there is none
// (supervisor.Host).
func (h *host) MainLogfile() string {
	if h.mainLog == nil {
		return ""
	}
	return h.mainLog.Path()
}

// ReopenMainLog opens the main log again after supervisor.clearLog removed
// it (supervisor.Host).
func (h *host) ReopenMainLog() error {
	if h.mainLog == nil {
		return fmt.Errorf("no main log")
	}
	return h.mainLog.Reopen()
}

// Shutdown asks serve to shut down (supervisor.Host).
func (h *host) Shutdown() {
	h.shutting.Store(true)
	h.shutdownOnce.Do(func() { close(h.shutdownReq) })
}

// ShuttingDown reports whether the host is shutting down (supervisor.Host,
// twiddler.Host, cache.ShutdownReporter).
func (h *host) ShuttingDown() bool { return h.shutting.Load() }

// overrideInet makes the [inet_http_server] listen on addr (keeping its
// credentials), creating one without credentials if the config has none.
func overrideInet(cfg *rpcext.Config, addr string) error {
	hostname, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-listen %s: %w", addr, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 0 || port > 65535 {
		return fmt.Errorf("-listen %s: bad port", addr)
	}
	if cfg.InetHTTPServer == nil {
		cfg.InetHTTPServer = &rpcext.InetHTTPServer{}
	}
	cfg.InetHTTPServer.Host, cfg.InetHTTPServer.Port = hostname, port
	return nil
}

// absPath makes a relative path absolute, as supervisord does.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
