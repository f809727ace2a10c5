package xmlrpc

// enter records one more level of array or struct nesting.
func (d *Decoder) enter() error {
	d.depth++
	if d.depth > d.lim.MaxDepth {
		return &LimitError{Limit: "MaxDepth", Max: d.lim.MaxDepth}
	}
	return nil
}

// arrayBegin reads <data> after an <array> start tag. It reports false for
// an empty <data/>, whose array is then complete.
func (d *Decoder) arrayBegin(h *head) (bool, error) {
	if h.empty {
		return false, d.errAt(h.off, "<array> without <data>")
	}
	if err := d.enter(); err != nil {
		return false, err
	}
	if err := d.skipMisc(); err != nil {
		return false, err
	}
	if hasAt8(d.buf, d.pos, "<data>") {
		d.pos += len("<data>") // the usual start tag, without startTag
		return true, nil
	}
	at := d.pos
	if !d.atStartTag() {
		return false, d.errAt(at, "expected <data> in <array>")
	}
	name, empty, err := d.startTag()
	if err != nil {
		return false, err
	}
	if string(name) != "data" {
		return false, d.errAt(at, "expected <data> in <array>, found <%s>", name)
	}
	if empty {
		return false, d.arrayClose(h.wrapped)
	}
	return true, nil
}

// arrayNext advances to the next element of an array and reports whether
// there is one; at the end it reads </data></array> and the end of the
// value.
func (d *Decoder) arrayNext(wrapped bool) (bool, error) {
	// Fast path: line ends and the next <value>.
	i := d.pos
	for i < len(d.buf) && (d.buf[i] == '\n' || d.buf[i] == ' ') {
		i++
	}
	if hasAt8(d.buf, i, "<value>") {
		d.pos, d.bare = i, false
		return true, nil
	}
	if wrapped && hasAt24(d.buf, i, "</data></array></value>") {
		// The end of the array and of its value as senders write it.
		d.pos = i + len("</data></array></value>")
		d.depth--
		return false, nil
	}
	if err := d.skipMisc(); err != nil {
		return false, err
	}
	if d.atEndTag() {
		if err := d.closeTag8("</data>"); err != nil {
			return false, err
		}
		return false, d.arrayClose(wrapped)
	}
	return true, d.valueStart("data")
}

// arrayClose reads </array> and the end of the value.
func (d *Decoder) arrayClose(wrapped bool) error {
	if err := d.skipMisc(); err != nil {
		return err
	}
	if err := d.closeTag("</array>"); err != nil {
		return err
	}
	d.depth--
	return d.endValue(wrapped)
}

// structBegin starts a struct value. It reports false for an empty
// <struct/>, whose value is then complete.
func (d *Decoder) structBegin(h *head) (bool, error) {
	if h.empty {
		return false, d.endValue(h.wrapped)
	}
	return true, d.enter()
}

// structNext reads the start of the next member up to its value and
// returns the member's name (valid until the next text is read). At
// </struct> it reads the end of the value and reports false.
func (d *Decoder) structNext(h *head) ([]byte, bool, error) {
	if name, ok := d.plainMember(); ok {
		return name, true, nil
	}
	if err := d.skipMisc(); err != nil {
		return nil, false, err
	}
	if d.atEndTag() {
		if err := d.closeTag("</struct>"); err != nil {
			return nil, false, err
		}
		d.depth--
		return nil, false, d.endValue(h.wrapped)
	}
	if hasAt8(d.buf, d.pos, "<member>") {
		d.pos += len("<member>") // the usual start tag, without startTag
	} else if err := d.memberStart(); err != nil {
		return nil, false, err
	}
	d.values++
	if d.values > d.lim.MaxValues {
		return nil, false, &LimitError{Limit: "MaxValues", Max: d.lim.MaxValues}
	}
	if err := d.skipMisc(); err != nil {
		return nil, false, err
	}
	tag, empty := nameTag, false
	if hasAt8(d.buf, d.pos, "<name>") {
		d.pos += len("<name>")
	} else {
		at := d.pos
		if !d.atStartTag() {
			return nil, false, d.errAt(at, "expected <name> in <member>")
		}
		var err error
		if tag, empty, err = d.startTag(); err != nil {
			return nil, false, err
		}
		if string(tag) != "name" {
			return nil, false, d.errAt(at, "expected <name> in <member>, found <%s>", tag)
		}
	}
	var name []byte
	var err error
	if !empty {
		if name, err = d.elementText(tag); err != nil {
			return nil, false, err
		}
	}
	if len(name) > d.lim.MaxStringBytes {
		return nil, false, &LimitError{Limit: "MaxStringBytes", Max: d.lim.MaxStringBytes}
	}
	// The name may live in scratch, which the value's text reuses: move it.
	if d.inScratch(name) {
		name = d.keep(name)
	}
	return name, true, d.valueStart("member")
}

var nameTag = []byte("name")

// memberStart reads the start tag of a <member> written otherwise than
// "<member>", or reports what is there instead.
func (d *Decoder) memberStart() error {
	at := d.pos
	if !d.atStartTag() {
		return d.errAt(at, "expected <member> in <struct>")
	}
	tag, empty, err := d.startTag()
	if err != nil {
		return err
	}
	if string(tag) != "member" || empty {
		return d.errAt(at, "expected <member> with <name> and <value> in <struct>")
	}
	return nil
}

// inScratch reports whether b is text rewritten into d.scratch.
func (d *Decoder) inScratch(b []byte) bool {
	return len(b) > 0 && cap(d.scratch) > 0 && &b[0] == &d.scratch[:1][0]
}

// memberEnd reads </member> after a member's value.
func (d *Decoder) memberEnd() error {
	if err := d.skipMisc(); err != nil {
		return err
	}
	return d.closeTag("</member>")
}
