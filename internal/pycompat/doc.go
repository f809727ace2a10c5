// Package pycompat holds the pieces of Python 3.11 (and of
// supervisor.datatypes) whose exact behaviour supervisord's configuration
// handling and messages depend on: str's whitespace, strip, split and
// lower, repr() and ascii(), the %-operator on a mapping (Format, Dict),
// int() for bases 8 and 10, shlex in supervisord's two uses (Split for
// command=, DictOfKeyValuePairs for environment=).
//
// Package config reads configuration files with it and the example process
// manager (example/procman) reads [program:x] sections with it, so both
// agree with supervisord, and with each other, on every quirk.
package pycompat
