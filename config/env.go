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
// the value is expanded with the ENV_ names and here, the result expanded a
// second time with here, host_node_name and the ENV_ names, then parsed with
// dict_of_key_value_pairs; every pair becomes an ENV_ name (added to, and
// returned as, a copy of env). Without a [supervisord] section nothing is
// added.
func (c *Config) environment(p *iniParser, env *pycompat.Dict, hostname string) (*pycompat.Dict, error) {
	sup := p.byName["supervisord"]
	if sup == nil {
		return env, nil
	}
	e := sup.lookup("environment")
	if e == nil {
		return env, nil
	}
	fail := func(err error) error {
		return &Error{File: e.file, Line: e.line, Section: "supervisord", Key: "environment", Err: err}
	}
	here := pycompat.NewDict()
	here.Set("here", c.here)
	first, err := expand(e.value, env.With(here), "supervisord.environment")
	if err != nil {
		return nil, fail(err)
	}
	here.Set("host_node_name", hostname)
	second, err := expand(first, here.With(env), "environment")
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
