package supervisor

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// ReadLog reads the host's log: length bytes from offset, or with a
// negative offset (and length 0) the last -offset bytes.
func (s *Supervisor) ReadLog(offset, length any) (string, error) {
	if err := s.update(); err != nil {
		return "", err
	}
	path := s.host.MainLogfile()
	if err := checkLog(path); err != nil {
		return "", err
	}
	return readLog(path, offset, length)
}

// ReadMainLog is ReadLog's old name.
func (s *Supervisor) ReadMainLog(offset, length any) (string, error) {
	return s.ReadLog(offset, length)
}

// ClearLog removes the host's log and has the host open a new one.
func (s *Supervisor) ClearLog() error {
	if err := s.update(); err != nil {
		return err
	}
	path := s.host.MainLogfile()
	if path == "" || !exists(path) {
		return rpcext.NewFault(rpcext.CodeNoFile, "")
	}
	if err := os.Remove(path); err != nil {
		return rpcext.NewFault(rpcext.CodeFailed, "")
	}
	if err := s.host.ReopenMainLog(); err != nil {
		return rpcext.NewFault(rpcext.CodeFailed, "")
	}
	return nil
}

// ReadProcessStdoutLog reads a process's stdout log as ReadLog reads the
// host's.
func (s *Supervisor) ReadProcessStdoutLog(name string, offset, length any) (string, error) {
	return s.readProcessLog(name, offset, length, stdout)
}

// ReadProcessLog is ReadProcessStdoutLog's old name.
func (s *Supervisor) ReadProcessLog(name string, offset, length any) (string, error) {
	return s.ReadProcessStdoutLog(name, offset, length)
}

// ReadProcessStderrLog reads a process's stderr log.
func (s *Supervisor) ReadProcessStderrLog(name string, offset, length any) (string, error) {
	return s.readProcessLog(name, offset, length, stderr)
}

// TailProcessStdoutLog returns [bytes, offset, overflow]: up to length
// bytes of a process's stdout log from offset, or its last length bytes
// (overflow true) when it grew beyond offset+length; offset is the log's
// size, where to go on from.
func (s *Supervisor) TailProcessStdoutLog(name string, offset, length any) ([]any, error) {
	return s.tailProcessLog(name, offset, length, stdout)
}

// TailProcessLog is TailProcessStdoutLog's old name.
func (s *Supervisor) TailProcessLog(name string, offset, length any) ([]any, error) {
	return s.TailProcessStdoutLog(name, offset, length)
}

// TailProcessStderrLog is TailProcessStdoutLog for stderr.
func (s *Supervisor) TailProcessStderrLog(name string, offset, length any) ([]any, error) {
	return s.tailProcessLog(name, offset, length, stderr)
}

// ClearProcessLogs empties a process's logs.
func (s *Supervisor) ClearProcessLogs(name string) error {
	if err := s.update(); err != nil {
		return err
	}
	p, err := s.process(name)
	if err != nil {
		return err
	}
	if err := p.ClearLogs(); err != nil {
		return rpcext.NewFault(rpcext.CodeFailed, name)
	}
	return nil
}

// ClearProcessLog is ClearProcessLogs's old name.
func (s *Supervisor) ClearProcessLog(name string) error { return s.ClearProcessLogs(name) }

// ClearAllProcessLogs empties every process's logs.
func (s *Supervisor) ClearAllProcessLogs() ([]Result, error) {
	if err := s.update(); err != nil {
		return nil, err
	}
	results := []Result{}
	for _, p := range s.host.Manager().Processes() {
		var err error
		if p.ClearLogs() != nil {
			err = rpcext.NewFault(rpcext.CodeFailed, namespec(p))
		}
		results = append(results, result(p, err))
	}
	return results, nil
}

type channel int

const (
	stdout channel = iota
	stderr
)

func logPath(p *procman.Process, ch channel) string {
	i := p.Info()
	if ch == stderr {
		return i.StderrLogfile
	}
	return i.StdoutLogfile
}

func (s *Supervisor) readProcessLog(name string, offset, length any, ch channel) (string, error) {
	if err := s.update(); err != nil {
		return "", err
	}
	p, err := s.process(name)
	if err != nil {
		return "", err
	}
	path := logPath(p, ch)
	if err := checkLog(path); err != nil {
		return "", err
	}
	return readLog(path, offset, length)
}

func (s *Supervisor) tailProcessLog(name string, offset, length any, ch channel) ([]any, error) {
	if err := s.update(); err != nil {
		return nil, err
	}
	p, err := s.process(name)
	if err != nil {
		return nil, err
	}
	off, err := intParam("offset", offset)
	if err != nil {
		return nil, err
	}
	n, err := intParam("length", length)
	if err != nil {
		return nil, err
	}
	path := logPath(p, ch)
	if path == "" || !exists(path) {
		return []any{"", 0, false}, nil
	}
	data, next, overflow, err := procman.TailFile(path, off, n)
	if err != nil {
		return []any{"", off, false}, nil
	}
	return []any{xmlText(data), next, overflow}, nil
}

// checkLog is supervisord's check before reading a log: NO_FILE when there
// is none, NO_FILE: path when it does not exist.
func checkLog(path string) error {
	switch {
	case path == "":
		return rpcext.NewFault(rpcext.CodeNoFile, "")
	case !exists(path):
		return rpcext.NewFault(rpcext.CodeNoFile, path)
	}
	return nil
}

func readLog(path string, offset, length any) (string, error) {
	off, err := intParam("offset", offset)
	if err != nil {
		return "", err
	}
	n, err := intParam("length", length)
	if err != nil {
		return "", err
	}
	data, err := procman.ReadFile(path, off, n)
	switch {
	case errors.Is(err, procman.ErrBadArguments):
		return "", rpcext.NewFault(rpcext.CodeBadArguments, "")
	case err != nil:
		return "", rpcext.NewFault(rpcext.CodeFailed, "")
	}
	return xmlText(data), nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// intParam reads an offset or length as Python's int() does: an int, a
// bool, a double (truncated) or a string holding an integer.
func intParam(what string, v any) (int64, error) {
	switch x := v.(type) {
	case int:
		return int64(x), nil
	case int64:
		return x, nil
	case bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case float64:
		if !math.IsNaN(x) && !math.IsInf(x, 0) && math.Abs(x) < math.MaxInt64 {
			return int64(x), nil
		}
	case string:
		if n, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(x), "_", ""), 10, 64); err == nil {
			return n, nil
		}
	}
	return 0, rpcext.NewFault(rpcext.CodeIncorrectParameters, what+" must be an integer")
}
