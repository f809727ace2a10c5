package rpctest_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/client"
	"github.com/supervisorrpc/rpcinterface/rpcext"
	"github.com/supervisorrpc/rpcinterface/rpctest"
)

type counter struct{ n int }

func (c *counter) Incr() int { c.n++; return c.n }

func TestNewServerConfig(t *testing.T) {
	srv := rpctest.NewServer(t, `
[rpcinterface:jobs]
supervisor.rpcinterface_factory = example.com/jobs:make_jobs
max_jobs = 1
`)
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") || !strings.HasSuffix(srv.URL, "/RPC2") {
		t.Errorf("URL %q", srv.URL)
	}
	var id int
	if err := srv.Client().Call(t.Context(), "jobs.submit", &id, "x"); err != nil || id != 1 {
		t.Errorf("jobs.submit: %d, %v", id, err)
	}
	if srv.Client() != srv.Client() {
		t.Error("Client returns a new client each time")
	}
	var methods []string
	if err := srv.Client().Call(t.Context(), "system.listMethods", &methods); err != nil || !strings.Contains(strings.Join(methods, " "), "jobs.submit") {
		t.Errorf("system.listMethods: %v, %v", methods, err)
	}
}

func TestNewServerNamespaceWithoutConfig(t *testing.T) {
	srv := rpctest.NewServer(t, "", rpcext.WithNamespace("count", &counter{}))
	var n int
	for want := 1; want <= 2; want++ {
		if err := srv.Client().Call(t.Context(), "count.incr", &n); err != nil || n != want {
			t.Errorf("count.incr: %d, %v", n, err)
		}
	}
}

func TestNewServerCredentials(t *testing.T) {
	srv := rpctest.NewServer(t, `
[inet_http_server]
port = 127.0.0.1:9001
username = admin
password = secret
`, rpcext.WithNamespace("count", &counter{}))
	var n int
	if err := srv.Client().Call(t.Context(), "count.incr", &n); err != nil {
		t.Errorf("with the config's credentials: %v", err)
	}
	var he *client.HTTPError
	err := srv.NewClient(client.WithBasicAuth("admin", "wrong")).Call(t.Context(), "count.incr", &n)
	if !errors.As(err, &he) || he.StatusCode != 401 {
		t.Errorf("with a wrong password: %v", err)
	}
}

// fatalTB records the message a helper fails the test with.
type fatalTB struct {
	testing.TB
	msg string
}

type failed struct{}

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	panic(failed{})
}

// fatal runs NewServer with config and opts and returns the message it
// failed the test with.
func fatal(t *testing.T, config string, opts ...rpcext.MountOption) (msg string) {
	tb := &fatalTB{TB: t}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(failed); !ok {
				panic(r)
			}
			msg = tb.msg
		}
	}()
	rpctest.NewServer(tb, config, opts...)
	return ""
}

func TestNewServerFailsTheTest(t *testing.T) {
	tests := []struct {
		name, config string
		opts         []rpcext.MountOption
		want         []string
	}{
		{"config syntax", "[rpcinterface:x\n", nil, []string{"rpctest.conf:1", "no section headers"}},
		{"unknown factory", "[rpcinterface:x]\nsupervisor.rpcinterface_factory = no.such:factory\n", nil,
			[]string{"rpcinterface:x", "no.such:factory"}},
		{"unread option", "[rpcinterface:jobs]\nsupervisor.rpcinterface_factory = example.com/jobs:make_jobs\nmax_job = 3\n", nil,
			[]string{"max_job", "max_jobs"}},
		{"factory error", "[rpcinterface:jobs]\nsupervisor.rpcinterface_factory = example.com/jobs:make_jobs\nmax_jobs = many\n", nil,
			[]string{"max_jobs", "many"}},
		{"strict methods", "", []rpcext.MountOption{rpcext.WithNamespace("bad", badMethods{}), rpcext.WithStrictMethods()},
			[]string{"bad", "Chan"}},
	}
	for _, tt := range tests {
		msg := fatal(t, tt.config, tt.opts...)
		if msg == "" {
			t.Errorf("%s: the test did not fail", tt.name)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: message %q does not say %q", tt.name, msg, w)
			}
		}
	}
}

type badMethods struct{}

func (badMethods) Chan(c chan int) {}

func TestCloseEarly(t *testing.T) {
	srv := rpctest.NewServer(t, "", rpcext.WithNamespace("count", &counter{}))
	c := srv.Client()
	if err := c.Call(t.Context(), "count.incr", nil); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	srv.Close() // and again at cleanup
	if err := c.Call(t.Context(), "count.incr", nil); err == nil {
		t.Error("a call to a closed server succeeded")
	}
}
