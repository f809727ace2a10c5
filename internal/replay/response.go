package replay

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Values of a parsed response, typed as Python's xmlrpc.client.loads
// (use_builtin_types=False) types them: *big.Int for <int>/<i4>/<i8>, bool,
// float64, string, Binary, DateTime (its text), []any, map[string]any, and
// nil for <nil/>.
type (
	Binary   []byte
	DateTime string
)

// Fault is a fault answer.
type Fault struct {
	Code   int
	String string
}

// Response is a parsed methodResponse: a value or a fault.
type Response struct {
	Value any
	Fault *Fault
}

func (r *Response) String() string {
	if r.Fault != nil {
		return fmt.Sprintf("fault %d %q", r.Fault.Code, r.Fault.String)
	}
	return "value " + Short(r.Value)
}

// node is a generic XML element.
type node struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
	Nodes   []node `xml:",any"`
}

// ParseResponse parses a methodResponse body.
func ParseResponse(body []byte) (*Response, error) {
	if body == nil {
		return nil, errors.New("no body")
	}
	var root node
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = true
	if err := dec.Decode(&root); err != nil {
		return nil, fmt.Errorf("unparsable XML-RPC response: %v: %q", err, clip(body))
	}
	if _, err := dec.Token(); err != io.EOF {
		for err == nil {
			_, err = dec.Token()
		}
		if err != io.EOF {
			return nil, fmt.Errorf("unparsable XML-RPC response: trailing data: %v", err)
		}
	}
	if root.XMLName.Local != "methodResponse" || len(root.Nodes) != 1 {
		return nil, fmt.Errorf("not a methodResponse: %q", clip(body))
	}
	switch top := root.Nodes[0]; top.XMLName.Local {
	case "params":
		if len(top.Nodes) != 1 || len(top.Nodes[0].Nodes) != 1 {
			return nil, fmt.Errorf("response has %d params", len(top.Nodes))
		}
		v, err := value(top.Nodes[0].Nodes[0])
		if err != nil {
			return nil, err
		}
		return &Response{Value: v}, nil
	case "fault":
		if len(top.Nodes) != 1 {
			return nil, errors.New("malformed fault")
		}
		v, err := value(top.Nodes[0])
		if err != nil {
			return nil, err
		}
		m, ok := v.(map[string]any)
		code, ok1 := m["faultCode"].(*big.Int)
		s, ok2 := m["faultString"].(string)
		if !ok || !ok1 || !ok2 || len(m) != 2 {
			return nil, fmt.Errorf("malformed fault struct %s", Short(v))
		}
		return &Response{Fault: &Fault{Code: int(code.Int64()), String: s}}, nil
	}
	return nil, fmt.Errorf("unexpected <%s> in methodResponse", root.Nodes[0].XMLName.Local)
}

func clip(b []byte) []byte {
	if len(b) > 120 {
		return b[:120]
	}
	return b
}

// value converts a <value> element.
func value(n node) (any, error) {
	if n.XMLName.Local != "value" {
		return nil, fmt.Errorf("expected <value>, got <%s>", n.XMLName.Local)
	}
	if len(n.Nodes) == 0 {
		return n.Text, nil
	}
	if len(n.Nodes) != 1 || strings.TrimSpace(n.Text) != "" {
		return nil, errors.New("malformed <value>")
	}
	t := n.Nodes[0]
	switch t.XMLName.Local {
	case "int", "i4", "i8":
		i, ok := new(big.Int).SetString(strings.TrimSpace(t.Text), 10)
		if !ok {
			return nil, fmt.Errorf("bad int %q", t.Text)
		}
		return i, nil
	case "boolean":
		switch strings.TrimSpace(t.Text) {
		case "1":
			return true, nil
		case "0":
			return false, nil
		}
		return nil, fmt.Errorf("bad boolean %q", t.Text)
	case "double":
		f, err := strconv.ParseFloat(strings.TrimSpace(t.Text), 64)
		if err != nil && !math.IsInf(f, 0) {
			return nil, fmt.Errorf("bad double %q", t.Text)
		}
		return f, nil
	case "string":
		return t.Text, nil
	case "base64":
		b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(t.Text), ""))
		if err != nil {
			return nil, fmt.Errorf("bad base64: %v", err)
		}
		return Binary(b), nil
	case "dateTime.iso8601":
		return DateTime(strings.TrimSpace(t.Text)), nil
	case "nil":
		return nil, nil
	case "array":
		if len(t.Nodes) != 1 || t.Nodes[0].XMLName.Local != "data" {
			return nil, errors.New("malformed <array>")
		}
		a := []any{}
		for _, e := range t.Nodes[0].Nodes {
			v, err := value(e)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		return a, nil
	case "struct":
		m := map[string]any{}
		for _, mem := range t.Nodes {
			if mem.XMLName.Local != "member" || len(mem.Nodes) != 2 || mem.Nodes[0].XMLName.Local != "name" {
				return nil, errors.New("malformed <member>")
			}
			v, err := value(mem.Nodes[1])
			if err != nil {
				return nil, err
			}
			m[mem.Nodes[0].Text] = v
		}
		return m, nil
	}
	return nil, fmt.Errorf("unknown type <%s>", t.XMLName.Local)
}

// typeName is replay.py's tname.
func typeName(v any) string {
	switch v.(type) {
	case bool:
		return "boolean"
	case *big.Int:
		return "int"
	case float64:
		return "double"
	case string:
		return "string"
	case Binary:
		return "base64"
	case DateTime:
		return "dateTime"
	case []any:
		return "array"
	case map[string]any:
		return "struct"
	case nil:
		return "NoneType"
	}
	return fmt.Sprintf("%T", v)
}

// Same is replay.py's strict typed equality.
func Same(a, b any, where string) error {
	ta, tb := typeName(a), typeName(b)
	if ta != tb {
		return fmt.Errorf("%s: type %s %s, got %s %s", where, ta, Short(a), tb, Short(b))
	}
	switch x := a.(type) {
	case float64:
		y := b.(float64)
		if !(math.IsNaN(x) && math.IsNaN(y)) && x != y {
			return fmt.Errorf("%s: %v != %v", where, x, y)
		}
	case *big.Int:
		if x.Cmp(b.(*big.Int)) != 0 {
			return fmt.Errorf("%s: %v != %v", where, x, b)
		}
	case Binary:
		if !bytes.Equal(x, b.(Binary)) {
			return fmt.Errorf("%s: base64 %q != %q", where, x, b)
		}
	case []any:
		y := b.([]any)
		if len(x) != len(y) {
			return fmt.Errorf("%s: array length %d != %d", where, len(x), len(y))
		}
		for i := range x {
			if err := Same(x[i], y[i], where+"["+itoa(i)+"]"); err != nil {
				return err
			}
		}
	case map[string]any:
		y := b.(map[string]any)
		if len(x) != len(y) {
			return fmt.Errorf("%s: struct keys %v != %v", where, keys(x), keys(y))
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok {
				return fmt.Errorf("%s: struct keys %v != %v", where, keys(x), keys(y))
			}
			if err := Same(v, w, fmt.Sprintf("%s[%q]", where, k)); err != nil {
				return err
			}
		}
	default:
		if a != b {
			return fmt.Errorf("%s: %s != %s", where, Short(a), Short(b))
		}
	}
	return nil
}

func keys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// MatchPattern is replay.py's match_pattern for typed-JSON patterns:
// JSON int, bool, string, float match int, boolean, string, double
// strictly; {"$base64": b64}, {"$datetime": text}, {"$prefix": text} and
// {"$any": true}; lists match arrays and other objects structs.
func MatchPattern(pattern json.RawMessage, v any, where string) error {
	dec := json.NewDecoder(bytes.NewReader(pattern))
	dec.UseNumber()
	var p any
	if err := dec.Decode(&p); err != nil {
		return fmt.Errorf("bad pattern %s: %v", pattern, err)
	}
	return match(p, v, where)
}

func match(p, v any, where string) error {
	switch x := p.(type) {
	case map[string]any:
		if len(x) == 1 {
			for k, arg := range x {
				if !strings.HasPrefix(k, "$") {
					break
				}
				switch k {
				case "$any":
					return nil
				case "$base64":
					b, _ := base64.StdEncoding.DecodeString(arg.(string))
					return Same(Binary(b), v, where)
				case "$datetime":
					return Same(DateTime(arg.(string)), v, where)
				case "$prefix":
					s, ok := v.(string)
					if !ok || !strings.HasPrefix(s, arg.(string)) {
						return fmt.Errorf("%s: expected string starting with %q, got %s", where, arg, Short(v))
					}
					return nil
				}
				return fmt.Errorf("bad pattern %v", p)
			}
		}
		m, ok := v.(map[string]any)
		if !ok || len(m) != len(x) {
			return fmt.Errorf("%s: expected struct with keys %v, got %s", where, keys(x), Short(v))
		}
		for k, pv := range x {
			w, ok := m[k]
			if !ok {
				return fmt.Errorf("%s: expected struct with keys %v, got %s", where, keys(x), Short(v))
			}
			if err := match(pv, w, fmt.Sprintf("%s[%q]", where, k)); err != nil {
				return err
			}
		}
		return nil
	case []any:
		a, ok := v.([]any)
		if !ok || len(a) != len(x) {
			return fmt.Errorf("%s: expected array of %d, got %s", where, len(x), Short(v))
		}
		for i := range x {
			if err := match(x[i], a[i], where+"["+itoa(i)+"]"); err != nil {
				return err
			}
		}
		return nil
	case json.Number:
		if i, err := x.Int64(); err == nil && !strings.ContainsAny(x.String(), ".eE") {
			return Same(big.NewInt(i), v, where)
		}
		f, _ := x.Float64()
		return Same(f, v, where)
	}
	return Same(p, v, where)
}
