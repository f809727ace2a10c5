package config

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-ini/ini"

	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// Options are the keys of one [rpcinterface:x] section as the factory
// receives them: every key except supervisor.rpcinterface_factory,
// lower-cased, with its %-expanded string value. The zero value is an empty
// set of options. Options are immutable and safe for concurrent use.
type Options struct {
	section string
	file    string
	entries []optEntry
	index   map[string]int
}

// optEntry is one option and where its value was assigned.
type optEntry struct {
	key, value string
	file       string
	line       int
}

// NewOptions returns options for the section called section (e.g.
// "rpcinterface:echo") holding kv, for testing plugins. Keys are
// lower-cased and ordered by their lower-cased form; when two keys differ
// only in case, the value of the one that sorts last (as given) wins.
func NewOptions(section string, kv map[string]string) Options {
	names := make([]string, 0, len(kv))
	for k := range kv {
		names = append(names, k)
	}
	sort.Strings(names)
	vals := map[string]string{}
	for _, k := range names {
		vals[pycompat.Lower(k)] = kv[k]
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	o := Options{section: section, index: map[string]int{}}
	for _, k := range keys {
		o.add(optEntry{key: k, value: vals[k]})
	}
	return o
}

func (o *Options) add(e optEntry) {
	o.index[e.key] = len(o.entries)
	o.entries = append(o.entries, e)
}

// Section returns the section name, e.g. "rpcinterface:echo".
func (o Options) Section() string { return o.section }

// File returns the file the section first appeared in.
func (o Options) File() string { return o.file }

// Keys returns the option names, lower-cased, in file order (the order
// supervisord builds the factory's keyword arguments in).
func (o Options) Keys() []string {
	keys := make([]string, len(o.entries))
	for i, e := range o.entries {
		keys[i] = e.key
	}
	return keys
}

// Len returns the number of options.
func (o Options) Len() int { return len(o.entries) }

func (o Options) entry(key string) (optEntry, bool) {
	i, ok := o.index[pycompat.Lower(key)]
	if !ok {
		return optEntry{}, false
	}
	return o.entries[i], true
}

// Lookup returns the value of key (matched case-insensitively) and whether
// it is present.
func (o Options) Lookup(key string) (string, bool) {
	e, ok := o.entry(key)
	return e.value, ok
}

// String returns the value of key, or def when the key is absent. A key
// present with an empty value gives "".
func (o Options) String(key, def string) string {
	if v, ok := o.Lookup(key); ok {
		return v
	}
	return def
}

// errorFor wraps a conversion problem of key's value in a *Error.
func (o Options) errorFor(e optEntry, what string, err error) error {
	file := e.file
	if file == "" {
		file = o.file
	}
	return &Error{File: file, Line: e.line, Section: o.section, Key: e.key,
		Err: fmt.Errorf("invalid %s %s: %w", what, pycompat.Repr(e.value), err)}
}

// Int returns the value of key as a decimal int (optional sign, surrounding
// whitespace ignored), or def when the key is absent. A value that is not
// an int is a *Error naming the file, section, key and value.
func (o Options) Int(key string, def int) (int, error) {
	e, ok := o.entry(key)
	if !ok {
		return def, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(e.value), 10, strconv.IntSize)
	if err != nil {
		return def, o.errorFor(e, "integer", err)
	}
	return int(n), nil
}

// Int64 is Int for int64 values.
func (o Options) Int64(key string, def int64) (int64, error) {
	e, ok := o.entry(key)
	if !ok {
		return def, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(e.value), 10, 64)
	if err != nil {
		return def, o.errorFor(e, "integer", err)
	}
	return n, nil
}

// Float64 returns the value of key parsed by strconv.ParseFloat (surrounding
// whitespace ignored), or def when the key is absent.
func (o Options) Float64(key string, def float64) (float64, error) {
	e, ok := o.entry(key)
	if !ok {
		return def, nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(e.value), 64)
	if err != nil {
		return def, o.errorFor(e, "number", err)
	}
	return f, nil
}

// Duration returns the value of key as a time.Duration, or def when the key
// is absent. The value is either Go duration syntax ("1m30s", "250ms") or
// a plain integer number of seconds ("30"), the usual unit of supervisord
// settings.
func (o Options) Duration(key string, def time.Duration) (time.Duration, error) {
	e, ok := o.entry(key)
	if !ok {
		return def, nil
	}
	s := strings.TrimSpace(e.value)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n > math.MaxInt64/int64(time.Second) || n < math.MinInt64/int64(time.Second) {
			return def, o.errorFor(e, "duration", errors.New("out of range"))
		}
		return time.Duration(n) * time.Second, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return def, o.errorFor(e, "duration", err)
	}
	return d, nil
}

// Bool returns the value of key as supervisord's datatypes.boolean reads
// it: case-insensitively "yes", "true", "on" or "1" are true and "no",
// "false", "off" or "0" false; def when the key is absent. Anything else is
// a *Error with supervisord's "not a valid boolean value: ..." text.
func (o Options) Bool(key string, def bool) (bool, error) {
	e, ok := o.entry(key)
	if !ok {
		return def, nil
	}
	switch pycompat.Lower(e.value) {
	case "yes", "true", "on", "1":
		return true, nil
	case "no", "false", "off", "0":
		return false, nil
	}
	file := e.file
	if file == "" {
		file = o.file
	}
	return def, &Error{File: file, Line: e.line, Section: o.section, Key: e.key,
		Err: errors.New("not a valid boolean value: " + pycompat.Repr(e.value))}
}

// Map returns a copy of the options as a map.
func (o Options) Map() map[string]string {
	m := make(map[string]string, len(o.entries))
	for _, e := range o.entries {
		m[e.key] = e.value
	}
	return m
}

// Decode stores the options into the struct v points to with go-ini's
// StrictMapTo: a field takes the option named by its `ini:"name"` tag, or
// by its name (matched case-insensitively); go-ini's conversions apply (for
// example its bool words, its comma-separated slices with `delim`, and a
// time.Duration in Go syntax or, if a bare integer, in nanoseconds), and an
// empty value leaves a string field unchanged. Values reach the struct
// verbatim: go-ini's own "%(name)s" interpolation is not applied. Errors are
// *Error.
func (o Options) Decode(v any) error {
	f := ini.Empty(ini.LoadOptions{InsensitiveKeys: true})
	sec := f.Section("")
	if o.section != "" && o.section != ini.DefaultSection {
		var err error
		if sec, err = f.NewSection(o.section); err != nil {
			return &Error{File: o.file, Section: o.section, Err: err}
		}
	}

	// go-ini replaces %(name)s in values by other keys' values when a field
	// is read. Hide every "%" behind a character the values do not contain
	// and put it back afterwards.
	guard, hide := "", false
	for _, e := range o.entries {
		hide = hide || strings.Contains(e.value, "%")
	}
	if hide {
		guard = o.percentGuard()
	}
	for _, e := range o.entries {
		if e.key == "" {
			continue
		}
		value := e.value
		if hide {
			value = strings.ReplaceAll(value, "%", guard)
		}
		if _, err := sec.NewKey(e.key, value); err != nil {
			return &Error{File: o.file, Section: o.section, Key: e.key, Err: err}
		}
	}

	if err := sec.StrictMapTo(v); err != nil {
		msg := err.Error()
		if hide {
			// the guard may show raw or, inside %q, escaped
			escaped := strings.Trim(strconv.QuoteToASCII(guard), `"`)
			msg = strings.ReplaceAll(strings.ReplaceAll(msg, guard, "%"), escaped, "%")
		}
		ce := &Error{File: o.file, Section: o.section, Err: &causeError{msg: msg, cause: err}}
		if m := mapToFieldError.FindStringSubmatch(msg); m != nil {
			if name, uerr := strconv.Unquote(m[1]); uerr == nil {
				if e, ok := o.entry(name); ok {
					ce.Key, ce.Line = e.key, e.line
					if e.file != "" {
						ce.File = e.file
					}
				}
			}
		}
		return ce
	}
	if hide {
		restorePercent(reflect.ValueOf(v), guard, 0)
	}
	return nil
}

// mapToFieldError matches go-ini's `set field "name": ...` error.
var mapToFieldError = regexp.MustCompile(`^set field ("(?:[^"\\]|\\.)*"): `)

// percentGuard returns a string absent from every value: a Unicode
// noncharacter, or a run of them longer than any value.
func (o Options) percentGuard() string {
	longest := 0
	for r := rune(0xfdd0); r <= 0xfdef; r++ {
		g, used := string(r), false
		for _, e := range o.entries {
			longest = max(longest, len(e.value))
			used = used || strings.Contains(e.value, g)
		}
		if !used {
			return g
		}
	}
	return strings.Repeat("\ufdd0", longest+1)
}

// restorePercent puts "%" back into the string fields go-ini can have set
// from one section: string, *string and string-slice fields of the struct v
// points to and of its embedded structs.
func restorePercent(v reflect.Value, guard string, depth int) {
	if depth > 8 { // embedded structs do not nest deeper in practice
		return
	}
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return
	}
	fix := func(f reflect.Value) {
		if f.Kind() == reflect.String && f.CanSet() && strings.Contains(f.String(), guard) {
			f.SetString(strings.ReplaceAll(f.String(), guard, "%"))
		}
	}
	for i := 0; i < v.NumField(); i++ {
		sf, f := v.Type().Field(i), v.Field(i)
		if !sf.IsExported() && !sf.Anonymous {
			continue
		}
		switch {
		case sf.Anonymous:
			restorePercent(f, guard, depth+1)
		case f.Kind() == reflect.Pointer && !f.IsNil():
			fix(f.Elem())
		case f.Kind() == reflect.Slice:
			for j := 0; j < f.Len(); j++ {
				fix(f.Index(j))
			}
		default:
			fix(f)
		}
	}
}
