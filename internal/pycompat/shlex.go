package pycompat

import (
	"errors"
	"fmt"
	"strings"
)

// DictOfKeyValuePairs is supervisor.datatypes.dict_of_key_value_pairs:
// 'KEY=val,KEY2="v, 2"' -> {KEY: val, KEY2: v, 2}. The value is split with
// Python's shlex in its default (non-POSIX) mode with "/.+-():" added to the
// word characters; tokens are taken three at a time (key, "=", value) and
// the fourth (normally ",", but any token) is skipped. Quote characters are
// stripped from both ends of each value, not from keys.
func DictOfKeyValuePairs(arg string) (*Dict, error) {
	tokens, err := supervisorTokens(arg)
	if err != nil {
		return nil, err
	}
	d := NewDict()
	for i := 0; i < len(tokens); i += 4 {
		if i+3 > len(tokens) || tokens[i+1] != "=" {
			return nil, fmt.Errorf("Unexpected end of key/value pairs in value '%s'", arg)
		}
		d.Set(tokens[i], strings.Trim(tokens[i+2], `'"`))
	}
	return d, nil
}

const (
	shlexWordChars = "abcdfeghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_" + "/.+-():"
	shlexSpace     = " \t\r\n"
	shlexQuotes    = `'"`
	shlexComment   = "#"
)

// supervisorTokens is list(shlex.shlex(s)) with the word characters supervisord
// uses: non-POSIX mode, so quoted strings keep their quotes, a quote inside
// a word is part of it, "#" starts a comment that runs to the end of the
// line (and, inside a word, the word continues on the next line), and any
// other character is a token by itself. Iteration stops at the first empty
// token, as shlex does.
func supervisorTokens(s string) ([]string, error) {
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

// Split splits a command line as Python's shlex.split does (POSIX
// mode, no comments), which is how supervisord reads command=: words are
// separated by spaces, tabs and newlines; '...' is literal; in "..." a
// backslash escapes only a double quote or a backslash; elsewhere a
// backslash escapes any character. No variables or globs are expanded.
func Split(s string) ([]string, error) {
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
