package config

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// iniParser holds what supervisord's UnhosedConfigParser (a Python 3.11
// RawConfigParser with inline_comment_prefixes=(';', '#') and strict=False)
// holds: the sections in order of first appearance and the [DEFAULT] keys.
//
// go-ini cannot be used for this step: it has no line numbers, treats
// quotes, backticks, `"""` and trailing backslashes specially, ends Python
// multi-line values at blank lines, only recognises " ;"/" #" (not tab or
// other whitespace) before inline comments, and does not reproduce
// configparser's quirks (see read). So the reading itself is a direct port
// of RawConfigParser._read.
type iniParser struct {
	defaults *Section
	sections []*Section
	byName   map[string]*Section
}

func newINIParser() *iniParser {
	return &iniParser{defaults: newSection(defaultSectionName, "", 0, nil), byName: map[string]*Section{}}
}

// read parses one file's text into p, like RawConfigParser._read(fp,
// fpname). file is recorded as the origin of new sections and values;
// fpname is the name used in the error messages (configparser's "source").
// It returns a *Error whose message is configparser's own.
func (p *iniParser) read(text, fpname, file string) error {
	var (
		cur         *Section
		optname     string
		curEntry    *entry
		indentLevel int
		bad         []badLine
	)
	pending := map[*entry][]string{}

	lines := splitLines(text)
	for i, line := range lines {
		lineno := i + 1
		commentStart := inlineCommentStart(line)
		if t := pycompat.Strip(line); strings.HasPrefix(t, "#") || strings.HasPrefix(t, ";") {
			commentStart = 0
		}
		value := line
		if commentStart >= 0 {
			value = line[:commentStart]
		}
		value = pycompat.Strip(value)
		if value == "" {
			// empty_lines_in_values=True: a blank line (not a comment)
			// belongs to the value being read.
			if commentStart < 0 && cur != nil && optname != "" {
				pending[curEntry] = append(pending[curEntry], "")
			}
			continue
		}

		indent := indentOf(line)
		if cur != nil && optname != "" && indent > indentLevel {
			pending[curEntry] = append(pending[curEntry], value)
			continue
		}
		indentLevel = indent

		if name, ok := sectionHeader(value); ok {
			if s, exists := p.byName[name]; exists {
				cur = s
			} else if name == defaultSectionName {
				cur = p.defaults
			} else {
				cur = newSection(name, file, lineno, p.defaults)
				p.sections = append(p.sections, cur)
				p.byName[name] = cur
			}
			optname, curEntry = "", nil
			continue
		}
		if cur == nil {
			return &Error{File: file, Line: lineno, Err: fmt.Errorf(
				"File contains no section headers.\nfile: %s, line: %d\n%s",
				pycompat.Repr(fpname), lineno, pycompat.Repr(line))}
		}
		key, val, ok := splitOption(value)
		if !ok {
			bad = append(bad, badLine{lineno, line})
			continue
		}
		if key == "" {
			bad = append(bad, badLine{lineno, line})
		}
		optname = pycompat.Lower(pycompat.RStrip(key))
		curEntry = cur.set(optname, "", file, lineno)
		pending[curEntry] = []string{pycompat.Strip(val)}
	}

	for e, parts := range pending {
		e.value = pycompat.RStrip(strings.Join(parts, "\n"))
	}
	if len(bad) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "Source contains parsing errors: %s", pycompat.Repr(fpname))
		for _, l := range bad {
			fmt.Fprintf(&b, "\n\t[line %2d]: %s", l.lineno, pycompat.Repr(l.text))
		}
		return &Error{File: file, Line: bad[0].lineno, Err: errorString(b.String())}
	}
	return nil
}

// badLine is one line configparser could not make sense of.
type badLine struct {
	lineno int
	text   string
}

// splitLines splits text into lines the way Python iterates a file opened
// in text mode with universal newlines: "\r\n" and "\r" become "\n" and every
// line keeps its "\n" (the last one may lack it).
func splitLines(text string) []string {
	if strings.ContainsRune(text, '\r') {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	var lines []string
	for text != "" {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			lines = append(lines, text)
			break
		}
		lines = append(lines, text[:i+1])
		text = text[i+1:]
	}
	return lines
}

// inlineCommentStart returns where an inline comment starts in line, or -1.
// It is configparser's loop verbatim, including its quirk: the prefixes are
// searched in rounds, and the first round that finds any prefix preceded by
// whitespace wins, even if a later round would find an earlier one. So in
// "x#y #w ;z" the comment starts at ";" (round 1 finds "#y" and " ;"), not at
// " #w".
func inlineCommentStart(line string) int {
	const none = -1
	start := none
	type probe struct {
		prefix string
		index  int
	}
	probes := []probe{{";", -1}, {"#", -1}}
	for start == none && len(probes) > 0 {
		var next []probe
		for _, pr := range probes {
			from := pr.index + 1
			if from > len(line) {
				continue
			}
			j := strings.Index(line[from:], pr.prefix)
			if j < 0 {
				continue
			}
			j += from
			next = append(next, probe{pr.prefix, j})
			if j == 0 || precededBySpace(line, j) {
				if start == none || j < start {
					start = j
				}
			}
		}
		probes = next
	}
	return start
}

func precededBySpace(line string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(line[:i])
	return pycompat.IsSpace(r)
}

// indentOf is the position (in characters) of the first non-whitespace
// character of line, or 0 when there is none.
func indentOf(line string) int {
	n := 0
	for _, r := range line {
		if !pycompat.IsSpace(r) {
			return n
		}
		n++
	}
	return 0
}

// sectionHeader matches configparser's SECTCRE, `\[(?P<header>.+)\]`,
// against the start of value: the header runs to the last "]" and text after
// it is ignored.
func sectionHeader(value string) (string, bool) {
	if !strings.HasPrefix(value, "[") {
		return "", false
	}
	end := strings.LastIndexByte(value, ']')
	if end < 2 {
		return "", false
	}
	return value[1:end], true
}

// splitOption matches configparser's OPTCRE, `(?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$`:
// the option ends at the first "=" or ":".
func splitOption(value string) (key, val string, ok bool) {
	i := strings.IndexAny(value, "=:")
	if i < 0 {
		return "", "", false
	}
	return pycompat.RStrip(value[:i]), pycompat.LStrip(value[i+1:]), true
}

// expandHere is UnhosedConfigParser.expand_here: every "%(here)s" in every
// section's values (own or inherited from [DEFAULT]) is replaced by here and
// stored in the section itself. [DEFAULT] is left alone.
func (p *iniParser) expandHere(here string) {
	const hereFormat = "%(here)s"
	for _, s := range p.sections {
		for _, e := range s.items() {
			if strings.Contains(e.value, hereFormat) {
				s.set(e.key, strings.ReplaceAll(e.value, hereFormat, here), e.file, e.line)
			}
		}
	}
}
