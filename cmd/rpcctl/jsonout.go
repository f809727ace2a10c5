package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"math"
	"math/big"
	"strconv"
	"time"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// dateTimeLayout is how a dateTime.iso8601 is printed: ISO 8601's
// extended form, without a zone, because XML-RPC carries none.
const dateTimeLayout = "2006-01-02T15:04:05"

// toJSON returns an answer decoded into an any (xmlrpc.Decoder.DecodeAny's
// types) as a value encoding/json prints the way rpcctl documents:
// base64 as a string of standard base64, a dateTime as dateTimeLayout,
// an integer beyond 64 bits as a number, a struct as an object (its
// members sorted by name). XML-RPC has no NaN or infinity, but a double
// that is one (from a lenient server) is printed as the string "NaN",
// "Infinity" or "-Infinity" rather than failing.
func toJSON(v any) any {
	switch x := v.(type) {
	case []byte:
		return base64.StdEncoding.EncodeToString(x)
	case time.Time:
		return x.Format(dateTimeLayout)
	case *big.Int:
		return json.Number(x.String())
	case float64:
		switch {
		case math.IsNaN(x):
			return "NaN"
		case math.IsInf(x, 1):
			return "Infinity"
		case math.IsInf(x, -1):
			return "-Infinity"
		}
		return x
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = toJSON(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = toJSON(e)
		}
		return out
	}
	return v
}

// faultJSON is how a fault is printed among multicall's answers: the
// struct supervisord and the multicall specification use for it.
type faultJSON struct {
	FaultCode   int    `json:"faultCode"`
	FaultString string `json:"faultString"`
}

func newFaultJSON(f *xmlrpc.Fault) faultJSON {
	return faultJSON{FaultCode: int(f.Code), FaultString: f.FaultString()}
}

// writeJSON prints v as JSON followed by a newline, indented by two
// spaces or on one line, without escaping <, > and & (the output is read
// by people and jq, not embedded in HTML).
func writeJSON(w io.Writer, v any, indent bool) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// faultLine is a fault as rpcctl prints it on stderr: the code, then the
// fault string as the server sent it ("10 BAD_NAME: nosuch").
func faultLine(f *xmlrpc.Fault) string {
	return strconv.Itoa(int(f.Code)) + " " + f.FaultString()
}
