// Package twiddler is a Go port of supervisor_twiddler 1.0.0, Mike
// Naberezny's supervisord plugin that changes the process groups of a
// running supervisord: programs are added to a group and processes removed
// from it without editing the config file or restarting anything. It
// registers under the Python package's factory name, so a config file
// written for supervisord enables it unchanged:
//
//	[rpcinterface:twiddler]
//	supervisor.rpcinterface_factory = supervisor_twiddler.rpcinterface:make_twiddler_rpcinterface
//	whitelist = getAPIVersion,getGroupNames   ; optional
//
// It works on the process manager of package example/procman: the host
// passes itself with rpcext.WithHost and must implement Host. A program
// added with addProgramToGroup runs under that manager like the programs
// of the config file (it starts at once when autostart is true, the
// default) and shows up in the supervisor namespace (getAllProcessInfo,
// getAllConfigInfo, supervisorctl status) until removeProcessFromGroup
// removes it. Nothing is written to the config file: the changes last
// until the host exits.
//
// Clients call twiddler.getAPIVersion, twiddler.getGroupNames,
// twiddler.addProgramToGroup, twiddler.removeProcessFromGroup and
// twiddler.log, with supervisor_twiddler's parameters, results, faults and
// docstrings:
//
//   - every method answers SHUTDOWN_STATE while the host shuts down and,
//     when the section has a whitelist (comma-separated method names),
//     fault 230 "UNKNOWN: <method>" for a method not in it;
//   - an unknown group is BAD_NAME "group: <name>";
//   - bad program options are INCORRECT_PARAMETERS, with supervisord's
//     message for a bad option value ("... in section 'program:x' (file:
//     '<config file>')");
//   - a process name the group already has is BAD_NAME "<name>", an
//     unknown one BAD_NAME "<name>", and removing a process that is not
//     stopped STILL_RUNNING "<name>".
//
// The section takes one option, whitelist; any other makes the factory
// fail, as it makes the Python plugin's constructor fail.
//
// # Differences from supervisor_twiddler
//
//   - The program options are read by package procman (see
//     procman.ProcessesFromOptions and procman.GroupsFromConfig): options
//     the manager does not have are ignored and user= is refused.
//     %(ENV_X)s may be used in every option (supervisord offers it to some
//     only). Errors that have several causes may report another one first.
//   - Option values must be strings (or <base64> UTF-8 text), integers,
//     booleans or doubles: integers and integral doubles are taken as
//     their decimal text, booleans as 1 and 0 (what supervisord's integer
//     and boolean options make of them), other doubles as their text
//     (supervisord truncates them for integer options); <nil/> is an
//     absent option. Other values are INCORRECT_PARAMETERS saying so. The
//     options may be a struct, an array of [key, value] arrays or an empty
//     string, as Python's dict() reads them.
//   - An empty program name is refused (supervisord adds a process named
//     "").
//   - Names and the log message must be strings (supervisord takes any
//     value and formats it); other types are INCORRECT_PARAMETERS.
//   - log writes through the host's slog.Logger: CRIT, ERRO, WARN, INFO,
//     DEBG, TRAC and BLAT are slog's ERROR+4, ERROR, WARN, INFO, DEBUG,
//     DEBUG-4 and DEBUG-8, formatted and filtered by the host's handler.
//   - getGroupNames lists the groups in the manager's order (by priority,
//     ties in the order the host added them), which is supervisord's order
//     for groups read from the config file.
//   - One namespace serves every listener of the host (supervisord makes
//     one per HTTP server; twiddler keeps no state of its own, so this is
//     not visible).
package twiddler

//go:generate python3 gen_docs.py $SUPERVISOR_TWIDDLER_RPCINTERFACE

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// FactoryName is the name config files use for this plugin: the Python
// package's factory.
const FactoryName = "supervisor_twiddler.rpcinterface:make_twiddler_rpcinterface"

// APIVersion is what twiddler.getAPIVersion answers.
const APIVersion = "1.0"

// CodeNotInWhitelist is supervisor_twiddler's own fault code, for a method
// the section's whitelist leaves out. supervisord has no name for it, so
// its fault string is "UNKNOWN: <method>".
const CodeNotInWhitelist rpcext.Code = 230

func init() { rpcext.Register(FactoryName, New) }

// Host is what the namespace needs of the program that serves it.
type Host interface {
	// Manager returns the process manager whose groups are changed.
	Manager() *procman.Manager
	// Config returns the host's configuration: it gives added programs
	// %(here)s, the %(ENV_X)s names and the file name errors show. It may
	// be nil.
	Config() *rpcext.Config
	// Logger returns the logger of the host's main log, which log writes
	// to.
	Logger() *slog.Logger
	// ShuttingDown reports whether the host is shutting down; every method
	// then answers fault SHUTDOWN_STATE.
	ShuttingDown() bool
}

// New is the factory. The host must implement Host; the section may have
// a whitelist option and no other.
func New(host any, opts rpcext.Options) (any, error) {
	h, ok := host.(Host)
	if !ok {
		return nil, fmt.Errorf("the twiddler namespace needs a host implementing twiddler.Host (rpcext.WithHost), got %T", host)
	}
	t := &Twiddler{host: h}
	// whitelist is the only key; Mount refuses others, as supervisor_twiddler's
	// constructor refuses other keyword arguments.
	if w := opts.String("whitelist", ""); w != "" {
		for _, name := range strings.Split(w, ",") {
			t.whitelist = append(t.whitelist, strings.TrimSpace(name))
		}
	}
	return t, nil
}

// Twiddler is the namespace. Its exported methods are exactly the
// published ones; it is safe for concurrent use.
type Twiddler struct {
	host      Host
	whitelist []string // nil: every method is allowed
}

// update is supervisor_twiddler's _update: refuse while the host shuts
// down, and refuse a method the whitelist leaves out.
func (t *Twiddler) update(method string) error {
	if t.host.ShuttingDown() {
		return rpcext.NewFault(rpcext.CodeShutdownState, "")
	}
	if t.whitelist != nil && !slices.Contains(t.whitelist, method) {
		return rpcext.NewFault(CodeNotInWhitelist, method)
	}
	return nil
}

// GetAPIVersion returns the version of the twiddler's RPC API, "1.0".
func (t *Twiddler) GetAPIVersion() (string, error) {
	if err := t.update("getAPIVersion"); err != nil {
		return "", err
	}
	return APIVersion, nil
}

// GetGroupNames returns the names of the manager's process groups.
func (t *Twiddler) GetGroupNames() ([]string, error) {
	if err := t.update("getGroupNames"); err != nil {
		return nil, err
	}
	names := []string{}
	for _, g := range t.host.Manager().Groups() {
		names = append(names, g.Name())
	}
	return names, nil
}

// Log writes message to the host's main log at level, a supervisord level
// name (CRIT, ERRO, WARN, INFO, DEBG, TRAC, BLAT; any case) or number (50,
// 40, 30, 20, 10, 5, 3), INFO by default. Any other level is fault
// INCORRECT_PARAMETERS.
func (t *Twiddler) Log(ctx context.Context, message string, level rpcext.Optional[any]) error {
	if err := t.update("log"); err != nil {
		return err
	}
	l, ok := levelOf(level.Or(20))
	if !ok {
		return rpcext.NewFault(rpcext.CodeIncorrectParameters, "")
	}
	t.host.Logger().Log(ctx, l, message)
	return nil
}

// levels are supervisord's log levels (supervisor/loggers.py) and the slog
// levels they are written at.
var levels = []struct {
	name string
	num  int
	slog slog.Level
}{
	{"CRIT", 50, slog.LevelError + 4},
	{"ERRO", 40, slog.LevelError},
	{"WARN", 30, slog.LevelWarn},
	{"INFO", 20, slog.LevelInfo},
	{"DEBG", 10, slog.LevelDebug},
	{"TRAC", 5, slog.LevelDebug - 4},
	{"BLAT", 3, slog.LevelDebug - 8},
}

// levelOf finds the slog level of a supervisord level given by name (any
// case; <base64> is text, as supervisord reads it) or number.
func levelOf(v any) (slog.Level, bool) {
	name, num := "", -1
	switch v := v.(type) {
	case string:
		name = strings.ToUpper(v)
	case []byte:
		if !utf8.Valid(v) {
			return 0, false
		}
		name = strings.ToUpper(string(v))
	case int:
		num = v
	case int64:
		if v >= math.MinInt32 && v <= math.MaxInt32 {
			num = int(v)
		}
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e9 {
			num = int(v)
		}
	default:
		return 0, false
	}
	for _, l := range levels {
		if name != "" && l.name == name || name == "" && l.num == num {
			return l.slog, true
		}
	}
	return 0, false
}

// RPCDocs serves supervisor_twiddler's docstrings verbatim, so that
// system.methodHelp and system.methodSignature answer as they do for the
// Python plugin.
func (*Twiddler) RPCDocs() map[string]rpcext.Doc {
	docs := make(map[string]rpcext.Doc, len(docstrings))
	for name, s := range docstrings {
		docs[name] = rpcext.Docstring(s)
	}
	return docs
}
