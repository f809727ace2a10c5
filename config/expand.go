package config

import (
	"errors"
	"fmt"
	"strings"

	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// expand is supervisord's options.expand: `s % expansions` with its error
// wording. name is the "section.option" label used in the message.
func expand(s string, x *pycompat.Dict, name string) (string, error) {
	out, err := pycompat.Format(s, x)
	if err == nil {
		return out, nil
	}
	var miss *pycompat.MissingNameError
	if errors.As(err, &miss) {
		return "", fmt.Errorf("Format string %s for %s contains names (%s) which cannot be expanded. Available names: %s",
			pycompat.Repr(s), pycompat.Repr(name), miss.Error(), strings.Join(x.SortedNames(), ", "))
	}
	return "", fmt.Errorf("Format string %s for %s is badly formatted: %w", pycompat.Repr(s), pycompat.Repr(name), err)
}

// A nameGroup is a group of names a value can be %-expanded with.
type nameGroup uint8

const (
	// envNames are ENV_X for every variable of the process environment
	// (os.Environ or WithEnviron) plus the pairs of [supervisord]
	// environment=, which supervisord adds once it has read that key.
	envNames nameGroup = iota
	// procEnvNames are ENV_X for the process environment only: the names
	// of the sections supervisord reads before [supervisord] environment=.
	procEnvNames
	// hereName is here: the absolute directory of the main file.
	hereName
	// hostNodeName is host_node_name: the host's name (platform.node()).
	hostNodeName
)

// expansionRule says which names the values of key in a kind of section
// are expanded with.
type expansionRule struct {
	section string // a section name, or the start of one when prefix is set
	prefix  bool
	key     string      // "" for every key
	names   []nameGroup // in the order supervisord's dict holds them
	// again, when set, is a second expansion of the result with these
	// names, labelled with the bare key in messages. Only read_config's
	// handling of [supervisord] environment= does that; Section.Get stops
	// after the first.
	again []nameGroup
}

// expansionRules is supervisord 4.2.5's ServerOptions.read_config, and the
// functions it calls, reduced to which names each value is expanded with.
// The first rule that matches a section and key applies. Every reader in
// this package asks it: Section.Get, the [rpcinterface:x], server and
// [include] readers, and [supervisord] environment=.
//
// supervisord offers more names than these in the sections it makes
// processes of ([program:x], [fcgi-program:x], [eventlistener:x]):
// host_node_name, program_name, group_name, process_num, numprocs, and the
// program's own environment= as ENV_X. They belong to one process, not to
// the section, so the reader that makes processes adds them (with
// Section.ExpandValues; see example/procman).
var expansionRules = []expansionRule{
	// Read before environment=, so only the process environment.
	{section: "include", key: "files", names: []nameGroup{hereName, hostNodeName, procEnvNames}},
	{section: "include", names: []nameGroup{procEnvNames}},
	{section: "supervisord", key: "environment", names: []nameGroup{procEnvNames, hereName},
		again: []nameGroup{hereName, hostNodeName, procEnvNames}},
	{section: "supervisord", names: []nameGroup{procEnvNames, hereName}},
	// process_groups_from_parser's get() adds here.
	{section: "program:", prefix: true, names: []nameGroup{envNames, hereName}},
	{section: "fcgi-program:", prefix: true, names: []nameGroup{envNames, hereName}},
	{section: "eventlistener:", prefix: true, names: []nameGroup{envNames, hereName}},
	{section: "group:", prefix: true, names: []nameGroup{envNames, hereName}},
	// server_configs_from_parser: only the socket file gets here.
	{section: "unix_http_server", prefix: true, key: "file", names: []nameGroup{envNames, hereName}},
	// Everything else, [rpcinterface:x] (get_plugins) and
	// [inet_http_server] included: the ENV_ names only. %(here)s in an
	// [rpcinterface:x] section is a start-up error in supervisord, unless
	// an [include] section made expand_here replace it textually first.
	{section: "", prefix: true, names: []nameGroup{envNames}},
}

// ruleFor returns the rule for key (lower-cased) in the section called
// section.
func ruleFor(section, key string) expansionRule {
	for _, r := range expansionRules {
		if r.key != "" && r.key != key {
			continue
		}
		if r.section == section || r.prefix && strings.HasPrefix(section, r.section) {
			return r
		}
	}
	panic("config: expansionRules has no rule for every section") // the last rule matches all
}

// names builds the mapping of groups, in order.
func (c *Config) names(groups []nameGroup) *pycompat.Dict {
	d := pycompat.NewDict()
	for _, g := range groups {
		switch g {
		case envNames:
			d = d.With(c.env)
		case procEnvNames:
			d = d.With(c.procEnv)
		case hereName:
			d.Set("here", c.here)
		case hostNodeName:
			d.Set("host_node_name", c.hostname)
		}
	}
	return d
}

// expandKey returns the value of key (lower-cased) in s expanded as the
// table says (only the first expansion of a rule with again); ok is false
// when the key is absent. Errors name the line that set the value.
func (c *Config) expandKey(s *Section, key string) (v string, ok bool, err error) {
	e := s.lookup(key)
	if e == nil {
		return "", false, nil
	}
	v, err = expand(e.value, c.names(ruleFor(s.Name, key).names), s.Name+"."+key)
	if err != nil {
		return "", true, &Error{File: e.file, Line: e.line, Section: s.Name, Key: key, Err: err}
	}
	return v, true, nil
}

// Expansions returns the names a value of key in the section called
// section is expanded with, as Section.Get expands it: the ENV_X names,
// and here or host_node_name where supervisord offers them. A reader
// that makes processes of [program:x] sections adds its per-process names
// to these and calls Section.ExpandValues.
func (c *Config) Expansions(section, key string) map[string]string {
	d := c.names(ruleFor(section, pycompat.Lower(key)).names)
	out := make(map[string]string, d.Len())
	for _, k := range d.Keys() {
		out[k], _ = d.Get(k)
	}
	return out
}
