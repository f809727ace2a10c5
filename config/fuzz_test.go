package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
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
