package supervisor

import (
	"cmp"
	"slices"
	"strings"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// splitNamespec is supervisord's split_namespec: "p" is process p of group
// p, "g:p" process p of group g, "g:" and "g:*" the whole group g.
func splitNamespec(name string) (group, process string, whole bool) {
	group, process, ok := strings.Cut(name, ":")
	if !ok {
		return name, name, false
	}
	if process == "" || process == "*" {
		return group, "", true
	}
	return group, process, false
}

// namespec is supervisord's make_namespec: "p" when the process is alone
// in its group of the same name, else "g:p".
func namespec(p *procman.Process) string {
	if p.Group() == p.Name() {
		return p.Name()
	}
	return p.Group() + ":" + p.Name()
}

// lookup finds name's group and process (nil for "g:*"); an unknown group
// or process is BAD_NAME with the name as given.
func (s *Supervisor) lookup(name string) (*procman.Group, *procman.Process, error) {
	group, process, whole := splitNamespec(name)
	g := s.host.Manager().Group(group)
	if g == nil {
		return nil, nil, rpcext.NewFault(rpcext.CodeBadName, name)
	}
	if whole {
		return g, nil, nil
	}
	p := g.Process(process)
	if p == nil {
		return nil, nil, rpcext.NewFault(rpcext.CodeBadName, name)
	}
	return g, p, nil
}

// process finds the single process name names; a whole group is BAD_NAME.
func (s *Supervisor) process(name string) (*procman.Process, error) {
	_, p, err := s.lookup(name)
	if err == nil && p == nil {
		err = rpcext.NewFault(rpcext.CodeBadName, name)
	}
	return p, err
}

// group finds a group by its exact name.
func (s *Supervisor) group(name string) (*procman.Group, error) {
	g := s.host.Manager().Group(name)
	if g == nil {
		return nil, rpcext.NewFault(rpcext.CodeBadName, name)
	}
	return g, nil
}

// lexical returns every process in supervisord's lexical order: groups by
// name, each group's processes by name.
func (s *Supervisor) lexical() []*procman.Process {
	groups := s.host.Manager().Groups()
	slices.SortFunc(groups, func(a, b *procman.Group) int { return cmp.Compare(a.Name(), b.Name()) })
	var ps []*procman.Process
	for _, g := range groups {
		procs := g.Processes()
		slices.SortFunc(procs, func(a, b *procman.Process) int { return cmp.Compare(a.Name(), b.Name()) })
		ps = append(ps, procs...)
	}
	return ps
}
