package main

import (
	"context"
	"fmt"
	"io"
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

// The host's moods, as supervisord's: running, restarting (programs being
// stopped before the config file is read again) and shutting down. Every
// supervisor method answers SHUTDOWN_STATE unless the mood is running.
const (
	moodRunning int32 = iota
	moodRestarting
	moodShutdown
)

// host is what the plugins get from rpcext.WithHost: the process manager,
// the configuration, the main log and the shutdown and restart switches
// (it implements supervisor.Host, twiddler.Host and
// cache.ShutdownReporter). A restart replaces the manager and the
// configuration; the listeners and the XML-RPC server stay.
type host struct {
	configPath  string
	listen      string // -listen: overrides [inet_http_server] port
	logEachCall bool   // log every call at TRACE (not with -quiet)

	log    *mainLog
	logger *slog.Logger

	cfg     atomic.Pointer[rpcext.Config]
	manager atomic.Pointer[procman.Manager]
	srv     *rpcext.Server // the XML-RPC server, reloaded by a restart

	mu       sync.Mutex
	settings settings // of the running generation
	pidfile  string   // the pidfile written, "" for none

	mood        atomic.Int32
	wake        chan struct{} // run looks at the mood again
	streamsDone chan struct{} // closed to end the log streams; guarded by mu
	metrics     *metrics      // nil: no /metrics
}

// generation is what the host runs from one reading of its config file.
type generation struct {
	cfg      *rpcext.Config
	settings settings
	groups   []procman.GroupConfig
}

// hostOptions are the command line's choices.
type hostOptions struct {
	configPath string      // -c
	listen     string      // -listen
	verbose    bool        // -v
	quiet      bool        // -quiet
	stderr     io.Writer   // where log lines go besides the log file
	gc         *gcSettings // logged at debug level once the main log is open
}

// newHost reads the config file and readies the host to run it: the main
// log opened, the pidfile written, the programs created (not started).
func newHost(o hostOptions) (*host, error) {
	h := &host{
		configPath:  o.configPath,
		listen:      o.listen,
		logEachCall: !o.quiet,
		log:         newMainLog(o.stderr, o.verbose),
		wake:        make(chan struct{}, 1),
		streamsDone: make(chan struct{}),
	}
	h.logger = h.log.logger()
	gen, err := h.readGeneration()
	if err != nil {
		return nil, err
	}
	if gen.cfg.InetHTTPServer == nil && gen.cfg.UnixHTTPServer == nil {
		return nil, fmt.Errorf("%s has neither [inet_http_server] nor [unix_http_server]; use -listen", o.configPath)
	}
	if err := h.startGeneration(gen); err != nil {
		h.close()
		return nil, err
	}
	if o.gc != nil {
		h.logger.Debug("garbage collector", o.gc.logAttrs()...)
	}
	return h, nil
}

// readGeneration reads the config file: the [supervisord] settings and
// the process groups, checked; nothing is changed.
func (h *host) readGeneration() (*generation, error) {
	cfg, err := rpcext.LoadConfig(h.configPath)
	if err != nil {
		return nil, err
	}
	if h.listen != "" {
		if err := overrideInet(cfg, h.listen); err != nil {
			return nil, err
		}
	}
	st, err := readSettings(cfg)
	if err != nil {
		return nil, err
	}
	groups, err := procman.GroupsFromConfig(cfg)
	if err != nil {
		return nil, err
	}
	return &generation{cfg: cfg, settings: st, groups: groups}, nil
}

// startGeneration makes gen the running one, as supervisord starts (and
// starts again after a restart): the main log (re)opened at the new
// level, the pidfile written, the old Auto child logs cleared (unless
// nocleanup), a new process manager with gen's groups. Its programs are
// not started yet (see autostart). The previous manager, whose programs
// are stopped, is closed.
func (h *host) startGeneration(gen *generation) error {
	st := gen.settings
	if err := h.log.configure(st); err != nil {
		return err
	}
	for _, w := range gen.cfg.Warnings() {
		h.logger.Warn(w)
	}
	for _, s := range gen.cfg.Sections() {
		if !known(s.Name) {
			h.logger.Debug("section ignored by this host", "section", s.Name, "file", s.File)
		}
	}
	h.mu.Lock()
	if h.pidfile != "" && h.pidfile != st.pidfile {
		removePidfile(h.pidfile)
		h.pidfile = ""
	}
	if st.pidfile != "" {
		if err := writePidfile(st.pidfile); err != nil {
			h.logger.Log(context.Background(), LevelCritical, "could not write pidfile "+st.pidfile)
		} else {
			h.pidfile = st.pidfile
		}
	}
	h.settings = st
	h.mu.Unlock()
	h.logger.Info("supervisord started with pid " + strconv.Itoa(os.Getpid()))

	m := procman.New(procman.WithLogger(h.logger), procman.WithChildLogDir(st.childlogdir), procman.WithIdentifier(st.identifier))
	if !st.nocleanup {
		if err := m.ClearAutoChildLogDir(); err != nil {
			h.logger.Warn(err.Error())
		}
	}
	m.SetGroupConfigs(gen.groups)
	for _, g := range gen.groups {
		if _, err := m.AddConfiguredGroup(g.Name); err != nil {
			m.Close()
			return err
		}
	}
	h.cfg.Store(gen.cfg)
	if old := h.manager.Swap(m); old != nil {
		old.Close()
	}
	return nil
}

// streamsEnd returns the channel closed when the log streams of the
// running generation must end.
func (h *host) streamsEnd() <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.streamsDone
}

// endStreams ends the log streams; with renew, those begun later end
// with the next call.
func (h *host) endStreams(renew bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	close(h.streamsDone)
	if renew {
		h.streamsDone = make(chan struct{})
	}
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

// close kills what is left, removes the pidfile and closes the logs.
func (h *host) close() {
	if m := h.Manager(); m != nil {
		m.Close()
	}
	h.mu.Lock()
	if h.pidfile != "" {
		removePidfile(h.pidfile)
		h.pidfile = ""
	}
	h.mu.Unlock()
	h.log.close()
}

// Manager returns the process manager of the running generation
// (supervisor.Host, twiddler.Host).
func (h *host) Manager() *procman.Manager { return h.manager.Load() }

// Config returns the configuration of the running generation
// (twiddler.Host).
func (h *host) Config() *rpcext.Config { return h.cfg.Load() }

// Logger returns the logger of the main log (twiddler.Host).
func (h *host) Logger() *slog.Logger { return h.logger }

// Identification returns [supervisord] identifier (supervisor.Host).
func (h *host) Identification() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.settings.identifier
}

// MainLogfile returns [supervisord] logfile, "" when there is none
// (supervisor.Host).
func (h *host) MainLogfile() string { return h.log.path() }

// ReopenMainLog opens the main log again after supervisor.clearLog removed
// it (supervisor.Host).
func (h *host) ReopenMainLog() error {
	h.logger.Info("reopening log file")
	return h.log.reopen()
}

// ReadGroupConfigs reads the config file again and returns its process
// groups (supervisor.Host, for reloadConfig).
func (h *host) ReadGroupConfigs() ([]procman.GroupConfig, error) {
	gen, err := h.readGeneration()
	if err != nil {
		return nil, err
	}
	return gen.groups, nil
}

// Shutdown asks run to stop every program and exit (supervisor.Host; also
// SIGTERM, SIGINT and SIGQUIT).
func (h *host) Shutdown() {
	h.mood.Store(moodShutdown)
	h.poke()
}

// Restart asks run to restart (supervisor.Host; also SIGHUP). It does
// nothing while the host shuts down.
func (h *host) Restart() {
	if h.mood.CompareAndSwap(moodRunning, moodRestarting) {
		h.poke()
	}
}

func (h *host) poke() {
	select {
	case h.wake <- struct{}{}:
	default:
	}
}

// ShuttingDown reports whether the host is shutting down or restarting
// (supervisor.Host, twiddler.Host, cache.ShutdownReporter).
func (h *host) ShuttingDown() bool { return h.mood.Load() != moodRunning }

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

// absPath makes a relative path absolute and clean, as supervisord's
// normalize_path does.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}
