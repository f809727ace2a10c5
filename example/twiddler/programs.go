package twiddler

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/supervisorrpc/rpcinterface/example/procman"
	"github.com/supervisorrpc/rpcinterface/rpcext"
)

// AddProgramToGroup adds program to the existing group, with options as
// in a [program:x] section of supervisord.conf (command is required; the
// others have supervisord's defaults). numprocs and process_name decide
// how many processes are added and their names. The new processes run
// under the host's manager like the others: with autostart (the default)
// they start at once. Faults: BAD_NAME "group: <group>" for an unknown
// group, INCORRECT_PARAMETERS for options that are not a struct or hold a
// bad value, BAD_NAME "<process>" for a process name the group has.
func (t *Twiddler) AddProgramToGroup(group, program string, options any) error {
	if err := t.update("addProgramToGroup"); err != nil {
		return err
	}
	m := t.host.Manager()
	g := m.Group(group)
	if g == nil {
		return noGroup(group)
	}
	values, err := optionValues(options)
	if err != nil {
		return err
	}
	pcs, err := procman.ProcessesFromOptions(t.host.Config(), program, group, values)
	if err != nil {
		return rpcext.NewFault(rpcext.CodeIncorrectParameters, procman.SupervisordMessage(err))
	}
	if name, ok := taken(g, pcs); ok {
		return rpcext.NewFault(rpcext.CodeBadName, name)
	}
	switch _, err := m.AddProcesses(group, pcs...); {
	case errors.Is(err, procman.ErrNoSuchGroup): // removed meanwhile
		return noGroup(group)
	case errors.Is(err, procman.ErrProcessExists): // added meanwhile
		name, _ := taken(g, pcs)
		return rpcext.NewFault(rpcext.CodeBadName, name)
	case err != nil:
		return err
	}
	return nil
}

// RemoveProcessFromGroup removes the process called process (its process
// name, not a "group:name" spec) from group. Only a stopped process can be
// removed; its log files stay on disk and the group stays, even if empty.
// Faults: BAD_NAME "group: <group>" for an unknown group, BAD_NAME
// "<process>" for an unknown process, STILL_RUNNING "<process>" for one
// that is not stopped (or still has a child).
func (t *Twiddler) RemoveProcessFromGroup(group, process string) error {
	if err := t.update("removeProcessFromGroup"); err != nil {
		return err
	}
	switch err := t.host.Manager().RemoveProcess(group, process); {
	case errors.Is(err, procman.ErrNoSuchGroup):
		return noGroup(group)
	case errors.Is(err, procman.ErrNoSuchProcess):
		return rpcext.NewFault(rpcext.CodeBadName, process)
	case errors.Is(err, procman.ErrStillRunning):
		return rpcext.NewFault(rpcext.CodeStillRunning, process)
	case err != nil:
		return err
	}
	return nil
}

// noGroup is supervisor_twiddler's fault for an unknown group.
func noGroup(name string) error {
	return rpcext.NewFault(rpcext.CodeBadName, "group: "+name)
}

// taken returns the first process name of pcs that g already has (or that
// comes twice in pcs).
func taken(g *procman.Group, pcs []procman.ProcessConfig) (string, bool) {
	seen := map[string]bool{}
	for _, pc := range pcs {
		if seen[pc.Name] || g.Process(pc.Name) != nil {
			return pc.Name, true
		}
		seen[pc.Name] = true
	}
	return "", false
}

// errOptions is supervisor_twiddler's answer to program options Python's
// dict() cannot read: INCORRECT_PARAMETERS without text.
var errOptions = rpcext.NewFault(rpcext.CodeIncorrectParameters, "")

// optionValues reads program options as supervisor_twiddler reads them
// with dict(): a struct, an array of [key, value] pairs, or an empty
// string (no options). Values become option text (see valueText).
func optionValues(options any) (map[string]string, error) {
	pairs := map[string]any{}
	switch o := options.(type) {
	case map[string]any:
		pairs = o
	case []any:
		for _, item := range o {
			pair, ok := item.([]any)
			if !ok || len(pair) != 2 {
				return nil, errOptions
			}
			k, ok := pair[0].(string)
			if !ok {
				return nil, errOptions
			}
			pairs[k] = pair[1]
		}
	case string:
		if o != "" {
			return nil, errOptions
		}
	case []byte:
		if len(o) != 0 {
			return nil, errOptions
		}
	default:
		return nil, errOptions
	}
	values := make(map[string]string, len(pairs))
	for k, v := range pairs {
		if v == nil {
			continue // an absent option, as supervisord reads None
		}
		s, ok := valueText(v)
		if !ok {
			return nil, rpcext.NewFault(rpcext.CodeIncorrectParameters,
				fmt.Sprintf("option %s must be a string, an integer, a boolean or a double, not %s", k, typeName(v)))
		}
		values[k] = s
	}
	return values, nil
}

// valueText returns the option text of a value: strings (and <base64>
// text) as they are, integers and integral doubles in decimal, booleans
// as 1 and 0 (what supervisord's integer and boolean options make of
// them), other doubles as Go's shortest text.
func valueText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case []byte:
		return string(v), utf8.Valid(v)
	case int:
		return strconv.Itoa(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case *big.Int:
		return v.String(), true
	case bool:
		if v {
			return "1", true
		}
		return "0", true
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return strconv.FormatInt(int64(v), 10), true
		}
		return strconv.FormatFloat(v, 'g', -1, 64), true
	}
	return "", false
}

// typeName names the XML-RPC type of a decoded value.
func typeName(v any) string {
	switch v.(type) {
	case []any:
		return "an array"
	case map[string]any:
		return "a struct"
	case time.Time:
		return "a dateTime.iso8601"
	case []byte:
		return "<base64> data that is not UTF-8 text"
	}
	return fmt.Sprintf("%T", v)
}
