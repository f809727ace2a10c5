// Package config reads supervisord configuration files the way supervisord
// 4.2.5 reads them: Python's configparser dialect (comments, continuation
// lines, [DEFAULT]), [include] files found with Python's glob rules,
// %(here)s and %(ENV_X)s expansion, [supervisord] environment=, and the
// sections a host of the XML-RPC interface needs ([rpcinterface:x],
// [inet_http_server], [unix_http_server]). Errors are *Error values naming
// file, line, section and key, with supervisord's wording where
// supervisord reports the same problem.
//
// It is the first step of the flow package rpcext describes: a host calls
// Load (or rpcext.LoadConfig, which forwards here), then rpcext.Mount
// hands each [rpcinterface:x] section's Options to the factory the section
// names. Options converts values for the factory (Int, Duration, Bool,
// Strings, Decode, ...) with one set of rules, and remembers which keys
// the factory read: CheckRead, which Mount calls, refuses the others, as
// supervisord refuses a keyword argument its factory does not take.
//
// LoadSupervisorctl reads a file's [supervisorctl] section as supervisorctl
// reads it (no [include], its own expansion names), for programs that
// connect to supervisord the way supervisorctl does (cmd/rpcctl).
//
// Which %(name)s each value may use is decided in one table
// (expansionRules, exposed by Config.Expansions), as supervisord's
// read_config decides it: ENV_X everywhere, here in [supervisord] and
// program-like sections, and so on.
//
// The package knows nothing of XML-RPC or HTTP and imports nothing of this
// module but its internal Python-compatibility helpers.
package config
