package supervisor

import (
	"errors"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// ReloadConfig reads the config file again (supervisorctl reread) and
// answers [[added, changed, removed]]: the names of the groups the file
// has and the manager does not run, those it runs with another
// configuration, and those it runs that the file no longer has. Nothing
// that runs changes; the groups read become the ones getAllConfigInfo
// reports and addProcessGroup adds (supervisorctl update applies the
// answer with stopProcessGroup, removeProcessGroup and addProcessGroup).
// A file that cannot be read is fault CANT_REREAD with supervisord's
// words for the problem.
func (s *Supervisor) ReloadConfig() ([][][]string, error) {
	if err := s.update(); err != nil {
		return nil, err
	}
	gcs, err := s.host.ReadGroupConfigs()
	if err != nil {
		return nil, rpcext.NewFault(rpcext.CodeCantReread, procman.SupervisordMessage(err))
	}
	m := s.host.Manager()
	m.SetGroupConfigs(gcs)
	added, changed, removed := m.Diff()
	return [][][]string{{added, changed, removed}}, nil
}

// AddProcessGroup starts running a group of the config file as last read
// (supervisorctl add, and update for added and changed groups): its
// autostart processes start. A group that runs already is fault
// ALREADY_ADDED, one the file does not have BAD_NAME.
func (s *Supervisor) AddProcessGroup(name string) error {
	if err := s.update(); err != nil {
		return err
	}
	_, err := s.host.Manager().AddConfiguredGroup(name)
	switch {
	case errors.Is(err, procman.ErrNoSuchGroup):
		return rpcext.NewFault(rpcext.CodeBadName, name)
	case errors.Is(err, procman.ErrAlreadyAdded):
		return rpcext.NewFault(rpcext.CodeAlreadyAdded, name)
	case err != nil:
		return rpcext.NewFault(rpcext.CodeFailed, err.Error())
	}
	return nil
}

// RemoveProcessGroup stops running a group whose processes are all stopped
// (supervisorctl remove, and update for removed and changed groups); its
// log files stay. A group with a process that is not stopped is fault
// STILL_RUNNING, one that does not run BAD_NAME.
func (s *Supervisor) RemoveProcessGroup(name string) error {
	if err := s.update(); err != nil {
		return err
	}
	err := s.host.Manager().RemoveGroup(name)
	switch {
	case errors.Is(err, procman.ErrNoSuchGroup):
		return rpcext.NewFault(rpcext.CodeBadName, name)
	case errors.Is(err, procman.ErrStillRunning):
		return rpcext.NewFault(rpcext.CodeStillRunning, name)
	case err != nil:
		return rpcext.NewFault(rpcext.CodeFailed, err.Error())
	}
	return nil
}

// Restart begins the host's restart (supervisorctl reload) and answers
// true at once: every process is stopped, the config file read again and
// the processes of the new one started, in the same process, as
// supervisord restarts. Until it is done every method answers
// SHUTDOWN_STATE.
func (s *Supervisor) Restart() error {
	if err := s.update(); err != nil {
		return err
	}
	s.host.Restart()
	return nil
}

// SendProcessStdin writes chars (a string, or base64 bytes) to the stdin
// of a process (supervisorctl fg). A process that has no child or is
// being stopped is fault NOT_RUNNING, one whose child closed its stdin
// NO_FILE; chars of another type are INCORRECT_PARAMETERS.
func (s *Supervisor) SendProcessStdin(name string, chars any) error {
	if err := s.update(); err != nil {
		return err
	}
	var data []byte
	switch c := chars.(type) {
	case string:
		data = []byte(c)
	case []byte:
		data = c
	default:
		return rpcext.NewFault(rpcext.CodeIncorrectParameters, pyStr(chars))
	}
	p, err := s.process(name)
	if err != nil {
		return err
	}
	err = p.SendStdin(data)
	switch {
	case errors.Is(err, procman.ErrNotRunning):
		return rpcext.NewFault(rpcext.CodeNotRunning, name)
	case errors.Is(err, procman.ErrStdinClosed):
		return rpcext.NewFault(rpcext.CodeNoFile, name)
	case errors.Is(err, procman.ErrStdinFull):
		return fault(rpcext.CodeFailed, "%s: %v: %d bytes wait for the process to read them", name, err, procman.MaxStdinBuffer)
	case err != nil:
		return rpcext.NewFault(rpcext.CodeFailed, err.Error())
	}
	return nil
}
