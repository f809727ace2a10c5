package interop_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
)

// nodeCase is one call for node/client.js (the npm package xmlrpc 1.3.2):
// params is a JSON array and want the JSON entry client.js must print for
// the result, {"value": v}, {"fault": {"code": n, "string": s}} or
// {"error": message}. Dates are {"$date": ISO text} and Buffers
// {"$base64": text}, in params and results.
type nodeCase struct {
	name, method, params, want string
}

// runNode makes the calls in order, in one node process talking to url,
// and checks each result.
func runNode(t *testing.T, url string, cases []nodeCase) {
	t.Helper()
	node := requireNode(t)
	type call struct {
		Method string          `json:"method"`
		Params json.RawMessage `json:"params,omitempty"`
	}
	calls := make([]call, len(cases))
	for i, c := range cases {
		calls[i] = call{Method: c.method}
		if c.params != "" {
			calls[i].Params = json.RawMessage(c.params)
		}
	}
	in, err := json.Marshal(calls)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, filepath.Join("node", "client.js"), url)
	// The package sends and reads dateTime in the local zone; UTC makes
	// the answers independent of the machine's zone.
	cmd.Env = append(os.Environ(), "TZ=UTC")
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node client.js: %v\n%s", err, stderr.Bytes())
	}
	var got []json.RawMessage
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(cases) {
		t.Fatalf("client.js printed %q (%v), want %d results", out, err, len(cases))
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var g, w any
			if err := json.Unmarshal(got[i], &g); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(c.want), &w); err != nil {
				t.Fatalf("bad want %s: %v", c.want, err)
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("%s(%s)\n got  %s\n want %s", c.method, c.params, got[i], c.want)
			}
		})
	}
}

// requireNode returns the path of node, after checking that the npm
// package is installed; it skips the test otherwise (fails it when
// RPCINTERFACE_REQUIRE_INTEROP=1).
func requireNode(t *testing.T) string {
	t.Helper()
	node := requireTool(t, "node")
	if _, err := os.Stat(filepath.Join("node", "node_modules", "xmlrpc", "package.json")); err != nil {
		msg := "interop/node/node_modules is missing (run `npm ci --prefix interop/node`)"
		if os.Getenv("RPCINTERFACE_REQUIRE_INTEROP") == "1" {
			t.Fatalf("%s: %v", msg, err)
		}
		t.Skipf("skipping: %s", msg)
	}
	return node
}

// TestNodeValues round-trips the types the Node package sends through
// echo.echo and reads the types the plugins answer.
func TestNodeValues(t *testing.T) {
	requireNode(t)
	h := startHost(t)
	runNode(t, h.URL, []nodeCase{
		{"string", "echo.echo", `["hello"]`, `{"value": "hello"}`},
		{"empty string", "echo.echo", `[""]`, `{"value": ""}`},
		{"unicode", "echo.echo", `["héllo wörld ключ 中文 😀"]`, `{"value": "héllo wörld ключ 中文 😀"}`},
		// Strings with < or & are sent as CDATA sections.
		{"markup as CDATA", "echo.echo", `["<a href=\"x\">&amp;</a>"]`, `{"value": "<a href=\"x\">&amp;</a>"}`},
		{"CDATA terminator", "echo.echo", `["a]]>b <&>"]`, `{"value": "a]]>b <&>"}`},
		{"whitespace", "echo.echo", `["  lead\ttab\ntrail  "]`, `{"value": "  lead\ttab\ntrail  "}`},
		{"CR kept (sent as &#xD;)", "echo.echo", `["a\r\nb"]`, `{"value": "a\r\nb"}`},
		{"int", "echo.echo", `[42]`, `{"value": 42}`},
		{"zero", "echo.echo", `[0]`, `{"value": 0}`},
		{"int32 min", "echo.echo", `[-2147483648]`, `{"value": -2147483648}`},
		{"int32 max", "echo.echo", `[2147483647]`, `{"value": 2147483647}`},
		// The package sends every integral number as <int>; beyond 32 bits
		// the server answers <i8>, which the package reads as a string.
		{"int beyond 32 bits", "echo.echo", `[2147483648]`, `{"value": "2147483648"}`},
		{"largest safe integer", "echo.echo", `[9007199254740991]`, `{"value": "9007199254740991"}`},
		{"negative beyond 32 bits", "echo.echo", `[-1099511627776]`, `{"value": "-1099511627776"}`},
		{"i8 answer", "echo.big", ``, `{"value": "1099511627776"}`},
		{"double", "echo.echo", `[0.1]`, `{"value": 0.1}`},
		{"negative double", "echo.echo", `[-2.5]`, `{"value": -2.5}`},
		{"small double", "echo.echo", `[1.5e-7]`, `{"value": 1.5e-7}`},
		// An integral double is indistinguishable from an int in
		// JavaScript: it is sent as <int>.
		{"integral double", "echo.add", `[2.0, 1]`, `{"value": 3}`},
		{"double sum", "echo.add", `[0.5, 1]`, `{"value": 1.5}`},
		// 1e300 is integral too, and the package sends <int>1e+300</int>,
		// which is no XML-RPC integer: HTTP 400 (supervisord: 400 too),
		// whose text body the package reports as an invalid message.
		{"1e300 sent as <int>", "echo.echo", `[1e300]`, `{"error": "Invalid XML-RPC message"}`},
		{"true", "echo.echo", `[true]`, `{"value": true}`},
		{"false", "echo.echo", `[false]`, `{"value": false}`},
		{"dateTime", "echo.echo", `[{"$date": "2024-01-02T03:04:05Z"}]`, `{"value": {"$date": "2024-01-02T03:04:05.000Z"}}`},
		// XML-RPC has no milliseconds: the package drops them.
		{"dateTime milliseconds", "echo.echo", `[{"$date": "1999-12-31T23:59:59.999Z"}]`, `{"value": {"$date": "1999-12-31T23:59:59.000Z"}}`},
		{"base64", "echo.echo", `[{"$base64": "AAFiaW5hcnn/"}]`, `{"value": {"$base64": "AAFiaW5hcnn/"}}`},
		{"base64 not UTF-8", "echo.echo", `[{"$base64": "//7/AIA="}]`, `{"value": {"$base64": "//7/AIA="}}`},
		{"empty base64", "echo.echo", `[{"$base64": ""}]`, `{"value": {"$base64": ""}}`},
		{"null (sent as <nil/>)", "echo.echo", `[null]`, `{"value": null}`},
		{"nil answer", "echo.none", ``, `{"value": null}`},
		{"array", "echo.echo", `[[1, "two", 3.5, false, null]]`, `{"value": [1, "two", 3.5, false, null]}`},
		{"empty array", "echo.echo", `[[]]`, `{"value": []}`},
		{"struct", "echo.echo", `[{"a": 1, "b": "two", "ü <&>": true}]`, `{"value": {"a": 1, "b": "two", "ü <&>": true}}`},
		{"empty struct", "echo.echo", `[{}]`, `{"value": {}}`},
		{"nested", "echo.echo", `[{"list": [1, [2, {"deep": {"$base64": "/w=="}}]], "when": {"$date": "2024-01-02T03:04:05Z"}}]`,
			`{"value": {"list": [1, [2, {"deep": {"$base64": "/w=="}}]], "when": {"$date": "2024-01-02T03:04:05.000Z"}}}`},
		{"several params", "echo.count", `[1, "a", null, [], {}]`, `{"value": 5}`},
		{"types", "echo.types", ``, `{"value": {"array": [1, "two", false], "base64": {"$base64": "AAFiaW5hcnn/"}, "boolean": true,
			"dateTime": {"$date": "2024-01-02T03:04:05.000Z"}, "double": 1.5, "int": 42, "string": "hello <&> world", "struct": {"a": 1, "b": "two"}}}`},
		{"another.getRetries", "another.getRetries", ``, `{"value": 4}`},
	})
}

// TestNodeFaults checks faults (an Error with faultCode and faultString)
// and HTTP errors as the Node package reports them.
func TestNodeFaults(t *testing.T) {
	requireNode(t)
	h := startHost(t)
	runNode(t, h.URL, []nodeCase{
		{"concat", "echo.concat", `[1, "x"]`, `{"fault": {"code": 3, "string": "BAD_ARGUMENTS: concat needs two strings"}}`},
		{"fail with text", "echo.fail", `[70, "nr"]`, `{"fault": {"code": 70, "string": "NOT_RUNNING: nr"}}`},
		{"fail bare", "echo.fail", `[70]`, `{"fault": {"code": 70, "string": "NOT_RUNNING"}}`},
		{"unknown code", "echo.fail", `[999, "odd <&>"]`, `{"fault": {"code": 999, "string": "UNKNOWN: odd <&>"}}`},
		{"failPlain", "echo.failPlain", `["disk full"]`, `{"fault": {"code": 30, "string": "FAILED: disk full"}}`},
		{"unknown method", "echo.nosuch", ``, `{"fault": {"code": 1, "string": "UNKNOWN_METHOD"}}`},
		{"wrong arity", "echo.add", `[1]`, `{"fault": {"code": 2, "string": "INCORRECT_PARAMETERS"}}`},
		{"setRetries", "another.setRetries", `[-1]`, `{"fault": {"code": 3, "string": "BAD_ARGUMENTS: retries must not be negative, got -1"}}`},
		// The package ignores the HTTP status (except 404) and parses the
		// 500's text body.
		{"HTTP 500", "echo.boom", ``, `{"error": "Invalid XML-RPC message"}`},
		{"still usable", "echo.ping", ``, `{"value": "pong"}`},
	})
}

// TestNodeCacheAndMulticall drives supervisor_cache and a raw
// system.multicall (supervisord's dialect: bare results).
func TestNodeCacheAndMulticall(t *testing.T) {
	requireNode(t)
	h := startHost(t)
	const badKey = `{"fault": {"code": 10, "string": "BAD_NAME: Cache key must be a non-empty string"}}`
	runNode(t, h.URL, []nodeCase{
		{"getAPIVersion", "cache.getAPIVersion", ``, `{"value": "0.2"}`},
		{"store struct", "cache.store", `["s", {"a": 1, "b": [2, {"$date": "2024-01-02T03:04:05Z"}]}]`, `{"value": true}`},
		{"store base64", "cache.store", `["b", {"$base64": "/wA="}]`, `{"value": true}`},
		{"store null", "cache.store", `["n", null]`, `{"value": true}`},
		{"store int key", "cache.store", `[42, "x"]`, badKey},
		{"store empty key", "cache.store", `["", "x"]`, badKey},
		{"fetch struct", "cache.fetch", `["s"]`, `{"value": {"a": 1, "b": [2, {"$date": "2024-01-02T03:04:05.000Z"}]}}`},
		{"fetch base64", "cache.fetch", `["b"]`, `{"value": {"$base64": "/wA="}}`},
		{"fetch null", "cache.fetch", `["n"]`, `{"value": null}`},
		{"fetch missing", "cache.fetch", `["missing"]`, `{"fault": {"code": 10, "string": "BAD_NAME"}}`},
		{"getKeys", "cache.getKeys", ``, `{"value": ["b", "n", "s"]}`},
		{"getCount", "cache.getCount", ``, `{"value": 3}`},
		{"delete", "cache.delete", `["s"]`, `{"value": true}`},
		{"clear", "cache.clear", ``, `{"value": true}`},
		{"getCount after clear", "cache.getCount", ``, `{"value": 0}`},
		{"multicall", "system.multicall", `[[{"methodName": "echo.ping", "params": []}, {"methodName": "echo.add", "params": [1, 2]},
			{"methodName": "echo.fail", "params": [70, "nr"]}, {"methodName": "cache.getAPIVersion", "params": []}]]`,
			`{"value": ["pong", 3, {"faultCode": 70, "faultString": "NOT_RUNNING: nr"}, "0.2"]}`},
		{"methodSignature", "system.methodSignature", `["cache.getCount"]`, `{"value": ["integer"]}`},
	})
}
