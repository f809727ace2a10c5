package config

import (
	"fmt"
	"math"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// InetHTTPServer is an [inet_http_server] section: the TCP listener of
// supervisord's XML-RPC interface.
type InetHTTPServer struct {
	// Host is the lower-cased host part of port; "" means all interfaces
	// (the port value had no host or the host "*").
	Host string
	// Port is the TCP port, 1..65535.
	Port int
	// Username and Password are the Basic auth credentials; both are empty
	// when the section sets neither. The Section tells an explicitly empty
	// value from an absent one.
	Username, Password string
	// Section is the configuration section the server was read from.
	Section *Section
}

// UnixHTTPServer is a [unix_http_server] section: the UNIX socket listener
// of supervisord's XML-RPC interface.
type UnixHTTPServer struct {
	// File is the socket path, expanded ("%(here)s" and "%(ENV_X)s"),
	// stripped, with "~" expanded and made absolute and clean (relative
	// paths are resolved against the current directory, as supervisord does).
	File string
	// Chmod is the socket mode; 0700 when the section has no chmod.
	Chmod os.FileMode
	// Chown is the (expanded) chown value, "user" or "user:group", not
	// resolved to ids; "" when absent. It has been checked to name an
	// existing user (and group), by name or numeric id, as supervisord does.
	Chown string
	// Username and Password are the Basic auth credentials (see
	// InetHTTPServer).
	Username, Password string
	// Section is the configuration section the server was read from.
	Section *Section
}

// servers reads the HTTP server sections like
// ServerOptions.server_configs_from_parser: every section whose name starts
// with "inet_http_server" (so also [inet_http_server:x]), then every one
// starting with "unix_http_server", in file order. The first of each kind is
// kept; all are validated.
func (c *Config) servers(p *iniParser) error {
	for _, s := range p.sections {
		if !strings.HasPrefix(s.Name, "inet_http_server") {
			continue
		}
		srv, err := c.inetServer(s)
		if err != nil {
			return err
		}
		if c.InetHTTPServer == nil {
			c.InetHTTPServer = srv
		}
	}
	for _, s := range p.sections {
		if !strings.HasPrefix(s.Name, "unix_http_server") {
			continue
		}
		srv, err := c.unixServer(s)
		if err != nil {
			return err
		}
		if c.UnixHTTPServer == nil {
			c.UnixHTTPServer = srv
		}
	}
	return nil
}

// credentials is _parse_username_and_password.
func (c *Config) credentials(s *Section) (username, password string, err error) {
	username, hasUser, err := c.expandKey(s, "username")
	if err != nil {
		return "", "", err
	}
	password, hasPass, err := c.expandKey(s, "password")
	if err != nil {
		return "", "", err
	}
	if hasUser != hasPass {
		return "", "", sectionError(s, "Section [%s] contains incomplete authentication: "+
			"If a username or a password is specified, both the username and password must be specified", s.Name)
	}
	return username, password, nil
}

func (c *Config) inetServer(s *Section) (*InetHTTPServer, error) {
	username, password, err := c.credentials(s)
	if err != nil {
		return nil, err
	}
	port, ok, err := c.expandKey(s, "port")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, sectionError(s, "section [%s] has no port value", s.Name)
	}
	host, num, err := inetAddress(port)
	if err != nil {
		return nil, s.KeyError("port", err)
	}
	return &InetHTTPServer{Host: host, Port: num, Username: username, Password: password, Section: s}, nil
}

func (c *Config) unixServer(s *Section) (*UnixHTTPServer, error) {
	file, ok, err := c.expandKey(s, "file")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, sectionError(s, "section [%s] has no file value", s.Name)
	}
	file, err = c.normalizePath(pycompat.Strip(file))
	if err != nil {
		return nil, s.KeyError("file", err)
	}
	username, password, err := c.credentials(s)
	if err != nil {
		return nil, err
	}
	chown, ok, err := c.expandKey(s, "chown")
	if err != nil {
		return nil, err
	}
	if ok {
		if err := checkUserGroup(chown); err != nil {
			return nil, s.KeyError("chown", &causeError{msg: "Invalid sockchown value " + chown, cause: err})
		}
	}
	mode := os.FileMode(0o700)
	chmod, ok, err := c.expandKey(s, "chmod")
	if err != nil {
		return nil, err
	}
	if ok {
		if mode, err = parseChmod(chmod); err != nil {
			return nil, s.KeyError("chmod", &causeError{msg: "Invalid chmod value " + chmod, cause: err})
		}
	}
	return &UnixHTTPServer{File: file, Chmod: mode, Chown: chown, Username: username, Password: password, Section: s}, nil
}

// inetAddress is supervisor.datatypes.inet_address with its error texts.
func inetAddress(s string) (host string, port int, err error) {
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		host, s = s[:i], s[i+1:]
		if s == "" {
			return "", 0, fmt.Errorf("no port number specified in %s", pycompat.Repr(s))
		}
		if port, err = portNumber(s); err != nil {
			return "", 0, err
		}
		host = pycompat.Lower(host)
	} else if port, err = portNumber(s); err != nil {
		return "", 0, &causeError{msg: fmt.Sprintf("not a valid port number: %s ", pycompat.Repr(s)), cause: err}
	}
	if host == "*" {
		host = ""
	}
	return host, port, nil
}

// portNumber is supervisor.datatypes.port_number: Python's int() limited to
// 1..65535.
func portNumber(s string) (int, error) {
	v, err := pycompat.Int(s, 10)
	if err != nil {
		return 0, err
	}
	switch {
	case v.Sign() <= 0:
		return 0, fmt.Errorf("%s is below lower bound (1)", v.String())
	case !v.IsInt64() || v.Int64() > 65535:
		return 0, fmt.Errorf("%s is above upper bound (65535)", v.String())
	}
	return int(v.Int64()), nil
}

// parseChmod is supervisor.datatypes.octal_type (Python's int(s, 8)) turned
// into a FileMode. Supervisord accepts any integer and hands it to chmod(2)
// as a C int, which keeps the low 12 bits (permissions, setuid, setgid,
// sticky); we keep the same bits. Values outside the C int range, which make
// supervisord fail when it creates the socket, are rejected.
func parseChmod(s string) (os.FileMode, error) {
	v, err := pycompat.Int(s, 8)
	if err != nil {
		return 0, err
	}
	if !v.IsInt64() || v.Int64() < math.MinInt32 || v.Int64() > math.MaxInt32 {
		return 0, fmt.Errorf("mode %s does not fit a C int", v.String())
	}
	n := uint32(int32(v.Int64())) & 0o7777
	mode := os.FileMode(n & 0o777)
	if n&0o4000 != 0 {
		mode |= os.ModeSetuid
	}
	if n&0o2000 != 0 {
		mode |= os.ModeSetgid
	}
	if n&0o1000 != 0 {
		mode |= os.ModeSticky
	}
	return mode, nil
}

// checkUserGroup is supervisor.datatypes.colon_separated_user_group: "user"
// or "user:group", each a name or a numeric id that must exist.
func checkUserGroup(arg string) error {
	name, group, hasGroup := strings.Cut(arg, ":")
	if err := checkUser(name); err != nil {
		return err
	}
	if hasGroup {
		return checkGroup(group)
	}
	return nil
}

// checkUser is supervisor.datatypes.name_to_uid.
func checkUser(name string) error {
	if id, err := pycompat.Int(name, 10); err == nil {
		if _, err := user.LookupId(id.String()); err != nil {
			return fmt.Errorf("Invalid user id %s: %w", name, err)
		}
		return nil
	}
	if _, err := user.Lookup(name); err != nil {
		return fmt.Errorf("Invalid user name %s: %w", name, err)
	}
	return nil
}

// checkGroup is supervisor.datatypes.name_to_gid.
func checkGroup(name string) error {
	if id, err := pycompat.Int(name, 10); err == nil {
		if _, err := user.LookupGroupId(id.String()); err != nil {
			return fmt.Errorf("Invalid group id %s: %w", name, err)
		}
		return nil
	}
	if _, err := user.LookupGroup(name); err != nil {
		return fmt.Errorf("Invalid group name %s: %w", name, err)
	}
	return nil
}

// normalizePath is supervisor.options.normalize_path:
// normpath(abspath(expanduser(v))).
func (c *Config) normalizePath(v string) (string, error) {
	return filepath.Abs(c.expandUser(v))
}

// expandUser is posixpath.expanduser, with HOME taken from the process
// environment (os.Environ or WithEnviron).
func (c *Config) expandUser(path string) string {
	if !strings.HasPrefix(path, "~") {
		return path
	}
	i := strings.IndexByte(path[1:], '/') + 1
	if i == 0 {
		i = len(path)
	}
	var home string
	if i == 1 {
		if h, ok := c.procEnv.Get("ENV_HOME"); ok {
			home = h
		} else if u, err := user.Current(); err == nil {
			home = u.HomeDir
		} else {
			return path
		}
	} else {
		u, err := user.Lookup(path[1:i])
		if err != nil {
			return path
		}
		home = u.HomeDir
	}
	home = strings.TrimRight(home, "/")
	if out := home + path[i:]; out != "" {
		return out
	}
	return "/"
}
