package procman

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/supervisorrpc/rpcinterface/internal/pycompat"
)

// Manager runs process groups. Its methods are safe for concurrent use.
type Manager struct {
	logger      *slog.Logger
	childLogDir string
	identifier  string
	env         []string

	shutting atomic.Bool

	mu         sync.Mutex
	groups     []*Group       // in the order they were added
	configured []*GroupConfig // see SetGroupConfigs
	autostart  bool           // Autostart was called
}

// Option configures a Manager.
type Option func(*Manager)

// WithLogger logs state changes ("spawned: 'x' with pid 42", "exited: x
// (exit status 3; not expected)", ...) to l, in supervisord's words.
// By default nothing is logged.
func WithLogger(l *slog.Logger) Option { return func(m *Manager) { m.logger = l } }

// WithChildLogDir sets where Auto log files are created (supervisord's
// childlogdir; default os.TempDir()).
func WithChildLogDir(dir string) Option { return func(m *Manager) { m.childLogDir = dir } }

// WithIdentifier sets the identifier in Auto log file names (supervisord's
// [supervisord] identifier; default "supervisor").
func WithIdentifier(id string) Option { return func(m *Manager) { m.identifier = id } }

// WithEnv adds "KEY=value" entries to every child's environment (before
// each process's own Environment).
func WithEnv(env ...string) Option { return func(m *Manager) { m.env = append(m.env, env...) } }

// New returns a Manager without groups.
func New(opts ...Option) *Manager {
	m := &Manager{
		logger:      slog.New(slog.NewTextHandler(io.Discard, nil)),
		childLogDir: os.TempDir(),
		identifier:  "supervisor",
	}
	for _, o := range opts {
		o(m)
	}
	return m
}

// ClearAutoChildLogDir removes the Auto log files a previous run with the
// same identifier left in the child log directory, as supervisord does at
// start-up. Call it before adding groups.
func (m *Manager) ClearAutoChildLogDir() error {
	re := regexp.MustCompile(`^.+?---` + regexp.QuoteMeta(m.identifier) + `-\S+\.log\.?\d{0,4}`)
	entries, err := os.ReadDir(m.childLogDir)
	if err != nil {
		return fmt.Errorf("could not clear childlog dir: %w", err)
	}
	var errs []error
	for _, e := range entries {
		if re.MatchString(e.Name()) {
			if err := os.Remove(filepath.Join(m.childLogDir, e.Name())); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// AddGroup creates the group's processes (and their Auto log files) and
// adds it. After Autostart, its autostart processes are started at once.
// A group of that name already there is ErrAlreadyAdded.
func (m *Manager) AddGroup(gc GroupConfig) (*Group, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.addGroupLocked(cloneGroup(gc), nil)
}

// addGroupLocked adds a group made from gc. When record is not nil it
// becomes the group's configuration, updated with the paths of the Auto
// logs made (supervisord's create_autochildlogs changes the config it
// was given).
func (m *Manager) addGroupLocked(gc GroupConfig, record *GroupConfig) (*Group, error) {
	if err := checkName("group", gc.Name); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, pc := range gc.Processes {
		if err := checkName("process", pc.Name); err != nil {
			return nil, err
		}
		if seen[pc.Name] {
			return nil, fmt.Errorf("group %s: two processes named %s", gc.Name, pc.Name)
		}
		seen[pc.Name] = true
	}
	if m.groupLocked(gc.Name) != nil {
		return nil, fmt.Errorf("%w: %s", ErrAlreadyAdded, gc.Name)
	}
	procs, err := m.newProcesses(gc.Name, gc.Processes)
	if err != nil {
		return nil, err
	}
	made := GroupConfig{Name: gc.Name, Priority: gc.Priority, Processes: configs(procs)}
	if record == nil {
		record = &GroupConfig{}
	}
	*record = made
	g := &Group{name: gc.Name, priority: gc.Priority, cfg: record}
	g.setProcs(procs)
	m.groups = append(m.groups, g)
	if m.autostart {
		autostart(g.procs)
	}
	return g, nil
}

// configs returns the configurations of procs.
func configs(procs []*Process) []ProcessConfig {
	pcs := make([]ProcessConfig, len(procs))
	for i, p := range procs {
		pcs[i] = p.Config()
	}
	return pcs
}

// AddProcesses adds processes to the group called group, creating their
// Auto log files, and returns them; after Autostart, those with autostart
// are started at once. It adds all of them or none: an unknown group is
// ErrNoSuchGroup, a name the group already has (or two of pcs share)
// ErrProcessExists.
func (m *Manager) AddProcesses(group string, pcs ...ProcessConfig) ([]*Process, error) {
	seen := map[string]bool{}
	for _, pc := range pcs {
		if err := checkName("process", pc.Name); err != nil {
			return nil, err
		}
		if seen[pc.Name] {
			return nil, fmt.Errorf("%w: %s", ErrProcessExists, pc.Name)
		}
		seen[pc.Name] = true
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	g := m.groupLocked(group)
	if g == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoSuchGroup, group)
	}
	for _, pc := range pcs {
		if g.processLocked(pc.Name) != nil {
			return nil, fmt.Errorf("%w: %s", ErrProcessExists, pc.Name)
		}
	}
	added, err := m.newProcesses(group, pcs)
	if err != nil {
		return nil, err
	}
	g.setProcs(append(slices.Clone(g.procs), added...))
	g.cfg.Processes = append(slices.Clone(g.cfg.Processes), configs(added)...)
	if m.autostart {
		autostart(added)
	}
	return added, nil
}

// RemoveProcess removes the process called name from group, as
// supervisor_twiddler's removeProcessFromGroup removes it: only a stopped
// process (STOPPED, EXITED, FATAL or UNKNOWN, without a child) can go. It
// is never started again; its log files stay on disk. Errors:
// ErrNoSuchGroup, ErrNoSuchProcess, ErrStillRunning.
func (m *Manager) RemoveProcess(group, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	g := m.groupLocked(group)
	if g == nil {
		return fmt.Errorf("%w: %s", ErrNoSuchGroup, group)
	}
	p := g.processLocked(name)
	if p == nil {
		return fmt.Errorf("%w: %s", ErrNoSuchProcess, name)
	}
	p.mu.Lock()
	if p.cur != nil || !p.state.IsStopped() {
		p.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrStillRunning, name)
	}
	p.removed = true
	p.disarmLocked()
	p.mu.Unlock()
	g.setProcs(slices.DeleteFunc(slices.Clone(g.procs), func(q *Process) bool { return q == p }))
	g.cfg.Processes = slices.DeleteFunc(slices.Clone(g.cfg.Processes), func(pc ProcessConfig) bool { return pc.Name == name })
	return closeLogs([]*Process{p})
}

// RemoveGroup removes a group whose processes are all stopped; its log
// files stay on disk. Errors: ErrNoSuchGroup, ErrStillRunning.
func (m *Manager) RemoveGroup(name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	i := slices.IndexFunc(m.groups, func(g *Group) bool { return g.name == name })
	if i < 0 {
		return fmt.Errorf("%w: %s", ErrNoSuchGroup, name)
	}
	g := m.groups[i]
	for _, p := range g.procs {
		p.mu.Lock()
	}
	defer func() {
		for _, p := range g.procs {
			p.mu.Unlock()
		}
	}()
	for _, p := range g.procs {
		if !p.state.IsStopped() {
			return fmt.Errorf("%w: %s", ErrStillRunning, name)
		}
	}
	for _, p := range g.procs {
		p.removed = true
		p.disarmLocked()
	}
	m.groups = slices.Delete(m.groups, i, i+1)
	closeLogs(g.procs)
	return nil
}

// Group returns the group called name, or nil.
func (m *Manager) Group(name string) *Group {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.groupLocked(name)
}

func (m *Manager) groupLocked(name string) *Group {
	for _, g := range m.groups {
		if g.name == name {
			return g
		}
	}
	return nil
}

// Groups returns the groups by priority (ties in the order they were
// added): the order supervisord starts them in.
func (m *Manager) Groups() []*Group {
	m.mu.Lock()
	defer m.mu.Unlock()
	return byPriority(m.groups)
}

// byPriority returns a copy of groups sorted by priority, ties in order.
func byPriority(groups []*Group) []*Group {
	gs := slices.Clone(groups)
	slices.SortStableFunc(gs, func(a, b *Group) int { return cmp.Compare(a.priority, b.priority) })
	return gs
}

// Processes returns every process, groups by priority and each group's
// processes by priority.
func (m *Manager) Processes() []*Process {
	var ps []*Process
	for _, g := range m.Groups() {
		ps = append(ps, g.Processes()...)
	}
	return ps
}

// Autostart starts every process that has autostart and was never
// started, in priority order, and from then on those of groups added
// later.
func (m *Manager) Autostart() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.autostart = true
	for _, g := range byPriority(m.groups) {
		autostart(g.procs)
	}
}

// ShuttingDown reports whether Shutdown was called.
func (m *Manager) ShuttingDown() bool { return m.shutting.Load() }

// Shutdown stops every process as supervisord does on its way out: no
// process is started or restarted any more; group by group, highest
// priority number first, RUNNING and STARTING processes are stopped
// (stop signal, then SIGKILL after their stop wait) and BACKOFF ones
// become FATAL; each group's processes must be stopped before the next
// group is. It returns when all are stopped, or with ctx's error.
func (m *Manager) Shutdown(ctx context.Context) error {
	m.shutting.Store(true)
	groups := m.Groups()
	slices.Reverse(groups)
	for _, g := range groups {
		procs := g.Processes()
		slices.Reverse(procs)
		for _, p := range procs {
			p.stopForShutdown()
		}
		for _, p := range procs {
			if _, err := p.WaitFor(ctx, func(i Info) bool { return i.State.IsStopped() }); err != nil {
				return err
			}
		}
	}
	return nil
}

// ReopenLogs reopens the log files of every process that has a child,
// as supervisord does on SIGUSR2 (see Process.ReopenLogs).
func (m *Manager) ReopenLogs() error {
	var errs []error
	for _, p := range m.Processes() {
		errs = append(errs, p.ReopenLogs())
	}
	return errors.Join(errs...)
}

// Close kills (SIGKILL, to the process group) any child still there and
// closes the log files. Call it after Shutdown.
func (m *Manager) Close() error {
	m.shutting.Store(true)
	var errs []error
	for _, g := range m.Groups() {
		procs := g.Processes()
		for _, p := range procs {
			p.kill()
		}
		errs = append(errs, closeLogs(procs))
	}
	return errors.Join(errs...)
}

// newProcesses makes the processes of group, creating their Auto log
// files; none when one fails.
func (m *Manager) newProcesses(group string, pcs []ProcessConfig) ([]*Process, error) {
	var procs []*Process
	for _, pc := range pcs {
		p, err := m.newProcess(group, pc)
		if err != nil {
			closeLogs(procs)
			return nil, err
		}
		procs = append(procs, p)
	}
	return procs, nil
}

// newProcess makes a process, creating its Auto log files.
func (m *Manager) newProcess(group string, pc ProcessConfig) (*Process, error) {
	p := &Process{m: m, group: group, cfg: cloneProcess(pc), changed: make(chan struct{})}
	if pc.RedirectStderr {
		p.cfg.StderrLogfile = ""
	}
	var err error
	if p.stdout, p.cfg.StdoutLogfile, err = m.logFile(pc.Name, "stdout", p.cfg.StdoutLogfile); err != nil {
		return nil, err
	}
	if p.stderr, p.cfg.StderrLogfile, err = m.logFile(pc.Name, "stderr", p.cfg.StderrLogfile); err != nil {
		if p.stdout != nil {
			p.stdout.Close()
		}
		return nil, err
	}
	if p.stdout != nil {
		p.stdout.SetRotation(pc.StdoutLogfileMaxBytes, pc.StdoutLogfileBackups)
	}
	if p.stderr != nil {
		p.stderr.SetRotation(pc.StderrLogfileMaxBytes, pc.StderrLogfileBackups)
	}
	return p, nil
}

// logFile returns the log of one channel: none for "", a new file in the
// child log directory for Auto (supervisord's name-channel---identifier-
// random.log), else the path, opened when the process starts.
func (m *Manager) logFile(name, channel, path string) (*LogFile, string, error) {
	switch path {
	case "":
		return nil, "", nil
	case Auto:
		f, err := os.CreateTemp(m.childLogDir, name+"-"+channel+"---"+m.identifier+"-*.log")
		if err != nil {
			return nil, "", fmt.Errorf("%s log of %s: %w", channel, name, err)
		}
		if err := f.Close(); err != nil {
			return nil, "", err
		}
		return &LogFile{path: f.Name()}, f.Name(), nil
	}
	return &LogFile{path: path}, path, nil
}

// checkName refuses the names supervisord refuses (process_or_group_name)
// and, unlike supervisord, an empty one.
func checkName(kind, name string) error {
	_, err := nameCheck(kind, name, name)
	return err
}

// processOrGroupName is supervisord's process_or_group_name for names
// read from a config: name without surrounding whitespace, checked as
// checkName checks it.
func processOrGroupName(kind, name string) (string, error) {
	return nameCheck(kind, strings.TrimSpace(name), name)
}

// nameCheck checks s, the name as given, stripped or not: it must not be
// empty nor hold a space, a colon or a slash (the first of those three
// found is the one reported, as supervisord reports it).
func nameCheck(kind, s, given string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", fmt.Errorf("%s name is empty", kind)
	}
	for _, c := range []string{" ", ":", "/"} {
		if strings.Contains(s, c) {
			return "", fmt.Errorf("Invalid name: %s because of character: %s", pycompat.Repr(given), pycompat.Repr(c))
		}
	}
	return s, nil
}
