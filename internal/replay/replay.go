// Package replay replays the supervisord conformance corpus against an
// XML-RPC server and compares the answers the way the corpus's replay.py
// does (same case format, same compare modes), so Go tests can hold the
// library to supervisord 4.2.5's recorded behaviour.
//
// Requests are sent over a raw TCP connection, byte for byte as replay.py
// sends them (headers, Content-Length or its absence, Connection: close),
// so HTTP framing is tested too. Responses are parsed with encoding/xml,
// independently of the library's own codec.
package replay

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Case is one entry of cases.json.
type Case struct {
	Name             string            `json:"name"`
	Category         string            `json:"category"`
	File             string            `json:"file"`
	Path             string            `json:"path"`
	Method           string            `json:"method"`
	Headers          map[string]string `json:"headers"`
	Status           *int              `json:"status"`
	ContentType      *string           `json:"content_type"`
	Response         *string           `json:"response"`
	Compare          string            `json:"compare"`
	Note             string            `json:"note"`
	Server           string            `json:"server"`
	Expect           *Expect           `json:"expect"`
	ReferenceCompare string            `json:"reference_compare"`
	MayLack          []string          `json:"may_lack"`
	AllowExtra       []string          `json:"allow_extra"`
	NoContentLength  bool              `json:"no_content_length"`
	HTTPVersion      string            `json:"http_version"`
	Timeout          float64           `json:"timeout"`
	Outcome          string            `json:"outcome"`
	WWWAuthenticate  string            `json:"www_authenticate"`

	dir string
}

// Expect is a by-design case's expected answer.
type Expect struct {
	Status *int            `json:"status"`
	Value  json.RawMessage `json:"value"`
	Fault  *struct {
		FaultCode   int             `json:"faultCode"`
		FaultString json.RawMessage `json:"faultString"`
	} `json:"fault"`
}

// Load reads dir/cases.json.
func Load(dir string) ([]Case, error) {
	b, err := os.ReadFile(filepath.Join(dir, "cases.json"))
	if err != nil {
		return nil, err
	}
	var cases []Case
	if err := json.Unmarshal(b, &cases); err != nil {
		return nil, fmt.Errorf("%s/cases.json: %w", dir, err)
	}
	for i := range cases {
		cases[i].dir = dir
	}
	return cases, nil
}

// Answer is what a server sent back.
type Answer struct {
	Status      int // 0: no response
	Outcome     string
	Header      http.Header
	Body        []byte
	ContentType string
}

// Send sends the case's request to baseURL (the case's path is appended),
// adding Basic credentials "user:pass" when auth is not empty and the case
// sets no Authorization header of its own.
func (c *Case) Send(baseURL, auth string) (*Answer, error) {
	body, err := os.ReadFile(filepath.Join(c.dir, c.File))
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, err
	}
	method := c.Method
	if method == "" {
		method = "POST"
	}
	version := c.HTTPVersion
	if version == "" {
		version = "HTTP/1.1"
	}
	path := strings.TrimRight(u.Path, "/") + c.Path
	var req bytes.Buffer
	fmt.Fprintf(&req, "%s %s %s\r\nHost: %s\r\n", method, path, version, u.Host)
	names := map[string]bool{}
	for k, v := range c.Headers {
		names[strings.ToLower(k)] = true
		fmt.Fprintf(&req, "%s: %s\r\n", k, v)
	}
	if auth != "" && !names["authorization"] {
		fmt.Fprintf(&req, "Authorization: Basic %s\r\n", base64.StdEncoding.EncodeToString([]byte(auth)))
	}
	if !c.NoContentLength && !names["content-length"] && (len(body) > 0 || method == "POST" || method == "PUT") {
		fmt.Fprintf(&req, "Content-Length: %d\r\n", len(body))
	}
	if !names["connection"] {
		req.WriteString("Connection: close\r\n")
	}
	req.WriteString("\r\n")
	req.Write(body)

	timeout := 15 * time.Second
	if c.Timeout > 0 {
		timeout = time.Duration(c.Timeout * float64(time.Second))
	}
	conn, err := net.DialTimeout("tcp", u.Host, timeout)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(timeout))
	if _, err := conn.Write(req.Bytes()); err != nil {
		return nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return &Answer{Outcome: "timeout"}, nil
		}
		return &Answer{Outcome: "closed"}, nil
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return &Answer{Status: resp.StatusCode, Outcome: "response", Header: resp.Header, Body: data,
		ContentType: resp.Header.Get("Content-Type")}, nil
}

// Check compares an answer with the case's expectation, in the case's
// compare mode (by-design cases against their "expect").
func (c *Case) Check(a *Answer) error {
	if c.Compare == "by-design" {
		return c.checkByDesign(a)
	}
	if err := c.checkStatus(a); err != nil {
		return err
	}
	switch c.Compare {
	case "status":
		return nil
	case "value", "fault", "fault-code", "list-superset":
	default:
		return fmt.Errorf("unknown compare mode %q", c.Compare)
	}
	want, err := c.expected()
	if err != nil {
		return err
	}
	got, err := ParseResponse(a.Body)
	if err != nil {
		return err
	}
	switch c.Compare {
	case "value":
		if want.Fault != nil || got.Fault != nil {
			if want.Fault == nil || got.Fault == nil || *want.Fault != *got.Fault {
				return fmt.Errorf("expected %v, got %v", want, got)
			}
			return nil
		}
		return Same(want.Value, got.Value, "result")
	case "fault", "fault-code":
		if got.Fault == nil {
			return fmt.Errorf("expected fault %v, got value %s", want, Short(got.Value))
		}
		if want.Fault == nil {
			return errors.New("captured answer is not a fault")
		}
		if got.Fault.Code != want.Fault.Code {
			return fmt.Errorf("faultCode %d, got %d (%q)", want.Fault.Code, got.Fault.Code, got.Fault.String)
		}
		if c.Compare == "fault" && got.Fault.String != want.Fault.String {
			return fmt.Errorf("faultString %q, got %q", want.Fault.String, got.Fault.String)
		}
		return nil
	}
	// list-superset
	names, ok := got.Value.([]any)
	if got.Fault != nil || !ok {
		return fmt.Errorf("expected array, got %v", got)
	}
	have := map[string]bool{}
	for _, n := range names {
		s, ok := n.(string)
		if !ok {
			return fmt.Errorf("non-string name %v", n)
		}
		have[s] = true
	}
	wantNames, _ := want.Value.([]any)
	var missing, extra []string
	inWant := map[string]bool{}
	for _, n := range wantNames {
		s := n.(string)
		inWant[s] = true
		if !have[s] && !hasPrefixAny(s, c.MayLack) {
			missing = append(missing, s)
		}
	}
	allowed := map[string]bool{}
	for _, s := range c.AllowExtra {
		allowed[s] = true
	}
	for s := range have {
		if !inWant[s] && !allowed[s] {
			extra = append(extra, s)
		}
	}
	if len(missing) > 0 || len(extra) > 0 {
		return fmt.Errorf("missing %v extra %v", missing, extra)
	}
	return nil
}

func hasPrefixAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func (c *Case) checkStatus(a *Answer) error {
	want := 0
	if c.Status != nil {
		want = *c.Status
	}
	if a.Status != want {
		return fmt.Errorf("HTTP status %d, got %d (%s)", want, a.Status, a.Outcome)
	}
	return nil
}

// expected parses the captured response.
func (c *Case) expected() (*Response, error) {
	if c.Response == nil {
		return nil, errors.New("case has no captured response")
	}
	b, err := os.ReadFile(filepath.Join(c.dir, *c.Response))
	if err != nil {
		return nil, err
	}
	return ParseResponse(b)
}

func (c *Case) checkByDesign(a *Answer) error {
	e := c.Expect
	if e == nil {
		return errors.New("by-design case without expect")
	}
	if e.Status != nil && a.Status != *e.Status {
		return fmt.Errorf("by-design: HTTP status %d, got %d (%s)", *e.Status, a.Status, a.Outcome)
	}
	if e.Value == nil && e.Fault == nil {
		return nil
	}
	got, err := ParseResponse(a.Body)
	if err != nil {
		return err
	}
	if e.Value != nil {
		if got.Fault != nil {
			return fmt.Errorf("by-design: expected value, got fault %d %q", got.Fault.Code, got.Fault.String)
		}
		return MatchPattern(e.Value, got.Value, "result")
	}
	if got.Fault == nil {
		return fmt.Errorf("by-design: expected fault, got value %s", Short(got.Value))
	}
	if got.Fault.Code != e.Fault.FaultCode {
		return fmt.Errorf("by-design: faultCode %d, got %d (%q)", e.Fault.FaultCode, got.Fault.Code, got.Fault.String)
	}
	if e.Fault.FaultString != nil {
		return MatchPattern(e.Fault.FaultString, got.Fault.String, "faultString")
	}
	return nil
}

// Short renders a value for messages.
func Short(v any) string {
	s := fmt.Sprintf("%#v", v)
	if len(s) > 80 {
		s = s[:80] + "..."
	}
	return s
}

func itoa(i int) string { return strconv.Itoa(i) }
