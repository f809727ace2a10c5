package pycompat

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
		x := NewDict()
		x.SetInt("n", tt.n)
		got, err := Format(tt.format, x)
		if err != nil || got != tt.want {
			t.Errorf("%q %% {n: %d} = %q, %v; want %q", tt.format, tt.n, got, err, tt.want)
		}
	}
	x := NewDict()
	x.SetInt("n", 1)
	x.Set("s", "x")
	if got, _ := Format("%s", x); got != "{'n': 1, 's': 'x'}" {
		t.Errorf("%%s of the mapping = %q", got)
	}
	if _, err := Format("%(s)d", x); err == nil || err.Error() != "%d format: a real number is required, not str" {
		t.Errorf("%%d of a str: %v", err)
	}
}
