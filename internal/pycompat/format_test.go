package pycompat

import (
	"errors"
	"testing"
)

// TestPyFormat compares Format with Python 3.11's `format % d` for
// d = {'a': 'xy', 'b': '1', 'ENV_X': 'q'}; every expectation was printed by
// /usr/bin/python3.
func TestFormat(t *testing.T) {
	d := NewDict()
	d.Set("a", "xy")
	d.Set("b", "1")
	d.Set("ENV_X", "q")
	const dict = "{'a': 'xy', 'b': '1', 'ENV_X': 'q'}"
	tests := []struct {
		format, want, wantErr string
		missing               string // name of a KeyError
	}{
		{format: "plain", want: "plain"},
		{format: "%(a)s and %(ENV_X)s", want: "xy and q"},
		{format: "100%%", want: "100%"},
		{format: "%%(a)s", want: "%(a)s"},
		{format: "%s", want: dict},
		{format: "%r", want: dict},
		{format: "% s", want: dict},
		{format: "%s %(a)s", want: dict + " xy"},
		{format: "%(a)r", want: "'xy'"},
		{format: "%(a)a", want: "'xy'"},
		{format: "%(a)10s|", want: "        xy|"},
		{format: "%(a)-5s|", want: "xy   |"},
		{format: "%(a).1s", want: "x"},
		{format: "%(a)05s", want: "   xy"},
		{format: "%(a)5.1r", want: "    '"},
		{format: "%(a)ls", want: "xy"},
		{format: "%(a)#s", want: "xy"},
		{format: "%(b)c", want: "1"},
		{format: "%(zz)s", missing: "zz"},
		{format: "%(a)s%(zz)s%(yy)s", missing: "zz"},
		{format: "%()s", missing: ""},
		{format: "%((a))s", missing: "(a)"},
		{format: "%", wantErr: "incomplete format"},
		{format: "100%", wantErr: "incomplete format"},
		{format: "%(a)", wantErr: "incomplete format"},
		{format: "%(a)10", wantErr: "incomplete format"},
		{format: "%l", wantErr: "incomplete format"},
		{format: "%(a", wantErr: "incomplete format key"},
		{format: "%(a(b)s", wantErr: "incomplete format key"},
		{format: "%z", wantErr: "unsupported format character 'z' (0x7a) at index 1"},
		{format: "%(a)%", wantErr: "unsupported format character '%' (0x25) at index 4"},
		{format: "%5%", wantErr: "unsupported format character '%' (0x25) at index 2"},
		{format: "%\n", wantErr: "unsupported format character '?' (0xa) at index 1"},
		{format: "%(a)1.2.3s", wantErr: "unsupported format character '.' (0x2e) at index 7"},
		{format: "%(a)s %s", wantErr: "not enough arguments for format string"},
		{format: "%(a)d", wantErr: "%d format: a real number is required, not str"},
		{format: "%d", wantErr: "%d format: a real number is required, not dict"},
		{format: "%(b)x", wantErr: "%x format: an integer is required, not str"},
		{format: "%(b)f", wantErr: "must be real number, not str"},
		{format: "%(a)c", wantErr: "%c requires int or char"},
		{format: "%(a)*s", wantErr: "* wants int"},
		{format: "%(a).*s", wantErr: "* wants int"},
		{format: "%(a)9999999999999999999s", wantErr: "width too big"},
		{format: "%(a).9999999999999999999s", wantErr: "precision too big"},
	}
	for _, tt := range tests {
		got, err := Format(tt.format, d)
		var miss *MissingNameError
		switch {
		case tt.missing != "" || tt.format == "%()s":
			if !errors.As(err, &miss) || miss.Name != tt.missing {
				t.Errorf("%q: got %q, %v; want KeyError %q", tt.format, got, err, tt.missing)
			}
		case tt.wantErr != "":
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("%q: got %q, %v; want error %q", tt.format, got, err, tt.wantErr)
			}
		default:
			if err != nil || got != tt.want {
				t.Errorf("%q: got %q, %v; want %q", tt.format, got, err, tt.want)
			}
		}
	}
}

func TestFormatHugeWidth(t *testing.T) {
	x := NewDict()
	x.Set("a", "v")
	if _, err := Format("%(a)999999999s", x); err == nil || err.Error() != "width too big" {
		t.Errorf("error = %v, want width too big", err)
	}
}

func TestRepr(t *testing.T) {
	tests := []struct{ in, repr, ascii string }{
		{"abc", "'abc'", "'abc'"},
		{"it's", `"it's"`, `"it's"`},
		{`it's "q"`, `'it\'s "q"'`, `'it\'s "q"'`},
		{"a\\b\n\t\r\x00\x7f", `'a\\b\n\t\r\x00\x7f'`, `'a\\b\n\t\r\x00\x7f'`},
		{"é\u00a0\u200b😀", "'é\\xa0\\u200b😀'", `'\xe9\xa0\u200b\U0001f600'`},
		{"\xff", `'\udcff'`, `'\udcff'`},
	}
	for _, tt := range tests {
		if got := Repr(tt.in); got != tt.repr {
			t.Errorf("Repr(%q) = %s, want %s", tt.in, got, tt.repr)
		}
		if got := ASCII(tt.in); got != tt.ascii {
			t.Errorf("ASCII(%q) = %s, want %s", tt.in, got, tt.ascii)
		}
	}
}

func TestLower(t *testing.T) {
	tests := []struct{ in, want string }{
		{"MixedCase", "mixedcase"},
		{"\u0130X", "i\u0307x"},
		{"ΣΑΣ", "σας"},
		{"ΑΣ.Β", "ασ.β"}, // "." is case-ignorable, so Β follows
		{"ΑΣ. Β", "ας. β"},
		{"1Σ", "1σ"},
		{"Σ", "σ"},
		{"ΑΣΑ", "ασα"},
	}
	for _, tt := range tests {
		if got := Lower(tt.in); got != tt.want {
			t.Errorf("Lower(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
