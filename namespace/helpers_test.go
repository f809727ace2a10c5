package namespace

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// mcEntry builds a multicall entry.
func mcEntry(method string, params ...string) string {
	return testkit.Struct("methodName", testkit.String(method), "params", testkit.Array(params...))
}

// quietLogger discards what a service logs.
func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newService builds a service over the namespaces given as name, value
// pairs.
func newService(t testing.TB, opts []Option, nv ...any) *Service {
	t.Helper()
	var nss []*Namespace
	for i := 0; i+1 < len(nv); i += 2 {
		ns, err := Build(nv[i].(string), nv[i+1])
		if err != nil {
			t.Fatal(err)
		}
		nss = append(nss, ns)
	}
	opts = append([]Option{WithLogger(quietLogger())}, opts...)
	s, err := NewService(nss, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// answer is what Serve answered, decoded.
type answer struct {
	value any
	fault *xmlrpc.Fault
	err   error // Serve's error: no XML-RPC answer
	raw   string
	info  CallInfo
}

func (r answer) String() string {
	switch {
	case r.err != nil:
		return fmt.Sprintf("error %T: %v", r.err, r.err)
	case r.fault != nil:
		return fmt.Sprintf("fault %d %q", r.fault.Code, r.fault.FaultString())
	}
	return fmt.Sprintf("value %#v", r.value)
}

// serve runs body through s and decodes the answer.
func serve(t testing.TB, s *Service, b []byte) answer {
	t.Helper()
	return serveCtx(t, context.Background(), s, b)
}

func serveCtx(t testing.TB, ctx context.Context, s *Service, b []byte) answer {
	t.Helper()
	out, info, err := s.Serve(ctx, b, nil)
	r := answer{err: err, raw: string(out), info: info}
	if err != nil {
		if len(out) != 0 {
			t.Fatalf("Serve returned %q with the error %v", out, err)
		}
		return r
	}
	r.value, r.fault = decodeResponse(t, out)
	if (r.fault == nil) != (info.Fault == nil) || (r.fault != nil && (r.fault.Code != info.Fault.Code || r.fault.Message != info.Fault.FaultString())) {
		t.Fatalf("CallInfo.Fault %v does not match the answer %v", info.Fault, r.fault)
	}
	return r
}

// decodeResponse decodes a methodResponse: its value, or its fault.
func decodeResponse(t testing.TB, resp []byte) (any, *xmlrpc.Fault) {
	t.Helper()
	s := string(resp)
	const start = "<?xml version='1.0'?>\n<methodResponse>\n"
	if !strings.HasPrefix(s, start) || !strings.HasSuffix(s, "</methodResponse>\n") {
		t.Fatalf("not a methodResponse: %q", s)
	}
	isFault := strings.HasPrefix(s[len(start):], "<fault>\n")
	s = strings.Replace(s, "<methodResponse>", "<methodCall><methodName>r</methodName>", 1)
	s = strings.Replace(s, "</methodResponse>", "</methodCall>", 1)
	if isFault {
		s = strings.Replace(s, "<fault>", "<params><param>", 1)
		s = strings.Replace(s, "</fault>", "</param></params>", 1)
	}
	d := xmlrpc.NewDecoder([]byte(s), xmlrpc.Limits{MaxDepth: 1000})
	if _, err := d.MethodCall(); err != nil {
		t.Fatalf("response %q: %v", resp, err)
	}
	if ok, err := d.NextParam(); !ok || err != nil {
		t.Fatalf("response %q: no value: %v", resp, err)
	}
	v, err := d.DecodeAny()
	if err != nil {
		t.Fatalf("response %q: %v", resp, err)
	}
	if ok, err := d.NextParam(); ok || err != nil {
		t.Fatalf("response %q: more than one value", resp)
	}
	if err := d.End(); err != nil {
		t.Fatalf("response %q: %v", resp, err)
	}
	if !isFault {
		return v, nil
	}
	m, ok := v.(map[string]any)
	code, ok1 := m["faultCode"].(int)
	str, ok2 := m["faultString"].(string)
	if !ok || !ok1 || !ok2 || len(m) != 2 {
		t.Fatalf("malformed fault %#v", v)
	}
	return nil, &xmlrpc.Fault{Code: xmlrpc.Code(code), Message: str}
}

// wantValue fails unless r is the value want.
func wantValue(t testing.TB, r answer, want any) {
	t.Helper()
	if r.err != nil || r.fault != nil || !equalValues(r.value, want) {
		t.Fatalf("got %v, want value %#v", r, want)
	}
}

// wantFault fails unless r is a fault with the code and whole fault
// string given (the decoded Message holds the whole string).
func wantFault(t testing.TB, r answer, code xmlrpc.Code, faultString string) {
	t.Helper()
	if r.err != nil || r.fault == nil || r.fault.Code != code || r.fault.Message != faultString {
		t.Fatalf("got %v, want fault %d %q", r, code, faultString)
	}
}

// wantFaultPrefix is wantFault for a fault string with the given start.
func wantFaultPrefix(t testing.TB, r answer, code xmlrpc.Code, prefix string) {
	t.Helper()
	if r.err != nil || r.fault == nil || r.fault.Code != code || !strings.HasPrefix(r.fault.Message, prefix) {
		t.Fatalf("got %v, want fault %d %q...", r, code, prefix)
	}
}

// wantRequestError fails unless Serve refused the request with a
// *xmlrpc.SyntaxError ("syntax") or *xmlrpc.LimitError ("limit").
func wantRequestError(t testing.TB, r answer, class string) {
	t.Helper()
	var se *xmlrpc.SyntaxError
	var le *xmlrpc.LimitError
	switch {
	case class == "syntax" && errors.As(r.err, &se):
	case class == "limit" && errors.As(r.err, &le):
	default:
		t.Fatalf("got %v, want a %s error", r, class)
	}
}

// equalValues compares decoded values (maps by content, ints as ints).
func equalValues(a, b any) bool {
	return fmt.Sprintf("%#v", a) == fmt.Sprintf("%#v", b)
}
