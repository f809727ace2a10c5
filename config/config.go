package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// Config is a parsed supervisord-style configuration file (plus its
// includes), read the way supervisord 4.2.5 reads it.
type Config struct {
	// File is the path of the main file as given to Load or
	// Parse ("" when parsed from bytes without a name).
	File string
	// RPCInterfaces holds every [rpcinterface:x] section, in file order.
	RPCInterfaces []RPCInterface
	// InetHTTPServer is the first [inet_http_server] section (supervisord
	// also serves [inet_http_server:x] and similar names), nil when absent.
	InetHTTPServer *InetHTTPServer
	// UnixHTTPServer is the first [unix_http_server] section, nil when
	// absent.
	UnixHTTPServer *UnixHTTPServer

	absFile  string
	here     string
	hostname string
	sections []*Section
	byName   map[string]*Section
	procEnv  *pycompat.Dict // ENV_ names of the process environment
	env      *pycompat.Dict // procEnv plus [supervisord] environment=
	warnings []string
}

// Option customises Load and Parse.
type Option interface{ apply(*settings) }

// settings collects the ConfigOptions.
type settings struct {
	environ    []string
	hasEnviron bool
}

// newSettings applies opts (nil ones skipped) over the defaults: the
// process's environment.
func newSettings(opts []Option) settings {
	var st settings
	for _, o := range opts {
		if o != nil {
			o.apply(&st)
		}
	}
	if !st.hasEnviron {
		st.environ = os.Environ()
	}
	return st
}

type optionFunc func(*settings)

func (f optionFunc) apply(s *settings) { f(s) }

// WithEnviron makes the configuration see env ("KEY=value" entries, first
// one wins for a repeated name, entries without "=" ignored, as Python's
// os.environ) instead of os.Environ(): it supplies the %(ENV_KEY)s names and
// HOME for "~" in [unix_http_server] file. Useful for hermetic tests.
func WithEnviron(env []string) Option {
	env = append([]string(nil), env...)
	return optionFunc(func(s *settings) {
		s.environ, s.hasEnviron = env, true
	})
}

// Load reads the configuration file at path (and the files its
// [include] section names) like supervisord 4.2.5 does. See Parse for
// the rules. A missing file gives supervisord's "could not find config
// file", an unreadable one "could not read config file", each followed by
// the system's reason and preceded by the path (once: supervisord's
// message ends with the path, which Error already starts with). Every
// error is a *Error; the *fs.PathError stays reachable with errors.As.
func Load(path string, opts ...Option) (*Config, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, &Error{File: path, Err: fileError("could not find config file", err)}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Err: fileError("could not read config file", err)}
	}
	return Parse(data, path, opts...)
}

// fileError words an error of os.Stat or os.ReadFile without the path it
// names: "could not find config file: no such file or directory".
func fileError(what string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &causeError{msg: what + ": " + pe.Err.Error(), cause: err}
	}
	return &causeError{msg: what, cause: err}
}

// Parse parses data as the supervisord configuration file called
// name. name appears in errors, its directory is %(here)s and the base of
// relative [include] patterns; when name is "" the current directory is
// %(here)s and includes are relative to ".".
//
// The file is read as Python 3.11's configparser.RawConfigParser does with
// supervisord's settings (inline_comment_prefixes=(';', '#'),
// strict=False): "key = value" or "key: value" (split at the first "=" or
// ":"), keys lower-cased, values stripped, full-line comments starting with
// "#" or ";", inline comments starting at a ";" or "#" preceded by
// whitespace, indented lines continuing the previous value (joined with
// "\n", blank lines inside kept), a repeated key overriding the earlier
// value in its original position, a repeated section merging into the
// first, [DEFAULT] keys inherited by every section. Then, as
// ServerOptions.read_config does: [include] files are read (see
// Config.Warnings), [supervisord] environment= adds ENV_ names, every
// [rpcinterface:x] section is expanded (only %(ENV_X)s names, %% for "%";
// %(here)s only works through [include]'s textual replacement) and the
// [inet_http_server] and [unix_http_server] sections are checked.
//
// Unlike supervisord, a [supervisord] section is not required, so a host may
// load a file that has nothing but [rpcinterface:x] sections; and other
// sections ([program:x], ...) are kept but not validated.
//
// Every error is a *Error carrying supervisord's message.
func Parse(data []byte, name string, opts ...Option) (*Config, error) {
	st := newSettings(opts)

	c := &Config{File: name, byName: map[string]*Section{}}
	var err error
	if name != "" {
		if c.absFile, err = filepath.Abs(name); err != nil {
			return nil, &Error{File: name, Err: err}
		}
		c.here = filepath.Dir(c.absFile)
	} else if c.here, err = os.Getwd(); err != nil {
		return nil, &Error{Err: err}
	}
	c.hostname, _ = os.Hostname()
	c.procEnv = environExpansions(st.environ)

	text, err := decodeUTF8(data, name)
	if err != nil {
		return nil, err
	}
	source := name
	if source == "" {
		source = "<string>"
	}
	p := newINIParser()
	if err := p.read(text, source, name); err != nil {
		return nil, err
	}
	if err := c.processIncludes(p); err != nil {
		return nil, err
	}
	for _, s := range p.sections {
		s.cfg = c
	}
	c.sections, c.byName = p.sections, p.byName

	if c.env, err = c.environment(p); err != nil {
		return nil, err
	}
	if c.RPCInterfaces, err = c.rpcInterfaces(p); err != nil {
		return nil, err
	}
	if err := c.servers(p); err != nil {
		return nil, err
	}
	return c, nil
}

// Sections returns every section except [DEFAULT] in supervisord's order:
// the main file's sections in order of first appearance, then the new
// sections of each included file.
func (c *Config) Sections() []*Section { return append([]*Section(nil), c.sections...) }

// Section returns the section with exactly that name (e.g.
// "program:sleeper"), or nil. [DEFAULT] is not a section; its keys show up
// in every other section.
func (c *Config) Section(name string) *Section { return c.byName[name] }

// Here returns the absolute directory of the main file (the current
// directory when it was parsed without a name): supervisord's %(here)s.
func (c *Config) Here() string { return c.here }

// Environ returns the variables behind the %(ENV_X)s names, keyed by X
// without the "ENV_" prefix: the process environment (or WithEnviron)
// plus the pairs of [supervisord] environment=.
func (c *Config) Environ() map[string]string {
	out := map[string]string{}
	if c.env == nil {
		return out
	}
	for _, k := range c.env.Keys() {
		out[strings.TrimPrefix(k, "ENV_")], _ = c.env.Get(k)
	}
	return out
}

// Warnings returns what supervisord would log as parse warnings: an
// [include] pattern that matched nothing ('No file matches via include
// "<pattern>"'). It also reports included files that matched but could
// not be read, which supervisord skips silently.
func (c *Config) Warnings() []string { return append([]string(nil), c.warnings...) }
