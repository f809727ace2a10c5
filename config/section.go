package config

import (
	"fmt"
	"sort"

	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// defaultSectionName is RawConfigParser's default_section. Its keys are
// inherited by every other section and it is not itself listed as a section.
const defaultSectionName = "DEFAULT"

// Section is one [name] section of a configuration as supervisord's parser
// holds it once every file is read: sections repeated in one file or across
// included files are merged into the first one (RawConfigParser with
// strict=False), and [DEFAULT] keys are inherited.
type Section struct {
	// Name is the text between the brackets, e.g. "program:sleeper".
	Name string
	// File is the file the section first appeared in ("" for a main file
	// parsed from bytes without a name).
	File string
	// Line is the line of the first [Name] header in File.
	Line int

	entries  []*entry          // own keys, in order of first assignment
	index    map[string]*entry // by lower-cased key
	defaults *Section          // the [DEFAULT] pseudo-section; nil for DEFAULT itself
	cfg      *Config
}

// entry is one key of a section. file and line locate the assignment that
// supplied the current value.
type entry struct {
	key, value string
	file       string
	line       int
}

// NewSection returns a section that holds values as they are, as if they
// had been read from file: keys are lower-cased as a config file's are,
// values are taken literally (no comment stripping, no continuation
// lines). Raw, Keys, Expand and ExpandValues work on it; it belongs to no
// Config, so Get offers only the names Expand is given. A host uses it to
// expand options that arrive at run time (supervisor_twiddler's
// addProgramToGroup) exactly as supervisord expands a config file's.
func NewSection(name, file string, values map[string]string) *Section {
	s := newSection(name, file, 0, nil)
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s.set(pycompat.Lower(k), values[k], file, 0)
	}
	return s
}

func newSection(name, file string, line int, defaults *Section) *Section {
	return &Section{Name: name, File: file, Line: line, index: map[string]*entry{}, defaults: defaults}
}

// set assigns key like a Python dict: an existing key keeps its position.
func (s *Section) set(key, value, file string, line int) *entry {
	if e, ok := s.index[key]; ok {
		e.value, e.file, e.line = value, file, line
		return e
	}
	e := &entry{key: key, value: value, file: file, line: line}
	s.entries = append(s.entries, e)
	s.index[key] = e
	return e
}

// lookup finds key (already lower-cased) in the section, then in [DEFAULT].
func (s *Section) lookup(key string) *entry {
	if e, ok := s.index[key]; ok {
		return e
	}
	if s.defaults != nil {
		return s.defaults.index[key]
	}
	return nil
}

// keys is RawConfigParser.options(): own keys, then inherited defaults.
func (s *Section) keys() []string {
	out := make([]string, 0, len(s.entries))
	for _, e := range s.entries {
		out = append(out, e.key)
	}
	if s.defaults != nil {
		for _, e := range s.defaults.entries {
			if _, own := s.index[e.key]; !own {
				out = append(out, e.key)
			}
		}
	}
	return out
}

// items is RawConfigParser.items(section): defaults first, overridden by the
// section's own values, in that dict's order.
func (s *Section) items() []*entry {
	var out []*entry
	seen := map[string]int{}
	add := func(e *entry) {
		if i, ok := seen[e.key]; ok {
			out[i] = e
			return
		}
		seen[e.key] = len(out)
		out = append(out, e)
	}
	if s.defaults != nil {
		for _, e := range s.defaults.entries {
			add(e)
		}
	}
	for _, e := range s.entries {
		add(e)
	}
	return out
}

// Keys returns the section's option names as supervisord sees them
// (RawConfigParser.options): lower-cased, the section's own keys in the order
// they were first assigned, followed by the keys inherited from [DEFAULT]
// that the section does not set itself.
func (s *Section) Keys() []string { return s.keys() }

// Raw returns the value of key (matched case-insensitively, like
// supervisord) with comments stripped, continuation lines joined with "\n"
// and, when the main file has an [include] section, every "%(here)s"
// already replaced textually (supervisord's expand_here), but before any %
// expansion. A key missing from the section is looked up in [DEFAULT].
func (s *Section) Raw(key string) (string, bool) {
	e := s.lookup(pycompat.Lower(key))
	if e == nil {
		return "", false
	}
	return e.value, true
}

// Expand returns the value of key expanded with vars the way supervisord
// does it (Python's `value % vars`): "%(name)s" is replaced by vars[name],
// "%%" becomes "%", and anything Python's %-operator rejects is an error
// worded like supervisord's ("Format string ... contains names (...) which
// cannot be expanded. Available names: ..." or "... is badly formatted:
// ..."). A "%s" without a name formats the whole mapping, as Python does;
// the names are then listed in sorted order. Errors are *Error.
func (s *Section) Expand(key string, vars map[string]string) (string, error) {
	return s.expandWith(key, pycompat.DictFromMap(vars))
}

// ExpandValues is Expand with values that may also be integers (int,
// int64, ...), as supervisord passes process_num and numprocs to program
// sections, so that "%(process_num)02d" formats as Python formats it.
// Values of other types are an error.
func (s *Section) ExpandValues(key string, vars map[string]any) (string, error) {
	x := pycompat.NewDict()
	names := make([]string, 0, len(vars))
	for k := range vars {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		switch v := vars[k].(type) {
		case string:
			x.Set(k, v)
		case int:
			x.SetInt(k, int64(v))
		case int64:
			x.SetInt(k, v)
		case int32:
			x.SetInt(k, int64(v))
		default:
			return "", &Error{File: s.File, Line: s.Line, Section: s.Name, Key: pycompat.Lower(key),
				Err: fmt.Errorf("expansion %q has unsupported type %T (want string or int)", k, v)}
		}
	}
	return s.expandWith(key, x)
}

// Get returns the value of key expanded with the names supervisord 4.2.5
// offers in that kind of section; ok is false (and err nil) when the key is
// absent. The names come from the package's one table of expansion rules
// (Config.Expansions returns them) and are:
//
//   - ENV_<NAME> for every variable of the environment (os.Environ or
//     WithEnviron). Outside [supervisord] and [include] the pairs of
//     [supervisord] environment= are added too, as supervisord adds them
//     right after reading those two sections.
//   - here (the absolute directory of the main file) in [supervisord],
//     [program:x], [fcgi-program:x], [eventlistener:x] and [group:x], for
//     the key "file" of [unix_http_server], and for "files" of [include]
//     (which also gets host_node_name).
//
// Nothing else: in particular [rpcinterface:x] and [inet_http_server] only
// get the ENV_ names. The per-process names of program sections
// (program_name, group_name, process_num, numprocs, host_node_name) are not
// offered; use Expand with your own names for those. [supervisord]
// environment= is returned after its first expansion only (supervisord
// expands that one value a second time, with here and host_node_name).
func (s *Section) Get(key string) (string, bool, error) {
	lower := pycompat.Lower(key)
	if s.lookup(lower) == nil {
		return "", false, nil
	}
	names := pycompat.NewDict()
	if s.cfg != nil {
		names = s.cfg.names(ruleFor(s.Name, lower).names)
	}
	v, err := s.expandWith(key, names)
	if err != nil {
		return "", true, err
	}
	return v, true, nil
}

func (s *Section) expandWith(key string, x *pycompat.Dict) (string, error) {
	lower := pycompat.Lower(key)
	e := s.lookup(lower)
	if e == nil {
		return "", &Error{File: s.File, Line: s.Line, Section: s.Name, Key: lower,
			Err: fmt.Errorf("No option %s in section: %s", pycompat.Repr(lower), pycompat.Repr(s.Name))}
	}
	v, err := expand(e.value, x, s.Name+"."+lower)
	if err != nil {
		return "", &Error{File: e.file, Line: e.line, Section: s.Name, Key: lower, Err: err}
	}
	return v, nil
}

// sectionError is a problem with a whole section.
func sectionError(s *Section, format string, args ...any) error {
	return &Error{File: s.File, Line: s.Line, Section: s.Name, Err: fmt.Errorf(format, args...)}
}

// KeyError places err at key of s: an *Error naming the file and line
// that set the key's value (the section's header when the key is absent),
// the section and the key. Hosts use it to report a problem with a value
// they read from the section the way this package reports its own.
func (s *Section) KeyError(key string, err error) *Error {
	key = pycompat.Lower(key)
	ce := &Error{File: s.File, Line: s.Line, Section: s.Name, Key: key, Err: err}
	if e := s.lookup(key); e != nil {
		ce.File, ce.Line = e.file, e.line
	}
	return ce
}
