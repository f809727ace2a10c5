package procman

import (
	"fmt"
	"slices"
)

// ConfiguredGroup is a group of the configuration as last read, and
// whether a group of its name runs.
type ConfiguredGroup struct {
	GroupConfig
	InUse bool
}

// SetGroupConfigs makes gcs the Manager's configured groups: the groups
// of the configuration file as last read, supervisord's
// process_group_configs. It changes no running group: Diff says how they
// differ from gcs, AddConfiguredGroup adds one of gcs. A host sets them
// when it reads its config file, at start and when asked to read it again
// (supervisord's reloadConfig).
func (m *Manager) SetGroupConfigs(gcs []GroupConfig) {
	records := make([]*GroupConfig, len(gcs))
	for i, gc := range gcs {
		c := cloneGroup(gc)
		records[i] = &c
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.configured = records
}

// Configured returns the configured groups in the order they were set
// (what supervisord's getAllConfigInfo reports). A configured group that
// was added with AddConfiguredGroup shows the paths its Auto logs were
// given and the processes added to or removed from it since, as
// supervisord's does, until SetGroupConfigs replaces it.
func (m *Manager) Configured() []ConfiguredGroup {
	m.mu.Lock()
	defer m.mu.Unlock()
	cgs := make([]ConfiguredGroup, len(m.configured))
	for i, gc := range m.configured {
		cgs[i] = ConfiguredGroup{GroupConfig: cloneGroup(*gc), InUse: m.groupLocked(gc.Name) != nil}
	}
	return cgs
}

// AddConfiguredGroup adds the configured group called name, as
// supervisord's addProcessGroup does. A name that is not configured is
// ErrNoSuchGroup, one that runs already ErrAlreadyAdded.
func (m *Manager) AddConfiguredGroup(name string) (*Group, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	i := slices.IndexFunc(m.configured, func(gc *GroupConfig) bool { return gc.Name == name })
	if i < 0 {
		return nil, fmt.Errorf("%w: %s", ErrNoSuchGroup, name)
	}
	record := m.configured[i]
	return m.addGroupLocked(cloneGroup(*record), record)
}

// Diff compares the configured groups with the running ones, as
// supervisord's diff_to_active does for reloadConfig: added are the
// configured groups that do not run, changed those that run with another
// configuration (see GroupConfig for what is compared), both in configured
// order; removed are the running groups that are not configured, in the
// order they were added. The slices are never nil.
func (m *Manager) Diff() (added, changed, removed []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	added, changed, removed = []string{}, []string{}, []string{}
	for _, gc := range m.configured {
		g := m.groupLocked(gc.Name)
		switch {
		case g == nil:
			added = append(added, gc.Name)
		case !sameGroup(*g.cfg, *gc):
			changed = append(changed, gc.Name)
		}
	}
	for _, g := range m.groups {
		if !slices.ContainsFunc(m.configured, func(gc *GroupConfig) bool { return gc.Name == g.name }) {
			removed = append(removed, g.name)
		}
	}
	return added, changed, removed
}
