package explorer

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseHelp(t *testing.T) {
	for _, tc := range []struct {
		name, help string
		want       docs
	}{
		{"docstring", ` Add two numbers.

        @param int a First addend
        @param int b Second addend
        @return int result a + b
        `, docs{Text: "Add two numbers.", Params: []tag{{"int", "a", "First addend"}, {"int", "b", "Second addend"}}, Returns: []tag{{"int", "result", "a + b"}}}},
		{"continued tag", ` Types.

        @return struct result Keys int, boolean,
                              array, base64
        `, docs{Text: "Types.", Returns: []tag{{"struct", "result", "Keys int, boolean, array, base64"}}}},
		{"derived", "echo.add(int, int) -> int", docs{Text: "echo.add(int, int) -> int"}},
		{"prose after a blank line", "First.\n\n@param string x\n\nLater prose.", docs{Text: "First.\n\n\nLater prose.", Params: []tag{{"string", "x", ""}}}},
		{"bare tags", "@param\n@return", docs{Params: []tag{{}}, Returns: []tag{{}}}},
		{"other tag", "Hi.\n@raise Fault sometimes", docs{Text: "Hi.\n@raise Fault sometimes"}},
		{"empty", "", docs{}},
		{"None", "None", docs{Text: "None"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseHelp(tc.help); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("parseHelp(%q)\n got %#v\nwant %#v", tc.help, got, tc.want)
			}
		})
	}
}

func TestCleandoc(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"  One line.  ", "One line."},
		{" First.\n\n        Second,\n          indented.\n        ", "First.\n\nSecond,\n  indented."},
		{"\n\n    Leading blank lines.\n    Go.\n", "Leading blank lines.\nGo."},
		{"Tabs:\n\tone\n\t\ttwo", "Tabs:\none\n        two"},
		{"CRLF\r\n    kept apart\r\n", "CRLF\nkept apart"},
		{"", ""},
	} {
		if got := cleandoc(tc.in); got != tc.want {
			t.Errorf("cleandoc(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDerivedArity(t *testing.T) {
	for _, tc := range []struct {
		name, help string
		want       []arity
		ok         bool
	}{
		{"e.add", "e.add(int, int) -> int", []arity{required, required}, true},
		{"e.fail", "e.fail(int, [string]) -> boolean", []arity{required, optional}, true},
		{"e.count", "e.count(mixed...) -> int", []arity{variadic}, true},
		{"e.ping", "e.ping() -> string", nil, true},
		{"e.add", "Add two numbers.", nil, false},
		{"e.add", "e.other(int) -> int", nil, false},
		{"e.add", "e.add(int) -> int\nmore", nil, false},
	} {
		got, ok := derivedArity(tc.name, tc.help)
		if ok != tc.ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("derivedArity(%q, %q) = %v, %v; want %v, %v", tc.name, tc.help, got, ok, tc.want, tc.ok)
		}
	}
}

func TestKindOf(t *testing.T) {
	for typ, want := range map[string]string{
		"int": "int", "i4": "int", "integer": "int", "double": "double", "boolean": "boolean",
		"string": "string", "dateTime.iso8601": "dateTime.iso8601", "base64": "base64",
		"array": "array", "struct": "struct", "nil": "nil", "mixed": "json", "": "json",
		"string|int": "string", "int|string": "int", "Struct": "struct",
	} {
		if got := kindOf(typ); got != want {
			t.Errorf("kindOf(%q) = %q, want %q", typ, got, want)
		}
	}
	for _, k := range kinds {
		if kindOf(k.Name) != k.Name && k.Name != "json" {
			t.Errorf("kind %s does not map to itself", k.Name)
		}
	}
}

// FuzzParseHelp: any help text parses, and no line of it is lost: each
// is prose, a tag, or a tag's continuation.
func FuzzParseHelp(f *testing.F) {
	f.Add(" Add two numbers.\n\n        @param int a First addend\n        @return int result a + b\n        ")
	f.Add("echo.add(int, [int]) -> int")
	f.Add("@param\n@return\n\t\tx")
	f.Add("None")
	f.Fuzz(func(t *testing.T, help string) {
		d := parseHelp(help)
		words := 0
		for _, line := range strings.Split(cleandoc(help), "\n") {
			words += len(strings.Fields(line))
		}
		got := len(strings.Fields(d.Text))
		for _, p := range append(d.Params, d.Returns...) {
			got += 1 + len(strings.Fields(p.Type)) + len(strings.Fields(p.Name)) + len(strings.Fields(p.Desc))
		}
		if got != words {
			t.Errorf("parseHelp(%q) kept %d words of %d: %#v", help, got, words, d)
		}
	})
}
