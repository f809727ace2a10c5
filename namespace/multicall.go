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
	// First pass: check the whole document and count the calls.
	mark := d.Mark()
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
			if err := d.SkipValue(); err != nil {
				return err
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

	// Second pass: run each call as it is decoded.
	end := d.Mark()
	d.Seek(mark)
	if arr, err = d.BeginArray(); err != nil {
		return err
	}
	if err := c.e.BeginArray(); err != nil {
		return err
	}
	for i := 0; ; i++ {
		ok, err := arr.Next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if err := s.entry(c, i); err != nil {
			return err
		}
	}
	c.e.EndArray()
	d.Seek(end)
	return nil
}

// entry runs one call of a multicall, appending its result or fault.
func (s *Service) entry(c *call, i int) error {
	d, e := c.d, c.e
	st, err := d.BeginStruct()
	if err != nil {
		if _, ok := err.(*xmlrpc.TypeError); ok {
			e.FaultStruct(int(xmlrpc.CodeIncorrectParameters),
				fmt.Sprintf("INCORRECT_PARAMETERS: multicall entry %d is not a struct", i))
			return nil
		}
		return err
	}
	var (
		name                string
		haveName, nameIsNil bool
		nameErr             error
		params              xmlrpc.Mark
		haveParams          bool
	)
	for {
		member, ok, err := st.Next()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch string(member) {
		case "methodName":
			v, err := d.DecodeAny()
			if err != nil {
				return err
			}
			haveName, nameIsNil, nameErr = true, v == nil, nil
			if str, ok := v.(string); ok {
				name = str
			} else if v != nil {
				nameErr = fmt.Errorf("multicall entry %d: methodName is not a string", i)
			}
		case "params":
			params, haveParams = d.Mark(), true
			if err := d.SkipValue(); err != nil {
				return err
			}
		default: // ignored, as supervisord ignores other members
			if err := d.SkipValue(); err != nil {
				return err
			}
		}
	}
	switch {
	case !haveName || nameIsNil:
		e.FaultStruct(int(xmlrpc.CodeIncorrectParameters), "INCORRECT_PARAMETERS: No methodName")
		return nil
	case nameErr != nil:
		e.FaultStruct(int(xmlrpc.CodeIncorrectParameters), "INCORRECT_PARAMETERS: "+nameErr.Error())
		return nil
	case name == "system.multicall":
		e.FaultStruct(int(xmlrpc.CodeIncorrectParameters), "INCORRECT_PARAMETERS: Recursive system.multicall forbidden")
		return nil
	}
	inner := &c.st.inner
	*inner = call{ctx: c.ctx, d: d, e: e, m: s.methods[name], st: c.st, empty: !haveParams}
	after := d.Mark()
	if haveParams {
		d.Seek(params)
		arr, err := d.BeginArray()
		if err != nil {
			if _, ok := err.(*xmlrpc.TypeError); !ok {
				return err
			}
			d.Seek(after)
			e.FaultStruct(int(xmlrpc.CodeIncorrectParameters),
				fmt.Sprintf("INCORRECT_PARAMETERS: multicall entry %d: params is not an array", i))
			return nil
		}
		inner.arr = arr
	}
	err = s.runEntry(inner, name)
	d.Seek(after)
	return err
}

// runEntry runs one multicall call and appends its value or fault
// struct. Only a request-level error (a malformed body) is returned.
func (s *Service) runEntry(c *call, name string) error {
	e := c.e
	start := e.Mark()
	wrap := s.dialect == MulticallSpec
	if wrap {
		if err := e.BeginArray(); err != nil {
			return err
		}
	}
	err := s.run(c, c.m, name)
	if err == nil {
		if wrap {
			e.EndArray()
		}
		return nil
	}
	if isRequestError(err) {
		return err
	}
	e.Rewind(start)
	var pe *PanicError
	if errors.As(err, &pe) {
		// Logged by run; supervisord answers an exception inside a
		// multicall with FAILED for that call.
		e.FaultStruct(int(xmlrpc.CodeFailed), fmt.Sprintf("FAILED: panic: %v", pe.Value))
		return nil
	}
	f := s.fault(err, name)
	e.FaultStruct(int(f.Code), f.FaultString())
	return nil
}
