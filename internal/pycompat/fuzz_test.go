package pycompat

import (
	"strings"
	"testing"
)

// FuzzFormat: Format never panics, and a format without "%" comes back
// unchanged.
func FuzzFormat(f *testing.F) {
	for _, s := range []string{"%(a)s", "%(n)05.3d", "100%%", "%(a", "%s", "%(n)#x|%(a)-5r", "%(a)9999999999s"} {
		f.Add(s)
	}
	d := NewDict()
	d.Set("a", "xy")
	d.SetInt("n", -42)
	f.Fuzz(func(t *testing.T, format string) {
		out, err := Format(format, d)
		if !strings.Contains(format, "%") && (err != nil || out != format) {
			t.Fatalf("Format(%q) = %q, %v; want it unchanged", format, out, err)
		}
	})
}

// FuzzShlex: Split and DictOfKeyValuePairs never panic; Split's words
// never hold unquoted whitespace, so splitting a word again gives it back
// when it has no quotes, backslashes or whitespace.
func FuzzShlex(f *testing.F) {
	for _, s := range []string{`sh -c 'echo hi'`, `a "b \" c" d\ e`, `KEY="v, 2",B=x`, "A=x#c\nB=2", `'`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words, err := Split(s)
		if err == nil {
			for _, w := range words {
				if w == "" || strings.ContainsAny(w, "'\"\\ \t\r\n") {
					continue
				}
				again, err := Split(w)
				if err != nil || len(again) != 1 || again[0] != w {
					t.Fatalf("Split(%q) = %q, %v", w, again, err)
				}
			}
		}
		_, _ = DictOfKeyValuePairs(s)
	})
}

// FuzzInt: Int never panics and agrees with itself on the value it
// prints.
func FuzzInt(f *testing.F) {
	for _, s := range []string{" 5 ", "-0o17", "1_000", "٩", "_5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, base := range []int{8, 10} {
			v, err := Int(s, base)
			if err != nil {
				continue
			}
			back, err := Int(v.Text(base), base)
			if err != nil || back.Cmp(v) != 0 {
				t.Fatalf("Int(%q, %d) = %v, but its text reads back as %v, %v", s, base, v, back, err)
			}
		}
	})
}
