package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/replay"
	"github.com/supervisorrpc/rpcinterface/internal/testkit"
)

// scenarioFile is real supervisord's answers to the operator scenario,
// recorded by capture.py (see the README there).
const scenarioFile = "../../supervisor/testdata/scenario.json"

// scenario is scenario.json.
type scenario struct {
	Supervisord string            `json:"supervisord"`
	Dir         string            `json:"dir"`
	Configs     map[string]string `json:"configs"`
	Steps       []scenarioStep    `json:"steps"`
}

type scenarioStep struct {
	Call     string          `json:"call"`
	Params   []any           `json:"params"`
	Until    json.RawMessage `json:"until"`
	Answer   *answer         `json:"answer"`
	Config   string          `json:"config"`
	File     string          `json:"file"`
	Exists   bool            `json:"exists"`
	Content  string          `json:"content"`
	WaitExit bool            `json:"wait_exit"`
}

// answer is one recorded (or replayed) answer.
type answer struct {
	Value      any    `json:"value,omitempty"`
	Fault      *fault `json:"fault,omitempty"`
	HTTPStatus int    `json:"http_status,omitempty"`
	Error      string `json:"error,omitempty"`
	isValue    bool   // Value is set (it may be false or "")
	raw        []byte // the response body, for failure messages
}

type fault struct {
	FaultCode   int    `json:"faultCode"`
	FaultString string `json:"faultString"`
}

func (a *answer) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if v, ok := m["value"]; ok {
		d := json.NewDecoder(bytes.NewReader(v))
		d.UseNumber()
		if err := d.Decode(&a.Value); err != nil {
			return err
		}
		a.Value, a.isValue = plainJSON(a.Value), true
	}
	if f, ok := m["fault"]; ok {
		a.Fault = &fault{}
		if err := json.Unmarshal(f, a.Fault); err != nil {
			return err
		}
	}
	if s, ok := m["http_status"]; ok {
		json.Unmarshal(s, &a.HTTPStatus)
	}
	if e, ok := m["error"]; ok {
		json.Unmarshal(e, &a.Error)
	}
	return nil
}

// plainJSON turns json.Numbers into int64s throughout.
func plainJSON(v any) any {
	switch x := v.(type) {
	case json.Number:
		n, err := x.Int64()
		if err != nil {
			panic(fmt.Sprintf("scenario.json: a number that is not an int64: %s", x))
		}
		return n
	case []any:
		for i := range x {
			x[i] = plainJSON(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = plainJSON(x[k])
		}
	}
	return v
}

// plainXMLRPC turns a parsed XML-RPC value into the JSON form: integers
// as int64s.
func plainXMLRPC(v any) any {
	switch x := v.(type) {
	case *big.Int:
		return x.Int64()
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = plainXMLRPC(x[i])
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k := range x {
			out[k] = plainXMLRPC(x[k])
		}
		return out
	}
	return v
}

// TestOperatorScenario replays the operator scenario real supervisord
// 4.2.5 answered (scenario.json: sendProcessStdin, clear, reloadConfig,
// addProcessGroup, removeProcessGroup, restart, shutdown, the pidfile)
// against the example host, and compares every answer after normalising
// what differs from run to run (see normaliser).
func TestOperatorScenario(t *testing.T) {
	b, err := os.ReadFile(scenarioFile)
	if err != nil {
		t.Fatal(err)
	}
	var sc scenario
	if err := json.Unmarshal(b, &sc); err != nil {
		t.Fatal(err)
	}
	dir := shortTempDir(t)
	conf := filepath.Join(dir, "supervisord.conf")
	writeConfig := func(name string) {
		text, ok := sc.Configs[name]
		if !ok {
			t.Fatalf("scenario.json has no config %q", name)
		}
		if err := os.WriteFile(conf, []byte(strings.ReplaceAll(text, "{dir}", dir)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeConfig("v1")
	var hostLog testkit.LogBuffer
	h, err := newHost(hostOptions{configPath: conf, stderr: &hostLog})
	if err != nil {
		t.Fatal(err)
	}
	sigs := make(chan os.Signal)
	done := make(chan error, 1)
	go func() { done <- h.run(sigs) }()
	exited := false
	t.Cleanup(func() {
		if !exited {
			h.Shutdown()
			<-done
			h.close()
		}
		if t.Failed() {
			t.Logf("host log:\n%s", hostLog.String())
		}
	})
	c := unixClient(filepath.Join(dir, "s.sock"))

	want, got := newNormaliser(sc.Dir), newNormaliser(dir)
	for i, st := range sc.Steps {
		where := fmt.Sprintf("step %d", i)
		switch {
		case st.Config != "":
			writeConfig(st.Config)
		case st.File != "":
			path := filepath.Join(dir, st.File)
			_, err := os.Stat(path)
			if exists := err == nil; exists != st.Exists {
				t.Fatalf("%s: %s exists: %v, want %v", where, st.File, exists, st.Exists)
			}
			if st.Content == "pid" {
				if b, _ := os.ReadFile(path); string(b) != strconv.Itoa(os.Getpid())+"\n" {
					t.Fatalf("%s: %s holds %q, want the pid and a newline", where, st.File, b)
				}
			}
		case st.WaitExit:
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("%s: the host ended with %v", where, err)
				}
			case <-time.After(time.Minute):
				t.Fatalf("%s: the host did not exit", where)
			}
			h.close() // as main does once run returns
			exited = true
		default:
			where += " " + st.Call + short(st.Params)
			a := c.call(t, st.Call, st.Params, st.Until)
			w := want.normalise(st.Answer)
			g := got.normalise(a)
			if !reflect.DeepEqual(w, g) {
				wj, _ := json.MarshalIndent(w, "", " ")
				gj, _ := json.MarshalIndent(g, "", " ")
				t.Errorf("%s:\nsupervisord: %s\nhost:        %s", where, wj, gj)
			}
		}
	}
}

func short(params []any) string {
	b, _ := json.Marshal(params)
	return string(b)
}

// normaliser replaces what differs between two runs of the scenario by
// placeholders: the run's directory by <dir>; the random part of AUTO log
// names and every pid by <rand1>, <pid1>, ... numbered in the order they
// first appear (so that "the same log as before" and "a new pid" still
// compare); start, stop and now times by <time>; the uptime and the stop
// date of descriptions by <uptime> and <date>.
type normaliser struct {
	dir   string
	rands map[string]string
	pids  map[int64]string
}

func newNormaliser(dir string) *normaliser {
	return &normaliser{dir: dir, rands: map[string]string{}, pids: map[int64]string{}}
}

var (
	autoLog     = regexp.MustCompile(`(-(?:stdout|stderr)---supervisor-)([^/'"]+?)(\.log)`)
	uptime      = regexp.MustCompile(`^pid (\d+), uptime \d+:\d\d:\d\d$`)
	stoppedDate = regexp.MustCompile(`^[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M$`)
)

func (n *normaliser) pid(p int64) string {
	if _, ok := n.pids[p]; !ok {
		n.pids[p] = fmt.Sprintf("<pid%d>", len(n.pids)+1)
	}
	return n.pids[p]
}

func (n *normaliser) text(s string) string {
	s = strings.ReplaceAll(s, n.dir, "<dir>")
	s = autoLog.ReplaceAllStringFunc(s, func(m string) string {
		parts := autoLog.FindStringSubmatch(m)
		if _, ok := n.rands[parts[2]]; !ok {
			n.rands[parts[2]] = fmt.Sprintf("<rand%d>", len(n.rands)+1)
		}
		return parts[1] + n.rands[parts[2]] + parts[3]
	})
	if m := uptime.FindStringSubmatch(s); m != nil {
		p, _ := strconv.ParseInt(m[1], 10, 64)
		return "pid " + n.pid(p) + ", uptime <uptime>"
	}
	return stoppedDate.ReplaceAllString(s, "<date>")
}

// normalise returns the answer as comparable data, struct keys visited in
// sorted order so that both sides number their placeholders alike.
func (n *normaliser) normalise(a *answer) any {
	switch {
	case a == nil:
		return "no answer"
	case a.Fault != nil:
		return map[string]any{"fault": a.Fault.FaultCode, "faultString": n.text(a.Fault.FaultString)}
	case a.HTTPStatus != 0:
		return map[string]any{"http_status": a.HTTPStatus}
	case a.Error != "":
		return map[string]any{"error": "connection"}
	}
	return n.value("", a.Value)
}

func (n *normaliser) value(key string, v any) any {
	switch x := v.(type) {
	case string:
		return n.text(x)
	case int64:
		switch {
		case key == "pid" && x > 0:
			return n.pid(x)
		case (key == "start" || key == "stop" || key == "now") && x != 0:
			return "<time>"
		}
		return x
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = n.value("", x[i])
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			out[k] = n.value(k, x[k])
		}
		return out
	}
	return v
}

// rpcClient calls /RPC2 over a unix socket.
type rpcClient struct{ c *http.Client }

func unixClient(sock string) *rpcClient {
	return &rpcClient{&http.Client{
		Timeout: time.Minute,
		Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", sock)
		}},
	}}
}

// call makes one call; with until, it calls again until the answer holds
// (as capture.py does) or a minute has passed.
func (c *rpcClient) call(t *testing.T, method string, params []any, until json.RawMessage) *answer {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		a := c.once(t, method, params)
		if until == nil || holds(a, until) {
			return a
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s%s never answered %s: %s", method, short(params), until, a.raw)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (c *rpcClient) once(t *testing.T, method string, params []any) *answer {
	t.Helper()
	resp, err := c.c.Post("http://host/RPC2", "text/xml", bytes.NewReader(encodeCall(t, method, params)))
	if err != nil {
		return &answer{Error: err.Error()}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return &answer{HTTPStatus: resp.StatusCode, raw: body}
	}
	r, err := replay.ParseResponse(body)
	if err != nil {
		t.Fatalf("%s: %v\n%s", method, err, body)
	}
	if r.Fault != nil {
		return &answer{Fault: &fault{r.Fault.Code, r.Fault.String}, raw: body}
	}
	return &answer{Value: plainXMLRPC(r.Value), isValue: true, raw: body}
}

// holds is capture.py's holds: the answer equals until, or, for an
// object, is a struct holding its keys and values.
func holds(a *answer, until json.RawMessage) bool {
	if !a.isValue {
		return false
	}
	var u any
	d := json.NewDecoder(bytes.NewReader(until))
	d.UseNumber()
	if err := d.Decode(&u); err != nil {
		return false
	}
	u = plainJSON(u)
	if m, ok := u.(map[string]any); ok {
		v, ok := a.Value.(map[string]any)
		if !ok {
			return false
		}
		for k, w := range m {
			if !reflect.DeepEqual(v[k], w) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a.Value, u)
}

// encodeCall encodes a call as Python's xmlrpc.client does, for the
// parameter types the scenario uses.
func encodeCall(t *testing.T, method string, params []any) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<?xml version='1.0'?>\n<methodCall>\n<methodName>%s</methodName>\n<params>\n", method)
	for _, p := range params {
		b.WriteString("<param>\n<value>")
		switch v := p.(type) {
		case string:
			b.WriteString("<string>")
			xml.EscapeText(&b, []byte(v))
			b.WriteString("</string>")
		case float64: // encoding/json's numbers: the scenario's are ints
			fmt.Fprintf(&b, "<int>%d</int>", int64(v))
		case bool:
			fmt.Fprintf(&b, "<boolean>%d</boolean>", map[bool]int{false: 0, true: 1}[v])
		default:
			t.Fatalf("encodeCall: a %T parameter", p)
		}
		b.WriteString("</value>\n</param>\n")
	}
	b.WriteString("</params>\n</methodCall>\n")
	return b.Bytes()
}

// shortTempDir returns a temporary directory with a short path (a unix
// socket path must be shorter than 108 bytes), removed after the test.
func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "rpchost")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}
