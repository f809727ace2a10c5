package xmlrpc

import "bytes"

// kind is the XML-RPC type of a value.
type kind uint8

const (
	kindString   kind = iota // <string> or untyped <value>text</value>
	kindInt                  // <int>, <i4>
	kindI8                   // <i8>, <ex:i8>
	kindBool                 // <boolean>
	kindDouble               // <double>
	kindDateTime             // <dateTime.iso8601>
	kindBase64               // <base64>
	kindArray                // <array>
	kindStruct               // <struct>
	kindNil                  // <nil/>, <ex:nil/>
)

var kindNames = [...]string{
	kindString: "<string>", kindInt: "<int>", kindI8: "<i8>", kindBool: "<boolean>",
	kindDouble: "<double>", kindDateTime: "<dateTime.iso8601>", kindBase64: "<base64>",
	kindArray: "<array>", kindStruct: "<struct>", kindNil: "<nil/>",
}

func (k kind) String() string { return kindNames[k] }

// typeKind maps a type element name to its kind. nil and i8 are extension
// types and are accepted with any namespace prefix (ex:nil), declared or
// not.
func typeKind(name []byte) (kind, bool) {
	switch string(name) {
	case "int", "i4":
		return kindInt, true
	case "string":
		return kindString, true
	case "boolean":
		return kindBool, true
	case "double":
		return kindDouble, true
	case "array":
		return kindArray, true
	case "struct":
		return kindStruct, true
	case "base64":
		return kindBase64, true
	case "dateTime.iso8601":
		return kindDateTime, true
	case "i8":
		return kindI8, true
	case "nil":
		return kindNil, true
	}
	if i := bytes.LastIndexByte(name, ':'); i > 0 {
		switch string(name[i+1:]) {
		case "nil":
			return kindNil, true
		case "i8":
			return kindI8, true
		}
	}
	return 0, false
}

// head describes a value whose start has been read.
type head struct {
	kind    kind
	off     int    // offset of the value's start, for errors
	tag     []byte // the type element's name; nil for an untyped value
	wrapped bool   // inside <value> (whose end tag is still to read)
	empty   bool   // the type element was self-closing
	text    []byte // an untyped value's text (the value is then complete)
}

// beginValue reads the start of a value: <value> (unless the value is bare)
// and its type element's start tag, or a whole untyped <value>text</value>,
// into *h (filled in place: a head returned would be copied through memory).
func (d *Decoder) beginValue(h *head) error {
	*h = head{off: d.pos}
	d.values++
	if d.values > d.lim.MaxValues {
		return &LimitError{Limit: "MaxValues", Max: d.lim.MaxValues}
	}
	if d.bare {
		d.bare = false
		// Fast path: a type element as senders write it.
		if k, n, empty := fastTypeTag(d.buf[d.pos:]); n > 0 {
			h.kind, h.tag, h.empty = k, d.buf[d.pos+1:d.pos+n-1-b2i(empty)], empty
			d.pos += n
			return nil
		}
	} else {
		// Fast path: <value> and a type element as senders write them.
		if hasAt8(d.buf, d.pos, "<value>") {
			if k, n, empty := fastTypeTag(d.buf[d.pos+7:]); n > 0 {
				at := d.pos + 7
				h.kind, h.tag, h.empty, h.wrapped = k, d.buf[at+1:at+n-1-b2i(empty)], empty, true
				d.pos = at + n
				return nil
			}
		}
		if !d.atStartTag() {
			return d.errAt(d.pos, "expected <value>")
		}
		name, empty, err := d.startTag()
		if err != nil {
			return err
		}
		if string(name) != "value" {
			return d.errAt(h.off, "expected <value>, found <%s>", name)
		}
		if empty {
			return nil // <value/>: the empty string
		}
		h.wrapped = true
		t, err := d.text()
		if err != nil {
			return err
		}
		if d.atEndTag() {
			h.text, h.wrapped = t, false
			return d.closeTag("</value>")
		}
		if !d.atStartTag() {
			return d.errAt(d.pos, "unexpected end of document in <value>")
		}
		if !spaceOnly(t) {
			return d.errAt(d.pos, "text mixed with an element in <value>")
		}
	}
	at := d.pos
	name, empty, err := d.startTag()
	if err != nil {
		return err
	}
	k, ok := typeKind(name)
	if !ok {
		return d.errAt(at, "unknown type <%s>", name)
	}
	h.kind, h.tag, h.empty = k, name, empty
	return nil
}

// fastTypeTag recognizes the start tag of a type element at the start of
// b when it is written plainly ("<int>", "<nil/>"): its kind, its length
// (0: not recognized, use startTag) and whether it is self-closing. What
// it recognizes, startTag and typeKind would read the same way.
func fastTypeTag(b []byte) (k kind, n int, empty bool) {
	if len(b) < 4 || b[0] != '<' {
		return 0, 0, false
	}
	switch b[1] {
	case 'i':
		switch {
		case hasAt8(b, 0, "<int>"):
			return kindInt, 5, false
		case hasAt8(b, 0, "<i4>"):
			return kindInt, 4, false
		case hasAt8(b, 0, "<i8>"):
			return kindI8, 4, false
		}
	case 's':
		switch {
		case hasAt8(b, 0, "<string>"):
			return kindString, 8, false
		case hasAt8(b, 0, "<struct>"):
			return kindStruct, 8, false
		}
	case 'd':
		switch {
		case hasAt8(b, 0, "<double>"):
			return kindDouble, 8, false
		case hasAt24(b, 0, "<dateTime.iso8601>"):
			return kindDateTime, 18, false
		}
	case 'b':
		switch {
		case hasAt16(b, 0, "<boolean>"):
			return kindBool, 9, false
		case hasAt8(b, 0, "<base64>"):
			return kindBase64, 8, false
		}
	case 'a':
		if hasAt8(b, 0, "<array>") {
			return kindArray, 7, false
		}
	case 'n':
		if hasAt8(b, 0, "<nil/>") {
			return kindNil, 6, true
		}
	}
	return 0, 0, false
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// endValue reads the end of a value after its type element.
func (d *Decoder) endValue(wrapped bool) error {
	if !wrapped {
		return nil
	}
	if hasAt8(d.buf, d.pos, "</value>") {
		d.pos += len("</value>")
		return nil
	}
	if err := d.skipMisc(); err != nil {
		return err
	}
	return d.closeTag("</value>")
}

// scalarText reads the text of a scalar type element through its end tag
// and the end of the value. An untyped value's text is returned as is.
func (d *Decoder) scalarText(h *head) ([]byte, error) {
	if h.tag == nil {
		return h.text, nil
	}
	if t, ok := d.plainScalar(h); ok {
		return t, nil
	}
	var t []byte
	if !h.empty {
		var err error
		if t, err = d.elementText(h.tag); err != nil {
			return nil, err
		}
	}
	return t, d.endValue(h.wrapped)
}

// trim removes XML whitespace around b.
func trim(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}
