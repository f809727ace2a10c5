package config

import (
	"errors"
	"fmt"
	"strings"
)

// environExpansions turns a "KEY=value" list into supervisord's
// environ_expansions: ENV_KEY -> value, in list order. Like Python's
// os.environ, entries without "=" are ignored and the first of several
// entries for one name wins.
func environExpansions(environ []string) *expansions {
	x := newExpansions()
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if _, dup := x.get("ENV_" + k); dup {
			continue
		}
		x.set("ENV_"+k, v)
	}
	return x
}

// environment applies [supervisord] environment= the way read_config does:
// the value is expanded with the ENV_ names and here, the result expanded a
// second time with here, host_node_name and the ENV_ names, then parsed with
// dict_of_key_value_pairs; every pair becomes an ENV_ name (added to, and
// returned as, a copy of env). Without a [supervisord] section nothing is
// added.
func (c *Config) environment(p *iniParser, env *expansions, hostname string) (*expansions, error) {
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
	here := newExpansions()
	here.set("here", c.here)
	first, err := expand(e.value, env.with(here), "supervisord.environment")
	if err != nil {
		return nil, fail(err)
	}
	here.set("host_node_name", hostname)
	second, err := expand(first, here.with(env), "environment")
	if err != nil {
		return nil, fail(err)
	}
	pairs, err := dictOfKeyValuePairs(second)
	if err != nil {
		return nil, fail(err)
	}
	out := env.with(nil)
	for _, k := range pairs.keys {
		out.set("ENV_"+k, pairs.m[k])
	}
	return out, nil
}

// dictOfKeyValuePairs is supervisor.datatypes.dict_of_key_value_pairs:
// 'KEY=val,KEY2="v, 2"' -> {KEY: val, KEY2: v, 2}. The value is split with
// Python's shlex in its default (non-POSIX) mode with "/.+-():" added to the
// word characters; tokens are taken three at a time (key, "=", value) and
// the fourth (normally ",", but any token) is skipped. Quote characters are
// stripped from both ends of each value, not from keys.
func dictOfKeyValuePairs(arg string) (*expansions, error) {
	tokens, err := shlexTokens(arg)
	if err != nil {
		return nil, err
	}
	d := newExpansions()
	for i := 0; i < len(tokens); i += 4 {
		if i+3 > len(tokens) || tokens[i+1] != "=" {
			return nil, fmt.Errorf("Unexpected end of key/value pairs in value '%s'", arg)
		}
		d.set(tokens[i], strings.Trim(tokens[i+2], `'"`))
	}
	return d, nil
}

const (
	shlexWordChars = "abcdfeghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_" + "/.+-():"
	shlexSpace     = " \t\r\n"
	shlexQuotes    = `'"`
	shlexComment   = "#"
)

// shlexTokens is list(shlex.shlex(s)) with the word characters supervisord
// uses: non-POSIX mode, so quoted strings keep their quotes, a quote inside
// a word is part of it, "#" starts a comment that runs to the end of the
// line (and, inside a word, the word continues on the next line), and any
// other character is a token by itself. Iteration stops at the first empty
// token, as shlex does.
func shlexTokens(s string) ([]string, error) {
	rs := []rune(s)
	pos := 0
	read := func() (rune, bool) {
		if pos >= len(rs) {
			return 0, false
		}
		r := rs[pos]
		pos++
		return r, true
	}
	skipLine := func() {
		for pos < len(rs) {
			r := rs[pos]
			pos++
			if r == '\n' {
				return
			}
		}
	}
	in := func(r rune, set string) bool { return strings.ContainsRune(set, r) }

	var (
		tokens   []string
		pushback []string
		state    = ' '
		eof      bool
	)
	readToken := func() (string, error) {
		var tok strings.Builder
		for {
			r, ok := read()
			switch {
			case eof:
				return "", nil
			case state == ' ':
				switch {
				case !ok:
					eof = true
					return tok.String(), nil
				case in(r, shlexSpace):
					if tok.Len() > 0 {
						return tok.String(), nil
					}
				case in(r, shlexComment):
					skipLine()
				case in(r, shlexWordChars):
					tok.WriteRune(r)
					state = 'a'
				case in(r, shlexQuotes):
					tok.WriteRune(r)
					state = r
				default:
					tok.WriteRune(r)
					return tok.String(), nil
				}
			case state == '"' || state == '\'':
				if !ok {
					return "", errors.New("No closing quotation")
				}
				tok.WriteRune(r)
				if r == state {
					state = ' '
					return tok.String(), nil
				}
			default: // 'a': inside a word
				switch {
				case !ok:
					eof = true
					return tok.String(), nil
				case in(r, shlexSpace):
					state = ' '
					if tok.Len() > 0 {
						return tok.String(), nil
					}
				case in(r, shlexComment):
					skipLine()
				case in(r, shlexWordChars) || in(r, shlexQuotes):
					tok.WriteRune(r)
				default:
					pushback = append(pushback, string(r))
					state = ' '
					if tok.Len() > 0 {
						return tok.String(), nil
					}
				}
			}
		}
	}
	for {
		var tok string
		if len(pushback) > 0 {
			tok, pushback = pushback[0], pushback[1:]
		} else {
			var err error
			if tok, err = readToken(); err != nil {
				return nil, err
			}
		}
		if tok == "" {
			return tokens, nil
		}
		tokens = append(tokens, tok)
	}
}
