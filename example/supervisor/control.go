package supervisor

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"syscall"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// Result is one process's outcome in the answer of the group and "all"
// methods: status is a fault code (80, SUCCESS, with description "OK"),
// description the fault string.
type Result struct {
	Name        string `xmlrpc:"name"`
	Group       string `xmlrpc:"group"`
	Status      int    `xmlrpc:"status"`
	Description string `xmlrpc:"description"`
}

func result(p *procman.Process, err error) Result {
	r := Result{Name: p.Name(), Group: p.Group(), Status: int(rpcext.CodeSuccess), Description: "OK"}
	var f *rpcext.Fault
	switch {
	case err == nil:
	case errors.As(err, &f):
		r.Status, r.Description = int(f.Code), f.FaultString()
	default:
		r.Status, r.Description = int(rpcext.CodeFailed), "FAILED: "+err.Error()
	}
	return r
}

// operation begins an operation on one process, called name in its
// faults. It returns a Waiter when the operation goes on.
type operation func(p *procman.Process, name string) (procman.Waiter, error)

// batch runs op on every process of procs in a state accepted by want, as
// supervisord's make_allfunc does: all of them at once; the results of
// the operations that ended at once first, in order, then the others as
// they end.
func batch(ctx context.Context, procs []*procman.Process, want func(procman.State) bool, op operation, wait bool) ([]Result, error) {
	results := []Result{}
	type pending struct {
		p    *procman.Process
		wait procman.Waiter
	}
	var waits []pending
	for _, p := range procs {
		if !want(p.Info().State) {
			continue
		}
		w, err := op(p, namespec(p))
		if err != nil || w == nil || !wait {
			results = append(results, result(p, err))
			continue
		}
		waits = append(waits, pending{p, w})
	}
	done := make(chan Result, len(waits))
	for _, w := range waits {
		go func() { done <- result(w.p, w.wait(ctx)) }()
	}
	for range waits {
		results = append(results, <-done)
	}
	return results, ctx.Err() // a client that went away gets no answer
}

// run runs op on the process name names, waiting if asked; "g:*" runs it
// on the group instead, answering an array.
func (s *Supervisor) run(ctx context.Context, name string, op operation, wait bool, group func(name string) ([]Result, error)) (any, error) {
	if err := s.update(); err != nil {
		return nil, err
	}
	g, p, err := s.lookup(name)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return group(g.Name())
	}
	w, err := op(p, name)
	if err != nil {
		return nil, err
	}
	if w != nil && wait {
		if err := w(ctx); err != nil {
			return nil, err
		}
	}
	return true, nil
}

// start begins starting p, with supervisord's faults.
func start(p *procman.Process, name string) (procman.Waiter, error) {
	w, err := p.StartAsync()
	if err != nil {
		return nil, startFault(err, name)
	}
	if w == nil {
		return nil, nil
	}
	return func(ctx context.Context) error { return startFault(w(ctx), name) }, nil
}

func startFault(err error, name string) error {
	var ce *procman.CommandError
	var se *procman.SpawnError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ce) && errors.Is(err, procman.ErrCommandNotFound):
		return rpcext.NewFault(rpcext.CodeNoFile, ce.Msg)
	case errors.As(err, &ce):
		return rpcext.NewFault(rpcext.CodeNotExecutable, ce.Msg)
	case errors.Is(err, procman.ErrAlreadyStarted):
		return rpcext.NewFault(rpcext.CodeAlreadyStarted, name)
	case errors.Is(err, procman.ErrUnknownState):
		return fault(rpcext.CodeFailed, "%s is in an unknown process state", name)
	case errors.As(err, &se):
		return rpcext.NewFault(rpcext.CodeSpawnError, name)
	case errors.Is(err, procman.ErrAbnormalTermination):
		return rpcext.NewFault(rpcext.CodeAbnormalTermination, name)
	case errors.Is(err, procman.ErrShuttingDown):
		return rpcext.NewFault(rpcext.CodeShutdownState, "")
	case errors.Is(err, procman.ErrNoSuchGroup):
		return rpcext.NewFault(rpcext.CodeBadName, name)
	}
	return err
}

// stop begins stopping p, with supervisord's faults.
func stop(p *procman.Process, name string) (procman.Waiter, error) {
	w, err := p.StopAsync()
	switch {
	case errors.Is(err, procman.ErrNotRunning):
		return nil, rpcext.NewFault(rpcext.CodeNotRunning, name)
	case err != nil:
		return nil, rpcext.NewFault(rpcext.CodeFailed, err.Error())
	}
	return w, nil
}

// StartProcess starts a process ("name", "group:name") and, unless wait is
// false, waits until it is RUNNING; "group:*" starts the group and answers
// startProcessGroup's array.
func (s *Supervisor) StartProcess(ctx context.Context, name string, wait rpcext.Optional[bool]) (any, error) {
	return s.run(ctx, name, start, wait.Or(true), func(g string) ([]Result, error) { return s.StartProcessGroup(ctx, g, wait) })
}

// StartProcessGroup starts every process of a group that is not running.
func (s *Supervisor) StartProcessGroup(ctx context.Context, name string, wait rpcext.Optional[bool]) ([]Result, error) {
	if err := s.update(); err != nil {
		return nil, err
	}
	g, err := s.group(name)
	if err != nil {
		return nil, err
	}
	return batch(ctx, g.Processes(), notRunning, start, wait.Or(true))
}

// StartAllProcesses starts every process that is not running.
func (s *Supervisor) StartAllProcesses(ctx context.Context, wait rpcext.Optional[bool]) ([]Result, error) {
	if err := s.update(); err != nil {
		return nil, err
	}
	return batch(ctx, s.host.Manager().Processes(), notRunning, start, wait.Or(true))
}

// StopProcess stops a process and, unless wait is false, waits until it is
// stopped; "group:*" stops the group.
func (s *Supervisor) StopProcess(ctx context.Context, name string, wait rpcext.Optional[bool]) (any, error) {
	return s.run(ctx, name, stop, wait.Or(true), func(g string) ([]Result, error) { return s.StopProcessGroup(ctx, g, wait) })
}

// StopProcessGroup stops every running process of a group.
func (s *Supervisor) StopProcessGroup(ctx context.Context, name string, wait rpcext.Optional[bool]) ([]Result, error) {
	if err := s.update(); err != nil {
		return nil, err
	}
	g, err := s.group(name)
	if err != nil {
		return nil, err
	}
	return batch(ctx, g.Processes(), procman.State.IsRunning, stop, wait.Or(true))
}

// StopAllProcesses stops every running process.
func (s *Supervisor) StopAllProcesses(ctx context.Context, wait rpcext.Optional[bool]) ([]Result, error) {
	if err := s.update(); err != nil {
		return nil, err
	}
	return batch(ctx, s.host.Manager().Processes(), procman.State.IsRunning, stop, wait.Or(true))
}

func notRunning(s procman.State) bool { return !s.IsRunning() }

// signaller returns the operation sending sig (as the client gave it).
func signaller(sig any) operation {
	return func(p *procman.Process, name string) (procman.Waiter, error) {
		n, err := signalNumber(sig)
		if err != nil {
			return nil, rpcext.NewFault(rpcext.CodeBadSignal, pyStr(sig))
		}
		switch err := p.Signal(n); {
		case errors.Is(err, procman.ErrNotRunning):
			return nil, rpcext.NewFault(rpcext.CodeNotRunning, name)
		case err != nil:
			return nil, rpcext.NewFault(rpcext.CodeFailed, err.Error())
		}
		return nil, nil
	}
}

// SignalProcess sends a signal, a name ("HUP", "SIGHUP") or a number
// ("1", or an int), to a process; "group:*" signals the group.
func (s *Supervisor) SignalProcess(name string, signal any) (any, error) {
	return s.run(context.Background(), name, signaller(signal), false,
		func(g string) ([]Result, error) { return s.SignalProcessGroup(g, signal) })
}

// SignalProcessGroup signals every process of a group that has a child.
func (s *Supervisor) SignalProcessGroup(name string, signal any) ([]Result, error) {
	if err := s.update(); err != nil {
		return nil, err
	}
	g, err := s.group(name)
	if err != nil {
		return nil, err
	}
	return batch(context.Background(), g.Processes(), procman.State.IsSignallable, signaller(signal), false)
}

// SignalAllProcesses signals every process that has a child.
func (s *Supervisor) SignalAllProcesses(signal any) ([]Result, error) {
	results, _ := batch(context.Background(), s.host.Manager().Processes(), procman.State.IsSignallable, signaller(signal), false)
	// As in supervisord, the shutdown check comes after the signals.
	if err := s.update(); err != nil {
		return nil, err
	}
	return results, nil
}

// signalNumber reads a signal as supervisord's signal_number does (int()
// first, then a name).
func signalNumber(v any) (syscall.Signal, error) {
	switch x := v.(type) {
	case string:
		return procman.ParseSignal(x)
	case int:
		return procman.SignalNumber(x)
	case int64:
		if x >= math.MinInt32 && x <= math.MaxInt32 {
			return procman.SignalNumber(int(x))
		}
	case bool:
		if x {
			return procman.SignalNumber(1)
		}
		return 0, nil
	case float64:
		if !math.IsNaN(x) && !math.IsInf(x, 0) && math.Abs(x) < math.MaxInt32 {
			return procman.SignalNumber(int(x))
		}
	}
	return 0, fmt.Errorf("not a signal: %v", v)
}

// pyStr formats a parameter as Python's str() would in a fault string.
func pyStr(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		if x {
			return "True"
		}
		return "False"
	case float64:
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if _, err := strconv.Atoi(s); err == nil {
			s += ".0"
		}
		return s
	}
	return fmt.Sprint(v)
}
