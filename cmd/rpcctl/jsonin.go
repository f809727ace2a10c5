package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// maxJSONDepth bounds how deeply JSON arrays and objects given to rpcctl
// may nest; servers refuse far less (rpcext and supervisord at a few
// hundred levels).
const maxJSONDepth = 1000

// parseJSON reads s, one JSON value, as the value sent for it (see
// jsonValue).
func parseJSON(s string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	v, err := jsonValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("more after the JSON value")
	}
	return v, nil
}

// jsonValue reads the next JSON value from dec (which must UseNumber) as
// the XML-RPC value it is sent as: an integer (a number without a point
// or exponent) as an int, sent as <i8> beyond 32 bits; any other number as
// a double; strings, booleans, null (<nil/>), arrays and objects (structs)
// as themselves. A number beyond 64 bits or beyond a double's range, a
// member name given twice and nesting beyond maxJSONDepth are errors, not
// changed values.
func jsonValue(dec *json.Decoder, depth int) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		if depth == maxJSONDepth {
			return nil, fmt.Errorf("nested deeper than %d levels", maxJSONDepth)
		}
		switch t {
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := jsonValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			_, err := dec.Token() // ]
			return arr, err
		case '{':
			obj := map[string]any{}
			for dec.More() {
				key, err := dec.Token()
				if err != nil {
					return nil, err
				}
				name := key.(string) // json.Decoder only gives strings here
				if _, dup := obj[name]; dup {
					return nil, fmt.Errorf("member %q given twice", name)
				}
				if obj[name], err = jsonValue(dec, depth+1); err != nil {
					return nil, err
				}
			}
			_, err := dec.Token() // }
			return obj, err
		}
		return nil, fmt.Errorf("unexpected %q", t)
	case json.Number:
		return jsonNumber(t)
	default: // string, bool, nil
		return t, nil
	}
}

// jsonNumber converts a JSON number: an int when it has no point or
// exponent, else a double.
func jsonNumber(n json.Number) (any, error) {
	s := n.String()
	if !strings.ContainsAny(s, ".eE") {
		i, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("integer %s does not fit in 64 bits", clip(s))
		}
		return intValue(i), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return nil, fmt.Errorf("number %s is beyond a double's range", clip(s))
	}
	return f, nil
}

// lineOf returns the 1-based line of offset in data.
func lineOf(data []byte, offset int64) int {
	return 1 + bytes.Count(data[:min(int(offset), len(data))], []byte("\n"))
}
