package procman

import (
	"cmp"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/supervisorrpc/rpcinterface/config"
	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// GroupsFromConfig reads the process groups of cfg as supervisord 4.2.5
// does: one group per [group:x] section (programs=, priority=) holding its
// programs' processes in the order programs= lists them, and one group
// per other [program:x] section, named after the program; the groups are
// sorted by priority, then name, as supervisord sorts them (the order a
// host adds and so starts them in).
//
// These [program:x] options are read, with supervisord's defaults:
// command (required), process_name (%(program_name)s), numprocs (1),
// numprocs_start (0), directory, environment (KEY=value,KEY2="v, 2"),
// priority (999), autostart (true), autorestart (unexpected; true, false),
// startsecs (1), startretries (3), stopsignal (TERM), stopwaitsecs (10),
// stopasgroup (true here, see the package documentation), killasgroup
// (stopasgroup), exitcodes (0), redirect_stderr (false), stdout_logfile
// and stderr_logfile (AUTO; NONE or OFF for none; no stderr log when
// redirect_stderr is set), stdout_logfile_maxbytes and
// stderr_logfile_maxbytes (50MB; see ParseByteSize), stdout_logfile_backups
// and stderr_logfile_backups (10). user= is refused; the other supervisord
// options (umask, capture, events, syslog, serverurl) are ignored.
//
// Every process's Environment starts with the variables of [supervisord]
// environment=, then has the program's own (a later entry wins), as
// supervisord merges them.
//
// Values are expanded as supervisord expands them, with %(ENV_X)s (the
// environment, [supervisord] environment= and then the program's own
// environment=), %(here)s, %(program_name)s, %(group_name)s,
// %(process_num)s, %(numprocs)s and %(host_node_name)s; process_num and
// numprocs are integers, as in supervisord, so %(process_num)02d works.
// Group, program and process names are stripped of surrounding
// whitespace, as supervisord strips them. Errors are *config.Error.
func GroupsFromConfig(cfg *config.Config) ([]GroupConfig, error) {
	var groups []GroupConfig
	grouped := map[string]bool{}
	for _, s := range cfg.Sections() {
		name, ok := strings.CutPrefix(s.Name, "group:")
		if !ok {
			continue
		}
		r := sectionReader(cfg, s)
		name, err := processOrGroupName("group", name)
		if err != nil {
			return nil, r.fail("", err)
		}
		programs, err := r.str("programs", "")
		if err != nil {
			return nil, err
		}
		prio, err := r.integer("priority", 999)
		if err != nil {
			return nil, err
		}
		g := GroupConfig{Name: name, Priority: prio}
		for _, prog := range strings.Split(programs, ",") {
			if prog = strings.TrimSpace(prog); prog == "" {
				continue
			}
			ps := cfg.Section("program:" + prog)
			if ps == nil {
				return nil, r.fail("programs", fmt.Errorf("[%s] names unknown program %s", s.Name, prog))
			}
			procs, err := processesFromSection(sectionReader(cfg, ps), prog, name)
			if err != nil {
				return nil, err
			}
			grouped[ps.Name] = true
			g.Processes = append(g.Processes, procs...)
		}
		groups = append(groups, g)
	}
	for _, s := range cfg.Sections() {
		name, ok := strings.CutPrefix(s.Name, "program:")
		if !ok || grouped[s.Name] {
			continue
		}
		r := sectionReader(cfg, s)
		name, err := processOrGroupName("program", name)
		if err != nil {
			return nil, r.fail("", err)
		}
		prio, err := r.integer("priority", 999)
		if err != nil {
			return nil, err
		}
		procs, err := processesFromSection(r, name, name)
		if err != nil {
			return nil, err
		}
		groups = append(groups, GroupConfig{Name: name, Priority: prio, Processes: procs})
	}
	// supervisord gives every process the variables of [supervisord]
	// environment=, its own environment= winning.
	if s := cfg.Section("supervisord"); s != nil {
		r := sectionReader(cfg, s)
		envStr, err := r.str("environment", "")
		if err != nil {
			return nil, err
		}
		common, err := parseEnvironment(envStr)
		if err != nil {
			return nil, r.fail("environment", err)
		}
		if len(common) > 0 {
			for gi := range groups {
				for pi := range groups[gi].Processes {
					pc := &groups[gi].Processes[pi]
					pc.Environment = append(slices.Clone(common), pc.Environment...)
				}
			}
		}
	}
	// supervisord sorts the groups it read by priority, then name: the
	// order it adds them in, so the order they start in.
	slices.SortStableFunc(groups, func(a, b GroupConfig) int {
		return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.Name, b.Name))
	})
	return groups, nil
}

// processesFromSection reads one [program:x] section: one process per
// process number. r reads the section with the base names.
func processesFromSection(r reader, program, group string) ([]ProcessConfig, error) {
	host, _ := os.Hostname()
	r.vars = map[string]any{"program_name": program, "group_name": group, "host_node_name": host}
	if _, ok := r.opts.Raw("user"); ok {
		return nil, r.fail("user", fmt.Errorf("user= is not supported by this process manager"))
	}
	numprocs, err := r.integer("numprocs", 1)
	if err != nil {
		return nil, err
	}
	start, err := r.integer("numprocs_start", 0)
	if err != nil {
		return nil, err
	}
	if nameFmt, _ := r.opts.Raw("process_name"); numprocs > 1 && !strings.Contains(nameFmt, "%(process_num)") {
		return nil, r.fail("process_name", fmt.Errorf("%%(process_num) must be present within process_name when numprocs > 1"))
	}
	var procs []ProcessConfig
	for num := start; num < start+numprocs; num++ {
		pr := r
		pr.vars = maps.Clone(r.vars)
		pr.vars["process_num"] = num
		pr.vars["numprocs"] = numprocs
		pc, err := pr.process(program)
		if err != nil {
			return nil, err
		}
		procs = append(procs, pc)
	}
	return procs, nil
}

// process reads one process of the section.
func (r *reader) process(program string) (ProcessConfig, error) {
	pc := NewProcessConfig(program, "")
	envStr, err := r.str("environment", "")
	if err != nil {
		return pc, err
	}
	if pc.Environment, err = parseEnvironment(envStr); err != nil {
		return pc, r.fail("environment", err)
	}
	for _, kv := range pc.Environment {
		k, v, _ := strings.Cut(kv, "=")
		r.vars["ENV_"+k] = v // later options see the program's environment
	}
	if pc.Name, err = r.str("process_name", program); err != nil {
		return pc, err
	}
	if pc.Name, err = processOrGroupName("process", pc.Name); err != nil {
		return pc, r.fail("process_name", err)
	}
	command, ok, err := r.get("command")
	switch {
	case err != nil:
		return pc, err
	case !ok:
		return pc, r.fail("", fmt.Errorf("program section %s does not specify a command", r.section))
	}
	pc.Command = command
	if pc.Directory, err = r.str("directory", ""); err != nil {
		return pc, err
	}
	if pc.Priority, err = r.integer("priority", 999); err != nil {
		return pc, err
	}
	if pc.Autostart, err = r.boolean("autostart", true); err != nil {
		return pc, err
	}
	if pc.Autorestart, err = r.autorestart(); err != nil {
		return pc, err
	}
	if pc.StartSecs, err = r.seconds("startsecs", 1); err != nil {
		return pc, err
	}
	if pc.StartRetries, err = r.integer("startretries", 3); err != nil {
		return pc, err
	}
	if pc.StopWait, err = r.seconds("stopwaitsecs", 10); err != nil {
		return pc, err
	}
	sig, err := r.str("stopsignal", "TERM")
	if err != nil {
		return pc, err
	}
	if pc.StopSignal, err = ParseSignal(sig); err != nil {
		return pc, r.fail("stopsignal", err)
	}
	if pc.StopAsGroup, err = r.boolean("stopasgroup", true); err != nil {
		return pc, err
	}
	if pc.KillAsGroup, err = r.boolean("killasgroup", pc.StopAsGroup); err != nil {
		return pc, err
	}
	if pc.StopAsGroup && !pc.KillAsGroup {
		return pc, r.fail("killasgroup", fmt.Errorf("Cannot set stopasgroup=true and killasgroup=false"))
	}
	if pc.ExitCodes, err = r.exitCodes(); err != nil {
		return pc, err
	}
	if pc.RedirectStderr, err = r.boolean("redirect_stderr", false); err != nil {
		return pc, err
	}
	if pc.StdoutLogfile, err = r.logfile("stdout_logfile"); err != nil {
		return pc, err
	}
	if pc.StderrLogfile, err = r.logfile("stderr_logfile"); err != nil {
		return pc, err
	}
	if pc.RedirectStderr {
		pc.StderrLogfile = "" // never a stderr log when it is redirected
	}
	for _, ch := range []struct {
		prefix   string
		maxBytes *int64
		backups  *int
	}{
		{"stdout", &pc.StdoutLogfileMaxBytes, &pc.StdoutLogfileBackups},
		{"stderr", &pc.StderrLogfileMaxBytes, &pc.StderrLogfileBackups},
	} {
		if *ch.maxBytes, err = r.byteSize(ch.prefix+"_logfile_maxbytes", DefaultLogfileMaxBytes); err != nil {
			return pc, err
		}
		if *ch.backups, err = r.integer(ch.prefix+"_logfile_backups", DefaultLogfileBackups); err != nil {
			return pc, err
		}
	}
	return pc, nil
}

// byteSize reads a size as supervisord's byte_size does ("50MB").
func (r *reader) byteSize(key string, def int64) (int64, error) {
	v, ok, err := r.get(key)
	if !ok {
		return def, err
	}
	n, err := ParseByteSize(v)
	if err != nil {
		return 0, r.fail(key, err)
	}
	return n, nil
}

// options is where a reader finds the raw values of a section and
// expands them: a config file's *config.Section, or the options of a
// program added at run time (see ProcessesFromOptions).
type options interface {
	Raw(key string) (string, bool)
	ExpandValues(key string, vars map[string]any) (string, error)
}

// reader reads the options of one section, expanded with the names the
// configuration offers in it (config.Config.Expansions) and vars, the
// names of one process.
type reader struct {
	opts    options
	section string // "program:x"
	file    string // for errors
	line    int    // for errors; 0 when unknown
	cfg     *config.Config
	vars    map[string]any // nil outside program sections
}

// sectionReader reads a config file section.
func sectionReader(cfg *config.Config, s *config.Section) reader {
	return reader{opts: s, section: s.Name, file: s.File, line: s.Line, cfg: cfg}
}

func (r *reader) fail(key string, err error) error {
	return &config.Error{File: r.file, Line: r.line, Section: r.section, Key: key, Err: err}
}

func (r *reader) get(key string) (string, bool, error) {
	if _, ok := r.opts.Raw(key); !ok {
		return "", false, nil
	}
	names := make(map[string]any, len(r.vars)+16)
	for k, v := range r.cfg.Expansions(r.section, key) {
		names[k] = v
	}
	maps.Copy(names, r.vars)
	v, err := r.opts.ExpandValues(key, names)
	return v, err == nil, err
}

func (r *reader) str(key, def string) (string, error) {
	v, ok, err := r.get(key)
	if !ok {
		return def, err
	}
	return v, nil
}

func (r *reader) integer(key string, def int) (int, error) {
	v, ok, err := r.get(key)
	if !ok {
		return def, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, r.fail(key, fmt.Errorf("invalid literal for int() with base 10: %s", pycompat.Repr(v)))
	}
	return n, nil
}

func (r *reader) seconds(key string, def int) (time.Duration, error) {
	n, err := r.integer(key, def)
	return time.Duration(n) * time.Second, err
}

func (r *reader) boolean(key string, def bool) (bool, error) {
	v, ok, err := r.get(key)
	if !ok {
		return def, err
	}
	switch strings.ToLower(v) {
	case "yes", "true", "on", "1":
		return true, nil
	case "no", "false", "off", "0":
		return false, nil
	}
	return false, r.fail(key, fmt.Errorf("not a valid boolean value: %s", pycompat.Repr(v)))
}

func (r *reader) autorestart() (Autorestart, error) {
	v, err := r.str("autorestart", "unexpected")
	if err != nil {
		return 0, err
	}
	switch strings.ToLower(v) {
	case "yes", "true", "on", "1":
		return RestartAlways, nil
	case "no", "false", "off", "0":
		return RestartNever, nil
	case "unexpected":
		return RestartUnexpected, nil
	}
	return 0, r.fail("autorestart", fmt.Errorf("invalid 'autorestart' value %s", pycompat.Repr(strings.ToLower(v))))
}

func (r *reader) exitCodes() ([]int, error) {
	v, err := r.str("exitcodes", "0")
	if err != nil {
		return nil, err
	}
	var codes []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 0 || n > 255 {
			return nil, r.fail("exitcodes", fmt.Errorf("not a valid list of exit codes: %s", pycompat.Repr(v)))
		}
		codes = append(codes, n)
	}
	return codes, nil
}

// logfile reads stdout_logfile or stderr_logfile: AUTO (the default),
// NONE/OFF, or a path ("~" expanded) whose directory must exist.
func (r *reader) logfile(key string) (string, error) {
	v, err := r.str(key, Auto)
	if err != nil {
		return "", err
	}
	switch strings.ToLower(v) {
	case "auto":
		return Auto, nil
	case "none", "off":
		return "", nil
	case "syslog":
		return "", r.fail(key, fmt.Errorf("syslog logging is not supported by this process manager"))
	}
	path := v
	if home, err := os.UserHomeDir(); err == nil && (path == "~" || strings.HasPrefix(path, "~/")) {
		path = home + path[1:]
	}
	path, err = filepath.Abs(path)
	if err != nil {
		return "", r.fail(key, err)
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return "", r.fail(key, fmt.Errorf("The directory named as part of the path %s does not exist", v))
	}
	return path, nil
}
