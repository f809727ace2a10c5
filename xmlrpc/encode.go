package xmlrpc

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Encoder appends an XML-RPC methodResponse to a byte slice. Its output has
// the layout of Python's xmlrpc.client (the marshaller supervisord uses),
// so a response is byte for byte what supervisord would send for the same
// value, with these deliberate differences: integers beyond 32 bits are
// sent as <i8> (supervisord fails with HTTP 500), nil as <nil/>, base64 on
// one line, and a carriage return in a string as &#13; so that it survives
// the client's XML parser.
//
//	e := xmlrpc.NewEncoder(buf[:0])
//	e.BeginResponse()
//	err := e.Any(result) // or Int64, String, BeginStruct/Member/EndStruct, ...
//	e.EndResponse()
//
// A value that cannot be sent (invalid UTF-8 or a control character in a
// string, NaN, a cycle) is an error, and so is output that would grow past
// MaxBytes; the caller then rewinds to a Mark taken before and writes a
// fault instead.
type Encoder struct {
	buf []byte
	// MaxDepth bounds array and struct nesting (and so pointer cycles).
	// Zero means 1000.
	MaxDepth int
	// MaxBytes bounds the output, len(Bytes()), counting what the buffer
	// held before: a value that would take it further fails with an
	// *OutputLimitError at the first value boundary past the limit (a
	// string or base64 before it is copied), so that an answer too large
	// to send is never built. Scalars between boundaries may overshoot it
	// by a few dozen bytes. Zero means no bound.
	MaxBytes int
	depth    int
	keys     []string // stack of sorted map keys, reused
	order    *Decoder // whose maps are written in arrival order (FollowOrder)
}

// NewEncoder returns an encoder appending to buf.
func NewEncoder(buf []byte) *Encoder { return &Encoder{buf: buf} }

// Reset makes e append to buf, keeping its internal buffers.
func (e *Encoder) Reset(buf []byte) {
	e.buf, e.depth, e.keys, e.order = buf, 0, e.keys[:0], nil
}

// Bytes returns the encoded bytes.
func (e *Encoder) Bytes() []byte { return e.buf }

// EncoderMark is a point in the output that Rewind returns to.
type EncoderMark struct{ n, depth int }

// Mark records the current point in the output.
func (e *Encoder) Mark() EncoderMark { return EncoderMark{len(e.buf), e.depth} }

// Rewind discards what was encoded after m, including the unclosed
// arrays and structs of a value that failed halfway.
func (e *Encoder) Rewind(m EncoderMark) { e.buf, e.depth = e.buf[:m.n], m.depth }

// EncodeError reports a value that cannot be sent over XML-RPC.
type EncodeError struct {
	Path string // where inside the value, e.g. "[2].name"
	Msg  string // what cannot be encoded, e.g. "NaN has no XML-RPC form"
}

// Error says what could not be encoded, and where.
func (e *EncodeError) Error() string {
	if e.Path == "" {
		return "xmlrpc: cannot encode value: " + e.Msg
	}
	return "xmlrpc: cannot encode value at " + e.Path + ": " + e.Msg
}

func encodeErr(format string, args ...any) error {
	return &EncodeError{Msg: fmt.Sprintf(format, args...)}
}

// encodePath prepends p to the path of an *EncodeError.
func encodePath(err error, p string) error {
	if ee, ok := err.(*EncodeError); ok {
		ee.Path = p + ee.Path
	}
	return err
}

const (
	responseStart = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"
	responseEnd   = "</param>\n</params>\n</methodResponse>\n"
)

// BeginResponse appends the start of a methodResponse up to its value.
func (e *Encoder) BeginResponse() { e.buf = append(e.buf, responseStart...) }

// EndResponse appends the end of a methodResponse after its value.
func (e *Encoder) EndResponse() { e.buf = append(e.buf, responseEnd...) }

// Fault appends a whole fault response: faultCode code and faultString s.
// s is made safe for XML: invalid UTF-8 and characters XML cannot carry
// become U+FFFD, so a fault can always be sent.
func (e *Encoder) Fault(code int, s string) {
	e.buf = append(e.buf, "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n"...)
	e.FaultStruct(code, s)
	e.buf = append(e.buf, "</fault>\n</methodResponse>\n"...)
}

// FaultStruct appends the value {faultCode: code, faultString: s}, as a
// fault carries it and as system.multicall reports a failed call.
func (e *Encoder) FaultStruct(code int, s string) {
	e.buf = append(e.buf, "<value><struct>\n<member>\n<name>faultCode</name>\n"...)
	e.Int64(int64(code))
	e.buf = append(e.buf, "</member>\n<member>\n<name>faultString</name>\n<value><string>"...)
	e.buf = appendEscapedLossy(e.buf, s)
	e.buf = append(e.buf, "</string></value>\n</member>\n</struct></value>\n"...)
}

// Int64 appends an integer: <int> when it fits in 32 bits, else <i8>.
func (e *Encoder) Int64(v int64) {
	if v >= math.MinInt32 && v <= math.MaxInt32 {
		e.buf = appendIntValue(e.buf, int32(v))
		return
	}
	e.buf = append(e.buf, "<value><i8>"...)
	e.buf = strconv.AppendInt(e.buf, v, 10)
	e.buf = append(e.buf, "</i8></value>\n"...)
}

// digitPairs holds "00" to "99".
const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

// Uint64 appends an unsigned integer; beyond the range of i8 it is an error.
func (e *Encoder) Uint64(v uint64) error {
	if v > math.MaxInt64 {
		return encodeErr("%d overflows i8", v)
	}
	e.Int64(int64(v))
	return nil
}

// BigInt appends an integer of any size that fits in i8.
func (e *Encoder) BigInt(v *big.Int) error {
	if !v.IsInt64() {
		return encodeErr("%v overflows i8", v)
	}
	e.Int64(v.Int64())
	return nil
}

// Bool appends a <boolean>.
func (e *Encoder) Bool(b bool) {
	if b {
		e.buf = append(e.buf, "<value><boolean>1</boolean></value>\n"...)
	} else {
		e.buf = append(e.buf, "<value><boolean>0</boolean></value>\n"...)
	}
}

// Float64 appends a <double> in Python's repr form (the shortest text that
// reads back exactly). NaN and infinities are errors: XML-RPC has no
// representation for them.
func (e *Encoder) Float64(f float64) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return encodeErr("%v has no XML-RPC representation", f)
	}
	e.buf = append(e.buf, "<value><double>"...)
	e.buf = appendFloat(e.buf, f)
	e.buf = append(e.buf, "</double></value>\n"...)
	return nil
}

// appendFloat formats f as Python's repr does: fixed notation for decimal
// exponents from -4 to 15 (with ".0" when integral), else exponent form.
// The shortest digits are found once, in exponent form, and laid out in
// fixed notation from there.
func appendFloat(b []byte, f float64) []byte {
	if f == 0 {
		if math.Signbit(f) {
			return append(b, "-0.0"...)
		}
		return append(b, "0.0"...)
	}
	if out, ok := appendPlainFloat(b, f); ok {
		return out
	}
	return appendFloatShortest(b, f)
}

// appendFloatShortest is appendFloat for f not 0, by strconv.
func appendFloatShortest(b []byte, f float64) []byte {
	var tmp [32]byte
	es := strconv.AppendFloat(tmp[:0], f, 'e', -1, 64) // -d.ddde±xx
	mant, expText, _ := strings.Cut(string(es), "e")   // no allocation: not kept
	exp, _ := strconv.Atoi(expText)
	if exp < -4 || exp >= 16 {
		return append(b, es...)
	}
	if mant[0] == '-' {
		b = append(b, '-')
		mant = mant[1:]
	}
	var digits [17]byte // d.ddd without the point: at most 17 digits
	nd := copy(digits[:], mant[:1])
	if len(mant) > 2 {
		nd += copy(digits[nd:], mant[2:])
	}
	if exp < 0 {
		b = append(b, "0."...)
		for range -exp - 1 {
			b = append(b, '0')
		}
		return append(b, digits[:nd]...)
	}
	if nd <= exp+1 {
		b = append(b, digits[:nd]...)
		for range exp + 1 - nd {
			b = append(b, '0')
		}
		return append(b, ".0"...)
	}
	b = append(b, digits[:exp+1]...)
	b = append(b, '.')
	return append(b, digits[exp+1:nd]...)
}

// String appends a <string>. Invalid UTF-8 and characters XML 1.0 cannot
// carry (most control characters) are errors: send such data as []byte.
func (e *Encoder) String(s string) error {
	if err := e.roomForString(s); err != nil {
		return err
	}
	e.buf = append(e.buf, "<value><string>"...)
	var err error
	if e.buf, err = appendEscaped(e.buf, s); err != nil {
		return err
	}
	e.buf = append(e.buf, "</string></value>\n"...)
	return nil
}

// appendEscapedLossy is appendEscaped for text that must go out whatever it
// holds (fault strings): what cannot be sent becomes U+FFFD.
func appendEscapedLossy(b []byte, s string) []byte {
	if out, err := appendEscaped(b, s); err == nil {
		return out
	}
	clean := make([]rune, 0, len(s))
	for _, r := range s {
		if r != '\t' && r != '\n' && r != '\r' && !isXMLChar(r) || r == 0xFFFE || r == 0xFFFF {
			r = utf8.RuneError
		}
		clean = append(clean, r)
	}
	out, _ := appendEscaped(b, string(clean))
	return out
}

// Time appends a <dateTime.iso8601> in t's own location (XML-RPC carries no
// zone). Years outside 1 to 9999 are errors.
func (e *Encoder) Time(t time.Time) error {
	if y := t.Year(); y < 1 || y > 9999 {
		return encodeErr("year %d does not fit dateTime.iso8601", y)
	}
	e.buf = append(e.buf, "<value><dateTime.iso8601>"...)
	e.buf = t.AppendFormat(e.buf, "20060102T15:04:05")
	e.buf = append(e.buf, "</dateTime.iso8601></value>\n"...)
	return nil
}

// Base64 appends a <base64>. Its only error is an *OutputLimitError.
func (e *Encoder) Base64(b []byte) error {
	if err := e.roomForBase64(b); err != nil {
		return err
	}
	e.buf = append(e.buf, "<value><base64>"...)
	e.buf = appendBase64(e.buf, b)
	e.buf = append(e.buf, "</base64></value>\n"...)
	return nil
}

// Nil appends a <nil/> (the extension Python's xmlrpc.client reads).
func (e *Encoder) Nil() { e.buf = append(e.buf, "<value><nil/></value>"...) }

// enter records one more level of nesting.
func (e *Encoder) enter() error {
	e.depth++
	limit := e.MaxDepth
	if limit <= 0 {
		limit = 1000
	}
	if e.depth > limit {
		return encodeErr("nesting deeper than %d (a cycle?)", limit)
	}
	return nil
}

// BeginArray starts an <array>; append the elements, then call EndArray.
func (e *Encoder) BeginArray() error {
	if err := e.full(); err != nil {
		return err
	}
	if err := e.enter(); err != nil {
		return err
	}
	e.buf = append(e.buf, "<value><array><data>\n"...)
	return nil
}

// EndArray ends an <array>.
func (e *Encoder) EndArray() {
	e.depth--
	e.buf = append(e.buf, "</data></array></value>\n"...)
}

// BeginStruct starts a <struct>; append members (Member, a value,
// EndMember), then call EndStruct.
func (e *Encoder) BeginStruct() error {
	if err := e.full(); err != nil {
		return err
	}
	if err := e.enter(); err != nil {
		return err
	}
	e.buf = append(e.buf, "<value><struct>\n"...)
	return nil
}

// Member starts a member named name; append its value, then call EndMember.
func (e *Encoder) Member(name string) error {
	if err := e.full(); err != nil {
		return err
	}
	if plainPrefix(name) == len(name) {
		e.buf = appendPlainMember(e.buf, name)
		return nil
	}
	e.buf = append(e.buf, "<member>\n<name>"...)
	var err error
	if e.buf, err = appendEscaped(e.buf, name); err != nil {
		return encodePath(err, "."+name)
	}
	e.buf = append(e.buf, "</name>\n"...)
	return nil
}

// EndMember ends a member.
func (e *Encoder) EndMember() { e.buf = append(e.buf, "</member>\n"...) }

// EndStruct ends a <struct>.
func (e *Encoder) EndStruct() {
	e.depth--
	e.buf = append(e.buf, "</struct></value>\n"...)
}
