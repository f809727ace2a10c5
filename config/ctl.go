package config

import (
	"os"
	"path/filepath"
	"strings"
)

// DefaultServerURL is supervisorctl's serverurl when neither its command
// line nor a [supervisorctl] section names one.
const DefaultServerURL = "http://localhost:9001"

// ctlSection is the section supervisorctl reads.
const ctlSection = "supervisorctl"

// Supervisorctl is the [supervisorctl] section of a configuration file as
// supervisorctl 4.2.5 reads it (ClientOptions.read_config): where the
// server is and the credentials to call it with, for a program that
// connects the way supervisorctl does.
type Supervisorctl struct {
	// ServerURL is serverurl, DefaultServerURL when the key is absent,
	// expanded with %(here)s and %(ENV_X)s. A unix:// URL's path has "~"
	// expanded and is made absolute and clean, as supervisorctl does.
	ServerURL string
	// Username and Password are the credentials, expanded with
	// %(ENV_X)s only; "" when absent. supervisorctl sends credentials
	// only when both keys are present: Section.Raw tells an empty value
	// from an absent one.
	Username, Password string
	// Section is the [supervisorctl] section.
	Section *Section
}

// LoadSupervisorctl reads the [supervisorctl] section of the file at path
// as supervisorctl 4.2.5 does. See ParseSupervisorctl for the rules.
// A missing or unreadable file is reported as Load reports it.
func LoadSupervisorctl(path string, opts ...Option) (*Supervisorctl, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, &Error{File: path, Err: fileError("could not find config file", err)}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Err: fileError("could not read config file", err)}
	}
	return ParseSupervisorctl(data, path, opts...)
}

// ParseSupervisorctl parses data, the configuration file called name, as
// supervisorctl 4.2.5 does, which is not how supervisord does: the file is
// read with the same dialect as Parse reads it, but alone ([include] is
// not followed), without checking any other section, and with the process
// environment's ENV_X names only ([supervisord] environment= is not
// applied). A file without a [supervisorctl] section is an error, as it
// is for supervisorctl (".ini file does not include supervisorctl
// section"). serverurl is expanded with here (the absolute directory of
// name, or the current directory when name is "") and the ENV_X names;
// username and password with the ENV_X names. prompt and history_file,
// which only supervisorctl's interactive shell uses, are not read.
//
// Every error is a *Error carrying supervisorctl's message.
func ParseSupervisorctl(data []byte, name string, opts ...Option) (*Supervisorctl, error) {
	st := newSettings(opts)
	c := &Config{File: name, byName: map[string]*Section{}}
	c.procEnv = environExpansions(st.environ)
	c.env = c.procEnv
	var err error
	if name != "" {
		// supervisorctl's here is the directory of normalize_path(file).
		if c.absFile, err = c.normalizePath(name); err != nil {
			return nil, &Error{File: name, Err: err}
		}
		c.here = filepath.Dir(c.absFile)
	} else if c.here, err = os.Getwd(); err != nil {
		return nil, &Error{Err: err}
	}

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
	for _, s := range p.sections {
		s.cfg = c
	}
	c.sections, c.byName = p.sections, p.byName

	s := c.byName[ctlSection]
	if s == nil {
		return nil, &Error{File: name, Err: errorString(".ini file does not include supervisorctl section")}
	}
	ctl := &Supervisorctl{ServerURL: DefaultServerURL, Section: s}
	if _, ok := s.Raw("serverurl"); ok {
		x := c.names([]nameGroup{procEnvNames})
		x.Set("here", c.here)
		if ctl.ServerURL, err = s.expandWith("serverurl", x); err != nil {
			return nil, err
		}
	}
	if path, ok := strings.CutPrefix(ctl.ServerURL, "unix://"); ok {
		if path, err = c.normalizePath(path); err != nil {
			return nil, s.KeyError("serverurl", err)
		}
		ctl.ServerURL = "unix://" + path
	}
	if ctl.Username, _, err = s.Get("username"); err != nil {
		return nil, err
	}
	if ctl.Password, _, err = s.Get("password"); err != nil {
		return nil, err
	}
	return ctl, nil
}
