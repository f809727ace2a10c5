// Command rpcctl calls the XML-RPC API of supervisord 4.2.5, or of any
// server that publishes methods (a host built with package rpcext and its
// plugins, Python's SimpleXMLRPCServer), from a shell. supervisorctl drives
// processes; rpcctl calls any method a server publishes, a plugin's
// namespace included, and prints the answer as JSON for jq.
//
//	go install github.com/supervisorrpc/rpcinterface/cmd/rpcctl@latest
//
//	rpcctl -c /etc/supervisor/supervisord.conf call supervisor.getState
//	rpcctl -s http://127.0.0.1:9001 -u user -p 123 methods supervisor
//	rpcctl help supervisor.readLog
//	rpcctl call supervisor.getAllProcessInfo | jq -r '.[] | "\(.name) \(.statename)"'
//	printf '%s\n' '{"method":"supervisor.getPID"}' '{"method":"supervisor.getProcessInfo","params":["web"]}' | rpcctl multicall
//
// # Connection
//
// rpcctl finds its server as supervisorctl does. -c FILE (or
// -configuration) names the configuration file; without it, the first
// that exists of supervisorctl's search paths is read: etc/supervisord.conf
// and supervisord.conf in the directory above the program's (for a program
// found on PATH, above the directory it was found in), then
// supervisord.conf and etc/supervisord.conf in the working directory,
// /etc/supervisord.conf and /etc/supervisor/supervisord.conf. The file's
// [supervisorctl] section gives serverurl, username and password, read
// with config.LoadSupervisorctl exactly as supervisorctl reads them:
// %(here)s and %(ENV_X)s in serverurl, %(ENV_X)s in the credentials, a
// unix:// path made absolute; a file without that section is an error, as
// it is for supervisorctl. -s URL (-serverurl), -u USER (-username) and
// -p PASS (-password) win over the file; without either, the server is
// http://localhost:9001. Credentials are sent only when both a username
// and a password are set, as supervisorctl sends them. The URL is
// http://host:port, https://host:port or unix:///path/to.sock, /RPC2
// implied (package client).
//
// # Commands
//
// Options come before the command. A word after it that is one of
// rpcctl's options (-raw, --timeout=5s) is refused rather than sent as an
// argument; string:-raw sends it. -1 is an argument.
//
// methods [NAMESPACE] prints system.listMethods, one name a line, sorted;
// with NAMESPACE only its methods (none is an error).
//
// help METHOD prints the method's signatures ("supervisor.readLog(int, int)
// -> string") and its system.methodHelp text.
//
// call METHOD [ARG...] calls the method and prints its answer as indented
// JSON. Each ARG is converted to the type system.methodSignature gives for
// its parameter (int, double, boolean, string, dateTime.iso8601, base64,
// array, struct, and their usual synonyms such as integer or bool), so that
// `rpcctl call supervisor.startProcess 42` sends the string "42". Without a
// signature (supervisord has none for some methods, Python's server none at
// all), or where it says nothing ("mixed"), an ARG is guessed: true and
// false are booleans, 42 an int, 1.5 or 1e3 a double, text starting with [
// or { a JSON array or object, anything else a string. A TYPE: prefix
// forces a type whatever the signature says: string:1, int:7, i4:7, i8:7,
// double:1, boolean:true, base64:aGk=, dateTime.iso8601:2026-01-02T03:04:05,
// array:[1,2], struct:{"a":1}, nil: (a value that itself starts with a type
// name and a colon is written with string: in front). Values are written as
// rpcctl prints them: base64 in the standard alphabet (RFC 4648, padding
// optional), dateTime as YYYY-MM-DDTHH:MM:SS or YYYYMMDDTHH:MM:SS (XML-RPC
// carries no time zone), arrays and structs as JSON, in which an integer is
// an int (sent as <i8> beyond 32 bits), any other number a double, null
// nil. An argument that does not read as its type is a usage error, and
// nothing is sent.
//
// multicall reads calls from stdin, JSON objects one after the other
// ({"method": "supervisor.getProcessInfo", "params": ["web"]}; one a line,
// or spread over lines; params default to []), their params sent by their
// JSON types as JSON arrays are for call (no signature is looked up, so a
// base64 or dateTime.iso8601 parameter cannot be given there: use call);
// sends them as one system.multicall; and prints
// each call's answer as one line of JSON, in order. A call that faulted is
// printed as {"faultCode": 10, "faultString": "BAD_NAME: web"}. Answers are
// read in supervisord's dialect (rpcext's servers' default); -spec reads
// the multicall specification's (each value in an array of one), which
// Python's SimpleXMLRPCServer answers.
//
// # Output
//
// Answers are printed as JSON: ints and doubles as numbers, booleans,
// strings, nil as null, arrays, structs as objects with their members
// sorted by name, base64 as a string of standard base64 (RFC 4648, with
// padding), dateTime.iso8601 as "YYYY-MM-DDTHH:MM:SS" (ISO 8601, no zone).
// -raw prints the answer's XML as the server sent it instead (call and
// multicall). -timeout DURATION gives up after that long.
//
// # Exit status
//
//   - 0: success.
//   - 1: the server answered a fault, printed on stderr as its code and
//     fault string: "10 BAD_NAME: nosuch". In multicall, when any call
//     faulted: each such call is printed on stderr as "call N (METHOD): 10
//     BAD_NAME: nosuch", N counting from 1 as the lines of the output, and
//     every answer is still printed on stdout.
//   - 2: a usage, configuration, connection, HTTP ("401 Unauthorized") or
//     protocol error, with the reason on stderr.
package main
