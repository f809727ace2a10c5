package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/supervisorrpc/rpcinterface/client"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// Exit statuses.
const (
	exitOK    = 0 // the call(s) succeeded
	exitFault = 1 // the server answered a fault (in multicall: any call did)
	exitError = 2 // usage, configuration, connection, HTTP or protocol error
)

// prog names rpcctl in its messages.
const prog = "rpcctl"

const usage = `Usage: rpcctl [options] COMMAND [ARG...]

Calls the XML-RPC API of supervisord, or of any server that publishes
methods (rpcext hosts and their plugins), from a shell.

Commands:
  methods [NAMESPACE]    the server's methods (only NAMESPACE's), one a line, sorted
  help METHOD            METHOD's signatures and help text
  call METHOD [ARG...]   call METHOD; print the answer as indented JSON
  multicall              read calls from stdin, one JSON object each:
                           {"method": "supervisor.getProcessInfo", "params": ["web"]}
                         (params sent by their JSON types, without signatures)
                         call them in one system.multicall; print each answer
                         as one line of JSON, in order; a fault as
                           {"faultCode": 10, "faultString": "BAD_NAME: web"}

Options (before the command):
  -c, -configuration FILE  read [supervisorctl] serverurl, username and password
                           from FILE. Without -c the first that exists of
                           supervisorctl's search paths is read: ../etc/supervisord.conf
                           and ../supervisord.conf beside the rpcctl program,
                           supervisord.conf, etc/supervisord.conf, /etc/supervisord.conf,
                           /etc/supervisor/supervisord.conf; with none, the
                           defaults are http://localhost:9001 and no credentials.
  -s, -serverurl URL       the server: http://host:port, https://host:port or
                           unix:///path/to.sock (/RPC2 is implied); wins over FILE
  -u, -username USER       the username (wins over FILE)
  -p, -password PASS       the password (wins over FILE); credentials are sent
                           only when both a username and a password are given
  -raw                     print the answer's XML as the server sent it (call,
                           multicall) instead of JSON
  -spec                    read multicall answers in the multicall specification's
                           dialect (each value in an array of one; Python's
                           SimpleXMLRPCServer) instead of supervisord's
  -timeout DURATION        give up after DURATION (e.g. 30s); default: no limit

Arguments of call:
  Each ARG is converted to the type the method's system.methodSignature gives
  for it (int, double, boolean, string, dateTime.iso8601, base64, array, struct).
  Without a signature, or where it says nothing (mixed), ARG is guessed:
  true and false are booleans, 42 an int, 1.5 or 1e3 a double, text starting
  with [ or { a JSON array or object, anything else a string. A TYPE: prefix
  forces a type: string:1 sends the string "1", int:7, double:1, boolean:true,
  base64:aGk=, dateTime.iso8601:2026-01-02T03:04:05, array:[1], struct:{},
  nil: (a value that itself starts with a type name and a colon needs string:
  in front). Values are written as they are printed: base64 in the standard
  alphabet (RFC 4648), dateTime as YYYY-MM-DDTHH:MM:SS or YYYYMMDDTHH:MM:SS
  (no time zone: XML-RPC has none), arrays and structs as JSON, where an
  integer is an int (<i8> beyond 32 bits) and any other number a double.

Output:
  Answers are JSON: structs as objects (members sorted), base64 as a string of
  standard base64, dateTime.iso8601 as YYYY-MM-DDTHH:MM:SS, nil as null.

Exit status:
  0  success
  1  a fault, printed on stderr as CODE FAULTSTRING ("10 BAD_NAME: web");
     in multicall, any call that faulted (each is printed on stderr as
     "call N (METHOD): CODE FAULTSTRING", N counting from 1 as the output lines)
  2  a usage, configuration, connection, HTTP (401 Unauthorized) or protocol
     error, with the reason on stderr

Examples:
  rpcctl -c /etc/supervisor/supervisord.conf call supervisor.getState
  rpcctl -s http://127.0.0.1:9001 -u user -p 123 methods supervisor
  rpcctl call supervisor.readLog 0 500 | jq -r .
  echo '{"method":"supervisor.getPID"}' | rpcctl multicall
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// app is one run of rpcctl.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// exists reports whether a file of the config search exists.
	exists    func(path string) bool
	raw, spec bool
	conn      conn
	c         *client.Client
}

// run runs rpcctl with argv (argv[0] is the program, for the config
// search) and returns the exit status.
func run(ctx context.Context, argv []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, exists: fileExists}
	return a.run(ctx, argv)
}

// run is run with the app's streams and file system.
func (a *app) run(ctx context.Context, argv []string) int {
	if len(argv) == 0 {
		argv = []string{prog}
	}
	var cf connFlags
	fs, timeout := a.flagSet(&cf)
	if err := fs.Parse(argv[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			io.WriteString(a.stdout, usage)
			return exitOK
		}
		return a.usageError("%v", err)
	}
	args := fs.Args()
	if len(args) == 0 {
		return a.usageError("no command (methods, help, call or multicall)")
	}
	cmd, args := args[0], args[1:]
	for _, arg := range args {
		if name, ok := optionName(fs, arg); ok {
			return a.usageError("options go before the command (rpcctl -%s ... %s ...); to send %q as an argument, write string:%s", name, cmd, arg, arg)
		}
	}
	runCmd, problem := a.command(cmd, len(args))
	if problem != "" {
		return a.usageError("%s", problem)
	}
	if (a.raw && cmd != "call" && cmd != "multicall") || (a.spec && cmd != "multicall") {
		return a.usageError("-raw is for call and multicall, -spec for multicall")
	}

	var err error
	if a.conn, err = resolveConn(cf, argv[0], a.exists); err != nil {
		return a.errorf("%v", err)
	}
	opts := []client.Option{}
	if a.conn.auth {
		opts = append(opts, client.WithBasicAuth(a.conn.username, a.conn.password))
	}
	if a.spec {
		opts = append(opts, client.WithSpecMulticall())
	}
	if a.c, err = client.Dial(a.conn.serverURL, opts...); err != nil {
		return a.errorf("%s", strings.TrimPrefix(err.Error(), "client: "))
	}
	defer a.c.Close()
	if *timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *timeout)
		defer cancel()
	}
	return runCmd(ctx, args)
}

// flagSet returns rpcctl's options, storing the connection's in cf and
// the others in a; the second result is -timeout's value.
func (a *app) flagSet(cf *connFlags) (*flag.FlagSet, *time.Duration) {
	fs := flag.NewFlagSet(prog, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported by run, help is usage
	fs.Usage = func() {}
	for _, f := range []struct {
		names []string
		dst   **string
		what  string
	}{
		{[]string{"c", "configuration"}, &cf.config, "the configuration file"},
		{[]string{"s", "serverurl"}, &cf.serverURL, "the server's URL"},
		{[]string{"u", "username"}, &cf.username, "the username"},
		{[]string{"p", "password"}, &cf.password, "the password"},
	} {
		for _, name := range f.names {
			fs.Func(name, f.what, func(v string) error { *f.dst = &v; return nil })
		}
	}
	fs.BoolVar(&a.raw, "raw", false, "print the answer's XML")
	fs.BoolVar(&a.spec, "spec", false, "read multicall answers in the specification's dialect")
	return fs, fs.Duration("timeout", 0, "give up after this long")
}

// optionName reports whether arg, after the command, is one of rpcctl's
// options (-raw, --timeout=5s, -h), which must come before it: a mistake
// that would otherwise send the option as an argument.
func optionName(fs *flag.FlagSet, arg string) (string, bool) {
	name, ok := strings.CutPrefix(arg, "-")
	if !ok {
		return "", false
	}
	name = strings.TrimPrefix(name, "-")
	name, _, _ = strings.Cut(name, "=")
	return name, fs.Lookup(name) != nil || name == "h" || name == "help"
}

// command returns the command called name, or what is wrong with it or
// with its number of arguments.
func (a *app) command(name string, nargs int) (func(context.Context, []string) int, string) {
	switch name {
	case "methods":
		if nargs > 1 {
			return nil, fmt.Sprintf("methods takes at most one namespace, not %d arguments", nargs)
		}
		return a.methods, ""
	case "help":
		if nargs != 1 {
			return nil, "help takes one method name"
		}
		return a.help, ""
	case "call":
		if nargs == 0 {
			return nil, "call needs a method name"
		}
		return a.call, ""
	case "multicall":
		if nargs != 0 {
			return nil, "multicall reads its calls from stdin and takes no arguments"
		}
		return a.multicall, ""
	}
	return nil, fmt.Sprintf("unknown command %q (methods, help, call or multicall)", name)
}

// usageError reports a mistake on the command line.
func (a *app) usageError(format string, args ...any) int {
	fmt.Fprintf(a.stderr, "%s: %s\nFor help, use %s -h\n", prog, fmt.Sprintf(format, args...), prog)
	return exitError
}

// errorf reports an error that is not a fault.
func (a *app) errorf(format string, args ...any) int {
	fmt.Fprintf(a.stderr, "%s: %s\n", prog, fmt.Sprintf(format, args...))
	return exitError
}

// fail reports the error of a call: a fault as CODE FAULTSTRING (exit
// 1), anything else with its reason (exit 2).
func (a *app) fail(err error) int {
	if f, ok := err.(*xmlrpc.Fault); ok {
		fmt.Fprintln(a.stderr, faultLine(f))
		return exitFault
	}
	msg := strings.TrimPrefix(err.Error(), "client: ")
	var he *client.HTTPError
	if errors.As(err, &he) && he.StatusCode == 401 {
		if a.conn.auth {
			msg += " (wrong username or password)"
		} else {
			msg += " (the server wants a username and password: -u and -p, or [supervisorctl] username and password)"
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		msg += " (-timeout)"
	}
	return a.errorf("%s", msg)
}
