package config

import (
	"errors"
	"reflect"
	"strings"
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
	o := testOptions(t, "n = 42\nneg = -7\nbad = 4x\nf = 2.5\nd = 1m30s\nsecs = 30\nyes = YeS\nno = off\nmaybe = perhaps\nempty =\nbig = 99999999999999999999\n")

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

	bad := []struct {
		name string
		call func() error
		msg  string
		line int
	}{
		{"Int", func() error { _, err := o.Int("bad", 0); return err },
			`t.conf:5: [rpcinterface:t] bad: invalid integer '4x': strconv.ParseInt: parsing "4x": invalid syntax`, 5},
		{"Int64 range", func() error { _, err := o.Int64("big", 0); return err },
			`t.conf:13: [rpcinterface:t] big: invalid integer '99999999999999999999': strconv.ParseInt: parsing "99999999999999999999": value out of range`, 13},
		{"Float64", func() error { _, err := o.Float64("bad", 0); return err },
			`t.conf:5: [rpcinterface:t] bad: invalid number '4x': strconv.ParseFloat: parsing "4x": invalid syntax`, 5},
		{"Duration", func() error { _, err := o.Duration("bad", 0); return err },
			`t.conf:5: [rpcinterface:t] bad: invalid duration '4x': time: unknown unit "x" in duration "4x"`, 5},
		{"Duration range", func() error { _, err := o.Duration("big", 0); return err },
			`t.conf:13: [rpcinterface:t] big: invalid duration '99999999999999999999': time: invalid duration "99999999999999999999"`, 13},
		{"Bool", func() error { _, err := o.Bool("maybe", false); return err },
			`t.conf:11: [rpcinterface:t] maybe: not a valid boolean value: 'perhaps'`, 11},
	}
	for _, b := range bad {
		err := b.call()
		var ce *Error
		if !errors.As(err, &ce) || err.Error() != b.msg || ce.Line != b.line || ce.Key == "" {
			t.Errorf("%s: error\n got %v\nwant %s", b.name, err, b.msg)
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
	Kept       string        `ini:"absent"`
	Ignored    string        `ini:"-"`
}

func TestOptionsDecode(t *testing.T) {
	o := NewOptions("rpcinterface:t", map[string]string{
		"greeting": "100% %(retries)s", // go-ini would interpolate this
		"retries":  "3",
		"ratio":    "0.5",
		"enabled":  "true",
		"timeout":  "2s",
		"names":    "a,%(ratio)s,c",
		"ptr":      "%(greeting)s",
		"shared":   "%(names)s",
		"ignored":  "x",
	})
	v := decodeTarget{Kept: "default"}
	if err := o.Decode(&v); err != nil {
		t.Fatalf("Decode: %v", err)
	}
	s := "%(greeting)s"
	want := decodeTarget{
		DecodeBase: DecodeBase{Shared: "%(names)s"},
		Greeting:   "100% %(retries)s", Retries: 3, Ratio: 0.5, Enabled: true, Timeout: 2 * time.Second,
		Names: []string{"a", "%(ratio)s", "c"}, Ptr: &s, Kept: "default",
	}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("Decode\n got %+v\nwant %+v", v, want)
	}

	o = testOptions(t, "greeting = hi\nretries = many%%\n")
	err := o.Decode(&decodeTarget{})
	var ce *Error
	if !errors.As(err, &ce) || ce.Key != "retries" || ce.Line != 4 || ce.File != "t.conf" || !strings.Contains(err.Error(), `"many%"`) {
		t.Errorf("Decode error = %v (%+v)", err, ce)
	}
	if err := o.Decode(decodeTarget{}); !errors.As(err, &ce) {
		t.Errorf("Decode(non-pointer) = %v, want a *Error", err)
	}
}
