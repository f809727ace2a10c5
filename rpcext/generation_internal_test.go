package rpcext

import (
	"io"
	"log/slog"
	"testing"
)

type closer struct{ closes int }

func (c *closer) Close() error { c.closes++; return nil }
func (c *closer) Ping() string { return "pong" }

// TestDrainedGenerationRefusesCalls: once a retired generation has
// answered its last call (its values may be closed), a request that
// loaded it just before the swap cannot enter it: table moves on to the
// current one.
func TestDrainedGenerationRefusesCalls(t *testing.T) {
	reg := NewRegistry()
	var made []*closer
	reg.Register("c:make", func(_ any, opts Options) (any, error) {
		opts.AcceptAny()
		c := &closer{}
		made = append(made, c)
		return c, nil
	})
	cfg := func(opt string) *Config {
		c, err := ParseConfig([]byte("[rpcinterface:c]\nsupervisor.rpcinterface_factory = c:make\nx = "+opt+"\n"), "c.conf")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	h, err := NewHandler(cfg("1"), WithRegistry(reg), WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	first := h.gen.Load()
	if !first.counted {
		t.Fatal("a generation with a Closer does not count its calls")
	}
	busy := h.table() // a call in progress on the first generation
	if busy != first {
		t.Fatal("table did not return the current generation")
	}
	if err := h.Reload(cfg("2")); err != nil {
		t.Fatal(err)
	}
	if made[0].closes != 0 {
		t.Fatal("closed while a call is in progress")
	}
	busy.done()
	if made[0].closes != 1 {
		t.Fatalf("closed %d times after the last call", made[0].closes)
	}
	if first.enter() {
		t.Fatal("a drained generation let a call in")
	}
	if g := h.table(); g == first || g != h.gen.Load() {
		t.Fatal("table returned the drained generation")
	} else {
		g.done()
	}
}

// TestGenerationWithoutClosersCountsNothing: the request path of a
// handler whose values have no Close is the load alone.
func TestGenerationWithoutClosersCountsNothing(t *testing.T) {
	h, err := NewHandler(nil, WithNamespace("c", struct{}{}), WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil))))
	if err != nil {
		t.Fatal(err)
	}
	g := h.table()
	if g.counted || g.calls.Load() != 1 {
		t.Fatalf("counted %v, calls %d", g.counted, g.calls.Load())
	}
	g.done()
}
