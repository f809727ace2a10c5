package main

import (
	"context"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// unstoppedReport is how often the host names the programs it still
// waits for while it stops them (supervisord: every 3 seconds).
const unstoppedReport = 3 * time.Second

// run serves XML-RPC and runs the programs until a shutdown (SIGTERM,
// SIGINT, SIGQUIT or supervisor.shutdown), restarting on SIGHUP or
// supervisor.restart: it stops every program, reads the config file again
// and runs the programs of the new one, as supervisord restarts, but in
// the same process with the same listeners, which serve throughout (the
// supervisor methods answer SHUTDOWN_STATE while the programs stop). A
// config file that no longer reads is logged and the host goes on as it
// was (supervisord would exit). Signals other than those are handled as
// handleSignal says.
func (h *host) run(sigs <-chan os.Signal) error {
	// The listeners' context ends with the shutdown only: a restart keeps
	// them, and the calls they are serving.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	pages, err := h.pageOptions()
	if err != nil {
		return err
	}
	if h.srv, err = rpcext.NewServer(h.Config(), append(append(h.serveOptions(), pages...), h.metricsOptions()...)...); err != nil {
		return err
	}
	go func() { errc <- h.srv.Serve(ctx) }()

	var stopped <-chan struct{} // closed when a stop of every program is done
	var next *generation        // what the restart in progress runs next
	for {
		if stopped == nil && h.mood.Load() != moodRunning {
			if h.mood.Load() == moodRestarting {
				var err error
				if next, err = h.readGeneration(); err != nil {
					h.logger.Error("not restarting: " + err.Error())
					h.mood.CompareAndSwap(moodRestarting, moodRunning)
					continue
				}
			}
			stopped = h.stopPrograms()
		}
		select {
		case err := <-errc: // the listeners failed: stop the programs, exit
			h.mood.Store(moodShutdown)
			if stopped == nil {
				stopped = h.stopPrograms()
			}
			<-stopped
			return err
		case sig := <-sigs:
			h.handleSignal(sig)
		case <-h.wake:
		case <-stopped:
			stopped = nil
			if h.mood.Load() == moodShutdown {
				h.endStreams(false)
				cancel() // stop the listeners once the calls in progress have answered
				return <-errc
			}
			h.endStreams(true)
			if err := h.restart(next); err != nil {
				h.logger.Log(context.Background(), LevelCritical, "restart failed, shutting down: "+err.Error())
				h.mood.Store(moodShutdown)
				h.endStreams(false)
				cancel()
				<-errc
				return err
			}
			next = nil
		}
	}
}

// serveOptions are the options of the XML-RPC server: the host, its
// logger, the per-call log, supervisorctl's log streams, and the
// autostart of the first generation's programs once something listens.
func (h *host) serveOptions() []rpcext.ServeOption {
	var autostart sync.Once
	opts := []rpcext.ServeOption{rpcext.WithHost(h), rpcext.WithLogger(h.logger)}
	if h.logEachCall {
		opts = append(opts, rpcext.WithInterceptor(logCalls(h.logger)))
	}
	return append(opts,
		rpcext.WithHTTPHandler("/logtail/", h.logtailHandler()),
		rpcext.WithHTTPHandler("/mainlogtail", h.mainlogtailHandler()),
		rpcext.WithListening(func(network, address string) {
			url := "http://" + address
			if network == "unix" {
				url = "unix://" + address
			}
			h.logger.Info("serving XML-RPC", "url", url+rpcext.Path)
			autostart.Do(func() {
				if h.mood.Load() == moodRunning {
					h.Manager().Autostart()
				}
			})
		}))
}

// stopPrograms begins stopping every program as supervisord does on its
// way out (group by group, highest priority number first; SIGKILL after
// stopwaitsecs bounds it), naming those it waits for every few seconds;
// the channel is closed when all are stopped.
func (h *host) stopPrograms() <-chan struct{} {
	m := h.Manager()
	done := make(chan struct{})
	go func() {
		defer close(done)
		shut := make(chan struct{})
		go func() {
			m.Shutdown(context.Background())
			close(shut)
		}()
		t := time.NewTicker(unstoppedReport)
		defer t.Stop()
		for {
			if names := unstopped(m); len(names) > 0 {
				h.logger.Info("waiting for " + strings.Join(names, ", ") + " to die")
			}
			select {
			case <-shut:
				return
			case <-t.C:
			}
		}
	}()
	return done
}

// unstopped names the processes of m that are not stopped.
func unstopped(m *procman.Manager) []string {
	var names []string
	for _, p := range m.Processes() {
		if !p.Info().State.IsStopped() {
			names = append(names, p.Name())
		}
	}
	return names
}

// restart runs the generation read when the restart began, its programs
// stopped: the settings, the programs, and the namespaces (see
// reloadNamespaces).
func (h *host) restart(next *generation) error {
	if err := h.startGeneration(next); err != nil {
		return err
	}
	if err := h.reloadNamespaces(next.cfg); err != nil {
		h.logger.Error("the XML-RPC namespaces were not reloaded: " + err.Error())
	}
	h.mood.Store(moodRunning)
	h.Manager().Autostart()
	return nil
}

// reloadNamespaces hands the config file read by a restart (SIGHUP,
// supervisor.restart) to the running XML-RPC server. It runs once per
// restart, after the programs of the old config are stopped and the new
// generation is in place (h.Config() is cfg, h.Manager() the new
// manager), before the mood is running again and the new programs start;
// its error is logged and the restart goes on with the namespaces and
// listeners as they were.
//
// The server reloads in place (rpcext.Server.Reload): new and changed
// [rpcinterface:x] sections are built by their factories (with
// rpcext.WithHost(h), as at start), unchanged ones keep their value and
// its state (supervisor_cache's values survive), removed ones answer
// UNKNOWN_METHOD; [inet_http_server] and [unix_http_server] are rebound
// only when their address or socket changed (the -listen override is
// already applied to cfg), new credentials apply at once, and a listener
// whose section did not change is never closed. Calls in progress finish
// on the namespaces they started with.
func (h *host) reloadNamespaces(cfg *rpcext.Config) error {
	return h.srv.Reload(cfg)
}
