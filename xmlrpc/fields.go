package xmlrpc

import (
	"reflect"
	"strings"
	"sync"
)

// field is one struct field as an XML-RPC struct member.
type field struct {
	name      string // member name
	index     []int  // path for FieldByIndex, through embedded structs
	typ       reflect.Type
	omitEmpty bool
	tagged    bool
}

// structInfo is what the codec knows of a struct type.
type structInfo struct {
	fields []field
	// ignoreUnknown: the struct has an IgnoreUnknown field, so decoders
	// skip the members it lacks.
	ignoreUnknown bool
}

var fieldCache sync.Map // reflect.Type -> *structInfo

var ignoreUnknownType = reflect.TypeFor[IgnoreUnknown]()

// structFields returns the members of struct type t, computed once per type
// with encoding/json's rules: exported fields, named by the `xmlrpc` tag
// ("name", "name,omitempty", "-" to leave out) or else by the Go field name;
// fields of embedded structs are promoted; among fields with the same name
// the shallowest wins, then a tagged one, and an unresolved tie drops them
// all. Fields of type IgnoreUnknown are markers, never members.
func structFields(t reflect.Type) *structInfo {
	if f, ok := fieldCache.Load(t); ok {
		return f.(*structInfo)
	}
	info := &structInfo{fields: typeFields(t)}
	for i := range t.NumField() {
		if t.Field(i).Type == ignoreUnknownType {
			info.ignoreUnknown = true
		}
	}
	f, _ := fieldCache.LoadOrStore(t, info)
	return f.(*structInfo)
}

func typeFields(t reflect.Type) []field {
	type queued struct {
		typ   reflect.Type
		index []int
	}
	var (
		out     []field
		current []queued
		next    = []queued{{typ: t}}
		visited = map[reflect.Type]bool{}
		// Names seen at a shallower depth, kept or dropped: either way a
		// deeper field of the same name is hidden.
		taken = map[string]bool{}
	)
	for len(next) > 0 {
		current, next = next, nil
		var level []field
		// A struct type embedded more than once at this depth gives each
		// of its fields twice, so that they conflict and are dropped.
		count := map[reflect.Type]int{}
		for _, q := range current {
			count[q.typ]++
		}
		for _, q := range current {
			if visited[q.typ] {
				continue
			}
			visited[q.typ] = true
			for i := range q.typ.NumField() {
				sf := q.typ.Field(i)
				if sf.Type == ignoreUnknownType {
					continue
				}
				if sf.Anonymous {
					ft := sf.Type
					if ft.Kind() == reflect.Pointer {
						ft = ft.Elem()
					}
					// An unexported embedded pointer cannot be allocated
					// when decoding; like a non-struct, it is left out.
					if !sf.IsExported() && (ft.Kind() != reflect.Struct || sf.Type.Kind() == reflect.Pointer) {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("xmlrpc")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				index := append(append([]int(nil), q.index...), i)
				ft := sf.Type
				if sf.Anonymous && name == "" {
					if ft.Kind() == reflect.Pointer {
						ft = ft.Elem()
					}
					if ft.Kind() == reflect.Struct {
						next = append(next, queued{typ: ft, index: index})
						continue
					}
				}
				f := field{name: name, index: index, typ: sf.Type, tagged: name != ""}
				if f.name == "" {
					f.name = sf.Name
				}
				for _, o := range strings.Split(opts, ",") {
					if o == "omitempty" {
						f.omitEmpty = true
					}
				}
				level = append(level, f)
				if count[q.typ] > 1 {
					level = append(level, f)
				}
			}
		}
		// Resolve names within this depth; shallower names already won.
		byName := map[string][]field{}
		var order []string
		for _, f := range level {
			if taken[f.name] {
				continue
			}
			if _, seen := byName[f.name]; !seen {
				order = append(order, f.name)
			}
			byName[f.name] = append(byName[f.name], f)
		}
		for _, name := range order {
			taken[name] = true
			cands := byName[name]
			if len(cands) == 1 {
				out = append(out, cands[0])
				continue
			}
			var tagged []field
			for _, c := range cands {
				if c.tagged {
					tagged = append(tagged, c)
				}
			}
			if len(tagged) == 1 {
				out = append(out, tagged[0])
			}
		}
	}
	return out
}

// fieldByIndexAlloc returns the field of struct v at index, allocating nil
// embedded pointers on the way (for decoding).
func fieldByIndexAlloc(v reflect.Value, index []int) reflect.Value {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}

// fieldByIndex returns the field of struct v at index, or false when a nil
// embedded pointer is in the way (for encoding).
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}
