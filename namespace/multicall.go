package namespace

import (
	"errors"
	"fmt"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// multicall runs system.multicall(calls) with supervisord's semantics,
// decoding and answering one call at a time: no call's parameters are
// materialized before it runs. Faults inside a call become that call's
// {faultCode, faultString} entry and the others go on:
//
//   - an entry without methodName: 2 "INCORRECT_PARAMETERS: No methodName";
//   - system.multicall inside: 2 "INCORRECT_PARAMETERS: Recursive
//     system.multicall forbidden";
//   - an entry that is not a struct, a methodName that is not a string,
//     params that are not an array: 2 INCORRECT_PARAMETERS saying so
//     (supervisord fails the whole request with HTTP 500);
//   - a method that panics: 30 FAILED (supervisord's answer to a Python
//     exception inside a multicall), logged with its stack.
//
// The whole request is checked before the first call runs: a malformed
// entry anywhere fails the request (HTTP 400) with no call made.
func (s *Service) multicall(c *call) error {
	d := c.d
	if !c.next() {
		return c.finish(1, 1)
	}
	// First pass: check the whole document, count the calls and note
	// what each needs (its method, where its params are), so that the
	// second pass reads only the params.
	entries := c.st.entries[:0]
	defer func() { c.st.entries = entries }()
	calls, notArray := 0, false
	arr, err := d.BeginArray()
	if err != nil {
		if _, ok := err.(*xmlrpc.TypeError); !ok {
			return err
		}
		notArray = true
	} else {
		for {
			ok, err := arr.Next()
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			calls++
			if calls > s.maxCalls {
				// Too many: refused below; only check the rest.
				if err := d.SkipValue(); err != nil {
					return err
				}
				continue
			}
			// Scanned in place: an entryInfo copied through the stack
			// stalls on store forwarding.
			entries = append(entries, entryInfo{})
			en := &entries[len(entries)-1]
			if err := s.scanEntry(d, en); err != nil {
				return err
			}
			if en.haveName && !en.nameErr {
				// Mostly the method of the entry before (whose name the
				// decoder then answers again: the compare is a pointer's).
				if n := len(entries); n > 1 && entries[n-2].haveName && !entries[n-2].nameErr && entries[n-2].name == en.name {
					en.m = entries[n-2].m
				} else {
					en.m = s.methods[en.name]
				}
			}
		}
	}
	if err := c.finish(1, 1); err != nil {
		return err
	}
	if notArray {
		return xmlrpc.NewFault(xmlrpc.CodeIncorrectParameters, "system.multicall takes an array of calls")
	}
	if calls > s.maxCalls {
		return xmlrpc.Faultf(xmlrpc.CodeIncorrectParameters,
			"system.multicall of %d calls exceeds the limit of %d", calls, s.maxCalls)
	}
	c.n = calls

	// Second pass: run each call, reading its params where they are.
	end := d.Mark()
	if err := c.e.BeginArray(); err != nil {
		return err
	}
	for i := range entries {
		err := s.entry(c, i, &entries[i])
		if err == nil && c.e.Full() { // a fault or small values may cross it too
			err = &xmlrpc.OutputLimitError{Max: c.e.MaxBytes}
		}
		if err != nil {
			if at, ok := tooLarge(err); ok {
				at.calls, at.at = calls, i+1
				return at
			}
			return err
		}
	}
	c.e.EndArray()
	d.Seek(end)
	return nil
}

// entryInfo is what the first pass learns of one multicall entry.
type entryInfo struct {
	notStruct  bool
	haveName   bool // a methodName member that is not <nil/>
	nameErr    bool // methodName is not a string
	name       string
	m          *Method // name's method, nil when there is none
	haveParams bool
	params     xmlrpc.Mark // the start of the params value
}

// maxKeptEntries bounds the entries a pooled state keeps room for.
const maxKeptEntries = 1024

// scanEntry reads one entry of a multicall, checking it, and notes its
// method name (the last methodName member wins, as in supervisord's
// dict) and where its params value starts (likewise).
func (s *Service) scanEntry(d *xmlrpc.Decoder, en *entryInfo) error {
	if name, params, ok := d.MulticallEntry(); ok {
		// The usual {methodName, params}, read in one go.
		en.haveName, en.name, en.haveParams, en.params = true, name, true, params
		return nil
	}
	st, err := d.BeginStruct()
	if err != nil {
		if _, ok := err.(*xmlrpc.TypeError); ok {
			en.notStruct = true
			return nil
		}
		return err
	}
	for {
		member, ok, err := st.Next()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		switch string(member) {
		case "methodName":
			name, err := d.DecodeString()
			en.haveName, en.nameErr, en.name = true, false, name
			if err != nil {
				te, ok := err.(*xmlrpc.TypeError)
				if !ok {
					return err
				}
				// <nil/> counts as no methodName; another type is
				// not a string.
				en.haveName = te.Got != "<nil/>"
				en.nameErr = en.haveName
			}
		case "params":
			en.params, en.haveParams = d.Mark(), true
			if err := d.SkipValue(); err != nil {
				return err
			}
		default: // ignored, as supervisord ignores other members
			if err := d.SkipValue(); err != nil {
				return err
			}
		}
	}
}

// entry runs call i of a multicall, appending its result or fault.
func (s *Service) entry(c *call, i int, en *entryInfo) error {
	d, e := c.d, c.e
	switch {
	case en.notStruct:
		e.FaultStruct(int(xmlrpc.CodeIncorrectParameters),
			fmt.Sprintf("INCORRECT_PARAMETERS: multicall entry %d is not a struct", i))
		return nil
	case !en.haveName:
		e.FaultStruct(int(xmlrpc.CodeIncorrectParameters), "INCORRECT_PARAMETERS: No methodName")
		return nil
	case en.nameErr:
		e.FaultStruct(int(xmlrpc.CodeIncorrectParameters),
			fmt.Sprintf("INCORRECT_PARAMETERS: multicall entry %d: methodName is not a string", i))
		return nil
	case en.name == "system.multicall":
		e.FaultStruct(int(xmlrpc.CodeIncorrectParameters), "INCORRECT_PARAMETERS: Recursive system.multicall forbidden")
		return nil
	}
	m := en.m
	name := en.name
	if m != nil {
		name = m.name // the same text, not in the request's arena
	}
	// Field by field: a call built on the stack and copied stalls on
	// store forwarding.
	inner := &c.st.inner
	*inner = call{}
	inner.ctx, inner.d, inner.e, inner.m, inner.st, inner.empty = c.ctx, d, e, m, c.st, !en.haveParams
	if en.haveParams {
		d.Seek(en.params)
		arr, err := d.BeginArray()
		if err != nil {
			if _, ok := err.(*xmlrpc.TypeError); !ok {
				return err
			}
			e.FaultStruct(int(xmlrpc.CodeIncorrectParameters),
				fmt.Sprintf("INCORRECT_PARAMETERS: multicall entry %d: params is not an array", i))
			return nil
		}
		inner.arr = arr
	}
	return s.runEntry(inner, name, i)
}

// runEntry runs call i of a multicall and appends its value or fault
// struct. Only a request-level error (a malformed body) is returned.
func (s *Service) runEntry(c *call, name string, i int) error {
	e := c.e
	start := e.Mark()
	wrap := s.dialect == MulticallSpec
	if wrap {
		if err := e.BeginArray(); err != nil {
			return err
		}
	}
	err := s.run(c, c.m, name, i)
	if err == nil {
		if wrap {
			e.EndArray()
		}
		return nil
	}
	if _, ok := tooLarge(err); ok || isRequestError(err) {
		return err // the whole multicall fails
	}
	e.Rewind(start)
	if pe, ok := errors.AsType[*PanicError](err); ok {
		// Logged by run; supervisord answers an exception inside a
		// multicall with FAILED for that call.
		e.FaultStruct(int(xmlrpc.CodeFailed), fmt.Sprintf("FAILED: panic: %v", pe.Value))
		return nil
	}
	f := s.fault(err, name)
	e.FaultStruct(int(f.Code), f.FaultString())
	return nil
}
