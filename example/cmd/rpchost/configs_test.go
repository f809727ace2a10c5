package main

import (
	"slices"
	"testing"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// TestExampleConfigs: the configs the README and docs/performance.md run
// the host on load, name only factories this host links in, and describe
// valid programs.
func TestExampleConfigs(t *testing.T) {
	for _, path := range []string{"../../supervisord.conf", "../../bench/bench.conf"} {
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
		})
	}
}
