package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// optionsList returns the options as ordered pairs.
func optionsList(o Options) []kv {
	var out []kv
	for _, k := range o.Keys() {
		v, _ := o.Lookup(k)
		out = append(out, kv{k, v})
	}
	return out
}

// TestConformanceConfig parses the configuration the conformance corpus was
// captured with and checks the options supervisord passed to the echo
// plugin (case config-echo of the corpus).
func TestConformanceConfig(t *testing.T) {
	const path = "../../shared/conformance/supervisord.conf"
	if _, err := os.Stat(path); err != nil {
		t.Skipf("conformance corpus not available at %s (run from config/ inside the workspace): %v", path, err)
	}
	c, err := Load(path, WithEnviron([]string{"HOME=/tmp/conformance-home"}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	var names []string
	var echo *RPCInterface
	for i := range c.RPCInterfaces {
		names = append(names, c.RPCInterfaces[i].Name)
		if c.RPCInterfaces[i].Name == "echo" {
			echo = &c.RPCInterfaces[i]
		}
	}
	if want := []string{"supervisor", "echo", "another"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("rpcinterfaces = %q, want %q", names, want)
	}
	if echo.Factory != "conformance_plugin:make_echo_rpcinterface" {
		t.Errorf("echo factory = %q", echo.Factory)
	}
	want := []kv{
		{"retries", "1"},
		{"greeting", "hello /tmp/conformance-home world"},
		{"home", "/tmp/conformance-home"},
		{"mixedcase", "Value"},
		{"commented", "yes"},
		{"percent", "100%"},
		{"empty", ""},
	}
	if got := optionsList(echo.Options); !reflect.DeepEqual(got, want) {
		t.Errorf("echo options\n got %q\nwant %q", got, want)
	}
	if echo.Options.Section() != "rpcinterface:echo" || echo.Options.File() != path {
		t.Errorf("echo options come from [%s] in %q", echo.Options.Section(), echo.Options.File())
	}
	if s := c.InetHTTPServer; s == nil || s.Host != "127.0.0.1" || s.Port != 19001 || s.Username != "" || s.Password != "" {
		t.Errorf("inet_http_server = %+v", s)
	}
	if c.UnixHTTPServer != nil {
		t.Errorf("unix_http_server = %+v, want nil", c.UnixHTTPServer)
	}
	if s := c.Section("program:sleeper"); s == nil || s.Line != 34 {
		t.Errorf("[program:sleeper] = %+v, want a section at line 34", s)
	}
}

// TestRPCInterfaces checks how [rpcinterface:x] sections become
// RPCInterface values; expectations recorded from supervisor 4.2.5's
// read_config with HOME=/h and B=2 in the environment.
func TestRPCInterfaces(t *testing.T) {
	env := WithEnviron([]string{"HOME=/h", "B=2"})
	host, _ := os.Hostname()
	type iface struct {
		name, factory string
		opts          []kv
	}
	tests := []struct {
		name string
		in   string
		want []iface
	}{
		{"factory key is not an option; keys lower-cased",
			"[rpcinterface:x]\nSupervisor.RPCInterface_Factory = pkg:make\nRetries = 3\n",
			[]iface{{"x", "pkg:make", []kv{{"retries", "3"}}}}},
		{"ENV_ names and %%",
			"[rpcinterface:x]\nsupervisor.rpcinterface_factory = %(ENV_B)s:f\nhome = %(ENV_HOME)s/x\npct = 100%%\n",
			[]iface{{"x", "2:f", []kv{{"home", "/h/x"}, {"pct", "100%"}}}}},
		{"[DEFAULT] keys are options and may supply the factory",
			"[DEFAULT]\nsupervisor.rpcinterface_factory = d:f\nshared = s\n[rpcinterface:]\nk=1\n" +
				"[rpcinterface:two]\nsupervisor.rpcinterface_factory = own:f\nshared = mine\nz=%(ENV_B)s\n",
			[]iface{{"", "d:f", []kv{{"k", "1"}, {"shared", "s"}}}, {"two", "own:f", []kv{{"shared", "mine"}, {"z", "2"}}}}},
		{"[supervisord] environment= adds ENV_ names",
			"[supervisord]\nenvironment=A=%%(host_node_name)s,Q=%(ENV_B)s\n[rpcinterface:x]\nsupervisor.rpcinterface_factory = a:b\nd = %s\nq=%(ENV_A)s\n",
			[]iface{{"x", "a:b", []kv{{"d", "{'ENV_HOME': '/h', 'ENV_B': '2', 'ENV_A': '" + host + "', 'ENV_Q': '2'}"}, {"q", host}}}}},
		{"environment= overrides the process environment",
			"[supervisord]\nenvironment=HOME=/override\n[rpcinterface:x]\nsupervisor.rpcinterface_factory = a:b\nh = %(ENV_HOME)s\n",
			[]iface{{"x", "a:b", []kv{{"h", "/override"}}}}},
		{"quoted environment values keep commas",
			"[supervisord]\nenvironment = KEY=\"val, ue\",K2=v2\n[rpcinterface:x]\nsupervisor.rpcinterface_factory = a:b\nk = %(ENV_KEY)s|%(ENV_K2)s\n",
			[]iface{{"x", "a:b", []kv{{"k", "val, ue|v2"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.in), "x.conf", env)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			var got []iface
			for _, r := range c.RPCInterfaces {
				got = append(got, iface{r.Name, r.Factory, optionsList(r.Options)})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestConfigErrors checks the errors of read_config; every message was
// recorded from supervisor 4.2.5 with HOME=/h and B=2 in the environment.
func TestConfigErrors(t *testing.T) {
	env := WithEnviron([]string{"HOME=/h", "B=2"})
	tests := []struct {
		name, in string
		want     Error
		msg      string
	}{
		{"%(here)s is not offered in rpcinterface sections",
			"[rpcinterface:echo]\nsupervisor.rpcinterface_factory = a:b\ngreeting = x %(here)s\n",
			Error{File: "x.conf", Line: 3, Section: "rpcinterface:echo", Key: "greeting"},
			"Format string 'x %(here)s' for 'rpcinterface:echo.greeting' contains names ('here') which cannot be expanded. Available names: ENV_B, ENV_HOME"},
		{"lone percent",
			"[rpcinterface:x]\nsupervisor.rpcinterface_factory = a:b\ng = 100%\n",
			Error{File: "x.conf", Line: 3, Section: "rpcinterface:x", Key: "g"},
			"Format string '100%' for 'rpcinterface:x.g' is badly formatted: incomplete format"},
		{"missing factory",
			"[rpcinterface:x]\nfoo=1\n",
			Error{File: "x.conf", Line: 1, Section: "rpcinterface:x"},
			"section [rpcinterface:x] does not specify a supervisor.rpcinterface_factory"},
		{"factory is expanded",
			"\n[rpcinterface:x]\nsupervisor.rpcinterface_factory = %(ENV_Q)s\n",
			Error{File: "x.conf", Line: 3, Section: "rpcinterface:x", Key: "supervisor.rpcinterface_factory"},
			"Format string '%(ENV_Q)s' for 'rpcinterface:x.supervisor.rpcinterface_factory' contains names ('ENV_Q') which cannot be expanded. Available names: ENV_B, ENV_HOME"},
		{"environment is expanded twice",
			"[supervisord]\nenvironment=A=100%%\n",
			Error{File: "x.conf", Line: 2, Section: "supervisord", Key: "environment"},
			"Format string 'A=100%' for 'environment' is badly formatted: incomplete format"},
		{"environment quotes and percent",
			"[supervisord]\nenvironment=A=\"100%%\"\n",
			Error{File: "x.conf", Line: 2, Section: "supervisord", Key: "environment"},
			"Format string 'A=\"100%\"' for 'environment' is badly formatted: unsupported format character '\"' (0x22) at index 7"},
		{"environment first pass has no host_node_name",
			"[supervisord]\nenvironment=A=%(here)s,H=%(host_node_name)s\n",
			Error{File: "x.conf", Line: 2, Section: "supervisord", Key: "environment"},
			"Format string 'A=%(here)s,H=%(host_node_name)s' for 'supervisord.environment' contains names ('host_node_name') which cannot be expanded. Available names: ENV_B, ENV_HOME, here"},
		{"environment pairs need separators",
			"[supervisord]\nenvironment=A=1 B=2\n",
			Error{File: "x.conf", Line: 2, Section: "supervisord", Key: "environment"},
			"Unexpected end of key/value pairs in value 'A=1 B=2'"},
		{"environment unbalanced quote",
			"[supervisord]\nenvironment=A=\"1\n",
			Error{File: "x.conf", Line: 2, Section: "supervisord", Key: "environment"},
			"No closing quotation"},
		{"include without files",
			"[include]\nfile = x\n",
			Error{File: "x.conf", Line: 1, Section: "include"},
			".ini file has [include] section, but no files setting"},
		{"include files expansion",
			"[include]\nfiles = %(nope)s\n",
			Error{File: "x.conf", Line: 2, Section: "include", Key: "files"},
			"Format string '%(nope)s' for 'include.files' contains names ('nope') which cannot be expanded. Available names: ENV_B, ENV_HOME, here, host_node_name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in), "x.conf", env)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T) is not a *Error", err, err)
			}
			got := *ce
			got.Err = nil
			if got != tt.want {
				t.Errorf("location = %+v, want %+v", got, tt.want)
			}
			if ce.Err == nil || ce.Err.Error() != tt.msg {
				t.Errorf("message\n got %v\nwant %s", ce.Err, tt.msg)
			}
		})
	}
}

func TestConfigErrorFormat(t *testing.T) {
	tests := []struct {
		e    Error
		want string
	}{
		{Error{File: "supervisord.conf", Line: 12, Section: "rpcinterface:echo", Key: "greeting", Err: errors.New("boom")},
			"supervisord.conf:12: [rpcinterface:echo] greeting: boom"},
		{Error{File: "a.conf", Section: "include", Err: errors.New("boom")}, "a.conf: [include] boom"},
		{Error{Line: 3, Err: errors.New("boom")}, "line 3: boom"},
		{Error{Err: errors.New("boom")}, "boom"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	inner := errors.New("inner")
	if e := (&Error{Err: inner}); !errors.Is(e, inner) {
		t.Error("Error does not unwrap to Err")
	}
}

// TestLoadFileErrors: the path appears once, followed by supervisord's
// words and the system's reason.
func TestLoadFileErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.conf")
	tests := []struct {
		path, want string
		is         error
	}{
		{missing, missing + ": could not find config file: no such file or directory", fs.ErrNotExist},
		// A directory exists but cannot be read as a file.
		{dir, dir + ": could not read config file: is a directory", nil},
	}
	for _, tt := range tests {
		_, err := Load(tt.path)
		var ce *Error
		var pe *fs.PathError
		if !errors.As(err, &ce) || ce.File != tt.path || err.Error() != tt.want || !errors.As(err, &pe) {
			t.Errorf("Load(%q)\n got %v\nwant %s", tt.path, err, tt.want)
		}
		if tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("Load(%q): errors.Is(%v) is false", tt.path, tt.is)
		}
	}
}

func TestSectionAccessors(t *testing.T) {
	const in = "[supervisord]\nenvironment = EXTRA=1\n" +
		"[DEFAULT]\nd = %(ENV_HOME)s\n" +
		"[program:p]\ncommand = %(here)s/run %(ENV_EXTRA)s\n" +
		"[rpcinterface:x]\nsupervisor.rpcinterface_factory = a:b\nMixed = v\n" +
		"[unix_http_server]\nfile = %(here)s/s.sock\n" +
		"[other]\nk = %(ENV_EXTRA)s %%\n"
	dir := t.TempDir()
	name := filepath.Join(dir, "sv.conf")
	c, err := Parse([]byte(in), name, WithEnviron([]string{"HOME=/h"}))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if c.File != name || c.Here() != dir {
		t.Errorf("File, Here = %q, %q", c.File, c.Here())
	}
	if got, want := c.Environ(), map[string]string{"HOME": "/h", "EXTRA": "1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Environ() = %v, want %v", got, want)
	}
	var names []string
	for _, s := range c.Sections() {
		names = append(names, s.Name)
	}
	if want := []string{"supervisord", "program:p", "rpcinterface:x", "unix_http_server", "other"}; !reflect.DeepEqual(names, want) {
		t.Errorf("Sections() = %q, want %q", names, want)
	}
	if c.Section("DEFAULT") != nil || c.Section("nope") != nil {
		t.Error("Section() finds [DEFAULT] or a missing section")
	}

	x := c.Section("rpcinterface:x")
	if x.Line != 7 || x.File != name {
		t.Errorf("[rpcinterface:x] at %s:%d", x.File, x.Line)
	}
	if got, want := x.Keys(), []string{"supervisor.rpcinterface_factory", "mixed", "d"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Keys() = %q, want %q", got, want)
	}
	if v, ok := x.Raw("MIXED"); !ok || v != "v" {
		t.Errorf("Raw(MIXED) = %q, %v", v, ok)
	}
	if v, ok := x.Raw("d"); !ok || v != "%(ENV_HOME)s" {
		t.Errorf("Raw(d) = %q, %v (inherited from [DEFAULT])", v, ok)
	}
	if _, ok := x.Raw("nope"); ok {
		t.Error("Raw(nope) found")
	}

	gets := []struct {
		section, key, want string
		ok                 bool
		err                string
	}{
		{"rpcinterface:x", "d", "/h", true, ""},
		{"rpcinterface:x", "nope", "", false, ""},
		{"program:p", "command", dir + "/run 1", true, ""},
		{"unix_http_server", "file", dir + "/s.sock", true, ""},
		{"other", "k", "1 %", true, ""},
		{"supervisord", "environment", "EXTRA=1", true, ""},
		{"supervisord", "d", "/h", true, ""},
		{"rpcinterface:x", "mixed", "v", true, ""},
	}
	for _, g := range gets {
		v, ok, err := c.Section(g.section).Get(g.key)
		if v != g.want || ok != g.ok || err != nil {
			t.Errorf("[%s] Get(%q) = %q, %v, %v; want %q, %v", g.section, g.key, v, ok, err, g.want, g.ok)
		}
	}
	// [supervisord] does not see its own environment= pairs.
	sup := c.Section("supervisord")
	if _, err := sup.Expand("d", nil); err == nil {
		t.Error("Expand with no names succeeded")
	}
	if v, err := sup.Expand("d", map[string]string{"ENV_HOME": "/x"}); err != nil || v != "/x" {
		t.Errorf("Expand(d) = %q, %v", v, err)
	}
	_, err = sup.Expand("nope", nil)
	var ce *Error
	if !errors.As(err, &ce) || ce.Err.Error() != "No option 'nope' in section: 'supervisord'" {
		t.Errorf("Expand(nope): %v", err)
	}
	_, err = c.Section("program:p").Expand("command", map[string]string{"here": "/"})
	want := "Format string '%(here)s/run %(ENV_EXTRA)s' for 'program:p.command' contains names ('ENV_EXTRA') which cannot be expanded. Available names: here"
	if !errors.As(err, &ce) || ce.Err.Error() != want || ce.Line != 6 || ce.Key != "command" || ce.Section != "program:p" {
		t.Errorf("Expand(command): %v", err)
	}
}

// TestGetSupervisordOwnEnvironment checks that [supervisord] values cannot
// use the names its own environment= defines (supervisord reads them first).
func TestGetSupervisordOwnEnvironment(t *testing.T) {
	c, err := Parse([]byte("[supervisord]\nenvironment = X=1\nidentifier = %(ENV_X)s\n"), "x.conf", WithEnviron(nil))
	if err != nil {
		t.Fatal(err)
	}
	_, ok, err := c.Section("supervisord").Get("identifier")
	want := "x.conf:3: [supervisord] identifier: Format string '%(ENV_X)s' for 'supervisord.identifier' contains names ('ENV_X') which cannot be expanded. Available names: here"
	if !ok || err == nil || err.Error() != want {
		t.Errorf("Get(identifier) = %v, %v; want %s", ok, err, want)
	}
}

func TestWithEnvironFirstWins(t *testing.T) {
	c, err := Parse([]byte("[s]\n"), "", WithEnviron([]string{"A=1", "A=2", "NOEQ", "=x"}))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Environ(), map[string]string{"A": "1", "": "x"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Environ() = %q, want %q", got, want)
	}
	wd, _ := os.Getwd()
	if c.Here() != wd || c.File != "" {
		t.Errorf("Here() = %q, File = %q; want cwd and empty", c.Here(), c.File)
	}
}

// TestSyntaxFixture loads testdata/syntax.conf; supervisor 4.2.5
// passed exactly these options to the factory (HOME=/tmp/h).
func TestSyntaxFixture(t *testing.T) {
	c, err := Load("testdata/syntax.conf", WithEnviron([]string{"HOME=/tmp/h"}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := []kv{
		{"equals", "overridden"}, {"colon", "2"}, {"mixedcase", "Value"}, {"commented", "yes"},
		{"nospace", "b;c"}, {"quirk", "x#y #w"}, {"empty", ""}, {"multi", "first\nsecond\n\nthird"},
		{"percent", "100%"}, {"env", "/tmp/h"}, {"inherited", "from default"},
	}
	if len(c.RPCInterfaces) != 1 {
		t.Fatalf("got %d rpcinterfaces", len(c.RPCInterfaces))
	}
	if got := optionsList(c.RPCInterfaces[0].Options); !reflect.DeepEqual(got, want) {
		t.Errorf("options\n got %q\nwant %q", got, want)
	}
	if s := c.Section("a]b"); s == nil || s.Line != 27 {
		t.Errorf("[a]b] = %+v", s)
	}
}
