package xmlrpc

import (
	"bytes"
)

// Decoder reads one XML-RPC methodCall from an in-memory body. It decodes
// parameters straight into Go values, one at a time, without building a
// document tree:
//
//	d := xmlrpc.NewDecoder(body, xmlrpc.Limits{})
//	name, err := d.MethodCall()           // "echo.add"
//	for {
//		ok, err := d.NextParam()
//		if !ok { break }
//		n, err := d.DecodeInt64()         // or DecodeAny, DecodeValue, SkipValue...
//	}
//	err = d.End()                         // the rest of the document is well-formed
//
// Every error is a *SyntaxError (the body is not a well-formed XML-RPC
// request), a *LimitError, or a *TypeError (a well-formed value that does not
// fit the Go type asked for). After a *TypeError the value has been consumed
// and decoding can go on; after the other two it cannot.
//
// Values decoded by a Decoder never alias the body, so the body buffer may
// be reused as soon as decoding is done. To spare one allocation per
// value, strings (and the ints, floats and strings DecodeAny boxes into
// an any) are stored in small per-request arena chunks of at most 4 KiB,
// shared by the values of one request; a string longer than 1 KiB gets an
// allocation of its own. The trade: a value that is kept after the
// request (a plugin that stores a decoded string in a cache) keeps its
// chunk, at most 4 KiB, alive with it; strings.Clone it to keep only
// itself. A Decoder is not safe for concurrent use; Reset lets one be
// pooled: it keeps its working buffers, bounded, and never the values it
// handed out.
type Decoder struct {
	buf     []byte
	pos     int
	lim     Limits
	depth   int
	values  int
	nparams int
	scratch []byte // rewritten text (entities, CDATA, CR)
	arena   arena  // storage of decoded values; never overwritten once handed out
	name    []byte // method name (copied: scratch is reused)
	discard []byte // base64 checked by SkipValue
	bare    bool   // the next value is a type element without <value>
	state   callState
	// paramsAt is the offset of <params> when it came before <methodName>;
	// the tail of the document has then been checked already.
	paramsAt int
	inParam  bool // inside <param>, whose end tag NextParam consumes
	// stack holds the elements and members of the arrays and structs
	// DecodeAny is building (see arena.go).
	stack stack
	// ints is where plainInts gathers a run of an array's ints before
	// they are boxed; made on first use, and a pointer so that Reset
	// keeps it in one word.
	ints *[]int64
	// shape is the layout of the last multicall entry (MulticallEntry).
	shape entryShape
	// order is the order of the members of the maps DecodeAny made
	// (Encoder.FollowOrder), made with the first.
	order *memberOrder
}

type callState uint8

const (
	stateStart      callState = iota
	stateParams               // positioned before <params> or inside it
	stateInParams             // inside <params>
	stateAfterParam           // params done (or absent); End may run
	stateDone
	// A methodResponse (MethodResponse):
	stateResponseValue // at (or after) the value of its one <param>
	stateResponseEnd   // after its <fault>
)

// NewDecoder returns a decoder for body with the given limits (zero fields
// take DefaultLimits).
func NewDecoder(body []byte, lim Limits) *Decoder {
	d := new(Decoder)
	d.Reset(body, lim)
	return d
}

// Reset makes d ready to decode body, keeping its internal buffers. Strings
// returned before the reset stay valid.
func (d *Decoder) Reset(body []byte, lim Limits) {
	scratch, name, discard, stack, order := keepBuf(d.scratch), d.name[:0], keepBuf(d.discard), d.stack.reuse(), d.order.reuse()
	ints := d.ints // bounded where it grows (boxRun)
	// Zeroed, then set: a whole Decoder built and copied in would be
	// stored and loaded back, which stalls.
	*d = Decoder{}
	d.buf, d.lim, d.paramsAt = body, lim.withDefaults(), -1
	d.scratch, d.name, d.discard, d.stack, d.order, d.ints = scratch, name, discard, stack, order, ints
}

// Offset returns the current byte offset in the body.
func (d *Decoder) Offset() int { return d.pos }

// MethodCall reads the XML prolog, the <methodCall> root and its
// <methodName>, and returns the name (valid until Reset). The name is taken
// literally, untrimmed, as supervisord takes it; an empty name is a syntax
// error. <params> may come before <methodName>, as supervisord accepts.
func (d *Decoder) MethodCall() ([]byte, error) {
	if err := d.prolog(); err != nil {
		return nil, err
	}
	if len(d.buf) == 0 {
		return nil, d.errAt(0, "empty body")
	}
	if !d.atStartTag() {
		if d.pos >= len(d.buf) {
			return nil, d.errAt(d.pos, "no root element")
		}
		return nil, d.errAt(d.pos, "expected <methodCall>")
	}
	name, empty, err := d.rootTag()
	if err != nil {
		return nil, err
	}
	if string(name) != "methodCall" {
		return nil, d.errAt(d.pos, "the root element is <%s>, not <methodCall>", name)
	}
	if empty {
		return nil, d.errAt(d.pos, "<methodCall> has no <methodName>")
	}
	haveName := false
	for {
		if err := d.skipMisc(); err != nil {
			return nil, err
		}
		switch {
		case d.atEndTag():
			if !haveName {
				return nil, d.errAt(d.pos, "<methodCall> has no <methodName>")
			}
			// Only reached when <params> came first or is absent.
			if err := d.closeTag("</methodCall>"); err != nil {
				return nil, err
			}
			if err := d.epilog(); err != nil {
				return nil, err
			}
			if d.paramsAt >= 0 {
				// Rewind to decode the parameters; count them afresh.
				d.pos = d.paramsAt
				d.state = stateParams
				d.nparams, d.values = 0, 0
			} else {
				d.state = stateDone
			}
			return d.name, nil
		case !d.atStartTag():
			if d.pos >= len(d.buf) {
				return nil, d.errAt(d.pos, "unexpected end of document in <methodCall>")
			}
			return nil, d.errAt(d.pos, "unexpected text in <methodCall>")
		}
		at := d.pos
		tag, empty, err := d.callTag()
		if err != nil {
			return nil, err
		}
		switch string(tag) {
		case "methodName":
			if haveName {
				return nil, d.errAt(at, "more than one <methodName>")
			}
			var t []byte
			if !empty {
				if t, err = d.elementText(tag); err != nil {
					return nil, err
				}
			}
			if len(t) == 0 {
				return nil, d.errAt(at, "empty <methodName>")
			}
			d.name = append(d.name[:0], t...)
			haveName = true
			if d.paramsAt < 0 {
				// The usual order: parameters (if any) follow.
				if err := d.skipMisc(); err != nil {
					return nil, err
				}
				d.state = stateParams
				return d.name, nil
			}
		case "params":
			if d.paramsAt >= 0 {
				return nil, d.errAt(at, "more than one <params>")
			}
			// <params> before <methodName>: check it now, decode it later.
			d.paramsAt = at
			if !empty {
				if err := d.skipParams(); err != nil {
					return nil, err
				}
			}
		default:
			return nil, d.errAt(at, "unexpected <%s> in <methodCall>", tag)
		}
	}
}

// rootTag is startTag for the root element, "<methodCall>" as senders
// write it read by one compare.
func (d *Decoder) rootTag() ([]byte, bool, error) {
	if hasAt16(d.buf, d.pos, "<methodCall>") {
		d.pos += len("<methodCall>")
		return methodCallTag, false, nil
	}
	return d.startTag()
}

// callTag is startTag for the elements of <methodCall>, "<methodName>"
// and "<params>" as senders write them read by one compare each.
func (d *Decoder) callTag() ([]byte, bool, error) {
	switch {
	case hasAt16(d.buf, d.pos, "<methodName>"):
		d.pos += len("<methodName>")
		return methodNameTag, false, nil
	case hasAt8(d.buf, d.pos, "<params>"):
		d.pos += len("<params>")
		return paramsTag, false, nil
	}
	return d.startTag()
}

var (
	methodCallTag = []byte("methodCall")
	methodNameTag = []byte("methodName")
	paramsTag     = []byte("params")
)

// skipParams checks the content of <params> through its end tag.
func (d *Decoder) skipParams() error {
	d.state = stateInParams
	for {
		ok, err := d.NextParam()
		if err != nil || !ok {
			return err
		}
		if err := d.SkipValue(); err != nil {
			return err
		}
	}
}

// NextParam advances to the next parameter and reports whether there is
// one. When it returns true, exactly one value must be decoded (or skipped)
// before NextParam is called again.
func (d *Decoder) NextParam() (bool, error) {
	switch d.state {
	case stateParams:
		if !d.atStartTag() || !bytes.HasPrefix(d.buf[d.pos+1:], []byte("params")) {
			d.state = stateAfterParam
			return false, nil
		}
		at := d.pos
		tag, empty, err := d.callTag()
		if err != nil {
			return false, err
		}
		if string(tag) != "params" {
			d.pos = at
			d.state = stateAfterParam
			return false, nil
		}
		if empty {
			d.paramsDone()
			return false, nil
		}
		d.state = stateInParams
	case stateInParams:
	default:
		return false, nil
	}
	if d.inParam {
		d.inParam = false
		if err := d.skipMisc(); err != nil {
			return false, err
		}
		if err := d.closeTag("</param>"); err != nil {
			return false, err
		}
	}
	if err := d.skipMisc(); err != nil {
		return false, err
	}
	if d.atEndTag() {
		if err := d.closeTag("</params>"); err != nil {
			return false, err
		}
		d.paramsDone()
		return false, nil
	}
	if hasAt8(d.buf, d.pos, "<param>") {
		d.pos += len("<param>") // the usual start tag, without startTag
	} else if err := d.paramStart(); err != nil {
		return false, err
	}
	d.nparams++
	if d.nparams > d.lim.MaxParams {
		return false, &LimitError{Limit: "MaxParams", Max: d.lim.MaxParams}
	}
	if err := d.valueStart("param"); err != nil {
		return false, err
	}
	d.inParam = true
	return true, nil
}

// paramStart reads the start tag of a <param> written otherwise than
// "<param>", or reports what is there instead.
func (d *Decoder) paramStart() error {
	if !d.atStartTag() {
		return d.errAt(d.pos, "expected <param>")
	}
	at := d.pos
	tag, empty, err := d.startTag()
	if err != nil {
		return err
	}
	if string(tag) != "param" {
		return d.errAt(at, "unexpected <%s> in <params>", tag)
	}
	if empty {
		return d.errAt(at, "<param> without a value")
	}
	return nil
}

// paramsDone records the end of <params>. When <params> came before
// <methodName>, the rest of the document was checked by MethodCall.
func (d *Decoder) paramsDone() {
	d.state = stateAfterParam
	if d.paramsAt >= 0 {
		d.state = stateDone
	}
}

// valueStart positions d at the value inside an element (a <param>, a
// <member> after its <name>, or <data>): a <value> element, or a type
// element standing for one (<param><int>5</int></param>, which supervisord
// accepts).
func (d *Decoder) valueStart(in string) error {
	if err := d.skipMisc(); err != nil {
		return err
	}
	if !d.atStartTag() {
		return d.errAt(d.pos, "expected <value> in <%s>", in)
	}
	d.bare = !bytes.HasPrefix(d.buf[d.pos+1:], []byte("value")) || !isTagEnd(d.buf, d.pos+6)
	return nil
}

// isTagEnd reports whether buf[i] ends a tag name.
func isTagEnd(buf []byte, i int) bool {
	return i < len(buf) && (buf[i] == '>' || buf[i] == '/' || isSpace(buf[i]))
}

// End checks the rest of the document after the parameters: the end of
// <methodCall> and nothing but comments, processing instructions and
// whitespace after it. Parameters not yet read are an error. After
// MethodResponse, it checks the rest of the methodResponse after its
// value or fault.
func (d *Decoder) End() error {
	switch d.state {
	case stateDone:
		return nil
	case stateResponseValue, stateResponseEnd:
		return asResponse(d.endResponse())
	case stateAfterParam:
	case stateParams:
		// No <params>: fall through to the end tag.
	default:
		return d.errAt(d.pos, "parameters left unread")
	}
	if err := d.skipMisc(); err != nil {
		return err
	}
	if d.atStartTag() {
		at := d.pos
		tag, _, err := d.startTag()
		if err != nil {
			return err
		}
		if string(tag) == "methodName" {
			return d.errAt(at, "more than one <methodName>")
		}
		return d.errAt(at, "unexpected <%s> in <methodCall>", tag)
	}
	if err := d.closeTag("</methodCall>"); err != nil {
		return err
	}
	if err := d.epilog(); err != nil {
		return err
	}
	d.state = stateDone
	return nil
}

// epilog checks that only misc follows the root element.
func (d *Decoder) epilog() error {
	if err := d.skipMisc(); err != nil {
		return err
	}
	if d.pos < len(d.buf) {
		return d.errAt(d.pos, "content after the root element")
	}
	return nil
}
