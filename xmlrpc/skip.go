package xmlrpc

// SkipValue reads and checks the next value without keeping it.
func (d *Decoder) SkipValue() error {
	var h head
	err := d.beginValue(&h)
	if err != nil {
		return err
	}
	return d.skipRest(&h)
}

// skipRest reads and checks the rest of a value begun with beginValue.
func (d *Decoder) skipRest(h *head) error {
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
			if more, err = d.arrayNext(h.wrapped); err == nil && more {
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
