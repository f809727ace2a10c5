package interop_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestHostMetrics: after calls, the example host's /metrics shows, in
// Prometheus's text format, the calls of echo.add counted by method and
// fault code (rpc_server_call_duration_seconds, module otelrpc); with the
// corpus's auth config /metrics needs the credentials as /RPC2 does, and
// the status page links to it.
func TestHostMetrics(t *testing.T) {
	for _, tc := range []struct {
		config, user, pass string
	}{
		{"supervisord.conf", "", ""},
		{"supervisord-auth.conf", "user", "123"},
	} {
		t.Run(tc.config, func(t *testing.T) {
			h := startCorpusHost(t, tc.config, "")
			add := "<methodCall><methodName>echo.add</methodName><params><param><value><int>1</int></value></param>" +
				"<param><value><int>2</int></value></param></params></methodCall>"
			for _, body := range []string{add, add, add, "<methodCall><methodName>echo.add</methodName></methodCall>"} {
				req, _ := http.NewRequest(http.MethodPost, h.URL, strings.NewReader(body))
				if tc.user != "" {
					req.SetBasicAuth(tc.user, tc.pass)
				}
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					t.Fatalf("echo.add: %d", res.StatusCode)
				}
			}
			base := "http://" + h.Addr
			status, header, page := fetchPage(t, base+"/metrics", tc.user, tc.pass)
			if status != http.StatusOK || !strings.HasPrefix(header.Get("Content-Type"), "text/plain") {
				t.Fatalf("/metrics: %d %q\n%s", status, header.Get("Content-Type"), page)
			}
			counts := callCounts(page)
			if n := counts[`rpc_method="echo.add",rpc_system_name="xmlrpc"`]; n != "3" {
				t.Errorf("echo.add answered 3 times, /metrics counts %q:\n%s", n, page)
			}
			// The call missing a parameter: INCORRECT_PARAMETERS (2).
			if n := counts[`error_type="2",rpc_method="echo.add",rpc_response_status_code="2",rpc_system_name="xmlrpc"`]; n != "1" {
				t.Errorf("echo.add's fault is not counted with its code (%q):\n%s", n, page)
			}
			if !strings.Contains(page, "\ngo_goroutines ") {
				t.Error("/metrics lacks the Go runtime's metrics")
			}
			if _, _, index := fetchPage(t, base+"/", tc.user, tc.pass); !strings.Contains(index, `href="/metrics"`) {
				t.Error("the status page does not link to /metrics")
			}
			if tc.user == "" {
				return
			}
			rpcStatus, rpcHeader, _ := fetchPage(t, h.URL, "", "")
			for _, cred := range [][2]string{{"", ""}, {tc.user, "wrong"}} {
				status, header, body := fetchPage(t, base+"/metrics", cred[0], cred[1])
				if status != http.StatusUnauthorized || header.Get("WWW-Authenticate") != rpcHeader.Get("WWW-Authenticate") || rpcStatus != status {
					t.Errorf("/metrics with %q: %d %q; /RPC2 answers %d %q", cred, status, header.Get("WWW-Authenticate"), rpcStatus, rpcHeader.Get("WWW-Authenticate"))
				}
				if strings.Contains(body, "rpc_server") {
					t.Errorf("/metrics with %q: refused, yet the metrics were sent", cred)
				}
			}
		})
	}
}

// callCounts returns the counts of rpc_server_call_duration_seconds in a
// Prometheus text page by their labels, the instrumentation scope's left
// out (`rpc_method="echo.add",rpc_system_name="xmlrpc"`).
func callCounts(page string) map[string]string {
	counts := map[string]string{}
	line := regexp.MustCompile(`(?m)^rpc_server_call_duration_seconds_count\{(.*)\} (\S+)$`)
	label := regexp.MustCompile(`([a-z_]+)="((?:[^"\\]|\\.)*)"`)
	for _, m := range line.FindAllStringSubmatch(page, -1) {
		var labels []string
		for _, l := range label.FindAllStringSubmatch(m[1], -1) {
			if !strings.HasPrefix(l[1], "otel_scope_") {
				labels = append(labels, l[0])
			}
		}
		counts[strings.Join(labels, ",")] = m[2]
	}
	return counts
}
