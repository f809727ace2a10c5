package xmlrpc

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"math"
	"strconv"
	"time"
)

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
// and its type element's start tag, or a whole untyped <value>text</value>.
func (d *Decoder) beginValue() (head, error) {
	h := head{off: d.pos}
	d.values++
	if d.values > d.lim.MaxValues {
		return h, &LimitError{Limit: "MaxValues", Max: d.lim.MaxValues}
	}
	if d.bare {
		d.bare = false
		// Fast path: a type element as senders write it.
		if k, n, empty := fastTypeTag(d.buf[d.pos:]); n > 0 {
			h.kind, h.tag, h.empty = k, d.buf[d.pos+1:d.pos+n-1-b2i(empty)], empty
			d.pos += n
			return h, nil
		}
	} else {
		// Fast path: <value> and a type element as senders write them.
		if hasAt(d.buf, d.pos, "<value>") {
			if k, n, empty := fastTypeTag(d.buf[d.pos+7:]); n > 0 {
				at := d.pos + 7
				h.kind, h.tag, h.empty, h.wrapped = k, d.buf[at+1:at+n-1-b2i(empty)], empty, true
				d.pos = at + n
				return h, nil
			}
		}
		if !d.atStartTag() {
			return h, d.errAt(d.pos, "expected <value>")
		}
		name, empty, err := d.startTag()
		if err != nil {
			return h, err
		}
		if string(name) != "value" {
			return h, d.errAt(h.off, "expected <value>, found <%s>", name)
		}
		if empty {
			return h, nil // <value/>: the empty string
		}
		h.wrapped = true
		t, err := d.text()
		if err != nil {
			return h, err
		}
		if d.atEndTag() {
			h.text, h.wrapped = t, false
			return h, d.closeTag("</value>")
		}
		if !d.atStartTag() {
			return h, d.errAt(d.pos, "unexpected end of document in <value>")
		}
		if !spaceOnly(t) {
			return h, d.errAt(d.pos, "text mixed with an element in <value>")
		}
	}
	at := d.pos
	name, empty, err := d.startTag()
	if err != nil {
		return h, err
	}
	k, ok := typeKind(name)
	if !ok {
		return h, d.errAt(at, "unknown type <%s>", name)
	}
	h.kind, h.tag, h.empty = k, name, empty
	return h, nil
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
		case hasAt(b, 0, "<int>"):
			return kindInt, 5, false
		case hasAt(b, 0, "<i4>"):
			return kindInt, 4, false
		case hasAt(b, 0, "<i8>"):
			return kindI8, 4, false
		}
	case 's':
		switch {
		case hasAt(b, 0, "<string>"):
			return kindString, 8, false
		case hasAt(b, 0, "<struct>"):
			return kindStruct, 8, false
		}
	case 'd':
		switch {
		case hasAt(b, 0, "<double>"):
			return kindDouble, 8, false
		case hasAt(b, 0, "<dateTime.iso8601>"):
			return kindDateTime, 18, false
		}
	case 'b':
		switch {
		case hasAt(b, 0, "<boolean>"):
			return kindBool, 9, false
		case hasAt(b, 0, "<base64>"):
			return kindBase64, 8, false
		}
	case 'a':
		if hasAt(b, 0, "<array>") {
			return kindArray, 7, false
		}
	case 'n':
		if hasAt(b, 0, "<nil/>") {
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
func (d *Decoder) endValue(h head) error {
	if !h.wrapped {
		return nil
	}
	if hasAt(d.buf, d.pos, "</value>") {
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
func (d *Decoder) scalarText(h head) ([]byte, error) {
	if h.tag == nil {
		return h.text, nil
	}
	var t []byte
	if !h.empty {
		var err error
		if t, err = d.elementText(h.tag); err != nil {
			return nil, err
		}
	}
	return t, d.endValue(h)
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

// intText is a parsed integer: its sign and magnitude.
type intText struct {
	neg      bool
	mag      uint64
	overflow bool   // the magnitude does not fit in a uint64
	digits   []byte // the trimmed text, for big values
}

// parseIntText parses optional whitespace, an optional sign and decimal
// digits, as Python's int() does (without its underscores).
func parseIntText(t []byte) (intText, bool) {
	t = trim(t)
	it := intText{digits: t}
	if len(t) > 0 && (t[0] == '+' || t[0] == '-') {
		it.neg = t[0] == '-'
		t = t[1:]
	}
	if len(t) == 0 {
		return it, false
	}
	if len(t) <= 19 {
		// Up to 19 digits cannot overflow a uint64: no check per digit.
		var mag uint64
		for _, c := range t {
			c -= '0'
			if c > 9 {
				return it, false
			}
			mag = mag*10 + uint64(c)
		}
		it.mag = mag
		return it, true
	}
	for _, c := range t {
		if c < '0' || c > '9' {
			return it, false
		}
		if !it.overflow {
			if it.mag > (math.MaxUint64-uint64(c-'0'))/10 {
				it.overflow = true
				continue
			}
			it.mag = it.mag*10 + uint64(c-'0')
		}
	}
	return it, true
}

// int64 returns the value if it fits in an int64.
func (it intText) int64() (int64, bool) {
	if it.overflow {
		return 0, false
	}
	if it.neg {
		if it.mag > 1<<63 {
			return 0, false
		}
		return -int64(it.mag), true
	}
	if it.mag > math.MaxInt64 {
		return 0, false
	}
	return int64(it.mag), true
}

// readInt reads an <int>, <i4> or <i8> value's content.
func (d *Decoder) readInt(h head) (intText, error) {
	if it, ok := d.plainInt(h); ok {
		return it, nil
	}
	t, err := d.scalarText(h)
	if err != nil {
		return intText{}, err
	}
	it, ok := parseIntText(t)
	if !ok {
		return it, d.errAt(h.off, "invalid integer %q", clip(t))
	}
	if it.overflow {
		n := len(it.digits)
		if n > 0 && (it.digits[0] == '+' || it.digits[0] == '-') {
			n--
		}
		if n > d.lim.MaxIntDigits {
			return it, &LimitError{Limit: "MaxIntDigits", Max: d.lim.MaxIntDigits}
		}
	}
	return it, nil
}

// plainInt reads an integer written as senders write it, "-123</int>"
// and "</value>" when wrapped, in one pass. Anything else (a sign '+',
// spaces, a reference, a comment, more than 19 digits) reports false with
// nothing consumed, for scalarText and parseIntText to read.
func (d *Decoder) plainInt(h head) (intText, bool) {
	if h.tag == nil || h.empty {
		return intText{}, false
	}
	buf, start := d.buf, d.pos
	i := start
	neg := i < len(buf) && buf[i] == '-'
	if neg {
		i++
	}
	first := i
	mag, i := parseDigits(buf, i)
	end := i + 2 + len(h.tag)
	if i == first || end >= len(buf) || buf[i] != '<' || buf[i+1] != '/' || buf[end] != '>' ||
		string(buf[i+2:end]) != string(h.tag) {
		return intText{}, false
	}
	end++
	if h.wrapped {
		if !hasAt(buf, end, "</value>") {
			return intText{}, false
		}
		end += len("</value>")
	}
	d.pos = end
	return intText{neg: neg, mag: mag, digits: buf[start:i]}, true
}

// parseDigits reads up to 19 ASCII digits at buf[i:], which cannot
// overflow a uint64: eight at a time, then one by one. It returns their
// value and the offset after them.
func parseDigits(buf []byte, i int) (uint64, int) {
	first := i
	var mag uint64
	for len(buf)-i >= 8 && i-first <= 11 {
		w := binary.LittleEndian.Uint64(buf[i:])
		if !eightDigits(w) {
			break
		}
		mag = mag*1e8 + parseEight(w)
		i += 8
	}
	for ; i < len(buf) && i-first < 19; i++ {
		c := buf[i] - '0'
		if c > 9 {
			break
		}
		mag = mag*10 + uint64(c)
	}
	return mag, i
}

// plainIntElem reads the next value (an array element, or a value whose
// <value> is next) when it is an <int> written as senders write it:
// optional line ends, then "<value><int>-123</int></value>", whose value
// fits in an int64. It reports false with nothing consumed otherwise, for
// arrayNext, beginValue and readInt to read: what it reads, they would
// read alike.
func (d *Decoder) plainIntElem() (int64, bool) {
	buf, i := d.buf, d.pos
	for i < len(buf) && (buf[i] == '\n' || buf[i] == ' ') {
		i++
	}
	if !hasAt(buf, i, "<value><int>") || d.values >= d.lim.MaxValues {
		return 0, false
	}
	i += len("<value><int>")
	neg := i < len(buf) && buf[i] == '-'
	if neg {
		i++
	}
	mag, j := parseDigits(buf, i)
	if j == i || !hasAt(buf, j, "</int></value>") {
		return 0, false
	}
	it := intText{neg: neg, mag: mag}
	v, ok := it.int64()
	if !ok {
		return 0, false
	}
	d.values++
	d.pos = j + len("</int></value>")
	return v, true
}

// eightDigits reports whether the eight bytes of w are all ASCII digits.
func eightDigits(w uint64) bool {
	return (w&0xF0F0F0F0F0F0F0F0)|(((w+0x0606060606060606)&0xF0F0F0F0F0F0F0F0)>>4) == 0x3333333333333333
}

// parseEight returns the value of the eight ASCII digits in w, the first
// in its lowest byte (a little-endian load), combining pairs, then pairs
// of pairs, then the two halves.
func parseEight(w uint64) uint64 {
	w -= 0x3030303030303030
	w = (w*10 + w>>8) & 0x00FF00FF00FF00FF
	w = (w*100 + w>>16) & 0x0000FFFF0000FFFF
	return (w*10000 + w>>32) & 0xFFFFFFFF
}

// readBool reads a <boolean> value's content: 0, 1, true or false.
// supervisord reads anything but "1" as false; a client sending "2" or
// "yes" gets HTTP 400 here instead of a silent false.
func (d *Decoder) readBool(h head) (bool, error) {
	t, err := d.scalarText(h)
	if err != nil {
		return false, err
	}
	switch string(trim(t)) {
	case "1", "true":
		return true, nil
	case "0", "false":
		return false, nil
	}
	return false, d.errAt(h.off, "invalid boolean %q (want 0, 1, true or false)", clip(t))
}

// readDouble reads a <double> value's content. NaN, infinities and values
// that overflow are refused: XML-RPC has no representation for them.
func (d *Decoder) readDouble(h head) (float64, error) {
	t, err := d.scalarText(h)
	if err != nil {
		return 0, err
	}
	f, ok := parseDouble(trim(t))
	if !ok {
		return 0, d.errAt(h.off, "invalid double %q", clip(t))
	}
	return f, nil
}

// parseDouble accepts [+-]digits[.digits][e[+-]digits] (and .5, 5.) and
// refuses NaN, Inf, hex floats, underscores and overflow.
func parseDouble(t []byte) (float64, bool) {
	i := 0
	if i < len(t) && (t[i] == '+' || t[i] == '-') {
		i++
	}
	digits := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < len(t) && t[i] == '.' {
		i++
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			i++
		}
		exp := 0
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i, exp = i+1, exp+1
		}
		if exp == 0 {
			return 0, false
		}
	}
	if i != len(t) {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(t), 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// readDateTime reads a <dateTime.iso8601> value's content: exactly
// YYYYMMDDTHH:MM:SS (supervisord's only form), read as UTC.
func (d *Decoder) readDateTime(h head) (time.Time, error) {
	t, err := d.scalarText(h)
	if err != nil {
		return time.Time{}, err
	}
	tm, ok := parseDateTime(trim(t))
	if !ok {
		return time.Time{}, d.errAt(h.off, "invalid dateTime.iso8601 %q (want YYYYMMDDTHH:MM:SS)", clip(t))
	}
	return tm, nil
}

func parseDateTime(t []byte) (time.Time, bool) {
	if len(t) != 17 || t[8] != 'T' || t[11] != ':' || t[14] != ':' {
		return time.Time{}, false
	}
	num := func(b []byte) (int, bool) {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	year, ok1 := num(t[0:4])
	month, ok2 := num(t[4:6])
	day, ok3 := num(t[6:8])
	hour, ok4 := num(t[9:11])
	minute, ok5 := num(t[12:14])
	sec, ok6 := num(t[15:17])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || year < 1 || month < 1 || month > 12 ||
		day < 1 || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	tm := time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC)
	if tm.Day() != day {
		return time.Time{}, false // February 30th and the like
	}
	return tm, true
}

// readBase64 reads a <base64> value's content and decodes it, appending to
// dst. Line breaks and spaces inside are allowed; anything else outside the
// standard alphabet, and missing padding, are errors.
func (d *Decoder) readBase64(h head, dst []byte) ([]byte, error) {
	var t []byte
	if h.tag == nil {
		t = h.text
	} else if !h.empty {
		// Fast path: the text is plain base64 up to the end tag.
		end := bytes.IndexByte(d.buf[d.pos:], '<')
		if end >= 0 && bytes.IndexByte(d.buf[d.pos:d.pos+end], '&') < 0 &&
			d.pos+end+1 < len(d.buf) && d.buf[d.pos+end+1] == '/' {
			t = d.buf[d.pos : d.pos+end]
			d.pos += end
			if err := d.endTagBytes(h.tag); err != nil {
				return nil, err
			}
		} else {
			var err error
			if t, err = d.elementText(h.tag); err != nil {
				return nil, err
			}
		}
	}
	if h.tag != nil {
		if err := d.endValue(h); err != nil {
			return nil, err
		}
	}
	n := base64.StdEncoding.DecodedLen(len(t))
	if n > d.lim.MaxStringBytes && base64Size(t) > d.lim.MaxStringBytes {
		return nil, &LimitError{Limit: "MaxStringBytes", Max: d.lim.MaxStringBytes}
	}
	start := len(dst)
	dst = grow(dst, n)
	m, err := base64.StdEncoding.Decode(dst[start:start+n], t)
	if err != nil {
		// Spaces or tabs: strip all whitespace and try again.
		clean := make([]byte, 0, len(t))
		for _, c := range t {
			if !isSpace(c) {
				clean = append(clean, c)
			}
		}
		if m, err = base64.StdEncoding.Decode(dst[start:start+n], clean); err != nil {
			return nil, d.errAt(h.off, "invalid base64: %v", err)
		}
	}
	return dst[:start+m], nil
}

// base64Size returns how many bytes the base64 text t decodes to at most:
// DecodedLen counts padding and whitespace as data.
func base64Size(t []byte) int {
	n := 0
	for _, c := range t {
		if c != '=' && !isSpace(c) {
			n++
		}
	}
	return n * 6 / 8
}

// grow returns b with room for n more bytes beyond len(b) (len unchanged).
func grow(b []byte, n int) []byte {
	if cap(b)-len(b) >= n {
		return b
	}
	nb := make([]byte, len(b), len(b)+n)
	copy(nb, b)
	return nb
}

// readString reads a string value's content (typed or untyped).
func (d *Decoder) readString(h head) (string, error) {
	t, err := d.scalarText(h)
	if err != nil {
		return "", err
	}
	if len(t) > d.lim.MaxStringBytes {
		return "", &LimitError{Limit: "MaxStringBytes", Max: d.lim.MaxStringBytes}
	}
	return d.str(t), nil
}

// readNil reads a nil value's content, which must be empty.
func (d *Decoder) readNil(h head) error {
	t, err := d.scalarText(h)
	if err != nil {
		return err
	}
	if !spaceOnly(t) {
		return d.errAt(h.off, "<nil/> with content")
	}
	return nil
}

// clip shortens text quoted in an error message.
func clip(b []byte) []byte {
	if len(b) > 40 {
		return append(b[:37:37], "..."...)
	}
	return b
}

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
func (d *Decoder) arrayBegin(h head) (bool, error) {
	if h.empty {
		return false, d.errAt(h.off, "<array> without <data>")
	}
	if err := d.enter(); err != nil {
		return false, err
	}
	if err := d.skipMisc(); err != nil {
		return false, err
	}
	if hasAt(d.buf, d.pos, "<data>") {
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
		return false, d.arrayClose(h)
	}
	return true, nil
}

// arrayNext advances to the next element of an array and reports whether
// there is one; at the end it reads </data></array> and the end of the
// value.
func (d *Decoder) arrayNext(h head) (bool, error) {
	// Fast path: line ends and the next <value>.
	i := d.pos
	for i < len(d.buf) && (d.buf[i] == '\n' || d.buf[i] == ' ') {
		i++
	}
	if hasAt(d.buf, i, "<value>") {
		d.pos, d.bare = i, false
		return true, nil
	}
	if err := d.skipMisc(); err != nil {
		return false, err
	}
	if d.atEndTag() {
		if err := d.closeTag("</data>"); err != nil {
			return false, err
		}
		return false, d.arrayClose(h)
	}
	return true, d.valueStart("data")
}

// arrayClose reads </array> and the end of the value.
func (d *Decoder) arrayClose(h head) error {
	if err := d.skipMisc(); err != nil {
		return err
	}
	if err := d.closeTag("</array>"); err != nil {
		return err
	}
	d.depth--
	return d.endValue(h)
}

// structBegin starts a struct value. It reports false for an empty
// <struct/>, whose value is then complete.
func (d *Decoder) structBegin(h head) (bool, error) {
	if h.empty {
		return false, d.endValue(h)
	}
	return true, d.enter()
}

// structNext reads the start of the next member up to its value and
// returns the member's name (valid until the next text is read). At
// </struct> it reads the end of the value and reports false.
func (d *Decoder) structNext(h head) ([]byte, bool, error) {
	if err := d.skipMisc(); err != nil {
		return nil, false, err
	}
	if d.atEndTag() {
		if err := d.closeTag("</struct>"); err != nil {
			return nil, false, err
		}
		d.depth--
		return nil, false, d.endValue(h)
	}
	if hasAt(d.buf, d.pos, "<member>") {
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
	if hasAt(d.buf, d.pos, "<name>") {
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

// SkipValue reads and checks the next value without keeping it.
func (d *Decoder) SkipValue() error {
	h, err := d.beginValue()
	if err != nil {
		return err
	}
	return d.skipRest(h)
}

// skipRest reads and checks the rest of a value begun with beginValue.
func (d *Decoder) skipRest(h head) error {
	var err error
	switch h.kind {
	case kindString:
		var t []byte
		if t, err = d.scalarText(h); err == nil && len(t) > d.lim.MaxStringBytes {
			err = &LimitError{Limit: "MaxStringBytes", Max: d.lim.MaxStringBytes}
		}
	case kindInt, kindI8:
		_, err = d.readInt(h)
	case kindBool:
		_, err = d.readBool(h)
	case kindDouble:
		_, err = d.readDouble(h)
	case kindDateTime:
		_, err = d.readDateTime(h)
	case kindBase64:
		var b []byte
		b, err = d.readBase64(h, d.discard[:0])
		d.discard = b[:0]
	case kindNil:
		err = d.readNil(h)
	case kindArray:
		more, err := d.arrayBegin(h)
		for more && err == nil {
			if _, ok := d.plainIntElem(); ok {
				continue
			}
			if more, err = d.arrayNext(h); err == nil && more {
				err = d.SkipValue()
			}
		}
		return err
	case kindStruct:
		more, err := d.structBegin(h)
		for more && err == nil {
			if _, more, err = d.structNext(h); err == nil && more {
				if err = d.SkipValue(); err == nil {
					err = d.memberEnd()
				}
			}
		}
		return err
	}
	return err
}
