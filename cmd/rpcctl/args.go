package main

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The XML-RPC types an argument is converted to: the names
// system.methodSignature reports, which are also the prefixes that force
// a type ("string:1").
const (
	typeInt      = "int"
	typeI4       = "i4"
	typeI8       = "i8"
	typeDouble   = "double"
	typeBoolean  = "boolean"
	typeString   = "string"
	typeDateTime = "dateTime.iso8601"
	typeBase64   = "base64"
	typeArray    = "array"
	typeStruct   = "struct"
	typeNil      = "nil"
)

// prefixTypes are the type names an argument may start with, followed by
// a colon, to force its type.
var prefixTypes = []string{typeString, typeInt, typeI4, typeI8, typeDouble, typeBoolean,
	typeDateTime, typeBase64, typeArray, typeStruct, typeNil}

// signatureTypes maps the type names servers put in signatures, lower-cased,
// to the types arguments are converted to. supervisord's come from its
// docstrings' @param lines, so besides the XML-RPC names there are the
// usual synonyms; a name not listed here (rpcext's "mixed", Python's
// "undef", none at all) leaves the argument to be guessed.
var signatureTypes = map[string]string{
	"int": typeInt, "i4": typeInt, "i8": typeInt, "integer": typeInt,
	"double": typeDouble, "float": typeDouble,
	"boolean": typeBoolean, "bool": typeBoolean,
	"string": typeString, "str": typeString,
	"datetime.iso8601": typeDateTime, "datetime": typeDateTime,
	"base64": typeBase64, "binary": typeBase64,
	"array": typeArray, "list": typeArray,
	"struct": typeStruct, "dict": typeStruct,
	"nil": typeNil, "none": typeNil,
}

// paramType returns the type an argument of signature type name is
// converted to, or "" when the name says nothing usable.
func paramType(name string) string { return signatureTypes[strings.ToLower(name)] }

// parseArg converts one command-line argument to the value sent for it.
// A "TYPE:" prefix forces the type; otherwise sig, the parameter's type
// in the method's signature ("" when there is none), decides when it is a
// type rpcctl knows (paramType); otherwise the value is guessed (see
// guessArg).
func parseArg(arg, sig string) (any, error) {
	if forced, rest, ok := typePrefix(arg); ok {
		return convertArg(rest, forced)
	}
	typ := paramType(sig)
	if typ == "" {
		return guessArg(arg)
	}
	v, err := convertArg(arg, typ)
	if err != nil {
		return nil, fmt.Errorf("%w (the method's signature says %s; a TYPE: prefix sends another type, e.g. string:%s)", err, sig, clip(arg))
	}
	return v, nil
}

// typePrefix splits a forced type off arg: "string:1" is ("string", "1").
func typePrefix(arg string) (typ, rest string, ok bool) {
	name, rest, found := strings.Cut(arg, ":")
	if !found {
		return "", "", false
	}
	for _, t := range prefixTypes {
		if name == t {
			return t, rest, true
		}
	}
	return "", "", false
}

var (
	intPattern    = regexp.MustCompile(`^[+-]?[0-9]+$`)
	doublePattern = regexp.MustCompile(`^[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][+-]?[0-9]+)?$`)
)

// guessArg reads an argument with no type known: true and false are
// booleans, decimal integers ints, decimal numbers with a point or an
// exponent doubles, text starting with [ or { JSON, anything else a
// string.
func guessArg(arg string) (any, error) {
	switch {
	case arg == "true":
		return true, nil
	case arg == "false":
		return false, nil
	case intPattern.MatchString(arg):
		return convertArg(arg, typeInt)
	case doublePattern.MatchString(arg):
		return convertArg(arg, typeDouble)
	case strings.HasPrefix(arg, "["):
		return convertArg(arg, typeArray)
	case strings.HasPrefix(arg, "{"):
		return convertArg(arg, typeStruct)
	}
	return arg, nil
}

// convertArg reads arg as a value of typ.
func convertArg(arg, typ string) (any, error) {
	fail := func(want string, err error) error {
		if err != nil {
			return fmt.Errorf("%q is not %s: %w", clip(arg), want, err)
		}
		return fmt.Errorf("%q is not %s", clip(arg), want)
	}
	switch typ {
	case typeString:
		return arg, nil
	case typeInt, typeI4, typeI8:
		if !intPattern.MatchString(arg) {
			return nil, fail("an integer", nil)
		}
		n, err := strconv.ParseInt(arg, 10, 64)
		if err != nil {
			return nil, fail("an integer of 64 bits", errors.Unwrap(err))
		}
		return intValue(n), nil
	case typeDouble:
		if !doublePattern.MatchString(arg) {
			return nil, fail("a decimal number", nil)
		}
		f, err := strconv.ParseFloat(arg, 64)
		if err != nil || math.IsInf(f, 0) {
			return nil, fail("a double (it overflows)", nil)
		}
		return f, nil
	case typeBoolean:
		switch strings.ToLower(arg) {
		case "true", "1":
			return true, nil
		case "false", "0":
			return false, nil
		}
		return nil, fail("a boolean (true, false, 1 or 0)", nil)
	case typeDateTime:
		for _, layout := range []string{"2006-01-02T15:04:05", "20060102T15:04:05"} {
			if t, err := time.Parse(layout, arg); err == nil {
				return t, nil
			}
		}
		return nil, fail("a dateTime.iso8601 (YYYY-MM-DDTHH:MM:SS or YYYYMMDDTHH:MM:SS, no time zone)", nil)
	case typeBase64:
		b, err := base64.StdEncoding.DecodeString(arg)
		if err != nil {
			if b, err2 := base64.RawStdEncoding.DecodeString(arg); err2 == nil {
				return b, nil
			}
			return nil, fail("base64 (standard alphabet, RFC 4648)", err)
		}
		return b, nil
	case typeArray, typeStruct:
		v, err := parseJSON(arg)
		if err != nil {
			return nil, fail("JSON", err)
		}
		if _, ok := v.([]any); typ == typeArray && !ok {
			return nil, fail("a JSON array", nil)
		}
		if _, ok := v.(map[string]any); typ == typeStruct && !ok {
			return nil, fail("a JSON object", nil)
		}
		return v, nil
	case typeNil:
		if arg == "" || arg == "null" {
			return nil, nil
		}
		return nil, fail(`nil ("" or null)`, nil)
	}
	panic("rpcctl: no conversion to type " + typ)
}

// clip shortens a long argument for a message.
func clip(s string) string {
	if len(s) <= 60 {
		return s
	}
	return s[:57] + "..."
}

// argTypes returns the signature's types of a call's nargs arguments
// (see chooseSignature), "" for an argument beyond the signature.
func argTypes(sigs [][]string, nargs int) []string {
	types := make([]string, nargs)
	copy(types, chooseSignature(sigs, nargs))
	return types
}

// chooseSignature returns the parameter types of the signature with
// exactly nargs parameters, else of the first with more (supervisord's
// signatures list optional parameters too), else of the first; nil when
// there is none.
func chooseSignature(sigs [][]string, nargs int) []string {
	var longer []string
	for _, s := range sigs {
		if len(s) == 0 {
			continue
		}
		p := s[1:]
		if len(p) == nargs {
			return p
		}
		if len(p) > nargs && longer == nil {
			longer = p
		}
	}
	if longer != nil {
		return longer
	}
	for _, s := range sigs {
		if len(s) > 0 {
			return s[1:]
		}
	}
	return nil
}

// intValue returns n as an int, or as an int64 where int has 32 bits and
// n does not fit (the codec sends either as <i8> beyond 32 bits).
func intValue(n int64) any {
	if int64(int(n)) == n {
		return int(n)
	}
	return n
}
