package config

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// FuzzParse feeds arbitrary text to Parse: it must not panic,
// every error must be a *Error, and a parsed configuration must be
// consistent (every listed key readable, options matching their section).
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/*.conf", "testdata/*/*.conf", "testdata/*/*/*.conf", "testdata/*/*/*.ini"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			if data, err := os.ReadFile(name); err == nil { // conf.d/dir.conf is a directory
				f.Add(data)
			}
		}
	}
	f.Add([]byte("[rpcinterface:x]\nsupervisor.rpcinterface_factory = f\nk = %(ENV_A)s %% %s %(a)-5.2r\n"))
	f.Add([]byte("[unix_http_server]\nfile = ~/s\nchmod = 0o777\nchown = 0:0\n[inet_http_server]\nport = *:9_001\n"))
	f.Add([]byte("[supervisord]\nenvironment = A=\"1, 2\",B='x'#c\n"))

	env := WithEnviron([]string{"HOME=/home/fuzz", "A=1"})
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.Contains(data, []byte("include")) {
			t.Skip("[include] would read arbitrary files of this machine")
		}
		c, err := Parse(data, "fuzz.conf", env)
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T) is not a *Error", err, err)
			}
			_ = err.Error()
			return
		}
		for _, s := range c.Sections() {
			if c.Section(s.Name) != s {
				t.Fatalf("Section(%q) does not return the listed section", s.Name)
			}
			for _, k := range s.Keys() {
				if _, ok := s.Raw(k); !ok {
					t.Fatalf("[%s] lists %q but Raw does not find it", s.Name, k)
				}
				_, _, _ = s.Get(k)
			}
		}
		for _, r := range c.RPCInterfaces {
			s := c.Section(rpcinterfacePrefix + r.Name)
			if s == nil {
				t.Fatalf("no section for rpcinterface %q", r.Name)
			}
			if r.Options.Len() != len(s.Keys())-1 {
				t.Fatalf("rpcinterface %q has %d options for keys %q", r.Name, r.Options.Len(), s.Keys())
			}
			_ = r.Options.Decode(&struct {
				A string
				B int
			}{})
		}
	})
}

// FuzzOptionValue: whatever a value holds, Decode gives a field of each
// type exactly what the getter of that type gives, value or error.
func FuzzOptionValue(f *testing.F) {
	for _, s := range []string{"30", "1m30s", " 42 ", "y", "On", "", "4x", "a, b c", "99999999999999999999", "-1", "2.5", "1e400", "NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		o := NewOptions("rpcinterface:f", map[string]string{"k": value})
		var v struct {
			S  string        `ini:"k"`
			B  bool          `ini:"k"`
			I  int           `ini:"k"`
			I6 int64         `ini:"k"`
			F  float64       `ini:"k"`
			D  time.Duration `ini:"k"`
			L  []string      `ini:"k"`
		}
		// One field at a time: a struct may not map one key twice.
		check := func(field string, got any, decodeErr error, want any, wantErr error) {
			if (decodeErr == nil) != (wantErr == nil) || decodeErr != nil && decodeErr.Error() != wantErr.Error() {
				t.Fatalf("%s %q: Decode error %v, getter error %v", field, value, decodeErr, wantErr)
			}
			if decodeErr == nil && !reflect.DeepEqual(got, want) {
				if fg, ok := got.(float64); !ok || !math.IsNaN(fg) {
					t.Fatalf("%s %q: Decode %#v, getter %#v", field, value, got, want)
				}
			}
		}
		{
			var d struct {
				S string `ini:"k"`
			}
			err := o.Decode(&d)
			check("string", d.S, err, o.String("k", ""), nil)
		}
		{
			var d struct {
				B bool `ini:"k"`
			}
			err := o.Decode(&d)
			want, werr := o.Bool("k", false)
			check("bool", d.B, err, want, werr)
		}
		{
			var d struct {
				I int `ini:"k"`
			}
			err := o.Decode(&d)
			want, werr := o.Int("k", 0)
			check("int", d.I, err, want, werr)
		}
		{
			var d struct {
				I int64 `ini:"k"`
			}
			err := o.Decode(&d)
			want, werr := o.Int64("k", 0)
			check("int64", d.I, err, want, werr)
		}
		{
			var d struct {
				F float64 `ini:"k"`
			}
			err := o.Decode(&d)
			want, werr := o.Float64("k", 0)
			check("float64", d.F, err, want, werr)
		}
		{
			var d struct {
				D time.Duration `ini:"k"`
			}
			err := o.Decode(&d)
			want, werr := o.Duration("k", 0)
			check("duration", d.D, err, want, werr)
		}
		{
			var d struct {
				L []string `ini:"k"`
			}
			err := o.Decode(&d)
			check("list", d.L, err, o.Strings("k", nil), nil)
		}
		if err := o.Decode(&v); err == nil {
			t.Fatal("a struct mapping one key to several fields decoded")
		}
	})
}

// FuzzParseSupervisorctl feeds arbitrary text to ParseSupervisorctl: it
// must not panic, every error must be a *Error, and a section read must
// give a server URL (the default when serverurl is absent; an absolute
// socket path for unix://) and the credentials Section.Get reads.
func FuzzParseSupervisorctl(f *testing.F) {
	f.Add([]byte("[supervisorctl]\nserverurl = unix://%(here)s/s.sock\nusername = %(ENV_A)s\npassword = a%%b\n"))
	f.Add([]byte("[DEFAULT]\nserverurl = unix://~/x/../s\n[supervisorctl]\n[include]\nfiles = *\n"))
	f.Add([]byte("[supervisorctl]\nserverurl = http://h:1 ; c\n  continued\nusername=\n"))
	env := WithEnviron([]string{"HOME=/home/fuzz", "A=1"})
	f.Fuzz(func(t *testing.T, data []byte) {
		ctl, err := ParseSupervisorctl(data, "fuzz.conf", env)
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T) is not a *Error", err, err)
			}
			return
		}
		if _, set := ctl.Section.Raw("serverurl"); ctl.ServerURL == "" && !set {
			t.Fatal("no server URL, and no default")
		}
		if path, ok := strings.CutPrefix(ctl.ServerURL, "unix://"); ok && !filepath.IsAbs(path) {
			t.Fatalf("socket path %q is not absolute", path)
		}
		for key, got := range map[string]string{"username": ctl.Username, "password": ctl.Password} {
			if v, _, err := ctl.Section.Get(key); err != nil || v != got {
				t.Fatalf("%s %q, Section.Get gives %q, %v", key, got, v, err)
			}
		}
	})
}
