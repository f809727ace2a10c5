package xmlrpc

// Struct members and scalar values as senders write them. A member is
// "<member>", "<name>", its name, "</name>" and its "<value>", with line
// ends or spaces between; a string, boolean or double is its text, plain
// (no reference, no CR, no character beyond ASCII), then its end tag and
// "</value>". Reading those with the general scanner (whitespace and
// misc skipped between every two tags, each tag read by name, text read
// through a byte-class switch, the end tag compared by its name) cost
// about 550 instructions a member of the struct workload. The fast paths
// here read the same bytes with a few constant compares and a tight loop,
// and decline, consuming nothing, wherever the bytes differ or a limit
// is reached, so that the general path reads them and reports what it
// reports. TestPlainMembers compares both.

// skipLines returns the offset of the first byte at or after i that is
// not a line end or a space.
func skipLines(b []byte, i int) int {
	for i < len(b) && (b[i] == '\n' || b[i] == ' ') {
		i++
	}
	return i
}

// plainRun returns the offset of the first byte at or after i that is
// not plain text (textClass ccPlain: '<' stops it, as do '&', CR, ']',
// control characters and bytes beyond ASCII).
func plainRun(b []byte, i int) int {
	for i < len(b) && textClass[b[i]] == ccPlain {
		i++
	}
	return i
}

// plainMember reads the start of a member as senders write it, up to its
// <value>, and returns its name, a slice of the body; ok is false, and
// nothing is consumed, when the member is written otherwise, its name is
// too long or MaxValues is reached.
func (d *Decoder) plainMember() (name []byte, ok bool) {
	buf := d.buf
	i := skipLines(buf, d.pos)
	if !hasAt8(buf, i, "<member>") {
		return nil, false
	}
	i = skipLines(buf, i+len("<member>"))
	if !hasAt8(buf, i, "<name>") {
		return nil, false
	}
	start := i + len("<name>")
	end := plainRun(buf, start)
	if !hasAt8(buf, end, "</name>") {
		return nil, false
	}
	i = skipLines(buf, end+len("</name>"))
	if !hasAt8(buf, i, "<value>") || d.values >= d.lim.MaxValues || end-start > d.lim.MaxStringBytes {
		return nil, false
	}
	d.values++ // the member, as structNext counts it
	d.pos, d.bare = i, false
	return buf[start:end], true
}

// plainScalar reads the text of a wrapped string, boolean or double
// value (h, its type element's start read) when it is plain and followed
// by its end tag and </value>, which it consumes; ok is false, and
// nothing is consumed, otherwise. (An int's element has several names:
// plainIntElem reads ints.)
func (d *Decoder) plainScalar(h *head) (text []byte, ok bool) {
	if !h.wrapped || h.empty || h.kind != kindString && h.kind != kindBool && h.kind != kindDouble {
		return nil, false
	}
	buf := d.buf
	i := plainRun(buf, d.pos)
	var n int
	switch {
	case h.kind == kindString && hasAt24(buf, i, "</string></value>"):
		n = len("</string></value>")
	case h.kind == kindDouble && hasAt24(buf, i, "</double></value>"):
		n = len("</double></value>")
	case h.kind == kindBool && hasAt24(buf, i, "</boolean></value>"):
		n = len("</boolean></value>")
	default:
		return nil, false
	}
	text = buf[d.pos:i]
	d.pos = i + n
	return text, true
}
