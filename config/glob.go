package config

import (
	"fmt"
	"os"
	"regexp"
	"strings"
)

// This file ports the parts of Python 3.11's os.path, glob and fnmatch that
// supervisord's [include] handling uses. Go's filepath.Glob differs: it lets
// "*" match names starting with ".", uses "^" (not "!") for negated classes,
// treats "\" as an escape and rejects malformed patterns that Python takes
// literally.

// pyJoin is posixpath.join(a, b).
func pyJoin(a, b string) string {
	switch {
	case strings.HasPrefix(b, "/"):
		return b
	case a == "" || strings.HasSuffix(a, "/"):
		return a + b
	default:
		return a + "/" + b
	}
}

// pySplit is posixpath.split(p).
func pySplit(p string) (head, tail string) {
	i := strings.LastIndexByte(p, '/') + 1
	head, tail = p[:i], p[i:]
	if head != "" && head != strings.Repeat("/", len(head)) {
		head = strings.TrimRight(head, "/")
	}
	return head, tail
}

func hasMagic(s string) bool { return strings.ContainsAny(s, "*?[") }

// pyGlob is glob.glob(pattern) (recursive=False, include_hidden=False). The
// result is unsorted; supervisord sorts it.
func pyGlob(pattern string) []string {
	return globIn(pattern, false)
}

func globIn(pathname string, dirOnly bool) []string {
	dirname, basename := pySplit(pathname)
	if !hasMagic(pathname) {
		if basename != "" {
			if _, err := os.Lstat(pathname); err == nil {
				return []string{pathname}
			}
		} else if isDir(dirname) {
			return []string{pathname}
		}
		return nil
	}
	if dirname == "" {
		return globOne("", basename, dirOnly)
	}
	var dirs []string
	if dirname != pathname && hasMagic(dirname) {
		dirs = globIn(dirname, true)
	} else {
		dirs = []string{dirname}
	}
	var out []string
	for _, d := range dirs {
		var names []string
		if hasMagic(basename) {
			names = globOne(d, basename, dirOnly)
		} else {
			names = globZero(d, basename)
		}
		for _, name := range names {
			out = append(out, pyJoin(d, name))
		}
	}
	return out
}

// globOne is glob._glob1: the names in dir matching pattern; names starting
// with "." only match a pattern starting with ".".
func globOne(dir, pattern string, dirOnly bool) []string {
	match := fnmatchCompile(pattern)
	hiddenOK := strings.HasPrefix(pattern, ".")
	var out []string
	for _, name := range listDir(dir, dirOnly) {
		if !hiddenOK && strings.HasPrefix(name, ".") {
			continue
		}
		if match.MatchString(name) {
			out = append(out, name)
		}
	}
	return out
}

// globZero is glob._glob0: a literal basename inside dir.
func globZero(dir, basename string) []string {
	if basename == "" {
		if isDir(dir) {
			return []string{basename}
		}
		return nil
	}
	if _, err := os.Lstat(pyJoin(dir, basename)); err == nil {
		return []string{basename}
	}
	return nil
}

// listDir is glob._listdir: the entries of dir ("" is the current
// directory), only those that are directories (following symlinks) when
// dirOnly; nil on any error.
func listDir(dir string, dirOnly bool) []string {
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if dirOnly && !isDir(pyJoin(dir, e.Name())) {
			continue
		}
		names = append(names, e.Name())
	}
	return names
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// fnmatchCompile is fnmatch.translate(pattern) compiled for Go's regexp: the
// whole name must match, "*" is any run, "?" one character, "[...]" a class
// ("[!...]" negated, a leading "]" literal, reversed ranges empty) and an
// unclosed "[" a literal. Everything else, backslash included, is literal.
func fnmatchCompile(pattern string) *regexp.Regexp {
	rs := []rune(pattern)
	n := len(rs)
	var b strings.Builder
	b.WriteString(`\A(?s:`)
	for i := 0; i < n; {
		c := rs[i]
		i++
		switch c {
		case '*':
			// Consecutive stars collapse, as in fnmatch.translate.
			for i < n && rs[i] == '*' {
				i++
			}
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '[':
			j := i
			if j < n && rs[j] == '!' {
				j++
			}
			if j < n && rs[j] == ']' {
				j++
			}
			for j < n && rs[j] != ']' {
				j++
			}
			if j >= n {
				b.WriteString(`\[`)
				continue
			}
			b.WriteString(fnmatchClass(rs[i:j]))
			i = j + 1
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`)\z`)
	return regexp.MustCompile(b.String())
}

// fnmatchClass translates the inside of a "[...]" class. A range whose ends
// are reversed matches nothing (fnmatch drops it); an empty class never
// matches and "[!]" matches any character.
func fnmatchClass(stuff []rune) string {
	negate := false
	if len(stuff) > 0 && stuff[0] == '!' {
		negate = true
		stuff = stuff[1:]
	}
	var items []string
	for k := 0; k < len(stuff); {
		lo := stuff[k]
		if k+2 < len(stuff) && stuff[k+1] == '-' {
			hi := stuff[k+2]
			if lo <= hi {
				items = append(items, fmt.Sprintf(`\x{%x}-\x{%x}`, lo, hi))
			}
			k += 3
			continue
		}
		items = append(items, fmt.Sprintf(`\x{%x}`, lo))
		k++
	}
	switch {
	case len(items) == 0 && !negate:
		return `[^\x00-\x{10FFFF}]`
	case len(items) == 0:
		return "."
	case negate:
		return "[^" + strings.Join(items, "") + "]"
	default:
		return "[" + strings.Join(items, "") + "]"
	}
}
