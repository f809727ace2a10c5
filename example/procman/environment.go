package procman

import "github.com/supervisorrpc/rpcinterface/internal/pycompat"

// parseEnvironment reads environment= as supervisord's
// dict_of_key_value_pairs does (KEY=value,KEY2="value, with comma") and
// returns the pairs as "KEY=value" entries, in the order the keys first
// appear (a repeated key keeps its first position and its last value).
func parseEnvironment(s string) ([]string, error) {
	pairs, err := pycompat.DictOfKeyValuePairs(s)
	if err != nil {
		return nil, err
	}
	var env []string
	for _, k := range pairs.Keys() {
		v, _ := pairs.Get(k)
		env = append(env, k+"="+v)
	}
	return env, nil
}
