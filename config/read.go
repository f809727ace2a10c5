package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/supervisorrpc/rpcinterface/internal/suggest"
)

// ErrUnknownOption is the error of an option no one read: CheckRead's
// errors wrap it.
var ErrUnknownOption = errors.New("unknown option")

// readSet records which keys a factory asked for. Options values hold a
// pointer to one, so copies (a factory receives Options by value) share
// it. A nil *readSet records nothing.
type readSet struct {
	mu    sync.Mutex
	asked map[string]bool // lower-cased keys asked for, present or not
	all   bool            // every key is taken (Map, AcceptAny)
}

func (r *readSet) ask(key string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.asked == nil {
		r.asked = map[string]bool{}
	}
	r.asked[key] = true
}

func (r *readSet) acceptAny() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.all = true
}

// snapshot returns whether every key is taken and the keys asked for,
// sorted.
func (r *readSet) snapshot() (all bool, asked []string) {
	if r == nil {
		return false, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for k := range r.asked {
		asked = append(asked, k)
	}
	slices.Sort(asked)
	return r.all, asked
}

// AcceptAny declares that the factory takes any key, including keys it
// never reads, as a Python factory declared with **config and ignoring
// what it does not know does: CheckRead then reports nothing.
func (o Options) AcceptAny() { o.reads.acceptAny() }

// Clone returns the same options with a fresh record of what was read.
// rpcext.Mount hands each factory a clone, so that mounting one Config
// twice checks each factory's reads on their own.
func (o Options) Clone() Options {
	o.reads = &readSet{}
	return o
}

// Unread returns the keys no one has read since the options were made
// (or cloned), in file order: keys neither looked up (Lookup, String,
// Int, ..., Decode) nor taken by Map or AcceptAny.
func (o Options) Unread() []string {
	all, asked := o.reads.snapshot()
	if all {
		return nil
	}
	var out []string
	for _, e := range o.entries {
		if _, ok := slices.BinarySearch(asked, e.key); !ok {
			out = append(out, e.key)
		}
	}
	return out
}

// CheckRead reports the keys no one has read (see Unread) as errors a
// user can act on: an *Error for each, naming file, line, section and
// key, wrapping ErrUnknownOption, and suggesting the nearest key the
// factory did ask for ("did you mean retries?") or listing them. Several
// are joined with errors.Join. It returns nil when every key was read.
//
// supervisord passes every key of a section to the factory as a keyword
// argument, so a key the factory does not take stops supervisord with a
// TypeError; calling CheckRead after the factory gives the same outcome,
// with a message that says where the key is.
func (o Options) CheckRead() error {
	unread := o.Unread()
	if len(unread) == 0 {
		return nil
	}
	_, asked := o.reads.snapshot()
	errs := make([]error, 0, len(unread))
	for _, key := range unread {
		e, _ := o.lookupQuiet(key)
		var hint string
		switch near := suggest.Closest(key, asked, 1); {
		case len(near) > 0:
			hint = "did you mean " + near[0] + "?"
		case len(asked) > 0:
			hint = "the factory reads " + strings.Join(asked, ", ")
		default:
			hint = "the factory reads no options"
		}
		errs = append(errs, o.errorFor(e, fmt.Errorf("%w (%s)", ErrUnknownOption, hint)))
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// lookupQuiet finds key (lower-cased) without recording a read.
func (o Options) lookupQuiet(key string) (optEntry, bool) {
	i, ok := o.index[key]
	if !ok {
		return optEntry{}, false
	}
	return o.entries[i], true
}
