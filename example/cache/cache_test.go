package cache_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/supervisorrpc/rpcinterface/example/cache"
	"github.com/supervisorrpc/rpcinterface/internal/replay"
	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/rpcext"
	"github.com/supervisorrpc/rpcinterface/rpctest"
)

const config = `
[rpcinterface:cache]
supervisor.rpcinterface_factory = supervisor_cache.rpcinterface:make_cache_rpcinterface
`

// host is a host whose shutdown state the test controls.
type host struct{ down atomic.Bool }

func (h *host) ShuttingDown() bool { return h.down.Load() }

// newServer serves config through the real handler, mounted as a host
// mounts it, with the cache registered in the default registry by init,
// and returns its URL: the tests below send raw XML to see each XML-RPC
// type exactly as sent.
func newServer(t *testing.T, config string, opts ...rpcext.MountOption) string {
	t.Helper()
	return rpctest.NewServer(t, config, opts...).URL
}

// call sends method with params (each the inside of a <value>) and parses
// the answer.
func call(t *testing.T, url, method string, params ...string) *replay.Response {
	t.Helper()
	r, err := send(url, method, params...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// send is call for goroutines other than the test's.
func send(url, method string, params ...string) (*replay.Response, error) {
	req := testkit.MethodCall(method, testkit.Values(params...)...)
	resp, err := http.Post(url, "text/xml", bytes.NewReader(req))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: HTTP %d: %s", method, resp.StatusCode, body)
	}
	r, err := replay.ParseResponse(body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	return r, nil
}

// step is one call and its expected answer: a value as a typed-JSON
// pattern (see replay.MatchPattern), or a fault.
type step struct {
	method string
	params []string
	value  string
	code   int
	fault  string
}

func (s step) name() string {
	return s.method + "(" + strings.Join(s.params, ",") + ")"
}

func (s step) check(t *testing.T, url string) {
	t.Helper()
	r := call(t, url, s.method, s.params...)
	if s.fault != "" {
		if r.Fault == nil || r.Fault.Code != s.code || r.Fault.String != s.fault {
			t.Errorf("%s = %v, want fault %d %q", s.name(), r, s.code, s.fault)
		}
		return
	}
	if r.Fault != nil {
		t.Errorf("%s = %v, want %s", s.name(), r, s.value)
		return
	}
	if err := replay.MatchPattern([]byte(s.value), r.Value, s.name()); err != nil {
		t.Error(err)
	}
}

const badKey = "BAD_NAME: Cache key must be a non-empty string"

// TestSession replays the transcript recorded against supervisord 4.2.5
// with the Python supervisor_cache loaded, call by call.
func TestSession(t *testing.T) {
	url := newServer(t, config)
	steps := []step{
		{method: "cache.getAPIVersion", value: `"0.2"`},
		{method: "cache.getKeys", value: `[]`},
		{method: "cache.getCount", value: `0`},
		{method: "cache.store", params: []string{"<string>foo</string>", "<string>bar baz</string>"}, value: `true`},
		{method: "cache.store", params: []string{"<string>n</string>", "<int>42</int>"}, value: `true`},
		{method: "cache.store", params: []string{"<string>l</string>", "<array><data><value><int>1</int></value><value><string>a</string></value><value><boolean>1</boolean></value></data></array>"}, value: `true`},
		{method: "cache.store", params: []string{"<string>s</string>", "<struct><member><name>a</name><value><int>1</int></value></member><member><name>b</name><value><array><data><value><int>2</int></value></data></array></value></member></struct>"}, value: `true`},
		{method: "cache.store", params: []string{"<int>42</int>", "<string>x</string>"}, code: 10, fault: badKey},
		{method: "cache.store", params: []string{"<string></string>", "<string>x</string>"}, code: 10, fault: badKey},
		{method: "cache.store", params: []string{"<boolean>1</boolean>", "<string>x</string>"}, code: 10, fault: badKey},
		{method: "cache.store", params: []string{"<string>k</string>"}, code: 2, fault: "INCORRECT_PARAMETERS"},
		{method: "cache.store", params: []string{"<string>k</string>", "<string>v</string>", "<string>extra</string>"}, code: 2, fault: "INCORRECT_PARAMETERS"},
		{method: "cache.fetch", params: []string{"<string>foo</string>"}, value: `"bar baz"`},
		{method: "cache.fetch", params: []string{"<string>n</string>"}, value: `42`},
		{method: "cache.fetch", params: []string{"<string>l</string>"}, value: `[1, "a", true]`},
		{method: "cache.fetch", params: []string{"<string>s</string>"}, value: `{"a": 1, "b": [2]}`},
		{method: "cache.fetch", params: []string{"<string>missing</string>"}, code: 10, fault: "BAD_NAME"},
		{method: "cache.fetch", params: []string{"<int>42</int>"}, code: 10, fault: badKey},
		{method: "cache.fetch", code: 2, fault: "INCORRECT_PARAMETERS"},
		{method: "cache.getKeys", value: `["foo", "l", "n", "s"]`},
		{method: "cache.getCount", value: `4`},
		{method: "cache.store", params: []string{"<string>foo</string>", "<string>replaced</string>"}, value: `true`},
		{method: "cache.fetch", params: []string{"<string>foo</string>"}, value: `"replaced"`},
		{method: "cache.getCount", value: `4`},
		{method: "cache.delete", params: []string{"<string>missing</string>"}, value: `true`},
		{method: "cache.delete", params: []string{"<string>foo</string>"}, value: `true`},
		{method: "cache.fetch", params: []string{"<string>foo</string>"}, code: 10, fault: "BAD_NAME"},
		{method: "cache.delete", params: []string{"<int>1</int>"}, code: 10, fault: badKey},
		{method: "cache.getKeys", value: `["l", "n", "s"]`},
		{method: "cache.clear", value: `true`},
		{method: "cache.getKeys", value: `[]`},
		{method: "cache.getCount", value: `0`},
		{method: "cache.clear", value: `true`},
	}
	for _, s := range steps {
		s.check(t, url)
	}
}

// TestValues stores a value of every XML-RPC type and fetches it back with
// its type.
func TestValues(t *testing.T) {
	url := newServer(t, config)
	tests := []struct {
		name, value, want string
	}{
		{"int", "<int>-7</int>", `-7`},
		{"i4", "<i4>2147483647</i4>", `2147483647`},
		{"i8", "<i8>1099511627776</i8>", `1099511627776`},
		{"boolean", "<boolean>0</boolean>", `false`},
		{"string", "<string>héllo &lt;&amp;&gt; wörld</string>", `"héllo <&> wörld"`},
		{"untyped string", "plain text", `"plain text"`},
		{"empty string", "<string></string>", `""`},
		{"double", "<double>0.1</double>", `0.1`},
		{"big double", "<double>1e300</double>", `1e300`},
		{"dateTime", "<dateTime.iso8601>20240102T03:04:05</dateTime.iso8601>", `{"$datetime": "20240102T03:04:05"}`},
		{"base64", "<base64>AAH/YmluYXJ5</base64>", `{"$base64": "AAH/YmluYXJ5"}`},
		{"empty base64", "<base64></base64>", `{"$base64": ""}`},
		{"nil", "<nil/>", `null`},
		{"empty array", "<array><data></data></array>", `[]`},
		{"empty struct", "<struct></struct>", `{}`},
		{"nested", "<struct><member><name>list</name><value><array><data><value><struct><member><name>x</name><value><double>1.5</double></value></member></struct></value><value><nil/></value></data></array></value></member></struct>",
			`{"list": [{"x": 1.5}, null]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := "<string>" + tt.name + "</string>"
			step{method: "cache.store", params: []string{key, tt.value}, value: `true`}.check(t, url)
			step{method: "cache.fetch", params: []string{key}, value: tt.want}.check(t, url)
		})
	}
}

// TestKeys checks which values are keys: non-empty strings, however they
// are sent, and nothing else.
func TestKeys(t *testing.T) {
	url := newServer(t, config)
	tests := []struct {
		name, key string
		stored    string // the key as getKeys lists it; "" when refused
	}{
		{"string", "<string>k1</string>", "k1"},
		{"untyped", "k2", "k2"},
		{"unicode", "<string>ключ</string>", "ключ"},
		{"escaped", "<string>&lt;a&amp;b&gt;</string>", "<a&b>"},
		{"spaces", "<string> </string>", " "},
		{"base64 text, as supervisord decodes it", "<base64>azM=</base64>", "k3"},
		{"empty", "<string></string>", ""},
		{"empty untyped", "", ""},
		{"empty base64", "<base64></base64>", ""},
		{"base64 not UTF-8", "<base64>/w==</base64>", ""},
		{"int", "<int>1</int>", ""},
		{"i8", "<i8>1</i8>", ""},
		{"boolean", "<boolean>1</boolean>", ""},
		{"double", "<double>1.5</double>", ""},
		{"dateTime", "<dateTime.iso8601>20240102T03:04:05</dateTime.iso8601>", ""},
		{"array", "<array><data><value>k</value></data></array>", ""},
		{"struct", "<struct></struct>", ""},
		{"nil", "<nil/>", ""},
	}
	var want []string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.stored == "" {
				step{method: "cache.store", params: []string{tt.key, "<string>v</string>"}, code: 10, fault: badKey}.check(t, url)
				step{method: "cache.fetch", params: []string{tt.key}, code: 10, fault: badKey}.check(t, url)
				step{method: "cache.delete", params: []string{tt.key}, code: 10, fault: badKey}.check(t, url)
				return
			}
			step{method: "cache.store", params: []string{tt.key, "<string>v</string>"}, value: `true`}.check(t, url)
			step{method: "cache.fetch", params: []string{"<string>" + escape(tt.stored) + "</string>"}, value: `"v"`}.check(t, url)
			step{method: "cache.fetch", params: []string{tt.key}, value: `"v"`}.check(t, url)
			want = append(want, tt.stored)
		})
	}
	slices.Sort(want)
	r := call(t, url, "cache.getKeys")
	got, _ := r.Value.([]any)
	if len(got) != len(want) {
		t.Fatalf("getKeys = %v, want %q", r, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("getKeys[%d] = %q, want %q (keys are sorted by code point)", i, got[i], want[i])
		}
	}
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// TestShutdown checks that every method answers SHUTDOWN_STATE while the
// host shuts down, before it looks at its parameters, and works again
// after.
func TestShutdown(t *testing.T) {
	h := &host{}
	url := newServer(t, config, rpcext.WithHost(h))
	step{method: "cache.store", params: []string{"<string>k</string>", "<int>1</int>"}, value: `true`}.check(t, url)
	h.down.Store(true)
	calls := []step{
		{method: "cache.getAPIVersion"},
		{method: "cache.getKeys"},
		{method: "cache.getCount"},
		{method: "cache.store", params: []string{"<string>k</string>", "<int>2</int>"}},
		{method: "cache.store", params: []string{"<int>42</int>", "<int>2</int>"}},
		{method: "cache.fetch", params: []string{"<string>k</string>"}},
		{method: "cache.fetch", params: []string{"<string></string>"}},
		{method: "cache.delete", params: []string{"<string>k</string>"}},
		{method: "cache.clear"},
	}
	for _, s := range calls {
		s.code, s.fault = 6, "SHUTDOWN_STATE"
		s.check(t, url)
	}
	h.down.Store(false)
	step{method: "cache.fetch", params: []string{"<string>k</string>"}, value: `1`}.check(t, url)
	step{method: "cache.getCount", value: `1`}.check(t, url)
}

// TestOptionsIgnored checks that the factory accepts any option, as
// make_cache_rpcinterface(supervisord, **config) does, and that a host
// without a shutdown state is fine.
func TestOptionsIgnored(t *testing.T) {
	url := newServer(t, config+"size = 10\nwhatever = %%(not expanded)s\n", rpcext.WithHost(struct{}{}))
	step{method: "cache.getAPIVersion", value: `"0.2"`}.check(t, url)
}

// TestIntrospection checks what system.* says about the namespace, as
// recorded from supervisord 4.2.5 with supervisor_cache loaded.
func TestIntrospection(t *testing.T) {
	url := newServer(t, config)
	r := call(t, url, "system.listMethods")
	all, _ := r.Value.([]any)
	var got []string
	for _, m := range all {
		if s, _ := m.(string); strings.HasPrefix(s, "cache.") {
			got = append(got, s)
		}
	}
	want := []string{"cache.clear", "cache.delete", "cache.fetch", "cache.getAPIVersion", "cache.getCount", "cache.getKeys", "cache.store"}
	if !slices.Equal(got, want) {
		t.Errorf("listMethods cache.* = %q, want %q", got, want)
	}

	// supervisord answers one flat signature: result type, then params.
	signatures := map[string]string{
		"cache.getAPIVersion": `["string"]`,
		"cache.getKeys":       `["array"]`,
		"cache.getCount":      `["integer"]`,
		"cache.store":         `["boolean", "string", "string"]`,
		"cache.fetch":         `["string", "string"]`,
		"cache.delete":        `["boolean", "string"]`,
		"cache.clear":         `["boolean"]`,
	}
	for _, m := range want {
		step{method: "system.methodSignature", params: []string{"<string>" + m + "</string>"}, value: signatures[m]}.check(t, url)
	}

	helps := map[string]string{
		"cache.store": " Store a string value in the cache, referenced by 'key'\n\n" +
			"        @param  string key   A string to use as a cache key\n" +
			"        @param  string data  A string for cache value\n" +
			"        @return boolean      Always true unless error\n        ",
		"cache.getCount": " Return a count of all items in the cache\n\n" +
			"        @return  integer   Count of items\n        ",
		"cache.getAPIVersion": " Return the version of the RPC API used by supervisor_cache\n\n" +
			"        @return string  version\n        ",
	}
	for m, help := range helps {
		r := call(t, url, "system.methodHelp", "<string>"+m+"</string>")
		if r.Fault != nil || r.Value != help {
			t.Errorf("methodHelp(%s) = %v, want %q", m, r, help)
		}
	}
	step{method: "cache.rPCDocs", code: 1, fault: "UNKNOWN_METHOD"}.check(t, url)
}

// TestConcurrent runs stores, fetches and deletes from many clients at
// once (meaningful under -race) and checks the final contents.
func TestConcurrent(t *testing.T) {
	c := rpctest.NewServer(t, config).Client()
	ctx := t.Context()
	const clients, keys = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, clients*keys*4)
	for cl := range clients {
		wg.Go(func() {
			for k := range keys {
				key := fmt.Sprintf("c%d-k%02d", cl, k)
				var n int
				var stored []string
				calls := []func() error{
					func() error { return c.Call(ctx, "cache.store", nil, key, cl*keys+k) },
					func() error { return c.Call(ctx, "cache.fetch", &n, key) },
					func() error { return c.Call(ctx, "cache.getKeys", &stored) },
				}
				if k%5 == 0 {
					calls = append(calls, func() error { return c.Call(ctx, "cache.delete", nil, key) })
				}
				for _, call := range calls {
					if err := call(); err != nil {
						errs <- err
					}
				}
				if n != cl*keys+k {
					errs <- fmt.Errorf("cache.fetch(%s) = %d", key, n)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	var n int
	if err := c.Call(ctx, "cache.getCount", &n); err != nil || n != clients*(keys-keys/5) {
		t.Errorf("cache.getCount = %d, %v", n, err)
	}
	if err := c.Call(ctx, "cache.fetch", &n, "c3-k07"); err != nil || n != 3*keys+7 {
		t.Errorf("cache.fetch(c3-k07) = %d, %v", n, err)
	}
	err := c.Call(ctx, "cache.fetch", &n, "c3-k05")
	var f *rpcext.Fault
	if !errors.As(err, &f) || f.Code != rpcext.CodeBadName {
		t.Errorf("cache.fetch(c3-k05) = %v, want BAD_NAME", err)
	}
}

// TestFactory checks the factory's registration under the Python name.
func TestFactory(t *testing.T) {
	if !slices.Contains(rpcext.Factories(), cache.FactoryName) {
		t.Fatalf("%s not registered: %q", cache.FactoryName, rpcext.Factories())
	}
	opts := rpcext.NewOptions("rpcinterface:cache", map[string]string{"anything": "x"})
	v, err := cache.New(nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := opts.CheckRead(); err != nil { // make_cache_rpcinterface takes **config
		t.Errorf("the factory refuses keys it ignores: %v", err)
	}
	if _, ok := v.(rpcext.Documented); !ok {
		t.Errorf("%T does not document its methods", v)
	}
}
