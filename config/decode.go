package config

import (
	"encoding"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// Decode stores the options into the struct v points to. Each exported
// field takes the option named by its `ini:"name"` tag, or by its own name
// (both matched case-insensitively, as keys are); `ini:"-"` skips a field,
// and the fields of embedded structs are the struct's own (go-ini's
// `ini:",extends"` is accepted and means the same). A field whose option
// is absent keeps its value.
//
// A value is converted exactly as the getters convert it: string fields
// take it as it is (an empty value gives ""), bool fields as Bool, int and
// uint fields of every size as Int (decimal, range-checked for the field's
// size), float fields as Float64, time.Duration fields as Duration (whole
// seconds or Go syntax), []string fields as Strings; a pointer to one of
// these is allocated and set; a field whose pointer implements
// encoding.TextUnmarshaler gets the value through UnmarshalText. Values
// are not %-expanded again.
//
// Values that do not convert are *Error values naming file, line, section
// and key, as the getters' are, joined with errors.Join when several
// fields fail. A field of another type, or two fields taking one option,
// is an *Error too, whether or not the options name it: it is a mistake in
// the struct, not in the file.
func (o Options) Decode(v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return &Error{File: o.file, Section: o.section, Err: fmt.Errorf("Decode needs a non-nil pointer to a struct, got %T", v)}
	}
	plan, err := decodePlanFor(rv.Elem().Type())
	if err != nil {
		return &Error{File: o.file, Section: o.section, Err: err}
	}
	var errs []error
	for _, f := range plan {
		e, ok := o.entry(f.key)
		if !ok {
			continue
		}
		if err := f.set(rv.Elem().FieldByIndex(f.index), e.value); err != nil {
			errs = append(errs, o.errorFor(e, err))
		}
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// decodeField is one struct field Decode fills.
type decodeField struct {
	key   string // lower-cased option name
	name  string // Go field path, for messages
	index []int
	set   func(field reflect.Value, value string) error
}

// decodePlans caches the fields of each struct type: reflection over a
// type happens once.
var decodePlans sync.Map // reflect.Type -> decodePlanResult

type decodePlanResult struct {
	fields []decodeField
	err    error
}

func decodePlanFor(t reflect.Type) ([]decodeField, error) {
	if r, ok := decodePlans.Load(t); ok {
		res := r.(decodePlanResult)
		return res.fields, res.err
	}
	var fields []decodeField
	err := collectFields(t, nil, "", &fields, 0)
	if err == nil {
		seen := map[string]string{}
		for _, f := range fields {
			if other, dup := seen[f.key]; dup {
				err = fmt.Errorf("fields %s and %s both take option %s", other, f.name, f.key)
				break
			}
			seen[f.key] = f.name
		}
	}
	r, _ := decodePlans.LoadOrStore(t, decodePlanResult{fields, err})
	res := r.(decodePlanResult)
	return res.fields, res.err
}

// maxEmbedDepth bounds embedded structs inside embedded structs.
const maxEmbedDepth = 16

func collectFields(t reflect.Type, index []int, prefix string, out *[]decodeField, depth int) error {
	if depth > maxEmbedDepth {
		return fmt.Errorf("embedded structs of %s nest deeper than %d", t, maxEmbedDepth)
	}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag, hasTag := sf.Tag.Lookup("ini")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" && opts == "" {
			continue
		}
		idx := append(append([]int(nil), index...), i)
		if sf.Anonymous && sf.Type.Kind() == reflect.Struct && setterFor(sf.Type) == nil && (name == "" || opts == "extends") {
			if err := collectFields(sf.Type, idx, prefix+sf.Name+".", out, depth+1); err != nil {
				return err
			}
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if !hasTag || name == "" {
			name = sf.Name
		}
		set := setterFor(sf.Type)
		if set == nil {
			return fmt.Errorf("field %s%s has type %s, which Decode cannot fill (tag it `ini:\"-\"` to skip it)", prefix, sf.Name, sf.Type)
		}
		*out = append(*out, decodeField{key: pycompat.Lower(name), name: prefix + sf.Name, index: idx, set: set})
	}
	return nil
}

var (
	durationType        = reflect.TypeFor[time.Duration]()
	stringSliceType     = reflect.TypeFor[[]string]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// setterFor returns how a field of type t is set from a value, by the
// getters' rules, or nil when Decode cannot fill such a field.
func setterFor(t reflect.Type) func(reflect.Value, string) error {
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return func(f reflect.Value, s string) error {
			return f.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
		}
	}
	switch {
	case t == durationType:
		return func(f reflect.Value, s string) error {
			d, err := parseDuration(s)
			if err == nil {
				f.SetInt(int64(d))
			}
			return err
		}
	case t == stringSliceType:
		return func(f reflect.Value, s string) error {
			f.Set(reflect.ValueOf(splitList(s)))
			return nil
		}
	}
	switch t.Kind() {
	case reflect.String:
		return func(f reflect.Value, s string) error { f.SetString(s); return nil }
	case reflect.Bool:
		return func(f reflect.Value, s string) error {
			b, err := parseBool(s)
			if err == nil {
				f.SetBool(b)
			}
			return err
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		bits := t.Bits()
		return func(f reflect.Value, s string) error {
			n, err := parseInt(s, bits)
			if err == nil {
				f.SetInt(n)
			}
			return err
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		bits := t.Bits()
		return func(f reflect.Value, s string) error {
			n, err := parseUint(s, bits)
			if err == nil {
				f.SetUint(n)
			}
			return err
		}
	case reflect.Float32, reflect.Float64:
		bits := t.Bits()
		return func(f reflect.Value, s string) error {
			x, err := parseFloat(s, bits)
			if err == nil {
				f.SetFloat(x)
			}
			return err
		}
	case reflect.Pointer:
		elem := setterFor(t.Elem())
		if elem == nil || t.Elem().Kind() == reflect.Pointer {
			return nil
		}
		return func(f reflect.Value, s string) error {
			p := reflect.New(t.Elem())
			if err := elem(p.Elem(), s); err != nil {
				return err
			}
			f.Set(p)
			return nil
		}
	}
	return nil
}
