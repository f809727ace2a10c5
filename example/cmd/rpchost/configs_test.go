package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// exampleConfigs are the configs the README and docs/performance.md run
// the host on.
var exampleConfigs = []string{"../../supervisord.conf", "../../bench/bench.conf"}

// TestExampleConfigs: the example configs load, name only factories this
// host links in, describe valid programs, and every plugin takes the keys
// its section sets (an unknown key stops Mount).
func TestExampleConfigs(t *testing.T) {
	for _, path := range exampleConfigs {
		t.Run(path, func(t *testing.T) {
			cfg, err := rpcext.LoadConfig(path)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.InetHTTPServer == nil {
				t.Fatal("no [inet_http_server]: the README's commands connect to it")
			}
			if len(cfg.RPCInterfaces) == 0 {
				t.Fatal("no [rpcinterface:x] section")
			}
			linked := rpcext.Factories()
			for _, ri := range cfg.RPCInterfaces {
				if !slices.Contains(linked, ri.Factory) { // a typo or a missing import fails here
					t.Errorf("[rpcinterface:%s] names %s, which this host does not link in", ri.Name, ri.Factory)
				}
			}
			if _, err := procman.GroupsFromConfig(cfg); err != nil {
				t.Fatal(err)
			}
			h := &host{logger: slog.New(slog.DiscardHandler), streamsDone: make(chan struct{})}
			h.cfg.Store(cfg)
			m := procman.New()
			defer m.Close()
			h.manager.Store(m)
			if _, err := rpcext.NewHandler(cfg, rpcext.WithHost(h), rpcext.WithLogger(h.logger)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestHostRefusesUnknownOption: the host, started on the example config
// with retries misspelt in [rpcinterface:another], stops before serving
// with an error naming the file, line, section and key, and the key it
// meant; as supervisord stops with a TypeError.
func TestHostRefusesUnknownOption(t *testing.T) {
	data, err := os.ReadFile("../../supervisord.conf")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	text := string(data)
	for old, repl := range map[string]string{
		"retries = 1\n":                        "retriez = 1\n",
		"logfile = /tmp/rpchost-example.log\n": "logfile = " + filepath.Join(dir, "main.log") + "\n",
		"file = /tmp/rpchost-example.sock\n":   "file = " + filepath.Join(dir, "s.sock") + "\n",
	} {
		if !strings.Contains(text, old) {
			t.Fatalf("example/supervisord.conf no longer has %q", old)
		}
		text = strings.Replace(text, old, repl, 1)
	}
	path := filepath.Join(dir, "supervisord.conf")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	line := 1 + strings.Count(text[:strings.Index(text, "retriez")], "\n")

	err = run([]string{"-c", path, "-listen", "127.0.0.1:0", "-quiet"})
	want := path + ":" + strconv.Itoa(line) + ": [rpcinterface:another] retriez: unknown option (did you mean retries?)"
	if err == nil || err.Error() != want {
		t.Fatalf("run: %v\nwant: %s", err, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "s.sock")); !os.IsNotExist(err) {
		t.Errorf("the socket was created (%v): the host served before refusing the key", err)
	}
}
