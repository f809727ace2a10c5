package config

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"testing"
	"time"
)

func TestNewOptions(t *testing.T) {
	o := NewOptions("rpcinterface:t", map[string]string{"B": "2", "a": "1", "Zed": "z"})
	if got, want := o.Keys(), []string{"a", "b", "zed"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Keys() = %q, want %q", got, want)
	}
	if o.Len() != 3 || o.Section() != "rpcinterface:t" || o.File() != "" {
		t.Errorf("Len, Section, File = %d, %q, %q", o.Len(), o.Section(), o.File())
	}
	if v, ok := o.Lookup("ZED"); !ok || v != "z" {
		t.Errorf("Lookup(ZED) = %q, %v", v, ok)
	}
	m := o.Map()
	m["a"] = "changed"
	if v, _ := o.Lookup("a"); v != "1" {
		t.Error("Map() is not a copy")
	}
	keys := o.Keys()
	keys[0] = "changed"
	if o.Keys()[0] != "a" {
		t.Error("Keys() is not a copy")
	}
	if v := (Options{}).String("x", "def"); v != "def" {
		t.Errorf("zero Options String = %q", v)
	}
	// Keys differing only in case: the one sorting last wins.
	if v, _ := NewOptions("s", map[string]string{"K": "upper", "k": "lower"}).Lookup("k"); v != "lower" {
		t.Errorf("case collision gave %q", v)
	}
}

// testOptions returns options as Parse builds them, so errors carry
// file and line.
func testOptions(t *testing.T, body string) Options {
	t.Helper()
	c, err := Parse([]byte("[rpcinterface:t]\nsupervisor.rpcinterface_factory = f\n"+body), "t.conf", WithEnviron(nil))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return c.RPCInterfaces[0].Options
}

func TestOptionsConversions(t *testing.T) {
	o := testOptions(t, "n = 42\nneg = -7\nbad = 4x\nf = 2.5\nd = 1m30s\nsecs = 30\nyes = YeS\nno = off\nmaybe = perhaps\nempty =\nbig = 99999999999999999999\nlist = a, b c,,d\n")

	if v := o.String("empty", "def"); v != "" {
		t.Errorf("String(empty) = %q, want present-but-empty", v)
	}
	if v := o.String("absent", "def"); v != "def" {
		t.Errorf("String(absent) = %q", v)
	}
	if v, err := o.Int("n", 0); v != 42 || err != nil {
		t.Errorf("Int(n) = %d, %v", v, err)
	}
	if v, err := o.Int("neg", 0); v != -7 || err != nil {
		t.Errorf("Int(neg) = %d, %v", v, err)
	}
	if v, err := o.Int("absent", 9); v != 9 || err != nil {
		t.Errorf("Int(absent) = %d, %v", v, err)
	}
	if v, err := o.Int64("n", 0); v != 42 || err != nil {
		t.Errorf("Int64(n) = %d, %v", v, err)
	}
	if v, err := o.Float64("f", 0); v != 2.5 || err != nil {
		t.Errorf("Float64(f) = %v, %v", v, err)
	}
	if v, err := o.Duration("d", 0); v != 90*time.Second || err != nil {
		t.Errorf("Duration(d) = %v, %v", v, err)
	}
	if v, err := o.Duration("secs", 0); v != 30*time.Second || err != nil {
		t.Errorf("Duration(secs) = %v, %v", v, err)
	}
	if v, err := o.Duration("absent", time.Minute); v != time.Minute || err != nil {
		t.Errorf("Duration(absent) = %v, %v", v, err)
	}
	if v, err := o.Bool("yes", false); !v || err != nil {
		t.Errorf("Bool(yes) = %v, %v", v, err)
	}
	if v, err := o.Bool("no", true); v || err != nil {
		t.Errorf("Bool(no) = %v, %v", v, err)
	}
	if v, err := o.Bool("absent", true); !v || err != nil {
		t.Errorf("Bool(absent) = %v, %v", v, err)
	}
	if v := o.Strings("list", nil); !reflect.DeepEqual(v, []string{"a", "b", "c", "d"}) {
		t.Errorf("Strings(list) = %q", v)
	}
	if v := o.Strings("empty", []string{"def"}); v != nil {
		t.Errorf("Strings(empty) = %q, want an empty list", v)
	}
	if v := o.Strings("absent", []string{"def"}); !reflect.DeepEqual(v, []string{"def"}) {
		t.Errorf("Strings(absent) = %q", v)
	}

	// Each message names the place once (file:line, section, key) and the
	// value once.
	bad := []struct {
		name string
		call func() error
		msg  string
		line int
		is   error
	}{
		{"Int", func() error { _, err := o.Int("bad", 0); return err },
			`t.conf:5: [rpcinterface:t] bad: invalid integer '4x': invalid syntax`, 5, strconv.ErrSyntax},
		{"Int empty", func() error { _, err := o.Int("empty", 0); return err },
			`t.conf:12: [rpcinterface:t] empty: invalid integer '': invalid syntax`, 12, strconv.ErrSyntax},
		{"Int64 range", func() error { _, err := o.Int64("big", 0); return err },
			`t.conf:13: [rpcinterface:t] big: invalid integer '99999999999999999999': value out of range (-9223372036854775808 to 9223372036854775807)`, 13, strconv.ErrRange},
		{"Float64", func() error { _, err := o.Float64("bad", 0); return err },
			`t.conf:5: [rpcinterface:t] bad: invalid number '4x': invalid syntax`, 5, strconv.ErrSyntax},
		{"Duration", func() error { _, err := o.Duration("bad", 0); return err },
			`t.conf:5: [rpcinterface:t] bad: invalid duration '4x': want whole seconds (30) or a Go duration (1m30s, 250ms, 2h)`, 5, nil},
		{"Duration range", func() error { _, err := o.Duration("big", 0); return err },
			`t.conf:13: [rpcinterface:t] big: invalid duration '99999999999999999999': out of range (at most 2562047h47m16.854775807s)`, 13, errDurationRange},
		{"Bool", func() error { _, err := o.Bool("maybe", false); return err },
			`t.conf:11: [rpcinterface:t] maybe: not a valid boolean value: 'perhaps'`, 11, nil},
	}
	for _, b := range bad {
		err := b.call()
		var ce *Error
		if !errors.As(err, &ce) || err.Error() != b.msg || ce.Line != b.line || ce.Key == "" || ce.File != "t.conf" {
			t.Errorf("%s: error\n got %v\nwant %s", b.name, err, b.msg)
		}
		if b.is != nil && !errors.Is(err, b.is) {
			t.Errorf("%s: errors.Is(%v, %v) is false", b.name, err, b.is)
		}
	}
}

// textValue implements encoding.TextUnmarshaler.
type textValue struct{ s string }

func (v *textValue) UnmarshalText(b []byte) error {
	if string(b) == "bad" {
		return errors.New("not a text value")
	}
	v.s = "<" + string(b) + ">"
	return nil
}

// TestGettersAndDecodeAgree: for every value, Decode into a field of a
// type gives what the getter of that type gives, value or error, so a
// plugin reads the same whichever way it reads.
func TestGettersAndDecodeAgree(t *testing.T) {
	tests := []struct {
		value  string
		getter func(Options) (any, error)
		field  any // a pointer to a zero field of the type Decode fills
	}{
		{"30", func(o Options) (any, error) { return o.Duration("k", 0) }, new(time.Duration)},
		{"1m30s", func(o Options) (any, error) { return o.Duration("k", 0) }, new(time.Duration)},
		{" 45 ", func(o Options) (any, error) { return o.Duration("k", 0) }, new(time.Duration)},
		{"soon", func(o Options) (any, error) { return o.Duration("k", 0) }, new(time.Duration)},
		{"99999999999", func(o Options) (any, error) { return o.Duration("k", 0) }, new(time.Duration)},
		{"y", func(o Options) (any, error) { return o.Bool("k", false) }, new(bool)},
		{"On", func(o Options) (any, error) { return o.Bool("k", false) }, new(bool)},
		{"0", func(o Options) (any, error) { return o.Bool("k", true) }, new(bool)},
		{"", func(o Options) (any, error) { return o.Bool("k", false) }, new(bool)},
		{" 42 ", func(o Options) (any, error) { return o.Int("k", 0) }, new(int)},
		{"-7", func(o Options) (any, error) { return o.Int("k", 0) }, new(int)},
		{"4x", func(o Options) (any, error) { return o.Int("k", 0) }, new(int)},
		{"", func(o Options) (any, error) { return o.Int("k", 0) }, new(int)},
		{"1_000", func(o Options) (any, error) { return o.Int("k", 0) }, new(int)},
		{"9223372036854775808", func(o Options) (any, error) { return o.Int64("k", 0) }, new(int64)},
		{"2.5", func(o Options) (any, error) { return o.Float64("k", 0) }, new(float64)},
		{"1e400", func(o Options) (any, error) { return o.Float64("k", 0) }, new(float64)},
		{"", func(o Options) (any, error) { return o.String("k", "def"), nil }, new(string)},
		{" as is ", func(o Options) (any, error) { return o.String("k", "def"), nil }, new(string)},
		{"a, b c,,d", func(o Options) (any, error) { return o.Strings("k", nil), nil }, new([]string)},
		{"", func(o Options) (any, error) { return o.Strings("k", []string{"def"}), nil }, new([]string)},
	}
	for _, tt := range tests {
		o := testOptions(t, "k = "+tt.value+"\n")
		want, wantErr := tt.getter(o)

		typ := reflect.TypeOf(tt.field).Elem()
		st := reflect.StructOf([]reflect.StructField{{Name: "F", Type: typ, Tag: `ini:"k"`}})
		dst := reflect.New(st)
		err := o.Decode(dst.Interface())
		got := dst.Elem().Field(0).Interface()
		switch {
		case (err == nil) != (wantErr == nil):
			t.Errorf("%s %q: Decode error %v, getter error %v", typ, tt.value, err, wantErr)
		case err != nil && err.Error() != wantErr.Error():
			t.Errorf("%s %q: Decode error\n got %v\nwant %v (the getter's)", typ, tt.value, err, wantErr)
		case err == nil && !reflect.DeepEqual(got, want):
			t.Errorf("%s %q: Decode gave %#v, the getter %#v", typ, tt.value, got, want)
		}
	}
}

// TestDecodeSizes: int and uint fields of every size are range-checked
// for their size, with the Int getter's wording.
func TestDecodeSizes(t *testing.T) {
	tests := []struct {
		value, field, want string
	}{
		{"127", "I8", ""},
		{"128", "I8", "t.conf:3: [rpcinterface:t] k: invalid integer '128': value out of range (-128 to 127)"},
		{"255", "U8", ""},
		{"256", "U8", "t.conf:3: [rpcinterface:t] k: invalid integer '256': value out of range (0 to 255)"},
		{"-1", "U8", "t.conf:3: [rpcinterface:t] k: invalid integer '-1': must not be negative"},
		{"-99999999999999999999", "U", "t.conf:3: [rpcinterface:t] k: invalid integer '-99999999999999999999': must not be negative"},
		{"x", "U", "t.conf:3: [rpcinterface:t] k: invalid integer 'x': invalid syntax"},
		{"3.4e38", "F32", ""},
		{"3.5e39", "F32", "t.conf:3: [rpcinterface:t] k: invalid number '3.5e39': value out of range"},
	}
	for _, tt := range tests {
		o := testOptions(t, "k = "+tt.value+"\n")
		var v struct {
			I8  int8
			U8  uint8
			U   uint
			F32 float32
		}
		typ := reflect.TypeOf(v)
		f, _ := typ.FieldByName(tt.field)
		st := reflect.StructOf([]reflect.StructField{{Name: "F", Type: f.Type, Tag: `ini:"k"`}})
		err := o.Decode(reflect.New(st).Interface())
		if got := fmt.Sprint(err); tt.want == "" && err != nil || tt.want != "" && got != tt.want {
			t.Errorf("%s = %q: error %v, want %q", tt.field, tt.value, err, tt.want)
		}
	}
}

type DecodeBase struct {
	Shared string `ini:"shared"`
}

type decodeTarget struct {
	DecodeBase `ini:",extends"`
	Greeting   string        `ini:"greeting"`
	Retries    int           // matched case-insensitively as "retries"
	Ratio      float64       `ini:"ratio"`
	Enabled    bool          `ini:"enabled"`
	Timeout    time.Duration `ini:"timeout"`
	Names      []string      `ini:"names"`
	Ptr        *string       `ini:"ptr"`
	Count      *int          `ini:"count"`
	Text       textValue     `ini:"text"`
	Kept       string        `ini:"absent"`
	Ignored    string        `ini:"-"`
	unexported int
}

func TestOptionsDecode(t *testing.T) {
	o := NewOptions("rpcinterface:t", map[string]string{
		"greeting": "100% %(retries)s", // taken as it is: no expansion
		"RETRIES":  "3",
		"ratio":    "0.5",
		"enabled":  "yes",
		"timeout":  "2",
		"names":    "a,%(ratio)s c",
		"ptr":      "%(greeting)s",
		"count":    "7",
		"text":     "t",
		"shared":   "%(names)s",
		"ignored":  "x",
	})
	v := decodeTarget{Kept: "default", Ignored: "untouched"}
	if err := o.Decode(&v); err != nil {
		t.Fatalf("Decode: %v", err)
	}
	s, n := "%(greeting)s", 7
	want := decodeTarget{
		DecodeBase: DecodeBase{Shared: "%(names)s"},
		Greeting:   "100% %(retries)s", Retries: 3, Ratio: 0.5, Enabled: true, Timeout: 2 * time.Second,
		Names: []string{"a", "%(ratio)s", "c"}, Ptr: &s, Count: &n, Text: textValue{"<t>"}, Kept: "default", Ignored: "untouched",
	}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("Decode\n got %+v\nwant %+v", v, want)
	}

	// Every bad value is reported, each with its own line.
	o = testOptions(t, "greeting = hi\nretries = many%%\nenabled = y\ntext = bad\n")
	err := o.Decode(&decodeTarget{})
	want2 := "t.conf:4: [rpcinterface:t] retries: invalid integer 'many%': invalid syntax\n" +
		"t.conf:5: [rpcinterface:t] enabled: not a valid boolean value: 'y'\n" +
		"t.conf:6: [rpcinterface:t] text: not a text value"
	var ce *Error
	if !errors.As(err, &ce) || ce.Key != "retries" || ce.Line != 4 || err.Error() != want2 {
		t.Errorf("Decode error\n got %v\nwant %s", err, want2)
	}
}

func TestDecodeStructMistakes(t *testing.T) {
	o := testOptions(t, "k = 1\n")
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"non-pointer", decodeTarget{}, "t.conf: [rpcinterface:t] Decode needs a non-nil pointer to a struct, got config.decodeTarget"},
		{"nil pointer", (*decodeTarget)(nil), "t.conf: [rpcinterface:t] Decode needs a non-nil pointer to a struct, got *config.decodeTarget"},
		{"unsupported type", &struct{ M map[string]int }{},
			"t.conf: [rpcinterface:t] field M has type map[string]int, which Decode cannot fill (tag it `ini:\"-\"` to skip it)"},
		{"two fields, one key", &struct {
			K  int
			K2 int `ini:"K"`
		}{}, "t.conf: [rpcinterface:t] fields K and K2 both take option k"},
	}
	for _, tt := range tests {
		err := o.Decode(tt.v)
		var ce *Error
		if !errors.As(err, &ce) || err.Error() != tt.want {
			t.Errorf("%s: error\n got %v\nwant %s", tt.name, err, tt.want)
		}
	}
}
