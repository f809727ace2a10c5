package explorer

import (
	"strings"
)

// docs is what the page shows of a method's help text: the prose, and
// the @param and @return tags of a supervisord-style docstring.
type docs struct {
	Text    string // the help without its tags, dedented
	Params  []tag  // @param lines, in order
	Returns []tag  // the @return line (supervisord reads the last one)
}

// tag is one @param or @return line: "@param int a First addend".
type tag struct {
	Type, Name, Desc string
}

// parseHelp splits a help text into prose and tags. Lines after a tag
// that are not tags themselves continue its description, as in
// supervisord's docstrings.
func parseHelp(help string) docs {
	var d docs
	var prose []string
	var last *tag
	for _, line := range strings.Split(cleandoc(help), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "@") {
			f := strings.Fields(trimmed)
			t := tag{}
			if len(f) > 1 {
				t.Type = f[1]
			}
			if len(f) > 2 {
				t.Name = f[2]
			}
			if len(f) > 3 {
				t.Desc = strings.Join(f[3:], " ")
			}
			switch f[0] {
			case "@param":
				d.Params = append(d.Params, t)
				last = &d.Params[len(d.Params)-1]
			case "@return":
				d.Returns = append(d.Returns, t)
				last = &d.Returns[len(d.Returns)-1]
			default:
				last = nil
				prose = append(prose, line)
			}
			continue
		}
		if last != nil && trimmed != "" {
			last.Desc = strings.TrimSpace(last.Desc + " " + trimmed)
			continue
		}
		last = nil
		prose = append(prose, line)
	}
	d.Text = strings.TrimSpace(strings.Join(prose, "\n"))
	return d
}

// cleandoc removes a docstring's indentation as Python's inspect.cleandoc
// does: the first line loses its leading blanks, the others their common
// indentation, and blank lines at either end go.
func cleandoc(s string) string {
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\t", "        "), "\n")
	margin := -1
	for _, l := range lines[1:] {
		body := strings.TrimLeft(l, " ")
		if body == "" {
			continue
		}
		if ind := len(l) - len(body); margin < 0 || ind < margin {
			margin = ind
		}
	}
	lines[0] = strings.Trim(lines[0], " ")
	for i := 1; i < len(lines); i++ {
		if margin > 0 && len(lines[i]) >= margin {
			lines[i] = lines[i][margin:]
		} else {
			lines[i] = strings.TrimLeft(lines[i], " ")
		}
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// arity is what a derived help text ("echo.fail(int, [string]) -> boolean",
// as package namespace writes it for methods without docs) says of each
// parameter: optional ("[string]") or variadic ("mixed...").
type arity int

const (
	required arity = iota
	optional
	variadic
)

// derivedArity reads the parameters' arity from a derived help text;
// ok is false when help is not one.
func derivedArity(name, help string) (a []arity, ok bool) {
	rest, found := strings.CutPrefix(help, name+"(")
	if !found || strings.Contains(help, "\n") {
		return nil, false
	}
	params, _, found := strings.Cut(rest, ") -> ")
	if !found {
		return nil, false
	}
	if params == "" {
		return nil, true
	}
	for _, p := range strings.Split(params, ", ") {
		switch {
		case strings.HasPrefix(p, "[") && strings.HasSuffix(p, "]"):
			a = append(a, optional)
		case strings.HasSuffix(p, "..."):
			a = append(a, variadic)
		default:
			a = append(a, required)
		}
	}
	return a, true
}
