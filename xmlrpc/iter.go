package xmlrpc

import "bytes"

// Array and Struct read a composite value element by element, so a caller
// can decode each element into what it needs (the dispatcher decodes the
// calls of a system.multicall this way, one at a time).
//
//	a, err := d.BeginArray()
//	for {
//		ok, err := a.Next()
//		if !ok { break }
//		v, err := d.DecodeAny()    // exactly one value per element
//	}

// Array iterates over the elements of an array value. It is three words,
// passed and copied in registers.
type Array struct {
	d       *Decoder
	wrapped bool // inside <value>, whose end tag follows the array's
	more    bool
}

// BeginArray reads the start of the next value, which must be an array;
// another type is consumed and reported as a *TypeError.
func (d *Decoder) BeginArray() (Array, error) {
	if a, ok := d.plainArrayStart(); ok {
		return a, nil
	}
	var h head
	err := d.beginValue(&h)
	if err != nil {
		return Array{}, err
	}
	if h.kind != kindArray {
		if err := d.skipRest(&h); err != nil {
			return Array{}, err
		}
		return Array{}, &TypeError{Want: "array", Got: h.kind.String()}
	}
	more, err := d.arrayBegin(&h)
	return Array{d: d, wrapped: h.wrapped, more: more}, err
}

// plainArrayStart begins an array written as senders write it,
// "<value><array><data>", with the limits checked as beginValue and
// arrayBegin check them; it reports false with nothing consumed
// otherwise, and where a limit would be exceeded, for them to report.
func (d *Decoder) plainArrayStart() (Array, bool) {
	const start = "<value><array><data>"
	if d.bare || !hasAt24(d.buf, d.pos, start) || d.values >= d.lim.MaxValues || d.depth >= d.lim.MaxDepth {
		return Array{}, false
	}
	d.values++
	d.depth++
	d.pos += len(start)
	return Array{d: d, wrapped: true, more: true}, true
}

// skipPlainInts skips an array of ints written as senders write them
// (a multicall entry's params, mostly), counting its values as SkipValue
// would; it reports false with nothing consumed when the array is written
// otherwise, for SkipValue to read.
func (d *Decoder) skipPlainInts() bool {
	start := d.Mark()
	a, ok := d.plainArrayStart()
	if !ok {
		return false
	}
	for d.skipPlainInt() {
	}
	if more, err := a.d.arrayNext(a.wrapped); more || err != nil || d.depth != start.depth {
		d.Seek(start)
		return false
	}
	return true
}

// skipPlainInt skips the next element when it is an <int> written as
// senders write it, "<value><int>-123</int></value>" after line ends,
// of at most 18 digits (so within an int64), counting it as plainIntElem
// does; it reports false with nothing consumed otherwise. It reads the
// digits without their value.
func (d *Decoder) skipPlainInt() bool {
	buf := d.buf
	i := skipLines(buf, d.pos)
	if !hasAt16(buf, i, "<value><int>") || d.values >= d.lim.MaxValues {
		return false
	}
	i += len("<value><int>")
	if i < len(buf) && buf[i] == '-' {
		i++
	}
	j := i
	for j < len(buf) && buf[j]-'0' <= 9 {
		j++
	}
	if j == i || j-i > 18 || !hasAt16(buf, j, "</int></value>") {
		return false
	}
	d.values++
	d.pos = j + len("</int></value>")
	return true
}

// Next advances to the next element and reports whether there is one.
// After true, exactly one value must be decoded or skipped.
func (a *Array) Next() (bool, error) {
	if !a.more {
		return false, nil
	}
	more, err := a.d.arrayNext(a.wrapped)
	a.more = more && err == nil
	return a.more, err
}

// Struct iterates over the members of a struct value.
type Struct struct {
	d        *Decoder
	h        head
	more     bool
	inMember bool
}

// BeginStruct reads the start of the next value, which must be a struct;
// another type is consumed and reported as a *TypeError.
func (d *Decoder) BeginStruct() (Struct, error) {
	var h head
	err := d.beginValue(&h)
	if err != nil {
		return Struct{}, err
	}
	if h.kind != kindStruct {
		if err := d.skipRest(&h); err != nil {
			return Struct{}, err
		}
		return Struct{}, &TypeError{Want: "struct", Got: h.kind.String()}
	}
	more, err := d.structBegin(&h)
	return Struct{d: d, h: h, more: more}, err
}

// Next advances to the next member and returns its name, valid until the
// member's value is decoded. After true, exactly one value must be decoded
// or skipped.
func (s *Struct) Next() ([]byte, bool, error) {
	if !s.more {
		return nil, false, nil
	}
	if s.inMember {
		s.inMember = false
		if err := s.d.memberEnd(); err != nil {
			s.more = false
			return nil, false, err
		}
	}
	name, more, err := s.d.structNext(&s.h)
	s.more = more && err == nil
	s.inMember = s.more
	return name, s.more, err
}

// Mark is a position in the body that Seek returns to.
type Mark struct {
	pos, values, depth int
	bare               bool
}

// Mark records the decoder's position before a value, so that the value
// can be read again after Seek (the dispatcher reads a multicall entry's
// params after its methodName, in whatever order they were sent).
func (d *Decoder) Mark() Mark {
	return Mark{pos: d.pos, values: d.values, depth: d.depth, bare: d.bare}
}

// Seek returns to a position recorded by Mark. Values read again are
// counted again against MaxValues only once: the count is restored too.
func (d *Decoder) Seek(m Mark) {
	d.pos, d.values, d.depth, d.bare = m.pos, m.values, m.depth, m.bare
}

// MulticallEntry reads the next value when it is a system.multicall entry
// written as senders write it: a struct of exactly two members, methodName
// (a <string>) then params (an array), with nothing but whitespace between
// the tags. It returns the method name and a Mark at the params value, for
// Seek; the params are checked, not kept. When the value has any other form
// (members in another order, other members, an untyped name, comments) or
// is malformed, it reports false and consumes nothing: read it with
// BeginStruct, which reads every form and reports every error. Values are
// counted against the limits as BeginStruct would count them.
func (d *Decoder) MulticallEntry() (name string, params Mark, ok bool) {
	start := d.Mark()
	if name, params, ok = d.plainEntry(); !ok {
		d.Seek(start)
	}
	return name, params, ok
}

// plainEntry is MulticallEntry without the rewind.
func (d *Decoder) plainEntry() (string, Mark, bool) {
	if d.bare || d.depth+2 > d.lim.MaxDepth || d.values > d.lim.MaxValues-4 {
		return "", Mark{}, false
	}
	d.skipSpace()
	if sh := &d.shape; len(sh.head) > 0 && hasPrefixAt(d.buf, d.pos, sh.head) {
		start := d.Mark()
		if name, params, ok := d.shapedEntry(sh); ok {
			return name, params, true
		}
		d.Seek(start)
	}
	return d.taggedEntry()
}

// entryShape is the layout of the last multicall entry read tag by tag:
// its bytes around the method name and the params, which the other
// entries of a multicall, written by the same client, repeat exactly.
// The bytes are the body's and were checked when that entry was read:
// an entry that repeats them is read by comparing three spans of bytes
// instead of eleven tags and the whitespace between them.
type entryShape struct {
	head []byte // "<value><struct>\n<member>\n<name>methodName</name>\n<value><string>"
	mid  []byte // "</string></value>\n</member>\n<member>\n<name>params</name>\n"
	tail []byte // "</member>\n</struct></value>" after the params value
	// name is the method name of the last entry read: the next, mostly
	// calling the same method, answers it again rather than a copy.
	name string
}

// shapedEntry reads an entry laid out as sh, whose head is at d.pos; it
// reports false, with d.pos anywhere, where the entry departs from sh.
func (d *Decoder) shapedEntry(sh *entryShape) (string, Mark, bool) {
	d.pos += len(sh.head)
	// Plain text up to the end tag, as text would read it; else text.
	end := plainRun(d.buf, d.pos)
	t := d.buf[d.pos:end]
	if !hasPrefixAt(d.buf, end, sh.mid) {
		var err error
		if t, err = d.text(); err != nil || !hasPrefixAt(d.buf, d.pos, sh.mid) {
			return "", Mark{}, false
		}
		end = d.pos
	}
	if len(t) > d.lim.MaxStringBytes {
		return "", Mark{}, false
	}
	d.pos = end
	name := sh.name
	if string(t) != name {
		name = d.str(t)
		sh.name = name
	}
	d.pos += len(sh.mid)
	d.values += 4 // the struct, its members, the name: as taggedEntry counts them
	d.depth++
	params := d.Mark()
	if !hasAt16(d.buf, d.pos, "<value><array>") || !d.skipPlainInts() && d.SkipValue() != nil ||
		!hasPrefixAt(d.buf, d.pos, sh.tail) {
		return "", Mark{}, false
	}
	d.pos += len(sh.tail)
	d.depth--
	return name, params, true
}

// taggedEntry reads an entry tag by tag and, when it is plain, records its
// layout as the shape the next entries are tried with.
func (d *Decoder) taggedEntry() (string, Mark, bool) {
	start := d.pos
	if !d.expect("<value><struct>") || !d.count() {
		return "", Mark{}, false
	}
	d.depth++
	if !d.expect("<member>") || !d.count() || !d.expect24("<name>methodName</name>") ||
		!d.expect("<value><string>") || !d.count() {
		return "", Mark{}, false
	}
	nameAt := d.pos
	t, err := d.text()
	if err != nil || len(t) > d.lim.MaxStringBytes {
		return "", Mark{}, false
	}
	nameEnd := d.pos
	if !d.expect24("</string></value>") {
		return "", Mark{}, false
	}
	name := d.str(t)
	if !d.expect("</member>") || !d.expect("<member>") || !d.count() || !d.expect24("<name>params</name>") {
		return "", Mark{}, false
	}
	d.skipSpace()
	params := d.Mark()
	if !hasAt16(d.buf, d.pos, "<value><array>") || !d.skipPlainInts() && d.SkipValue() != nil {
		return "", Mark{}, false
	}
	paramsEnd := d.pos
	if !d.expect("</member>") || !d.expect("</struct>") || !d.expect("</value>") {
		return "", Mark{}, false
	}
	d.depth--
	d.shape = entryShape{head: d.buf[start:nameAt], mid: d.buf[nameEnd:params.pos], tail: d.buf[paramsEnd:d.pos], name: name}
	return name, params, true
}

// hasPrefixAt reports whether b[i:] begins with p.
func hasPrefixAt(b []byte, i int, p []byte) bool {
	return len(b)-i >= len(p) && bytes.Equal(b[i:i+len(p)], p)
}

// skipSpace skips XML whitespace.
func (d *Decoder) skipSpace() {
	for d.pos < len(d.buf) && isSpace(d.buf[d.pos]) {
		d.pos++
	}
}

// expect skips whitespace and then s, of 8 to 16 bytes, reporting
// whether s was there. expect24 takes 16 to 24 bytes.
func (d *Decoder) expect(s string) bool {
	d.skipSpace()
	if !hasAt16(d.buf, d.pos, s) {
		return false
	}
	d.pos += len(s)
	return true
}

// expect24 is expect for s of 16 to 24 bytes.
func (d *Decoder) expect24(s string) bool {
	d.skipSpace()
	if !hasAt24(d.buf, d.pos, s) {
		return false
	}
	d.pos += len(s)
	return true
}

// count counts one more value, reporting whether it is within MaxValues.
func (d *Decoder) count() bool {
	d.values++
	return d.values <= d.lim.MaxValues
}
