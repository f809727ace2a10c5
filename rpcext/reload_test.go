package rpcext_test

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// gauge is a plugin with state (a counter), an identity (label, the
// option it was built with) and a Close that records misuse: being closed
// twice, or while one of its calls runs.
type gauge struct {
	label   string
	n       atomic.Int64
	inUse   atomic.Int32
	closed  atomic.Int32
	misuse  *atomic.Int64 // shared by every gauge of a registry
	started chan struct{}
	release chan struct{}
}

func (g *gauge) enter() error {
	g.inUse.Add(1)
	if g.closed.Load() != 0 {
		g.misuse.Add(1)
		return errors.New("called after Close")
	}
	return nil
}

func (g *gauge) leave() { g.inUse.Add(-1) }

// Incr counts a call and returns the count: the state a reload keeps.
func (g *gauge) Incr() (int, error) {
	defer g.leave()
	if err := g.enter(); err != nil {
		return 0, err
	}
	return int(g.n.Add(1)), nil
}

// Label returns the option the gauge was built with.
func (g *gauge) Label() (string, error) {
	defer g.leave()
	if err := g.enter(); err != nil {
		return "", err
	}
	return g.label, nil
}

// Hold runs until released.
func (g *gauge) Hold() (string, error) {
	defer g.leave()
	if err := g.enter(); err != nil {
		return "", err
	}
	g.started <- struct{}{}
	<-g.release
	return g.label, nil
}

func (g *gauge) Close() error {
	if g.closed.Add(1) != 1 || g.inUse.Load() != 0 {
		g.misuse.Add(1)
	}
	return nil
}

// gauges is a registry of gauge factories that remembers what it built.
type gauges struct {
	reg    *rpcext.Registry
	mu     sync.Mutex
	built  []*gauge
	misuse atomic.Int64
}

func newGauges() *gauges {
	gs := &gauges{reg: rpcext.NewRegistry()}
	gs.reg.Register("gauge:make", func(_ any, opts rpcext.Options) (any, error) {
		if opts.String("fail", "") != "" {
			return nil, errors.New("told to fail")
		}
		g := &gauge{label: opts.String("label", ""), misuse: &gs.misuse,
			started: make(chan struct{}, 1), release: make(chan struct{})}
		gs.mu.Lock()
		gs.built = append(gs.built, g)
		gs.mu.Unlock()
		return g, nil
	})
	return gs
}

// count returns how many gauges were built.
func (gs *gauges) count() int {
	gs.mu.Lock()
	defer gs.mu.Unlock()
	return len(gs.built)
}

// last returns the gauge built last with the given label.
func (gs *gauges) last(label string) *gauge {
	gs.mu.Lock()
	defer gs.mu.Unlock()
	for i := len(gs.built) - 1; i >= 0; i-- {
		if gs.built[i].label == label {
			return gs.built[i]
		}
	}
	return nil
}

func parseConfig(t testing.TB, config string, env ...string) *rpcext.Config {
	t.Helper()
	cfg, err := rpcext.ParseConfig([]byte(config), "supervisord.conf", rpcext.WithEnviron(env))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// gaugeSection is an [rpcinterface:name] section of a gauge.
func gaugeSection(name string, kv ...string) string {
	s := "\n[rpcinterface:" + name + "]\nsupervisor.rpcinterface_factory = gauge:make\n"
	for i := 0; i+1 < len(kv); i += 2 {
		s += kv[i] + " = " + kv[i+1] + "\n"
	}
	return s
}

var valueRE = regexp.MustCompile(`<value><(?:string|int)>([^<]*)</`)

// value calls method on h and returns its value as text, or "fault: ..."
func value(t testing.TB, h http.Handler, method string, header ...string) string {
	t.Helper()
	rec := post(h, call(method), header...)
	if rec.Code != 200 {
		t.Fatalf("%s: HTTP %d %s", method, rec.Code, rec.Body)
	}
	if f := faultOf(rec.Body.String()); f != "" {
		return "fault: " + f
	}
	m := valueRE.FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("%s: %s", method, rec.Body)
	}
	return m[1]
}

// TestReload: after a reload, a section with the same factory and options
// keeps its value (its state survives), a section whose options changed
// and a new one are built, a removed one answers UNKNOWN_METHOD, and a
// WithNamespace namespace stays.
func TestReload(t *testing.T) {
	gs := newGauges()
	before := gaugeSection("kept", "label", "k") + gaugeSection("changed", "label", "c1") + gaugeSection("removed", "label", "r")
	after := gaugeSection("changed", "label", "c2") + gaugeSection("kept", "label", "k") + gaugeSection("added", "label", "a")
	logs := newLogged()
	h, err := rpcext.NewHandler(parseConfig(t, before), rpcext.WithRegistry(gs.reg), rpcext.WithLogger(logs.logger()),
		rpcext.WithNamespace("extra", &gauge{label: "x", misuse: &gs.misuse}))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"kept.incr", "kept.incr", "changed.incr", "removed.incr", "extra.incr"} {
		value(t, h, m)
	}
	if err := h.Reload(parseConfig(t, after)); err != nil {
		t.Fatal(err)
	}
	for method, want := range map[string]string{
		"kept.incr":     "3", // the same value: its count goes on
		"kept.label":    "k",
		"changed.incr":  "1", // a new value
		"changed.label": "c2",
		"added.label":   "a",
		"removed.incr":  "fault: UNKNOWN_METHOD",
		"extra.incr":    "2",
	} {
		if got := value(t, h, method); got != want {
			t.Errorf("%s after the reload: %s, want %s", method, got, want)
		}
	}
	if n := gs.count(); n != 5 {
		t.Errorf("%d values built, want 5 (3, then changed and added)", n)
	}
	for label, closes := range map[string]int32{"k": 0, "c1": 1, "r": 1, "c2": 0, "a": 0} {
		if got := gs.last(label).closed.Load(); got != closes {
			t.Errorf("value %s closed %d times, want %d", label, got, closes)
		}
	}
	rec := post(h, call("system.listMethods"))
	for _, m := range []string{"kept.incr", "changed.incr", "added.incr", "extra.incr"} {
		if !strings.Contains(rec.Body.String(), ">"+m+"<") {
			t.Errorf("system.listMethods lacks %s", m)
		}
	}
	if strings.Contains(rec.Body.String(), "removed.") {
		t.Error("system.listMethods still lists the removed namespace")
	}
	if !strings.Contains(logs.String(), `msg="rpcext: namespaces reloaded" built="[changed added]" kept=[kept] removed=[removed]`) {
		t.Errorf("the reload is not logged as expected:\n%s", logs)
	}

	// Close retires the config's namespaces; WithNamespace's stays, unclosed.
	h.Close()
	if got := value(t, h, "kept.incr"); got != "fault: UNKNOWN_METHOD" {
		t.Errorf("after Close: %s", got)
	}
	if got := value(t, h, "extra.incr"); got != "3" {
		t.Errorf("WithNamespace after Close: %s", got)
	}
	for _, label := range []string{"k", "c2", "a"} {
		if got := gs.last(label).closed.Load(); got != 1 {
			t.Errorf("value %s closed %d times after Close, want 1", label, got)
		}
	}
	if err := h.Reload(parseConfig(t, after)); !errors.Is(err, rpcext.ErrHandlerClosed) {
		t.Errorf("Reload after Close: %v", err)
	}
	if gs.misuse.Load() != 0 {
		t.Error("a value was closed twice or used after Close")
	}
}

// TestReloadComparesWhatTheFactorySees: whether a section changed is
// decided on its factory and on its options as the factory receives them:
// expanded (%(ENV_X)s, %(here)s) and with the keys [DEFAULT] gives it.
// Edits that change none of that keep the value.
func TestReloadComparesWhatTheFactorySees(t *testing.T) {
	base := "[DEFAULT]\nshared = one\n" + gaugeSection("g", "label", "%(ENV_LABEL)s")
	cases := []struct {
		name    string
		config  string
		env     []string
		rebuilt bool
	}{
		{"identical", base, []string{"LABEL=a"}, false},
		{"comments, blank lines, key case, section moved", "; a comment\n[supervisord]\n\n" + strings.Replace(base, "label =", "LABEL  =", 1) + "\n# more\n", []string{"LABEL=a"}, false},
		{"the same value written out", "[DEFAULT]\nshared = one\n" + gaugeSection("g", "label", "a"), nil, false},
		{"an environment variable changed", base, []string{"LABEL=b"}, true},
		{"a [DEFAULT] key changed", strings.Replace(base, "shared = one", "shared = two", 1), []string{"LABEL=a"}, true},
		{"a [DEFAULT] key added", strings.Replace(base, "shared = one", "shared = one\nmore = 1", 1), []string{"LABEL=a"}, true},
		{"an option added", base + "extra = 1\n", []string{"LABEL=a"}, true},
		{"another factory name", strings.Replace(base, "gauge:make", "gauge:other", 1), []string{"LABEL=a"}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gs := newGauges()
			gs.reg.Register("gauge:other", func(_ any, opts rpcext.Options) (any, error) {
				opts.AcceptAny()
				return &gauge{misuse: &gs.misuse}, nil
			})
			// The gauge takes any [DEFAULT] key.
			reg := rpcext.NewRegistry()
			for _, name := range []string{"gauge:make", "gauge:other"} {
				f, _ := gs.reg.Lookup(name)
				reg.Register(name, func(host any, opts rpcext.Options) (any, error) {
					opts.Lookup("shared")
					opts.Lookup("more")
					opts.Lookup("extra")
					return f(host, opts)
				})
			}
			h, err := rpcext.NewHandler(parseConfig(t, base, "LABEL=a"), rpcext.WithRegistry(reg), rpcext.WithLogger(newLogged().logger()))
			if err != nil {
				t.Fatal(err)
			}
			value(t, h, "g.incr")
			if err := h.Reload(parseConfig(t, tc.config, tc.env...)); err != nil {
				t.Fatal(err)
			}
			rebuilt := value(t, h, "g.incr") == "1"
			if rebuilt != tc.rebuilt {
				t.Errorf("rebuilt: %v, want %v", rebuilt, tc.rebuilt)
			}
		})
	}
}

// TestReloadFailureChangesNothing: when a factory fails, an option is
// left unread, a factory is unknown or two namespaces collide, Reload
// returns an error naming the section and the handler serves the table it
// had; the values built for the failed reload are closed, those in use
// are not.
func TestReloadFailureChangesNothing(t *testing.T) {
	before := gaugeSection("a", "label", "a1")
	cases := []struct {
		name, config, want string
	}{
		{"factory fails", gaugeSection("a", "label", "a2") + gaugeSection("b", "fail", "yes"), "[rpcinterface:b]"},
		{"unread option", gaugeSection("a", "label", "a2") + gaugeSection("b", "lable", "typo"), "lable"},
		{"unknown factory", gaugeSection("a", "label", "a2") + "\n[rpcinterface:c]\nsupervisor.rpcinterface_factory = nope:make\n", "nope:make cannot be resolved"},
		{"collides with WithNamespace", gaugeSection("a", "label", "a2") + gaugeSection("extra", "label", "e"), "[rpcinterface:extra]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gs := newGauges()
			h, err := rpcext.NewHandler(parseConfig(t, before), rpcext.WithRegistry(gs.reg), rpcext.WithLogger(newLogged().logger()),
				rpcext.WithNamespace("extra", struct{}{}))
			if err != nil {
				t.Fatal(err)
			}
			value(t, h, "a.incr")
			err = h.Reload(parseConfig(t, tc.config))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one naming %q", err, tc.want)
			}
			if got := value(t, h, "a.incr"); got != "2" {
				t.Errorf("after the failed reload a.incr answers %s, want 2 (the same value)", got)
			}
			if got := value(t, h, "a.label"); got != "a1" {
				t.Errorf("a.label: %s", got)
			}
			if a1 := gs.last("a1"); a1.closed.Load() != 0 {
				t.Error("the value in use was closed")
			}
			if a2 := gs.last("a2"); a2 == nil || a2.closed.Load() != 1 {
				t.Error("the value built for the failed reload was not closed")
			}
		})
	}
}

// TestReloadClosesAfterTheLastCall: a replaced value is closed only once
// the call that was running on it has answered, and the call answers
// from it; calls that start after the reload reach the new value.
func TestReloadClosesAfterTheLastCall(t *testing.T) {
	gs := newGauges()
	h, err := rpcext.NewHandler(parseConfig(t, gaugeSection("g", "label", "old")), rpcext.WithRegistry(gs.reg), rpcext.WithLogger(newLogged().logger()))
	if err != nil {
		t.Fatal(err)
	}
	old := gs.last("old")
	held := make(chan string, 1)
	go func() { held <- value(t, h, "g.hold") }()
	<-old.started
	if err := h.Reload(parseConfig(t, gaugeSection("g", "label", "new"))); err != nil {
		t.Fatal(err)
	}
	if got := value(t, h, "g.label"); got != "new" {
		t.Errorf("a call after the reload reached %s", got)
	}
	if old.closed.Load() != 0 {
		t.Fatal("closed while its call runs")
	}
	close(old.release)
	if got := <-held; got != "old" {
		t.Errorf("the call in progress answered %s", got)
	}
	if old.closed.Load() != 1 {
		t.Errorf("closed %d times after its last call", old.closed.Load())
	}
	if gs.misuse.Load() != 0 {
		t.Error("misuse")
	}
}

// TestReloadCredentials: the credentials of [inet_http_server] change
// with a reload of a handler that takes them from the config.
func TestReloadCredentials(t *testing.T) {
	gs := newGauges()
	cfg := func(pass string) *rpcext.Config {
		return parseConfig(t, gaugeSection("g", "label", "x")+"\n[inet_http_server]\nport = 127.0.0.1:1\nusername = u\npassword = "+pass+"\n")
	}
	h, err := rpcext.NewHandler(cfg("one"), rpcext.WithRegistry(gs.reg), rpcext.WithLogger(newLogged().logger()))
	if err != nil {
		t.Fatal(err)
	}
	if rec := post(h, call("g.incr"), "Authorization", basic("u", "one")); rec.Code != 200 {
		t.Fatalf("%d", rec.Code)
	}
	if err := h.Reload(cfg("two")); err != nil {
		t.Fatal(err)
	}
	if rec := post(h, call("g.incr"), "Authorization", basic("u", "one")); rec.Code != 401 {
		t.Errorf("the old password: %d", rec.Code)
	}
	if got := value(t, h, "g.incr", "Authorization", basic("u", "two")); got != "2" {
		t.Errorf("the new password: %s", got)
	}
}

var _ = context.Background
