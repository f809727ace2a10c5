package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestInclude loads testdata/include/main.conf; the expected
// RPCInterfaces and warnings are what supervisor 4.2.5's read_config
// produced for the same files.
func TestInclude(t *testing.T) {
	dir, err := filepath.Abs("testdata/include")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Load("testdata/include/main.conf", WithEnviron([]string{"HOME=/h"}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	type iface struct {
		name, factory string
		opts          []kv
	}
	want := []iface{
		{"main", "main:factory", []kv{
			{"where", dir},
			{"greeting", "hi, there"},
			{"sockdir", dir + "/run"},
			{"origin", dir}, // copied from [DEFAULT] by expand_here
			{"added", dir + "/conf.d"},
		}},
		{"a", "a:factory", []kv{{"where", dir + "/conf.d"}, {"origin", dir + "/conf.d"}}},
		{"b", "b:factory", []kv{{"where", dir + "/sub"}, {"origin", dir + "/sub"}}},
	}
	var got []iface
	for _, r := range c.RPCInterfaces {
		got = append(got, iface{r.Name, r.Factory, optionsList(r.Options)})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rpcinterfaces\n got %q\nwant %q", got, want)
	}

	wantWarnings := []string{
		`Included file "` + dir + `/conf.d/dir.conf" could not be read and was skipped (supervisord skips it silently): read ` +
			dir + `/conf.d/dir.conf: is a directory`,
		`No file matches via include "` + dir + `/missing/*.conf"`,
	}
	if got := c.Warnings(); !reflect.DeepEqual(got, wantWarnings) {
		t.Errorf("Warnings()\n got %q\nwant %q", got, wantWarnings)
	}

	// Sections keep the file they first appeared in; [include] of a.conf
	// merged into the main file's (but was not processed).
	files := map[string]string{}
	for _, s := range c.Sections() {
		files[s.Name] = strings.TrimPrefix(s.File, dir+"/")
	}
	wantFiles := map[string]string{
		"supervisord":       "testdata/include/main.conf",
		"include":           "testdata/include/main.conf",
		"rpcinterface:main": "testdata/include/main.conf",
		"rpcinterface:a":    "conf.d/a.conf",
		"rpcinterface:b":    "sub/b.ini",
	}
	if !reflect.DeepEqual(files, wantFiles) {
		t.Errorf("section files = %q, want %q", files, wantFiles)
	}
	if v, _ := c.Section("include").Raw("files"); v != "../never/*.conf" {
		t.Errorf("[include] files = %q, want the included file's value", v)
	}
	if o := c.RPCInterfaces[0].Options; o.File() != "testdata/include/main.conf" {
		t.Errorf("main options file = %q", o.File())
	}
}

func TestIncludeParseError(t *testing.T) {
	dir, _ := filepath.Abs("testdata/include-broken")
	_, err := Load("testdata/include-broken/main.conf", WithEnviron(nil))
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("error %v is not a *Error", err)
	}
	bad := dir + "/conf.d/broken.conf"
	want := "Source contains parsing errors: '" + bad + "'\n\t[line  3]: 'this line is not a key\\n'"
	if ce.File != bad || ce.Line != 3 || ce.Err.Error() != want {
		t.Errorf("got %q:%d %q\nwant %q:3 %q", ce.File, ce.Line, ce.Err, bad, want)
	}
}

// TestIncludeRelativeToMainFile checks that patterns are joined to the main
// file's directory, that %(here)s and ENV_ names work in files, and that a
// main file parsed without a name includes relative to ".".
func TestIncludeRelativeToMainFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("etc/main.conf", "[include]\nfiles = conf.d/*.conf %(here)s/abs/*.conf %(ENV_EXTRA)s\n")
	write("etc/conf.d/1.conf", "[rpcinterface:one]\nsupervisor.rpcinterface_factory = f:one\n")
	write("etc/abs/2.conf", "[rpcinterface:two]\nsupervisor.rpcinterface_factory = f:two\n")
	write("etc/extra.conf", "[rpcinterface:three]\nsupervisor.rpcinterface_factory = f:three\n")

	c, err := Load(filepath.Join(dir, "etc/main.conf"), WithEnviron([]string{"EXTRA=extra.conf"}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	var names []string
	for _, r := range c.RPCInterfaces {
		names = append(names, r.Name)
	}
	if want := []string{"one", "two", "three"}; !reflect.DeepEqual(names, want) {
		t.Errorf("rpcinterfaces = %q, want %q", names, want)
	}

	t.Chdir(filepath.Join(dir, "etc"))
	c, err = Parse([]byte("[include]\nfiles = conf.d/*.conf\n"), "", WithEnviron(nil))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got := c.Section("rpcinterface:one"); got == nil || got.File != "./conf.d/1.conf" {
		t.Errorf("[rpcinterface:one] = %+v, want it read from ./conf.d/1.conf", got)
	}
}

func TestPyGlob(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.conf", "b.conf", ".hidden.conf", "c.ini", "d1/x.conf", "d1/.y.conf", ".hd/q.conf", "x[1].conf", "back\\slash"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("nowhere", filepath.Join(dir, "broken.conf")); err != nil {
		t.Fatal(err)
	}
	// Expectations from Python 3.11's glob.glob on the same tree.
	tests := []struct {
		pattern string
		want    []string
	}{
		{"*.conf", []string{"a.conf", "b.conf", "broken.conf", "x[1].conf"}},
		{".*.conf", []string{".hidden.conf"}},
		{"*/*.conf", []string{"d1/x.conf"}},
		{".*/*.conf", []string{".hd/q.conf"}},
		{"[!a]*.conf", []string{"b.conf", "broken.conf", "x[1].conf"}},
		{"[a-b].conf", []string{"a.conf", "b.conf"}},
		{"[b-a].conf", nil},
		{"[!b-a].conf", []string{"a.conf", "b.conf"}},
		{"x[1].conf", nil},
		{"x[[]1].conf", []string{"x[1].conf"}},
		{"x[1.conf", nil},
		{"back\\slash", []string{"back\\slash"}},
		{"back\\sl*", []string{"back\\slash"}},
		{"broken.conf", []string{"broken.conf"}},
		{"d1/", []string{"d1/"}},
		{"*1/", []string{"d1/"}},
		{"?.ini", []string{"c.ini"}},
		{"nothing*", nil},
	}
	for _, tt := range tests {
		got := pyGlob(dir + "/" + tt.pattern)
		sort.Strings(got)
		for i := range got {
			got[i] = strings.TrimPrefix(got[i], dir+"/")
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("glob(%q) = %q, want %q", tt.pattern, got, tt.want)
		}
	}
}

func TestPyPath(t *testing.T) {
	joins := []struct{ a, b, want string }{
		{"/etc", "x.conf", "/etc/x.conf"},
		{"/etc/", "x.conf", "/etc/x.conf"},
		{"/etc", "/abs/x.conf", "/abs/x.conf"},
		{".", "conf.d/*.conf", "./conf.d/*.conf"},
		{"", "x", "x"},
	}
	for _, j := range joins {
		if got := pyJoin(j.a, j.b); got != j.want {
			t.Errorf("pyJoin(%q, %q) = %q, want %q", j.a, j.b, got, j.want)
		}
	}
	splits := []struct{ p, head, tail string }{
		{"/a/b", "/a", "b"},
		{"a//b", "a", "b"},
		{"/x", "/", "x"},
		{"//x", "//", "x"},
		{"x", "", "x"},
		{"d/", "d", ""},
	}
	for _, s := range splits {
		if h, tl := pySplit(s.p); h != s.head || tl != s.tail {
			t.Errorf("pySplit(%q) = %q, %q; want %q, %q", s.p, h, tl, s.head, s.tail)
		}
	}
}
