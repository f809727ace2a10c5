package xmlrpc

import (
	"bytes"
	"encoding/binary"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// This file is the XML layer: a hand-written scanner over an in-memory body
// that knows exactly the XML an XML-RPC request may use. It checks
// well-formedness as it goes (tags match, characters are legal XML 1.0,
// UTF-8 is valid, references are the five predefined entities or numeric)
// and refuses every DTD, so no entity is ever expanded. Text is returned as
// a slice of the body when it needs no rewriting, so the common case copies
// nothing.

// Byte classes for character data.
const (
	ccPlain   = iota // printable ASCII that needs no attention
	ccSpecial        // '&', '<', '\r', ']'
	ccBad            // a control character XML 1.0 forbids
	ccHigh           // first byte of a multi-byte UTF-8 sequence (or invalid)
)

var textClass = byteClasses("&<\r]")

// byteClasses classifies every byte for a loop over XML text: control
// characters but tab and newline are ccBad, bytes from 0x80 ccHigh, those
// in special ccSpecial, the rest ccPlain. Reading and escaping text watch
// for different special bytes.
func byteClasses(special string) (t [256]uint8) {
	for c := 0; c < 0x20; c++ {
		t[c] = ccBad
	}
	t['\t'], t['\n'] = ccPlain, ccPlain
	for i := 0; i < len(special); i++ {
		t[special[i]] = ccSpecial
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = ccHigh
	}
	return t
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// isNameByte reports whether c may appear in an XML name we accept. Names
// outside ASCII are allowed as far as UTF-8 goes; we only ever match ASCII
// names, so a foreign name is simply unknown.
var nameByte = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range []byte{'_', ':', '-', '.'} {
		t[c] = true
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = true
	}
	return t
}()

// errAt returns a SyntaxError at offset off of the body.
func (d *Decoder) errAt(off int, format string, args ...any) error {
	return syntaxErr(d.buf, off, format, args...)
}

// checkRune validates the UTF-8 sequence at buf[i] (a byte >= 0x80) as an
// XML character and returns its length.
func (d *Decoder) checkRune(i int) (int, error) {
	r, size := utf8.DecodeRune(d.buf[i:])
	if r == utf8.RuneError && size <= 1 {
		return 0, d.errAt(i, "invalid UTF-8")
	}
	if r == 0xFFFE || r == 0xFFFF {
		return 0, d.errAt(i, "character U+%04X is not allowed in XML", r)
	}
	return size, nil
}

// skipMisc skips whitespace, comments and processing instructions between
// elements. It stops at the next element or end tag, at other text, or at
// the end of the body. A DTD or any other markup declaration is an error.
func (d *Decoder) skipMisc() error {
	buf := d.buf
	// Fast path: line ends and indentation, then a tag.
	i := d.pos
	for i < len(buf) && (buf[i] == '\n' || buf[i] == ' ') {
		i++
	}
	if i+1 < len(buf) && buf[i] == '<' && buf[i+1] != '!' && buf[i+1] != '?' {
		d.pos = i
		return nil
	}
	for d.pos < len(buf) {
		c := buf[d.pos]
		if isSpace(c) {
			d.pos++
			continue
		}
		if c != '<' || d.pos+1 >= len(buf) {
			return nil
		}
		switch buf[d.pos+1] {
		case '!':
			if !bytes.HasPrefix(buf[d.pos:], []byte("<!--")) {
				return d.markupDecl()
			}
			if err := d.comment(); err != nil {
				return err
			}
		case '?':
			if err := d.procInst(); err != nil {
				return err
			}
		default:
			return nil
		}
	}
	return nil
}

// markupDecl reports the error for "<!" that is neither a comment nor (in
// text) CDATA: a DTD, or garbage.
func (d *Decoder) markupDecl() error {
	if bytes.HasPrefix(d.buf[d.pos:], []byte("<!DOCTYPE")) {
		return d.errAt(d.pos, "DTDs are not allowed (no entity is ever expanded)")
	}
	if bytes.HasPrefix(d.buf[d.pos:], []byte("<![CDATA[")) {
		return d.errAt(d.pos, "CDATA section outside of text")
	}
	return d.errAt(d.pos, "markup declarations are not allowed")
}

// comment skips "<!-- ... -->" at d.pos.
func (d *Decoder) comment() error {
	start := d.pos
	body := d.buf[start+4:]
	end := bytes.Index(body, []byte("--"))
	if end < 0 {
		return d.errAt(start, "unterminated comment")
	}
	if end+2 >= len(body) || body[end+2] != '>' {
		return d.errAt(start+4+end, `"--" is not allowed inside a comment`)
	}
	if err := d.checkChars(start+4, start+4+end); err != nil {
		return err
	}
	d.pos = start + 4 + end + 3
	return nil
}

// procInst skips "<?target ...?>" at d.pos. The XML declaration is only
// allowed at the very start and is handled by prolog.
func (d *Decoder) procInst() error {
	start := d.pos
	end := bytes.Index(d.buf[start+2:], []byte("?>"))
	if end < 0 {
		return d.errAt(start, "unterminated processing instruction")
	}
	target := d.buf[start+2 : start+2+end]
	if i := bytes.IndexAny(target, " \t\r\n"); i >= 0 {
		target = target[:i]
	}
	if len(target) == 0 {
		return d.errAt(start, "processing instruction without a target")
	}
	if len(target) == 3 && (target[0]|0x20) == 'x' && (target[1]|0x20) == 'm' && (target[2]|0x20) == 'l' {
		return d.errAt(start, "XML declaration not at the start of the document")
	}
	if err := d.checkChars(start+2, start+2+end); err != nil {
		return err
	}
	d.pos = start + 2 + end + 2
	return nil
}

// checkChars validates buf[from:to] as XML characters (used for comments,
// processing instructions and attribute values, whose text we discard).
func (d *Decoder) checkChars(from, to int) error {
	buf := d.buf
	for i := from; i < to; {
		c := buf[i]
		switch textClass[c] {
		case ccBad:
			return d.errAt(i, "control character %#02x is not allowed in XML", c)
		case ccHigh:
			n, err := d.checkRune(i)
			if err != nil {
				return err
			}
			i += n
		default:
			i++
		}
	}
	return nil
}

// prolog reads an optional UTF-8 byte order mark, the XML declaration and
// the misc before the root element. The body is always read as UTF-8:
// a declared encoding is accepted when the bytes are valid UTF-8 (as with
// pure ASCII) and anything else fails UTF-8 validation.
func (d *Decoder) prolog() error {
	if bytes.HasPrefix(d.buf, []byte("\xEF\xBB\xBF")) {
		d.pos = 3
	}
	// The declarations clients send, as they send them: nothing in them
	// to check character by character.
	if hasAt24(d.buf, d.pos, "<?xml version='1.0'?>") || hasAt24(d.buf, d.pos, `<?xml version="1.0"?>`) {
		d.pos += len("<?xml version='1.0'?>")
		return d.skipMisc()
	}
	if bytes.HasPrefix(d.buf[d.pos:], []byte("<?xml")) && len(d.buf) > d.pos+5 && isSpace(d.buf[d.pos+5]) {
		end := bytes.Index(d.buf[d.pos:], []byte("?>"))
		if end < 0 {
			return d.errAt(d.pos, "unterminated XML declaration")
		}
		if err := d.checkChars(d.pos, d.pos+end); err != nil {
			return err
		}
		d.pos += end + 2
	}
	return d.skipMisc()
}

// startTag parses a start tag at d.pos (which holds '<' followed by a name
// byte). It returns the tag name (a slice of the body) and whether the tag
// is self-closing. Attributes are checked for well-formedness and ignored:
// XML-RPC has none, and namespace declarations change nothing we read.
func (d *Decoder) startTag() (name []byte, empty bool, err error) {
	buf := d.buf
	start := d.pos
	i := start + 1
	var high byte // the OR of the name's bytes: >= 0x80 when not ASCII
	for i < len(buf) && nameByte[buf[i]] {
		high |= buf[i]
		i++
	}
	if i == start+1 || isDigitOrDash(buf[start+1]) {
		return nil, false, d.errAt(start, "invalid element name")
	}
	name = buf[start+1 : i]
	if i < len(buf) && buf[i] == '>' && high < 0x80 {
		d.pos = i + 1 // the usual <name>
		return name, false, nil
	}
	if err := d.checkName(start+1, i); err != nil {
		return nil, false, err
	}
	// Attribute names, to refuse duplicates; tags rarely have two.
	var first []byte
	var names map[string]bool
	for {
		if i >= len(buf) {
			return nil, false, d.errAt(start, "unterminated start tag <%s>", name)
		}
		switch c := buf[i]; {
		case c == '>':
			d.pos = i + 1
			return name, false, nil
		case c == '/':
			if i+1 < len(buf) && buf[i+1] == '>' {
				d.pos = i + 2
				return name, true, nil
			}
			return nil, false, d.errAt(i, "invalid start tag <%s>", name)
		case isSpace(c):
			i++
		default:
			if !isSpace(buf[i-1]) {
				return nil, false, d.errAt(i, "invalid start tag <%s>", name)
			}
			var attr []byte
			at := i
			i, attr, err = d.attribute(i, name)
			if err != nil {
				return nil, false, err
			}
			if first == nil {
				first = attr
				continue
			}
			if names == nil {
				names = map[string]bool{string(first): true}
			}
			if names[string(attr)] {
				return nil, false, d.errAt(at, "duplicate attribute %s in <%s>", attr, name)
			}
			names[string(attr)] = true
		}
	}
}

func isDigitOrDash(c byte) bool { return c >= '0' && c <= '9' || c == '-' || c == '.' }

// checkName validates the bytes of the name buf[from:to] beyond ASCII as
// UTF-8 XML characters.
func (d *Decoder) checkName(from, to int) error {
	for _, c := range d.buf[from:to] {
		if c >= 0x80 {
			return d.checkChars(from, to)
		}
	}
	return nil
}

// attribute checks one name="value" pair at buf[i] and returns the offset
// after it and the attribute's name.
func (d *Decoder) attribute(i int, elem []byte) (int, []byte, error) {
	buf := d.buf
	start := i
	for i < len(buf) && nameByte[buf[i]] {
		i++
	}
	if i == start || isDigitOrDash(buf[start]) {
		return 0, nil, d.errAt(start, "invalid attribute in <%s>", elem)
	}
	name := buf[start:i]
	if err := d.checkName(start, i); err != nil {
		return 0, nil, err
	}
	for i < len(buf) && isSpace(buf[i]) {
		i++
	}
	if i >= len(buf) || buf[i] != '=' {
		return 0, nil, d.errAt(i, "attribute without a value in <%s>", elem)
	}
	i++
	for i < len(buf) && isSpace(buf[i]) {
		i++
	}
	if i >= len(buf) || (buf[i] != '"' && buf[i] != '\'') {
		return 0, nil, d.errAt(i, "unquoted attribute value in <%s>", elem)
	}
	quote := buf[i]
	end := bytes.IndexByte(buf[i+1:], quote)
	if end < 0 {
		return 0, nil, d.errAt(i, "unterminated attribute value in <%s>", elem)
	}
	val := buf[i+1 : i+1+end]
	if bytes.IndexByte(val, '<') >= 0 {
		return 0, nil, d.errAt(i, "'<' in attribute value")
	}
	for j := 0; j < len(val); {
		k := bytes.IndexByte(val[j:], '&')
		if k < 0 {
			break
		}
		off := i + 1 + j + k
		n, _, err := d.reference(off)
		if err != nil {
			return 0, nil, err
		}
		j += k + n
	}
	if err := d.checkChars(i+1, i+1+end); err != nil {
		return 0, nil, err
	}
	return i + 1 + end + 1, name, nil
}

// closeTag consumes the end tag close ("</value>", 8 to 16 bytes), a
// constant: inlined, the exact tag costs two compares; space before '>',
// and the error, are endTag's. closeTag8 and closeTag24 take the shorter
// and the longer tags.
func (d *Decoder) closeTag(close string) error {
	if hasAt16(d.buf, d.pos, close) {
		d.pos += len(close)
		return nil
	}
	return d.closeTagSlow(close)
}

// closeTag8 is closeTag for a tag of 4 to 8 bytes ("</data>").
func (d *Decoder) closeTag8(close string) error {
	if hasAt8(d.buf, d.pos, close) {
		d.pos += len(close)
		return nil
	}
	return d.closeTagSlow(close)
}

// closeTag24 is closeTag for a tag of 16 to 24 bytes ("</methodResponse>").
func (d *Decoder) closeTag24(close string) error {
	if hasAt24(d.buf, d.pos, close) {
		d.pos += len(close)
		return nil
	}
	return d.closeTagSlow(close)
}

// closeTagSlow is kept out of line so that closeTag inlines.
//
//go:noinline
func (d *Decoder) closeTagSlow(close string) error { return d.endTag(close[2 : len(close)-1]) }

// Comparing the body with a constant tag. A string compare of more than
// a few bytes calls runtime.memequal; hasAt8, hasAt16 and hasAt24 compare
// with two or three loads instead (overlapping when the tag is shorter
// than they are), and as they are inlined where the tag is a constant, the
// compiler compares with the constant's bytes in place. Each takes tags of
// a range of lengths only; TestHasAtLengths checks every call with a
// literal tag. hasAt takes any length and chooses at run time.

// hasAt reports whether b[i:] begins with s.
func hasAt(b []byte, i int, s string) bool {
	switch n := len(s); {
	case n >= 4 && n <= 8:
		return hasAt8(b, i, s)
	case n >= 8 && n <= 16:
		return hasAt16(b, i, s)
	case n >= 16 && n <= 24:
		return hasAt24(b, i, s)
	}
	return len(b)-i >= len(s) && string(b[i:i+len(s)]) == s
}

// constBytes is s as a byte slice, for binary's loads; never written.
func constBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// hasAt8 reports whether b[i:] begins with s, of 4 to 8 bytes.
func hasAt8(b []byte, i int, s string) bool {
	n := len(s)
	if len(b)-i < n {
		return false
	}
	b, c := b[i:], constBytes(s)
	le := binary.LittleEndian
	return le.Uint32(b) == le.Uint32(c) && le.Uint32(b[n-4:]) == le.Uint32(c[n-4:])
}

// hasAt16 reports whether b[i:] begins with s, of 8 to 16 bytes.
func hasAt16(b []byte, i int, s string) bool {
	n := len(s)
	if len(b)-i < n {
		return false
	}
	b, c := b[i:], constBytes(s)
	le := binary.LittleEndian
	return le.Uint64(b) == le.Uint64(c) && le.Uint64(b[n-8:]) == le.Uint64(c[n-8:])
}

// hasAt24 reports whether b[i:] begins with s, of 16 to 24 bytes.
func hasAt24(b []byte, i int, s string) bool {
	n := len(s)
	if len(b)-i < n {
		return false
	}
	b, c := b[i:], constBytes(s)
	le := binary.LittleEndian
	return le.Uint64(b) == le.Uint64(c) && le.Uint64(b[8:]) == le.Uint64(c[8:]) && le.Uint64(b[n-8:]) == le.Uint64(c[n-8:])
}

// endTagBytes is endTag for a name read from the body.
func (d *Decoder) endTagBytes(name []byte) error {
	return d.endTag(unsafe.String(unsafe.SliceData(name), len(name)))
}

// endTag consumes "</name>" (with optional space before '>') at d.pos.
func (d *Decoder) endTag(name string) error {
	buf := d.buf
	i := d.pos
	if i+2+len(name) <= len(buf) && buf[i] == '<' && buf[i+1] == '/' && string(buf[i+2:i+2+len(name)]) == name {
		j := i + 2 + len(name)
		for j < len(buf) && isSpace(buf[j]) {
			j++
		}
		if j < len(buf) && buf[j] == '>' {
			d.pos = j + 1
			return nil
		}
	}
	// strings.Clone: the message is built at once, but name may alias
	// the body, and a copy keeps name from escaping on the happy path.
	if i >= len(buf) {
		return d.errAt(i, "unexpected end of document, expected </%s>", strings.Clone(name))
	}
	return d.errAt(i, "expected </%s>", strings.Clone(name))
}

// atEndTag reports whether d.pos is at "</".
func (d *Decoder) atEndTag() bool {
	return d.pos+1 < len(d.buf) && d.buf[d.pos] == '<' && d.buf[d.pos+1] == '/'
}

// atStartTag reports whether d.pos is at "<" followed by a name byte.
func (d *Decoder) atStartTag() bool {
	return d.pos+1 < len(d.buf) && d.buf[d.pos] == '<' && nameByte[d.buf[d.pos+1]]
}

// text reads character data from d.pos up to the next start or end tag,
// resolving references and CDATA sections, skipping comments and
// processing instructions, and normalizing line ends. The result aliases
// the body when nothing had to be rewritten, else d.scratch; it is valid
// until the next call.
func (d *Decoder) text() ([]byte, error) {
	buf := d.buf
	start := d.pos
	i := start
	for i < len(buf) {
		switch textClass[buf[i]] {
		case ccPlain:
			i++
			continue
		case ccHigh:
			n, err := d.checkRune(i)
			if err != nil {
				return nil, err
			}
			i += n
			continue
		case ccBad:
			return nil, d.errAt(i, "control character %#02x is not allowed in XML", buf[i])
		}
		// ccSpecial
		if buf[i] == '<' && i+1 < len(buf) && buf[i+1] != '!' && buf[i+1] != '?' {
			d.pos = i
			return buf[start:i], nil
		}
		if buf[i] == ']' && !bytes.HasPrefix(buf[i:], []byte("]]>")) {
			i++
			continue
		}
		return d.textSlow(start, i)
	}
	d.pos = i
	return buf[start:i], nil
}

// textSlow continues text at buf[i], copying into d.scratch.
func (d *Decoder) textSlow(start, i int) ([]byte, error) {
	buf := d.buf
	out := append(d.scratch[:0], buf[start:i]...)
	for i < len(buf) {
		c := buf[i]
		switch textClass[c] {
		case ccPlain:
			out = append(out, c)
			i++
			continue
		case ccHigh:
			n, err := d.checkRune(i)
			if err != nil {
				return nil, err
			}
			out = append(out, buf[i:i+n]...)
			i += n
			continue
		case ccBad:
			return nil, d.errAt(i, "control character %#02x is not allowed in XML", c)
		}
		switch c {
		case ']':
			if bytes.HasPrefix(buf[i:], []byte("]]>")) {
				return nil, d.errAt(i, `"]]>" is not allowed in text`)
			}
			out = append(out, c)
			i++
		case '\r':
			out = append(out, '\n')
			i++
			if i < len(buf) && buf[i] == '\n' {
				i++
			}
		case '&':
			n, r, err := d.reference(i)
			if err != nil {
				return nil, err
			}
			out = utf8.AppendRune(out, r)
			i += n
		case '<':
			switch {
			case bytes.HasPrefix(buf[i:], []byte("<![CDATA[")):
				n, err := d.cdata(i, &out)
				if err != nil {
					return nil, err
				}
				i += n
			case bytes.HasPrefix(buf[i:], []byte("<!--")):
				d.pos = i
				if err := d.comment(); err != nil {
					return nil, err
				}
				i = d.pos
			case i+1 < len(buf) && buf[i+1] == '?':
				d.pos = i
				if err := d.procInst(); err != nil {
					return nil, err
				}
				i = d.pos
			case i+1 < len(buf) && buf[i+1] == '!':
				d.pos = i
				return nil, d.markupDecl()
			default:
				d.pos = i
				d.scratch = out
				return out, nil
			}
		}
	}
	d.pos = i
	d.scratch = out
	return out, nil
}

// cdata appends the content of the CDATA section at buf[i] to *out and
// returns the section's length.
func (d *Decoder) cdata(i int, out *[]byte) (int, error) {
	buf := d.buf
	body := buf[i+9:]
	end := bytes.Index(body, []byte("]]>"))
	if end < 0 {
		return 0, d.errAt(i, "unterminated CDATA section")
	}
	o := *out
	for j := 0; j < end; {
		c := body[j]
		switch textClass[c] {
		case ccBad:
			return 0, d.errAt(i+9+j, "control character %#02x is not allowed in XML", c)
		case ccHigh:
			n, err := d.checkRune(i + 9 + j)
			if err != nil {
				return 0, err
			}
			o = append(o, body[j:j+n]...)
			j += n
			continue
		}
		if c == '\r' {
			o = append(o, '\n')
			j++
			if j < end && body[j] == '\n' {
				j++
			}
			continue
		}
		o = append(o, c)
		j++
	}
	*out = o
	return 9 + end + 3, nil
}

// reference decodes the entity or character reference at buf[i] ('&') and
// returns its length and the character. Only the five predefined entities
// and numeric references exist: there is no DTD to define others.
func (d *Decoder) reference(i int) (int, rune, error) {
	buf := d.buf
	// A reference is a name or '#' and digits (any number of leading
	// zeros) up to ';'.
	j := i + 1
	for j < len(buf) && (nameByte[buf[j]] || buf[j] == '#') {
		j++
	}
	if j >= len(buf) || buf[j] != ';' {
		return 0, 0, d.errAt(i, "unterminated reference")
	}
	end := j - i
	ref := buf[i+1 : i+end]
	switch string(ref) {
	case "lt":
		return end + 1, '<', nil
	case "gt":
		return end + 1, '>', nil
	case "amp":
		return end + 1, '&', nil
	case "quot":
		return end + 1, '"', nil
	case "apos":
		return end + 1, '\'', nil
	}
	if len(ref) < 2 || ref[0] != '#' {
		return 0, 0, d.errAt(i, "undefined entity &%s; (only the five predefined entities exist)", clip(ref))
	}
	digits, base := ref[1:], rune(10)
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 {
		return 0, 0, d.errAt(i, "invalid character reference")
	}
	var r rune
	for _, c := range digits {
		var v rune
		switch {
		case c >= '0' && c <= '9':
			v = rune(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			v = rune(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			v = rune(c-'A') + 10
		default:
			return 0, 0, d.errAt(i, "invalid character reference")
		}
		r = r*base + v
		if r > utf8.MaxRune {
			return 0, 0, d.errAt(i, "character reference out of range")
		}
	}
	if !isXMLChar(r) {
		return 0, 0, d.errAt(i, "character reference &%s; is not a legal XML character", clip(ref))
	}
	return end + 1, r, nil
}

// isXMLChar reports whether r is a Char in the XML 1.0 grammar.
func isXMLChar(r rune) bool {
	switch {
	case r == 0x9 || r == 0xA || r == 0xD:
		return true
	case r >= 0x20 && r <= 0xD7FF:
		return true
	case r >= 0xE000 && r <= 0xFFFD:
		return true
	case r >= 0x10000 && r <= utf8.MaxRune:
		return true
	}
	return false
}

// spaceOnly reports whether b holds only XML whitespace.
func spaceOnly(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

// elementText reads the content of a scalar element (after its start tag)
// through its end tag: text only, no child elements.
func (d *Decoder) elementText(name []byte) ([]byte, error) {
	t, err := d.text()
	if err != nil {
		return nil, err
	}
	if end := d.pos + 2 + len(name); end < len(d.buf) && d.buf[d.pos+1] == '/' && d.buf[end] == '>' &&
		string(d.buf[d.pos+2:end]) == string(name) {
		d.pos = end + 1 // the usual "</name>"
		return t, nil
	}
	if d.atStartTag() {
		return nil, d.errAt(d.pos, "unexpected element inside <%s>", string(name))
	}
	if err := d.endTagBytes(name); err != nil {
		return nil, err
	}
	return t, nil
}
