package rpcext

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/supervisorrpc/rpcinterface/internal/logcut"
	"github.com/supervisorrpc/rpcinterface/namespace"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// callGrace is how long the handler waits for a method to return once
// its context is done (the call timed out, or the client went away)
// before it gives up on it.
const callGrace = time.Second

// served is what a call run by serveTimed produced.
type served struct {
	resp []byte
	info namespace.CallInfo
	err  error
}

// serveTimed runs the call on its own goroutine with the call timeout as
// its context's deadline. A method that has not returned callGrace after
// its context is done is abandoned: the client gets fault FAILED "call
// timed out after ..." (or nothing, when it has gone away), and the
// goroutine keeps the request and response buffers, which it may still
// be using: they are never returned to the pool. The goroutine ends the
// call in g when the method returns, abandoned or not, so that a value a
// reload replaced is not closed under it.
func (h *Handler) serveTimed(w http.ResponseWriter, r *http.Request, g *generation, body []byte, in, out *[]byte, start time.Time) {
	ctx, cancel := context.WithTimeout(r.Context(), h.callTimeout)
	defer cancel()
	done := make(chan served, 1)
	go func() {
		defer g.done()
		defer func() {
			// The service recovers the methods' panics; this is for one
			// of its own, which must not take the process down.
			if v := recover(); v != nil {
				stack := debug.Stack()
				h.logger.Error("rpcext: dispatcher panicked", "panic", logcut.String(fmt.Sprint(v)), "stack", string(stack))
				done <- served{err: &namespace.PanicError{Value: v, Stack: stack}}
			}
		}()
		resp, info, err := g.svc.Serve(ctx, body, *out)
		done <- served{resp, info, err}
	}()

	var res served
	select {
	case res = <-done:
	case <-ctx.Done():
		grace := time.NewTimer(callGrace)
		select {
		case res = <-done:
			grace.Stop()
		case <-grace.C:
			h.abandon(w, r, body, start)
			return
		}
	}
	*out = res.resp[:0]
	if res.err == nil && res.info.Fault != nil && res.info.Method != "system.multicall" &&
		errors.Is(ctx.Err(), context.DeadlineExceeded) && r.Context().Err() == nil {
		// The method gave up when its deadline passed: say why.
		h.logger.Warn("rpcext: call timed out", "method", logcut.String(res.info.Method), "remote", r.RemoteAddr,
			"timeout", h.callTimeout, "returned", logcut.String(res.info.Fault.FaultString()))
		e := xmlrpc.NewEncoder(res.resp[:0])
		f := h.timeoutFault()
		e.Fault(int(f.Code), f.FaultString())
		res.resp = e.Bytes()
		*out = res.resp[:0]
	}
	h.answer(w, r, res.resp, res.info, res.err, start)
	h.release(in)
	h.release(out)
}

// abandon answers a call whose method did not return: a timeout fault, or
// nothing when the client has gone away. The method's name is read from
// the body, which its goroutine only reads too.
func (h *Handler) abandon(w http.ResponseWriter, r *http.Request, body []byte, start time.Time) {
	method := "?"
	if name, err := xmlrpc.NewDecoder(body, xmlrpc.Limits{}).MethodCall(); err == nil {
		method = string(name)
	}
	if r.Context().Err() != nil {
		h.logger.Warn("rpcext: client went away and the method ignores its context: abandoned", "method", logcut.String(method),
			"remote", r.RemoteAddr, "duration", time.Since(start))
		return
	}
	h.logger.Warn("rpcext: call timed out", "method", logcut.String(method), "remote", r.RemoteAddr, "timeout", h.callTimeout,
		"abandoned", true)
	f := h.timeoutFault()
	e := xmlrpc.NewEncoder(nil)
	e.Fault(int(f.Code), f.FaultString())
	h.writeXML(w, e.Bytes())
}

func (h *Handler) timeoutFault() *xmlrpc.Fault {
	return xmlrpc.Faultf(xmlrpc.CodeFailed, "call timed out after %v", h.callTimeout)
}
