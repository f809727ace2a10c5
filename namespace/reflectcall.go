package namespace

import (
	"reflect"
)

// reflectInvoker calls a method through reflect: any signature Build
// accepts, including Optional and variadic parameters.
func reflectInvoker(sig *signature, fn, rcvr reflect.Value) invoker {
	variadic := sig.max < 0
	return func(c *call) error {
		args := make([]reflect.Value, 1, 1+len(sig.params))
		args[0] = rcvr
		for _, p := range sig.params {
			switch p.kind {
			case pkContext:
				args = append(args, reflect.ValueOf(&c.ctx).Elem())
			case pkValue:
				v := reflect.New(p.typ).Elem()
				if c.next() {
					if err := p.dec(c.d, v); err != nil {
						c.failed(err)
					}
				}
				args = append(args, v)
			case pkOptional:
				v := reflect.New(p.typ).Elem()
				if c.next() {
					if err := p.dec(c.d, v.Field(0)); err != nil {
						c.failed(err)
					} else {
						v.Field(1).SetBool(true)
					}
				}
				args = append(args, v)
			case pkVariadic:
				s := reflect.MakeSlice(p.typ, 0, 0)
				for c.next() {
					ev := reflect.New(p.elem).Elem()
					if err := p.dec(c.d, ev); err != nil {
						c.failed(err)
					}
					s = reflect.Append(s, ev)
				}
				args = append(args, s)
			}
		}
		if err := c.finish(sig.required, sig.max); err != nil {
			return err
		}
		var out []reflect.Value
		if variadic {
			out = fn.CallSlice(args)
		} else {
			out = fn.Call(args)
		}
		if sig.hasErr {
			if ev := out[len(out)-1]; !ev.IsNil() {
				return ev.Interface().(error)
			}
		}
		if sig.res == nil {
			return encodeTrue(c)
		}
		return wrapEnc(sig.res.enc(c.e, out[0]))
	}
}
