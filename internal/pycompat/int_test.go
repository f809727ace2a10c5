package pycompat

import "testing"

func TestInt(t *testing.T) {
	tests := []struct {
		in   string
		base int
		want string // "" for an error
	}{
		{" 5 ", 10, "5"}, {"\u00a05", 10, "5"}, {"-5", 10, "-5"}, {"0_0", 10, "0"}, {"007", 10, "7"},
		{"٩", 10, "9"}, {"\x1c5", 10, ""}, {"- 5", 10, ""}, {"_5", 10, ""}, {"5_", 10, ""}, {"5__0", 10, ""},
		{"+_5", 10, ""}, {"0o7", 10, ""}, {"", 10, ""},
		{"0o_7", 8, "7"}, {"0O7", 8, "7"}, {"-0o7", 8, "-7"}, {"0o", 8, ""}, {"0o7_", 8, ""}, {"8", 8, ""}, {"٩", 8, ""},
	}
	for _, tt := range tests {
		v, err := Int(tt.in, tt.base)
		switch {
		case tt.want == "" && err == nil:
			t.Errorf("int(%q, %d) = %v, want an error", tt.in, tt.base, v)
		case tt.want != "" && (err != nil || v.String() != tt.want):
			t.Errorf("int(%q, %d) = %v, %v; want %s", tt.in, tt.base, v, err, tt.want)
		}
	}
	_, err := Int(" x ", 10)
	if want := "invalid literal for int() with base 10: ' x '"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}
