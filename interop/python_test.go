package interop_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"testing"
)

// pyCase is a Python expression for testdata/pyclient.py (s is the
// ServerProxy) and what pyclient.py must show for its result: the value
// with its Python type (ints bare, floats by repr, str and bytes by repr,
// DateTime(...), Binary(...), Fault(code, string), ProtocolError(code,
// reason), or "Exception: message" for anything else raised).
type pyCase struct {
	expr, want string
}

// runPython evaluates the cases in order, in one python3 process talking
// to url through xmlrpc.client, and checks each result.
func runPython(t *testing.T, url string, flags []string, cases []pyCase) {
	t.Helper()
	python := requireTool(t, "python3")
	exprs := make([]string, len(cases))
	for i, c := range cases {
		exprs[i] = c.expr
	}
	in, err := json.Marshal(exprs)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, append([]string{"testdata/pyclient.py", url}, flags...)...)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3 pyclient.py: %v\n%s", err, stderr.Bytes())
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(cases) {
		t.Fatalf("pyclient.py printed %q (%v), want %d results", out, err, len(cases))
	}
	for i, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			if got[i] != c.want {
				t.Errorf("%s\n got  %s\n want %s", c.expr, got[i], c.want)
			}
		})
	}
}

// TestPythonValues round-trips every XML-RPC type xmlrpc.client sends
// through echo.echo, and reads the types the plugins answer.
func TestPythonValues(t *testing.T) {
	requireTool(t, "python3")
	h := startHost(t)
	runPython(t, h.URL, []string{"--allow-none"}, []pyCase{
		{`s.echo.echo(0)`, `0`},
		{`s.echo.echo(42)`, `42`},
		{`s.echo.echo(-2**31)`, `-2147483648`},
		{`s.echo.echo(2**31 - 1)`, `2147483647`},
		// xmlrpc.client refuses to send ints beyond 32 bits itself...
		{`s.echo.echo(2**31)`, `OverflowError: int exceeds XML-RPC limits`},
		// ...but reads <i8>, which the server answers for them.
		{`s.echo.echo(I8(2**31))`, `2147483648`},
		{`s.echo.echo(I8(2**63 - 1))`, `9223372036854775807`},
		{`s.echo.echo(I8(-2**63))`, `-9223372036854775808`},
		{`s.echo.echo(I8(7))`, `7`},
		{`s.echo.big()`, `1099511627776`},
		{`s.echo.echo(True)`, `True`},
		{`s.echo.echo(False)`, `False`},
		{`s.echo.echo('hello')`, `'hello'`},
		{`s.echo.echo('')`, `''`},
		{`s.echo.echo('héllo wörld ключ 中文 😀')`, `'héllo wörld ключ 中文 😀'`},
		{`s.echo.echo('<&> "quoted" \'single\' ]]>')`, `'<&> "quoted" \'single\' ]]>'`},
		{`s.echo.echo('  lead\ttab\ntrail  ')`, `'  lead\ttab\ntrail  '`},
		// xmlrpc.client sends \r raw and XML parsing turns it into \n (as
		// supervisord's expat does).
		{`s.echo.echo('a\r\nb\rc')`, `'a\nb\nc'`},
		{`s.echo.echo(0.1)`, `0.1`},
		{`s.echo.echo(1e300)`, `1e+300`},
		{`s.echo.echo(-1e-300)`, `-1e-300`},
		{`s.echo.echo(5e-324)`, `5e-324`},
		{`s.echo.echo(-0.0)`, `-0.0`},
		{`s.echo.echo(1.0)`, `1.0`},
		{`s.echo.echo(123456789.125)`, `123456789.125`},
		{`s.echo.echo(DateTime('20240102T03:04:05'))`, `DateTime('20240102T03:04:05')`},
		{`s.echo.echo(datetime(1999, 12, 31, 23, 59, 59))`, `DateTime('19991231T23:59:59')`},
		{`s.echo.echo(Binary(b'\x00\x01binary\xff\xfe'))`, `Binary(b'\x00\x01binary\xff\xfe')`},
		{`s.echo.echo(Binary(b''))`, `Binary(b'')`},
		{`s.echo.echo(Binary(bytes(range(256)) * 4)).data == bytes(range(256)) * 4`, `True`},
		{`s.echo.echo([])`, `[]`},
		{`s.echo.echo({})`, `{}`},
		{`s.echo.echo([1, 'two', 3.5, False, None])`, `[1, 'two', 3.5, False, None]`},
		{`s.echo.echo({'a': 1, 'b': 'two', 'ü <&>': 3})`, `{'a': 1, 'b': 'two', 'ü <&>': 3}`},
		{`s.echo.echo({'list': [1, [2, [3, {'deep': Binary(b'\xff')}]]], 'when': DateTime('20240102T03:04:05'), 'none': None})`,
			`{'list': [1, [2, [3, {'deep': Binary(b'\xff')}]]], 'none': None, 'when': DateTime('20240102T03:04:05')}`},
		{`s.echo.echo(None)`, `None`},
		{`s.echo.none()`, `None`},
		{`s.echo.types()`, `{'array': [1, 'two', False], 'base64': Binary(b'\x00\x01binary\xff'), 'boolean': True, 'dateTime': DateTime('20240102T03:04:05'), 'double': 1.5, 'int': 42, 'string': 'hello <&> world', 'struct': {'a': 1, 'b': 'two'}}`},
		{`s.echo.ping()`, `'pong'`},
		{`s.echo.add(1, 2)`, `3`},
		{`s.echo.add(1, 0.5)`, `1.5`},
		{`s.echo.count(1, 'a', None, [])`, `4`},
		{`s.echo.optional(1)`, `11`},
		{`s.echo.optional(1, 2)`, `3`},
		{`s.another.getRetries()`, `4`},
		{`s.another.setRetries(6)`, `True`},
		{`s.another.getRetries()`, `6`},
	})
}

// TestPythonNoneRefusedByClient checks that without allow_none the client
// refuses to send None but still reads <nil/> answers.
func TestPythonNoneRefusedByClient(t *testing.T) {
	requireTool(t, "python3")
	h := startHost(t)
	runPython(t, h.URL, nil, []pyCase{
		{`s.echo.echo(None)`, `TypeError: cannot marshal None unless allow_none is enabled`},
		{`s.echo.none()`, `None`},
	})
}

// TestPythonBuiltinTypes reads base64 and dateTime as bytes and datetime
// (use_builtin_types=True), and sends bytes, including non-UTF-8 ones.
func TestPythonBuiltinTypes(t *testing.T) {
	requireTool(t, "python3")
	h := startHost(t)
	runPython(t, h.URL, []string{"--builtin-types"}, []pyCase{
		{`s.echo.echo(b'\xff\xfe\x00raw')`, `b'\xff\xfe\x00raw'`},
		{`s.echo.echo(bytearray(b'\x80'))`, `b'\x80'`},
		{`s.echo.echo(datetime(2024, 2, 29, 12, 0, 1))`, `datetime('2024-02-29T12:00:01')`},
		{`s.echo.types()['base64']`, `b'\x00\x01binary\xff'`},
		{`s.echo.types()['dateTime']`, `datetime('2024-01-02T03:04:05')`},
	})
}

// TestPythonFaults checks faults and HTTP errors as xmlrpc.client raises
// them.
func TestPythonFaults(t *testing.T) {
	requireTool(t, "python3")
	h := startHost(t)
	runPython(t, h.URL, nil, []pyCase{
		{`s.echo.concat(1, 'x')`, `Fault(3, 'BAD_ARGUMENTS: concat needs two strings')`},
		{`s.echo.concat('a', 'b')`, `'ab'`},
		{`s.echo.fail(70, 'nr')`, `Fault(70, 'NOT_RUNNING: nr')`},
		{`s.echo.fail(70)`, `Fault(70, 'NOT_RUNNING')`},
		{`s.echo.fail(10, 'x <&> ü')`, `Fault(10, 'BAD_NAME: x <&> ü')`},
		{`s.echo.fail(999, 'odd')`, `Fault(999, 'UNKNOWN: odd')`},
		{`s.echo.failPlain('disk full')`, `Fault(30, 'FAILED: disk full')`},
		{`s.echo.nosuch()`, `Fault(1, 'UNKNOWN_METHOD')`},
		{`s.nosuch.method()`, `Fault(1, 'UNKNOWN_METHOD')`},
		{`s.echo.add(1)`, `Fault(2, 'INCORRECT_PARAMETERS')`},
		{`s.another.setRetries(-1)`, `Fault(3, 'BAD_ARGUMENTS: retries must not be negative, got -1')`},
		{`s.another.getRetries()`, `4`},
		{`s.echo.boom()`, `ProtocolError(500, 'Internal Server Error')`},
		{`s.echo.ping()`, `'pong'`}, // the connection still works after the 500
	})
}

// TestPythonCache drives supervisor_cache's namespace as its supervisorctl
// plugin and other Python clients do (the transcript recorded against
// supervisord 4.2.5 with the Python plugin).
func TestPythonCache(t *testing.T) {
	requireTool(t, "python3")
	h := startHost(t)
	const badKey = `Fault(10, 'BAD_NAME: Cache key must be a non-empty string')`
	runPython(t, h.URL, []string{"--allow-none"}, []pyCase{
		{`s.cache.getAPIVersion()`, `'0.2'`},
		{`s.cache.getKeys()`, `[]`},
		{`s.cache.getCount()`, `0`},
		{`s.cache.store('foo', 'bar baz')`, `True`},
		{`s.cache.store('n', 42)`, `True`},
		{`s.cache.store('l', [1, 'a', True])`, `True`},
		{`s.cache.store('s', {'a': 1, 'b': [2]})`, `True`},
		{`s.cache.store('ü <&>', DateTime('20240102T03:04:05'))`, `True`},
		{`s.cache.store('bin', Binary(b'\xff\x00'))`, `True`},
		{`s.cache.store('f', 0.1)`, `True`},
		{`s.cache.store('none', None)`, `True`},
		{`s.cache.store(42, 'x')`, badKey},
		{`s.cache.store('', 'x')`, badKey},
		{`s.cache.store(True, 'x')`, badKey},
		{`s.cache.store(['k'], 'x')`, badKey},
		{`s.cache.store('k')`, `Fault(2, 'INCORRECT_PARAMETERS')`},
		{`s.cache.fetch('foo')`, `'bar baz'`},
		{`s.cache.fetch('n')`, `42`},
		{`s.cache.fetch('l')`, `[1, 'a', True]`},
		{`s.cache.fetch('s')`, `{'a': 1, 'b': [2]}`},
		{`s.cache.fetch('ü <&>')`, `DateTime('20240102T03:04:05')`},
		// supervisord would answer the string 'ÿ\x00' here: it turns
		// <base64> parameters into text.
		{`s.cache.fetch('bin')`, `Binary(b'\xff\x00')`},
		{`s.cache.fetch('f')`, `0.1`},
		// supervisord stores None but then fails the fetch with HTTP 500.
		{`s.cache.fetch('none')`, `None`},
		{`s.cache.fetch('missing')`, `Fault(10, 'BAD_NAME')`},
		{`s.cache.fetch(42)`, badKey},
		{`s.cache.getKeys()`, `['bin', 'f', 'foo', 'l', 'n', 'none', 's', 'ü <&>']`},
		{`s.cache.getCount()`, `8`},
		{`s.cache.delete('missing')`, `True`},
		{`s.cache.delete('foo')`, `True`},
		{`s.cache.delete(1)`, badKey},
		{`s.cache.getCount()`, `7`},
		{`s.cache.clear()`, `True`},
		{`s.cache.getKeys()`, `[]`},
	})
}

// TestPythonIntrospection checks system.* as Python clients see it.
func TestPythonIntrospection(t *testing.T) {
	requireTool(t, "python3")
	h := startHost(t)
	runPython(t, h.URL, nil, []pyCase{
		{`sorted(m for m in s.system.listMethods() if m.startswith('cache.'))`,
			`['cache.clear', 'cache.delete', 'cache.fetch', 'cache.getAPIVersion', 'cache.getCount', 'cache.getKeys', 'cache.store']`},
		{`[m for m in ('echo.echo', 'echo.types', 'another.getRetries', 'system.multicall') if m in s.system.listMethods()]`,
			`['echo.echo', 'echo.types', 'another.getRetries', 'system.multicall']`},
		{`s.system.methodSignature('cache.getCount')`, `['integer']`},
		{`s.system.methodSignature('cache.store')`, `['boolean', 'string', 'string']`},
		{`s.system.methodSignature('echo.add')`, `['int', 'int', 'int']`},
		{`s.system.methodHelp('cache.fetch')`,
			`" Retrieve data from cache stored under 'key'\n\n        @param  string key  The cache key\n        @return string      Cache data stored at key\n        "`},
		{`s.system.methodHelp('echo.ping')`, `" Answer 'pong'.\n\n        @return string result Always 'pong'\n        "`},
	})
}

// multicallCases are the same calls as a raw system.multicall and through
// xmlrpc.client.MultiCall.
const (
	rawMulticall = `s.system.multicall([{'methodName': 'echo.ping', 'params': []}, {'methodName': 'echo.add', 'params': [1, 2]}, {'methodName': 'echo.fail', 'params': [70, 'nr']}, {'methodName': 'cache.getAPIVersion', 'params': []}])`
	clientMulti  = `multicall(('echo.ping',), ('echo.add', 1, 2), ('echo.fail', 70, 'nr'), ('cache.getAPIVersion',))`
)

// TestPythonMulticall checks both multicall dialects: supervisord's (the
// host's default: bare results, which xmlrpc.client.MultiCall cannot read,
// exactly as with supervisord itself) and the specification's (results
// wrapped in one-item arrays, which MultiCall expects).
func TestPythonMulticall(t *testing.T) {
	supervisord := []pyCase{
		{rawMulticall, `['pong', 3, {'faultCode': 70, 'faultString': 'NOT_RUNNING: nr'}, '0.2']`},
		{clientMulti, `ValueError: unexpected type in multicall result`},
		{`s.system.multicall([{'methodName': 'system.multicall', 'params': [[]]}, {'methodName': 'echo.nosuch'}])`,
			`[{'faultCode': 2, 'faultString': 'INCORRECT_PARAMETERS: Recursive system.multicall forbidden'}, {'faultCode': 1, 'faultString': 'UNKNOWN_METHOD'}]`},
	}
	spec := []pyCase{
		{rawMulticall, `[['pong'], [3], {'faultCode': 70, 'faultString': 'NOT_RUNNING: nr'}, ['0.2']]`},
		{clientMulti, `['pong', 3, Fault(70, 'NOT_RUNNING: nr'), '0.2']`},
		{`multicall(('cache.store', 'k', [1, 2]), ('cache.fetch', 'k'), ('cache.fetch', ''))`,
			`[True, [1, 2], Fault(10, 'BAD_NAME: Cache key must be a non-empty string')]`},
	}
	requireTool(t, "python3")
	t.Run("supervisord dialect, host", func(t *testing.T) {
		runPython(t, startHost(t).URL, nil, supervisord)
	})
	t.Run("spec dialect, in process", func(t *testing.T) {
		runPython(t, startSpecServer(t), nil, spec)
	})
	t.Run("spec dialect, host -spec-multicall", func(t *testing.T) {
		if !hostHasFlag(t, "spec-multicall") {
			t.Skip("skipping: the example host has no -spec-multicall flag; the spec dialect is tested in process")
		}
		runPython(t, startHost(t, "-spec-multicall").URL, nil, spec)
	})
}
