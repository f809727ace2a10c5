package client_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// Proc is a struct answer, as supervisord's getProcessInfo is one.
type Proc struct {
	Name  string `xmlrpc:"name"`
	PID   int    `xmlrpc:"pid"`
	Start int64  `xmlrpc:"start"`
}

// procV2 is Proc as a newer server sends it, with a member more.
type procV2 struct {
	Proc
	Group string `xmlrpc:"group"`
}

// testNS is the namespace the client's tests call ("t").
type testNS struct {
	calls   atomic.Int64
	entered chan struct{} // Wait signals it has been called
}

func newTestNS() *testNS { return &testNS{entered: make(chan struct{}, 1)} }

func (n *testNS) Add(a, b int) int { n.calls.Add(1); return a + b }

func (n *testNS) Info(name string) (Proc, error) {
	n.calls.Add(1)
	if name != "web" {
		return Proc{}, rpcext.NewFault(rpcext.CodeBadName, name)
	}
	return Proc{Name: "web", PID: 42, Start: 1 << 40}, nil
}

func (n *testNS) InfoV2(name string) (procV2, error) {
	p, err := n.Info(name)
	return procV2{p, "web"}, err
}

func (n *testNS) All() []procV2 {
	n.calls.Add(1)
	return []procV2{{Proc{Name: "a", PID: 1}, "g"}, {Proc{Name: "b", PID: 2}, "g"}}
}

func (n *testNS) Text(size int) string { n.calls.Add(1); return strings.Repeat("x", size) }

func (n *testNS) Echo(v any) any { n.calls.Add(1); return v }

func (n *testNS) Fail() error { n.calls.Add(1); return errors.New("boom") }

// Wait blocks until the caller goes away.
func (n *testNS) Wait(ctx context.Context) error {
	n.calls.Add(1)
	n.entered <- struct{}{}
	<-ctx.Done()
	return ctx.Err()
}
