package config

import (
	"sort"
	"strconv"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// Options are the keys of one [rpcinterface:x] section as the factory
// receives them: every key except supervisor.rpcinterface_factory,
// lower-cased, with its %-expanded string value. The zero value is an empty
// set of options. Options are immutable and safe for concurrent use.
//
// The typed getters (Int, Int64, Float64, Duration, Bool, Strings) and
// Decode convert values by the same rules, and report a value they cannot
// convert as an *Error naming file, line, section and key.
//
// Options remember which keys were read (see CheckRead): supervisord
// passes every key to the factory as a keyword argument, so a key the
// factory does not take stops it at start-up, and rpcext.Mount refuses
// such keys in the same way. Copies of an Options value share that
// record.
type Options struct {
	section string
	file    string
	entries []optEntry
	index   map[string]int
	reads   *readSet // nil only in the zero value
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
	o := Options{section: section, index: map[string]int{}, reads: &readSet{}}
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
// supervisord builds the factory's keyword arguments in). Listing the keys
// does not read them: a factory that takes keys it does not know reads
// them (Lookup, a getter), takes them all with Map, or calls AcceptAny.
func (o Options) Keys() []string {
	keys := make([]string, len(o.entries))
	for i, e := range o.entries {
		keys[i] = e.key
	}
	return keys
}

// Len returns the number of options.
func (o Options) Len() int { return len(o.entries) }

// entry finds key and records that it was asked for.
func (o Options) entry(key string) (optEntry, bool) {
	key = pycompat.Lower(key)
	o.reads.ask(key)
	i, ok := o.index[key]
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

// Int returns the value of key as a decimal int (optional sign, surrounding
// whitespace ignored), or def when the key is absent. A value that is not
// an int is an *Error naming the file, section, key and value.
func (o Options) Int(key string, def int) (int, error) {
	e, ok := o.entry(key)
	if !ok {
		return def, nil
	}
	n, err := parseInt(e.value, strconv.IntSize)
	if err != nil {
		return def, o.errorFor(e, err)
	}
	return int(n), nil
}

// Int64 is Int for int64 values.
func (o Options) Int64(key string, def int64) (int64, error) {
	e, ok := o.entry(key)
	if !ok {
		return def, nil
	}
	n, err := parseInt(e.value, 64)
	if err != nil {
		return def, o.errorFor(e, err)
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
	f, err := parseFloat(e.value, 64)
	if err != nil {
		return def, o.errorFor(e, err)
	}
	return f, nil
}

// Duration returns the value of key as a time.Duration, or def when the key
// is absent. The value is either a whole number of seconds ("30"), the
// usual unit of supervisord settings, or Go duration syntax ("1m30s",
// "250ms"); an error says so.
func (o Options) Duration(key string, def time.Duration) (time.Duration, error) {
	e, ok := o.entry(key)
	if !ok {
		return def, nil
	}
	d, err := parseDuration(e.value)
	if err != nil {
		return def, o.errorFor(e, err)
	}
	return d, nil
}

// Bool returns the value of key as supervisord's datatypes.boolean reads
// it: case-insensitively "yes", "true", "on" or "1" are true and "no",
// "false", "off" or "0" false; def when the key is absent. Anything else is
// an *Error with supervisord's "not a valid boolean value: ..." text.
func (o Options) Bool(key string, def bool) (bool, error) {
	e, ok := o.entry(key)
	if !ok {
		return def, nil
	}
	b, err := parseBool(e.value)
	if err != nil {
		return def, o.errorFor(e, err)
	}
	return b, nil
}

// Strings returns the value of key as a list, or def when the key is
// absent: items are separated by commas, whitespace or both, as
// supervisord's list options are written ("a, b", "a b", "a,b"), and empty
// items are dropped, so an empty value is an empty (nil) list.
func (o Options) Strings(key string, def []string) []string {
	e, ok := o.entry(key)
	if !ok {
		return def
	}
	return splitList(e.value)
}

// Map returns a copy of the options as a map. It marks every key read: a
// factory that takes the whole map takes any key, as a Python factory with
// **config does.
func (o Options) Map() map[string]string {
	o.reads.acceptAny()
	m := make(map[string]string, len(o.entries))
	for _, e := range o.entries {
		m[e.key] = e.value
	}
	return m
}
