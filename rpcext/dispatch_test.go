package rpcext_test

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// reached counts calls of methods that must never be reachable.
var reached atomic.Int64

// Inner is embedded in hostileNS: its methods are promoted in Go, and
// must not be published.
type Inner struct{ Value string }

func (Inner) Secret() string     { reached.Add(1); return "inner secret" }
func (*Inner) PtrSecret() string { reached.Add(1); return "inner pointer secret" }
func (Inner) Shadow() string     { reached.Add(1); return "inner shadow" }

// Embedded is embedded by pointer.
type Embedded struct{}

func (*Embedded) Elevate() string { reached.Add(1); return "elevated" }

// Child is reachable only by object traversal, which is never allowed.
type Child struct{}

func (*Child) Hello() string { reached.Add(1); return "child" }

// hostileNS has every shape of thing that must not be callable: fields
// (of any kind, func-valued included), nested objects, promoted methods
// of embedded structs (value, pointer, and sync.Mutex's Lock), unexported
// methods; and what is callable: its own exported methods, Shadow
// redeclared over the promoted one, and a non-ASCII name.
type hostileNS struct {
	Inner
	*Embedded
	sync.Mutex

	Field string
	Child *Child
	Fn    func() string
	Funcs map[string]func() string
}

func newHostile() *hostileNS {
	secret := func() string { reached.Add(1); return "func field" }
	return &hostileNS{Embedded: &Embedded{}, Field: "field", Child: &Child{}, Fn: secret, Funcs: map[string]func() string{"x": secret}}
}

func (*hostileNS) Ping() string     { return "pong" }
func (*hostileNS) Shadow() string   { return "redeclared" }
func (*hostileNS) Ĉapitalized() int { return 7 }
func (*hostileNS) hidden() string   { reached.Add(1); return "hidden" }
func (*hostileNS) private_() string { reached.Add(1); return "private" }

var _ = (*hostileNS).hidden
var _ = (*hostileNS).private_

// TestDispatchReachesOnlyPublishedMethods: only namespace.method of the
// value's own exported methods can be called; every other name (fields,
// nested objects, promoted and unexported methods, Python-style
// attributes, names with extra dots, slashes, unicode look-alikes, empty
// parts, whitespace, very long names) is UNKNOWN_METHOD, or 400 when it
// is not even well-formed, and never runs anything.
func TestDispatchReachesOnlyPublishedMethods(t *testing.T) {
	reached.Store(0)
	h, _ := nsHandler(t, "h", newHostile())

	t.Run("listMethods", func(t *testing.T) {
		w := post(h, call("system.listMethods"))
		var got []string
		for _, part := range strings.Split(w.Body.String(), "<string>")[1:] {
			name, _, _ := strings.Cut(part, "</string>")
			got = append(got, name)
		}
		want := []string{"h.ping", "h.shadow", "h.ĉapitalized",
			"system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall"}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("listMethods %q, want %q", got, want)
		}
	})
	t.Run("published", func(t *testing.T) {
		for name, want := range map[string]string{"h.ping": "pong", "h.shadow": "redeclared", "h.ĉapitalized": "<int>7</int>"} {
			if w := post(h, call(name)); !strings.Contains(w.Body.String(), want) {
				t.Errorf("%s: %d %q", name, w.Code, w.Body)
			}
		}
	})

	unreachable := []string{
		// Fields and nested objects, in any spelling.
		"h.field", "h.Field", "h.child", "h.Child", "h.child.hello", "h.Child.Hello", "h.fn", "h.Fn",
		"h.funcs", "h.funcs.x", "h.inner", "h.inner.value", "h.embedded",
		// Promoted methods, as promoted and through the field.
		"h.secret", "h.Secret", "h.ptrSecret", "h.elevate", "h.lock", "h.unlock", "h.Lock", "h.tryLock",
		"h.inner.secret", "h.Inner.Secret", "h.embedded.elevate", "h.mutex.lock",
		// Unexported and not-lowered names.
		"h.hidden", "h.private_", "h.Ping", "h.PING", "h.Shadow", "H.ping", "h.Ĉapitalized",
		// RPCDocs-style and Python-style attributes.
		"h.rPCDocs", "h.RPCDocs", "h.__init__", "h.__class__", "h.__dict__", "h.ping.__func__",
		"h.ping.__globals__", "system.__init__", "system._listMethods", "system.listMethods.__call__",
		// Dots, slashes, empty parts.
		"h", "h.", ".ping", "h..ping", "h.ping.", ".h.ping", "h.ping.x", "h.ping.ping", "system", "system.",
		"system.multicall.x", "h/ping", "h.ping/", "/RPC2/h.ping", "h\\ping", "h.ping/../ping", "h:ping", "h ping",
		// Unicode look-alikes and invisible characters.
		"h.pıng", "h.pİng", "h.ping\u200b", "\u200bh.ping", "h\u2024ping", "h\uff0eping", "ｈ.ping", "h.ping\u00a0",
		// Whitespace (supervisord does not trim either).
		" h.ping", "h.ping ", "h.ping\n",
		// Very long names.
		strings.Repeat("h.", 50_000) + "ping", "h." + strings.Repeat("p", 100_000), strings.Repeat(".", 100_000),
	}
	for _, name := range unreachable {
		t.Run("name "+clipName(name), func(t *testing.T) {
			w := post(h, call(xmlEscape(name)))
			switch {
			case w.Code == 400:
			case w.Code == 200 && faultOf(w.Body.String()) == "UNKNOWN_METHOD":
			default:
				t.Fatalf("%q: %d %.300q", name, w.Code, w.Body)
			}
			for _, intro := range []string{"system.methodHelp", "system.methodSignature"} {
				w := post(h, call(intro, "<string>"+xmlEscape(name)+"</string>"))
				if w.Code == 200 && !strings.Contains(w.Body.String(), "<fault>") {
					t.Fatalf("%s(%q) answered %.300q", intro, name, w.Body)
				}
			}
		})
	}
	t.Run("inside system.multicall", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("<array><data>")
		for _, name := range unreachable {
			b.WriteString("<value><struct><member><name>methodName</name><value><string>" + xmlEscape(name) +
				"</string></value></member></struct></value>")
		}
		b.WriteString("</data></array>")
		w := post(h, call("system.multicall", b.String()))
		if w.Code != 200 {
			t.Fatalf("%d %.300q", w.Code, w.Body)
		}
		if n := strings.Count(w.Body.String(), "<string>UNKNOWN_METHOD</string>"); n != len(unreachable) {
			t.Fatalf("%d UNKNOWN_METHOD answers for %d names: %.2000q", n, len(unreachable), w.Body)
		}
	})
	t.Run("system.multicall recursion", func(t *testing.T) {
		inner := `<value><struct><member><name>methodName</name><value><string>h.secret</string></value></member></struct></value>`
		recursive := func(name string) string {
			return `<value><struct><member><name>methodName</name><value><string>` + name + `</string></value></member>` +
				`<member><name>params</name><value><array><data><value><array><data>` + inner +
				`</data></array></value></data></array></value></member></struct></value>`
		}
		for _, name := range []string{"system.multicall"} {
			w := post(h, call("system.multicall", "<array><data>"+recursive(name)+recursive(name)+"</data></array>"))
			if w.Code != 200 || strings.Count(w.Body.String(), "Recursive system.multicall forbidden") != 2 {
				t.Fatalf("%d %.1000q", w.Code, w.Body)
			}
		}
		for _, name := range []string{"system.multicall ", "System.multicall", "system.multiCall"} {
			w := post(h, call("system.multicall", "<array><data>"+recursive(name)+"</data></array>"))
			if w.Code != 200 || !strings.Contains(w.Body.String(), "UNKNOWN_METHOD") {
				t.Fatalf("%q: %d %.1000q", name, w.Code, w.Body)
			}
		}
	})
	if n := reached.Load(); n != 0 {
		t.Fatalf("unreachable code ran %d times", n)
	}
}

// TestPromotedMethodsLogged: a promoted method that is not published is
// logged at Mount with how to publish it.
func TestPromotedMethodsLogged(t *testing.T) {
	_, logs := nsHandler(t, "h", newHostile())
	for _, m := range []string{"method=Secret", "method=Lock", "method=Elevate"} {
		if !strings.Contains(logs.String(), m) || !strings.Contains(logs.String(), "promoted from embedded field") {
			t.Errorf("%s not logged as skipped:\n%s", m, logs)
		}
	}
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\n", "&#10;").Replace(s)
}

func clipName(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
