package interop_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// reloadSections are the namespaces of TestSignalHUPReloadsNamespaces'
// configs, after signalConfig's supervisor and another: cache unchanged
// throughout, tuned with other options each time, echo removed by the
// first HUP, added added by it and removed by the second.
var reloadSections = []string{`
[rpcinterface:cache]
supervisor.rpcinterface_factory = supervisor_cache.rpcinterface:make_cache_rpcinterface

[rpcinterface:tuned]
supervisor.rpcinterface_factory = my.package:make_another_rpcinterface
retries = 5

[rpcinterface:echo]
supervisor.rpcinterface_factory = conformance_plugin:make_echo_rpcinterface
`, `
[rpcinterface:cache]
supervisor.rpcinterface_factory = supervisor_cache.rpcinterface:make_cache_rpcinterface

[rpcinterface:tuned]
supervisor.rpcinterface_factory = my.package:make_another_rpcinterface
retries = 6

[rpcinterface:added]
supervisor.rpcinterface_factory = my.package:make_another_rpcinterface
retries = 9
`, `
[rpcinterface:cache]
supervisor.rpcinterface_factory = supervisor_cache.rpcinterface:make_cache_rpcinterface

[rpcinterface:tuned]
supervisor.rpcinterface_factory = my.package:make_another_rpcinterface
retries = 7
`}

// TestSignalHUPReloadsNamespaces: the acceptance, on the built
// host. Clients call without pause, over TCP and the unix socket, while
// the host gets SIGHUP twice with a changed config: the host keeps its
// pid and its listeners (the socket file is the same file), no call is
// refused or fails (the plugins that follow the host's state answer
// SHUTDOWN_STATE while programs restart, as supervisord's do), a request
// half sent before the HUP is answered, the changed and added namespaces
// answer from their new values, the removed ones UNKNOWN_METHOD, the
// unchanged cache keeps what it stored, and no program outlives its
// generation.
func TestSignalHUPReloadsNamespaces(t *testing.T) {
	requireTool(t, "sh")
	h := startSignalHost(t, reloadSections[0])
	hostPid := h.cmd.Process.Pid
	sock := filepath.Join(h.dir, "s.sock")
	sockBefore, err := os.Stat(sock)
	if err != nil {
		t.Fatal(err)
	}
	programs := []int{h.pid("sleeper"), h.pid("ticker")}
	if r := h.call("cache.store", "k", "kept across reloads"); r.Fault != nil {
		t.Fatalf("cache.store: %v", r)
	}

	// A request whose body is half sent when the first HUP comes.
	half, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", h.port))
	if err != nil {
		t.Fatal(err)
	}
	defer half.Close()
	body := "<?xml version='1.0'?><methodCall><methodName>tuned.getRetries</methodName><params></params></methodCall>"
	fmt.Fprintf(half, "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:40])

	// What each method may answer at any moment of the test.
	allowed := map[string][]string{
		"tuned.getRetries": {"5", "6", "7"},
		"echo.ping":        {"pong", "UNKNOWN_METHOD"},
		"added.getRetries": {"UNKNOWN_METHOD", "9"},
		"cache.fetch":      {"kept across reloads", "SHUTDOWN_STATE"},
	}
	unixClient := &http.Client{Timeout: time.Minute, Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", sock)
		},
	}}
	var calls, failed, shutdownState atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i, c := range []*http.Client{{Timeout: time.Minute}, {Timeout: time.Minute}, unixClient, {Timeout: time.Minute}} {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				for m, ok := range allowed {
					var params []any
					if m == "cache.fetch" {
						params = []any{"k"}
					}
					r, err := rpcCall(c, h.url, m, params...)
					calls.Add(1)
					var got string
					switch {
					case err != nil:
						failed.Add(1)
						t.Errorf("client %d: %s: %v", i, m, err)
						continue
					case r.Fault != nil:
						got = r.Fault.String
					default:
						got = fmt.Sprint(r.Value)
					}
					if got == "SHUTDOWN_STATE" {
						shutdownState.Add(1)
					}
					if !slices.Contains(ok, got) {
						failed.Add(1)
						t.Errorf("client %d: %s answered %q, want one of %q", i, m, got, ok)
					}
				}
			}
		})
	}

	for gen := 1; gen < len(reloadSections); gen++ {
		before := calls.Load()
		eventually(t, func() (bool, string) { return calls.Load() > before+50, "the clients do not call" })
		h.writeConfig(reloadSections[gen])
		h.signal(syscall.SIGHUP)
		want := "6"
		if gen == 2 {
			want = "7"
		}
		eventually(t, func() (bool, string) {
			r, err := rpcCall(h.c, h.url, "tuned.getRetries")
			return err == nil && r.Fault == nil && fmt.Sprint(r.Value) == want, fmt.Sprint(r, err)
		})
		h.waitRunning("sleeper")
		h.waitRunning("ticker")
		if gen == 1 {
			// The request half sent before the HUP is answered.
			fmt.Fprint(half, body[40:])
			half.SetReadDeadline(time.Now().Add(time.Minute))
			resp, err := http.ReadResponse(bufio.NewReader(half), nil)
			if err != nil {
				t.Fatalf("the request half sent before the HUP: %v", err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(b), "<int>5</int>") && !strings.Contains(string(b), "<int>6</int>") {
				t.Errorf("the request half sent before the HUP: %d %s", resp.StatusCode, b)
			}
			for m, want := range map[string]string{"added.getRetries": "9", "echo.ping": "UNKNOWN_METHOD", "another.getRetries": "1"} {
				r := h.call(m)
				if got := fmt.Sprint(r.Value); r.Fault != nil {
					got = r.Fault.String
					if got != want {
						t.Errorf("%s after the first HUP: %s, want %s", m, got, want)
					}
				} else if got != want {
					t.Errorf("%s after the first HUP: %s, want %s", m, got, want)
				}
			}
		}
	}
	if r := h.call("added.getRetries"); r.Fault == nil || r.Fault.String != "UNKNOWN_METHOD" {
		t.Errorf("added.getRetries after the second HUP: %v", r)
	}
	close(stop)
	wg.Wait()

	if r := h.call("cache.fetch", "k"); r.Fault != nil || r.Value != "kept across reloads" {
		t.Errorf("the unchanged cache lost its value: %v", r)
	}
	if r := h.call("supervisor.getPID"); r.Fault != nil || int(r.Value.(*big.Int).Int64()) != hostPid {
		t.Errorf("getPID after the reloads: %v, want %d", r, hostPid)
	}
	if sockAfter, err := os.Stat(sock); err != nil || !os.SameFile(sockBefore, sockAfter) {
		t.Errorf("the unix socket was replaced (%v)", err)
	}
	for _, pid := range programs {
		if !pidGone(pid) {
			t.Errorf("program pid %d of the first generation still runs", pid)
		}
	}
	if failed.Load() != 0 {
		t.Errorf("%d of %d calls failed", failed.Load(), calls.Load())
	}
	t.Logf("%d calls over 2 reloads: %d failed, %d SHUTDOWN_STATE while programs restarted", calls.Load(), failed.Load(), shutdownState.Load())
	log := h.log()
	for _, want := range []string{`rpcext: namespaces reloaded`, `built="[tuned added]"`, `kept="[supervisor another cache]"`, `removed=[echo]`} {
		if !strings.Contains(log, want) {
			t.Errorf("main log without %s:\n%s", want, log)
		}
	}
}
