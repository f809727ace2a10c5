package statuspage

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// Actions are POSTed by the page's buttons: action is one of these, and
// processname names the process ("name" or "group:name") for those that
// act on one.
const (
	actionStart      = "start"
	actionStop       = "stop"
	actionRestart    = "restart"
	actionClearLog   = "clearlog"
	actionStopAll    = "stopall"
	actionRestartAll = "restartall"
	actionRefresh    = "refresh" // a GET: changes nothing
)

// maxForm bounds a POSTed form: the page's forms are a few hundred bytes.
const maxForm = 64 << 10

var errUnknownAction = errors.New("unknown action")

// waitTrue asks the supervisor namespace to wait for the outcome, as
// supervisord's page does before it answers.
var waitTrue = rpcext.Optional[bool]{Value: true, Set: true}

// serveAction runs a POSTed action and sends the browser back to the page
// with supervisord's message (POST, redirect, GET: reloading the page
// does not repeat the action).
func (p *Page) serveAction(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Bad Request: "+err.Error(), http.StatusBadRequest)
		return
	}
	if err := p.checkPost(r); err != nil {
		p.logger.Warn("statuspage: action refused", "remote", r.RemoteAddr, "error", err)
		http.Error(w, "Forbidden: "+err.Error()+". Nothing was done: reload the status page and use its buttons.", http.StatusForbidden)
		return
	}
	action, name := r.PostForm.Get("action"), r.PostForm.Get("processname")
	msg, err := p.act(r.Context(), action, name)
	if err != nil {
		http.Error(w, fmt.Sprintf("Bad Request: %v %q", err, action), http.StatusBadRequest)
		return
	}
	p.logger.Info("statuspage: "+action, "process", name, "message", msg, "remote", r.RemoteAddr)
	http.Redirect(w, r, p.messageURL(msg), http.StatusSeeOther)
}

// act runs one action and returns supervisord's message for its outcome
// (supervisor/web.py, StatusView.make_callback).
func (p *Page) act(ctx context.Context, action, name string) (string, error) {
	switch action {
	case actionStopAll:
		if _, err := p.sup.StopAllProcesses(ctx, waitTrue); err != nil {
			return unexpected(err), nil
		}
		return "All stopped at " + p.ctime(), nil
	case actionRestartAll:
		if _, err := p.sup.StopAllProcesses(ctx, waitTrue); err != nil {
			return unexpected(err), nil
		}
		if _, err := p.sup.StartAllProcesses(ctx, waitTrue); err != nil {
			return unexpected(err), nil
		}
		return "All restarted at " + p.ctime(), nil
	case actionStart, actionStop, actionRestart, actionClearLog:
	default:
		return "", errUnknownAction
	}
	if !p.exists(name) {
		return "No such process named " + name, nil
	}
	switch action {
	case actionStart:
		if _, err := p.sup.StartProcess(ctx, name, waitTrue); err != nil {
			return "ERROR: Process " + name + ": " + startError(err), nil
		}
		return "Process " + name + " started", nil
	case actionStop:
		if _, err := p.sup.StopProcess(ctx, name, waitTrue); err != nil {
			return unexpected(err), nil
		}
		return "Process " + name + " stopped", nil
	case actionRestart:
		// supervisord runs stopProcess and startProcess in a multicall
		// and reports the restart whatever their outcome.
		p.sup.StopProcess(ctx, name, waitTrue)
		p.sup.StartProcess(ctx, name, waitTrue)
		return "Process " + name + " restarted", nil
	default: // actionClearLog
		if err := p.sup.ClearProcessLogs(name); err != nil {
			return unexpected(err), nil
		}
		return "Log for " + name + " cleared", nil
	}
}

// exists reports whether name is a process's namespec.
func (p *Page) exists(name string) bool {
	infos, err := p.sup.GetAllProcessInfo()
	if err != nil {
		return false
	}
	for _, i := range infos {
		if namespec(i.Group, i.Name) == name {
			return true
		}
	}
	return false
}

// startError is supervisord's wording of a start's fault.
func startError(err error) string {
	var f *rpcext.Fault
	if errors.As(err, &f) {
		switch f.Code {
		case rpcext.CodeNoFile:
			return "no such file"
		case rpcext.CodeNotExecutable:
			return "file not executable"
		case rpcext.CodeAlreadyStarted:
			return "already started"
		case rpcext.CodeSpawnError:
			return "spawn error"
		case rpcext.CodeAbnormalTermination:
			return "abnormal termination"
		}
	}
	return unexpected(err)
}

// unexpected is supervisord's "unexpected rpc fault [code] text".
func unexpected(err error) string {
	var f *rpcext.Fault
	if errors.As(err, &f) {
		return fmt.Sprintf("unexpected rpc fault [%d] %s", f.Code, f.FaultString())
	}
	return fmt.Sprintf("unexpected rpc fault [%d] FAILED: %v", rpcext.CodeFailed, err)
}

// ctime is Python's time.ctime(): "Wed Dec  2 20:45:43 2026".
func (p *Page) ctime() string { return p.now().Format("Mon Jan _2 15:04:05 2006") }

// namespec is supervisord's make_namespec.
func namespec(group, name string) string {
	if group == name {
		return name
	}
	return group + ":" + name
}
