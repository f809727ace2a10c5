package procman

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// splitCommand splits a command line as Python's shlex.split does (POSIX
// mode, no comments), which is how supervisord reads command=: words are
// separated by spaces, tabs and newlines; '...' is literal; in "..." a
// backslash escapes only a double quote or a backslash; elsewhere a
// backslash escapes any character. No variables or globs are expanded.
func splitCommand(s string) ([]string, error) {
	const (
		space = iota
		word
		single
		double
	)
	var args []string
	var tok strings.Builder
	state := space
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch state {
		case space, word:
			switch c {
			case ' ', '\t', '\n', '\r':
				if state == word {
					args = append(args, tok.String())
					tok.Reset()
					state = space
				}
			case '\\':
				if i+1 == len(s) {
					return nil, errors.New("No escaped character")
				}
				i++
				tok.WriteByte(s[i])
				state = word
			case '\'':
				state = single
			case '"':
				state = double
			default:
				tok.WriteByte(c)
				state = word
			}
		case single:
			if c == '\'' {
				state = word
			} else {
				tok.WriteByte(c)
			}
		case double:
			switch c {
			case '"':
				state = word
			case '\\':
				if i+1 == len(s) {
					return nil, errors.New("No escaped character")
				}
				i++
				if s[i] != '\\' && s[i] != '"' {
					tok.WriteByte('\\')
				}
				tok.WriteByte(s[i])
			default:
				tok.WriteByte(c)
			}
		}
	}
	switch state {
	case single, double:
		return nil, errors.New("No closing quotation")
	case word:
		args = append(args, tok.String())
	}
	return args, nil
}

// parseEnvironment reads environment= as supervisord's
// dict_of_key_value_pairs does (KEY=value,KEY2="value, with comma"): the
// value is tokenized by Python's non-POSIX shlex (word characters are
// letters, digits and _/.+-():, a quoted string is one token, # starts a
// comment), and read as KEY = VALUE triples separated by one token,
// quotes stripped from the value.
func parseEnvironment(s string) ([]string, error) {
	toks, err := envTokens(s)
	if err != nil {
		return nil, err
	}
	var env []string
	seen := map[string]int{}
	for i := 0; i < len(toks); i += 4 {
		if i+3 > len(toks) || toks[i+1] != "=" {
			return nil, fmt.Errorf("Unexpected end of key/value pairs in value '%s'", s)
		}
		kv := toks[i] + "=" + strings.Trim(toks[i+2], `'"`)
		if j, ok := seen[toks[i]]; ok {
			env[j] = kv
			continue
		}
		seen[toks[i]] = len(env)
		env = append(env, kv)
	}
	return env, nil
}

func isEnvWordChar(r rune) bool {
	return r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
		strings.ContainsRune("_/.+-():", r))
}

func envTokens(s string) ([]string, error) {
	var toks []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case r == ' ' || r == '\t' || r == '\r' || r == '\n':
			i++
		case r == '#':
			for i < len(rs) && rs[i] != '\n' {
				i++
			}
		case r == '\'' || r == '"':
			j := i + 1
			for j < len(rs) && rs[j] != r {
				j++
			}
			if j == len(rs) {
				return nil, errors.New("No closing quotation")
			}
			toks = append(toks, string(rs[i:j+1]))
			i = j + 1
		case isEnvWordChar(r):
			j := i
			// Non-POSIX shlex keeps quotes that follow word characters in
			// the word.
			for j < len(rs) && (isEnvWordChar(rs[j]) || rs[j] == '\'' || rs[j] == '"') {
				j++
			}
			toks = append(toks, string(rs[i:j]))
			i = j
		default:
			toks = append(toks, string(r))
			i++
		}
	}
	return toks, nil
}

// pyRepr formats s as Python's repr() of a str, as supervisord's messages
// quote names and paths.
func pyRepr(s string) string {
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == '\\' || r == rune(q):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, `\x%02x`, r)
		case r == utf8.RuneError || !unicode.IsPrint(r) && r != ' ':
			if r <= 0xffff {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				fmt.Fprintf(&b, `\U%08x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}
