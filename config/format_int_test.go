package config

import "testing"

// TestPyFormatInt: int values format as Python's % formats them (values
// recorded from Python 3.11), as supervisord passes process_num.
func TestPyFormatInt(t *testing.T) {
	tests := []struct {
		format string
		n      int64
		want   string
	}{
		{"%(n)02d", 3, "03"},
		{"%(n)d", -7, "-7"},
		{"%(n)5d", 42, "   42"},
		{"%(n)-5d|", 42, "42   |"},
		{"%(n)+d", 5, "+5"},
		{"%(n) d", 5, " 5"},
		{"%(n)05d", -3, "-0003"},
		{"%(n).3d", 5, "005"},
		{"%(n)05.3d", 5, "00005"},
		{"%(n)x", 255, "ff"},
		{"%(n)#x", 255, "0xff"},
		{"%(n)#X", 255, "0XFF"},
		{"%(n)#o", 8, "0o10"},
		{"%(n)o", 8, "10"},
		{"%(n)s", 12, "12"},
		{"%(n).1s", 123, "1"},
		{"%(n)r", 9, "9"},
		{"%(n)c", 65, "A"},
		{"%(n)e", 12, "1.200000e+01"},
		{"%(n)f", 3, "3.000000"},
		{"%(n).2f", 3, "3.00"},
		{"%(n)g", 1000000, "1e+06"},
		{"%(n)g", 123, "123"},
		{"%(n)#g", 5, "5.00000"},
		{"%(n)010.2f", -3, "-000003.00"},
		{"%(n)#08x", 255, "0x0000ff"},
		{"%(n)i", 0, "0"},
		{"%(n)u", 7, "7"},
		{"prog_%(n)02d", 1, "prog_01"},
	}
	for _, tt := range tests {
		x := newExpansions()
		x.setInt("n", tt.n)
		got, err := pyFormat(tt.format, x)
		if err != nil || got != tt.want {
			t.Errorf("%q %% {n: %d} = %q, %v; want %q", tt.format, tt.n, got, err, tt.want)
		}
	}
	x := newExpansions()
	x.setInt("n", 1)
	x.set("s", "x")
	if got, _ := pyFormat("%s", x); got != "{'n': 1, 's': 'x'}" {
		t.Errorf("%%s of the mapping = %q", got)
	}
	if _, err := pyFormat("%(s)d", x); err == nil || err.Error() != "%d format: a real number is required, not str" {
		t.Errorf("%%d of a str: %v", err)
	}
}

func TestExpandValues(t *testing.T) {
	cfg, err := Parse([]byte("[program:web]\nprocess_name = %(program_name)s_%(process_num)02d\n"), "x.conf")
	if err != nil {
		t.Fatal(err)
	}
	got, err := cfg.Section("program:web").ExpandValues("process_name", map[string]any{"program_name": "web", "process_num": 3})
	if err != nil || got != "web_03" {
		t.Fatalf("got %q, %v", got, err)
	}
	if _, err := cfg.Section("program:web").ExpandValues("process_name", map[string]any{"program_name": 1.5}); err == nil {
		t.Fatal("a float value was accepted")
	}
}
