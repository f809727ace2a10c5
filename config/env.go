package config

import (
	"strings"

	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// environExpansions turns a "KEY=value" list into supervisord's
// environ_expansions: ENV_KEY -> value, in list order. Like Python's
// os.environ, entries without "=" are ignored and the first of several
// entries for one name wins.
func environExpansions(environ []string) *pycompat.Dict {
	x := pycompat.NewDict()
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if _, dup := x.Get("ENV_" + k); dup {
			continue
		}
		x.Set("ENV_"+k, v)
	}
	return x
}

// environment applies [supervisord] environment= the way read_config does:
// the value is expanded twice, with the names expansionRules gives it, then
// parsed with dict_of_key_value_pairs; every pair becomes an ENV_ name,
// added to a copy of the process environment's names, which is returned.
// Without the key the process environment's names are returned as they
// are.
func (c *Config) environment(p *iniParser) (*pycompat.Dict, error) {
	env := c.procEnv
	sup := p.byName["supervisord"]
	if sup == nil {
		return env, nil
	}
	first, ok, err := c.expandKey(sup, "environment")
	if err != nil {
		return nil, err
	}
	if !ok {
		return env, nil
	}
	e := sup.lookup("environment")
	fail := func(err error) error {
		return &Error{File: e.file, Line: e.line, Section: "supervisord", Key: "environment", Err: err}
	}
	second, err := expand(first, c.names(ruleFor("supervisord", "environment").again), "environment")
	if err != nil {
		return nil, fail(err)
	}
	pairs, err := pycompat.DictOfKeyValuePairs(second)
	if err != nil {
		return nil, fail(err)
	}
	out := env.With(nil)
	for _, k := range pairs.Keys() {
		v, _ := pairs.Get(k)
		out.Set("ENV_"+k, v)
	}
	return out, nil
}
