package config

import (
	"errors"
	"reflect"
	"testing"
)

// kv is one key and its raw value.
type kv struct{ k, v string }

// sec is one section as Sections()/Keys()/Raw() show it.
type sec struct {
	name string
	kvs  []kv
}

func dumpSections(c *Config) []sec {
	var out []sec
	for _, s := range c.Sections() {
		d := sec{name: s.Name}
		for _, k := range s.Keys() {
			v, ok := s.Raw(k)
			if !ok {
				panic("Keys() lists a key Raw() does not know: " + k)
			}
			d.kvs = append(d.kvs, kv{k, v})
		}
		out = append(out, d)
	}
	return out
}

// TestParseSyntax checks the file syntax against what supervisord's
// UnhosedConfigParser (Python 3.11 RawConfigParser, inline_comment_prefixes
// (';', '#'), strict=False) produced for the same text; every expectation
// was recorded from supervisor 4.2.5 with read_file() of a real file.
func TestParseSyntax(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []sec
	}{
		{"delimiters", "[s]\nequals = 1\ncolon: 2\ntight=3\nfirst:delim = wins\n",
			[]sec{{"s", []kv{{"equals", "1"}, {"colon", "2"}, {"tight", "3"}, {"first", "delim = wins"}}}}},
		{"keys are lower-cased", "[s]\nMixedCase = Value\n",
			[]sec{{"s", []kv{{"mixedcase", "Value"}}}}},
		{"values are stripped", "[s]\nk =    spaced out   \t\n",
			[]sec{{"s", []kv{{"k", "spaced out"}}}}},
		{"full-line comments", "# top\n; top\n[s]\n  ; indented\n\t# tab\na = 1\n",
			[]sec{{"s", []kv{{"a", "1"}}}}},
		{"inline comments need preceding whitespace",
			"[s]\ncommented = yes ; an inline comment\nnospace = b;c\nhash = b#c\ntab = v\t#tab\nnbsp = v\u00a0;c\n",
			[]sec{{"s", []kv{{"commented", "yes"}, {"nospace", "b;c"}, {"hash", "b#c"}, {"tab", "v"}, {"nbsp", "v"}}}}},
		{"inline comment search quirk", "[s]\nquirk = x#y #w ;z\n",
			[]sec{{"s", []kv{{"quirk", "x#y #w"}}}}},
		{"empty values", "[s]\nempty =\nempty2:\n",
			[]sec{{"s", []kv{{"empty", ""}, {"empty2", ""}}}}},
		{"continuation lines", "[s]\na = 1\n  two\n\n\t three\n\n\nb = 2\n",
			[]sec{{"s", []kv{{"a", "1\ntwo\n\nthree"}, {"b", "2"}}}}},
		{"comment inside continuation", "[s]\na = 1\n  ; not a value line\n  two\n",
			[]sec{{"s", []kv{{"a", "1\ntwo"}}}}},
		{"indented header continues the value", "[s]\na = 1\n  [t]\n  k = v\n",
			[]sec{{"s", []kv{{"a", "1\n[t]\nk = v"}}}}},
		{"blank line does not end a value", "[s]\na = 1\n\n  b = 2\n",
			[]sec{{"s", []kv{{"a", "1\n\nb = 2"}}}}},
		{"indentation is relative", "[s]\n  a = 1\n    more\n  b = 2\n",
			[]sec{{"s", []kv{{"a", "1\nmore"}, {"b", "2"}}}}},
		{"duplicate key: last value, first position", "[s]\na = 1\nb = 2\nA = 3\n",
			[]sec{{"s", []kv{{"a", "3"}, {"b", "2"}}}}},
		{"duplicate section merges into the first", "[s]\na = 1\n[t]\nx = 1\n[s]\nb = 2\na = 3\n",
			[]sec{{"s", []kv{{"a", "3"}, {"b", "2"}}}, {"t", []kv{{"x", "1"}}}}},
		{"DEFAULT is inherited, not listed", "[s]\na = 1\nd = own\n[DEFAULT]\nd = default\ne = inherited\n[t]\n",
			[]sec{{"s", []kv{{"a", "1"}, {"d", "own"}, {"e", "inherited"}}}, {"t", []kv{{"d", "default"}, {"e", "inherited"}}}}},
		{"lower-case default is an ordinary section", "[default]\nk = v\n[s]\n",
			[]sec{{"default", []kv{{"k", "v"}}}, {"s", nil}}},
		{"header runs to the last bracket", "[a]b] trailing text\nk = 1\n[ spaced ]\n",
			[]sec{{"a]b", []kv{{"k", "1"}}}, {" spaced ", nil}}},
		{"python lower-casing", "[s]\n\u0130 = 1\n\u03a3\u0391\u03a3 = 2\n",
			[]sec{{"s", []kv{{"i\u0307", "1"}, {"σας", "2"}}}}},
		{"universal newlines", "[s]\r\na = 1\r\n  two\rb = 2\r\n",
			[]sec{{"s", []kv{{"a", "1\ntwo"}, {"b", "2"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.in), "x.conf", WithEnviron(nil))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := dumpSections(c); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sections\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestParseSyntaxErrors checks configparser's error messages, recorded from
// supervisor 4.2.5 / Python 3.11.
func TestParseSyntaxErrors(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantLine int
		wantMsg  string
	}{
		{"lines that are neither key nor section", "[s]\nbogus\nk = v\nalso bogus\n", 2,
			"Source contains parsing errors: 'x.conf'\n\t[line  2]: 'bogus\\n'\n\t[line  4]: 'also bogus\\n'"},
		{"empty key", "[s]\n= v\n", 2, "Source contains parsing errors: 'x.conf'\n\t[line  2]: '= v\\n'"},
		{"empty header", "[s]\n[]\n", 2, "Source contains parsing errors: 'x.conf'\n\t[line  2]: '[]\\n'"},
		{"last line without newline", "[s]\nk = v\nbogus", 3, "Source contains parsing errors: 'x.conf'\n\t[line  3]: 'bogus'"},
		{"key before any section", "\n; comment\nk = v\n", 3,
			"File contains no section headers.\nfile: 'x.conf', line: 3\n'k = v\\n'"},
		{"byte order mark is not stripped", "\ufeff[s]\nk = v\n", 1,
			"File contains no section headers.\nfile: 'x.conf', line: 1\n'\\ufeff[s]\\n'"},
		{"invalid UTF-8 start byte", "[s]\nk = \xff\n", 2, "'utf-8' codec can't decode byte 0xff in position 8: invalid start byte"},
		{"invalid UTF-8 continuation", "[s]\nk = \xe2\x82\n", 2, "'utf-8' codec can't decode bytes in position 8-9: invalid continuation byte"},
		{"truncated UTF-8", "[s]\nk = \xe2\x82", 2, "'utf-8' codec can't decode bytes in position 8-9: unexpected end of data"},
		{"UTF-8 surrogate", "[s]\nk = \xed\xa0\x80\n", 2, "'utf-8' codec can't decode byte 0xed in position 8: invalid continuation byte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in), "x.conf", WithEnviron(nil))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T) is not a *Error", err, err)
			}
			if ce.File != "x.conf" || ce.Line != tt.wantLine || ce.Section != "" || ce.Key != "" {
				t.Errorf("location = %q:%d [%s] %s, want x.conf:%d", ce.File, ce.Line, ce.Section, ce.Key, tt.wantLine)
			}
			if ce.Err.Error() != tt.wantMsg {
				t.Errorf("message\n got %q\nwant %q", ce.Err.Error(), tt.wantMsg)
			}
		})
	}
}

func TestParseWithoutName(t *testing.T) {
	_, err := Parse([]byte("[s]\nbogus\n"), "", WithEnviron(nil))
	want := "line 2: Source contains parsing errors: '<string>'\n\t[line  2]: 'bogus\\n'"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestInlineCommentStart(t *testing.T) {
	tests := []struct {
		line string
		want int
	}{
		{"a = b\n", -1},
		{"a = b ;c\n", 6},
		{"a = b;c\n", -1},
		{"a = b\t#c\n", 6},
		{"a = x#y #w ;z\n", 11}, // configparser stops at the first round with a hit
		{"a = x #w ;z\n", 6},
		{"; full\n", 0},
		{"a = b\u3000;c", 8}, // ideographic space counts as whitespace
	}
	for _, tt := range tests {
		if got := inlineCommentStart(tt.line); got != tt.want {
			t.Errorf("inlineCommentStart(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}
