package namespace

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

func faultStruct(code int, s string) map[string]any {
	return map[string]any{"faultCode": code, "faultString": s}
}

func multicall(entries ...string) []byte {
	return testkit.MethodCall("system.multicall", testkit.Array(entries...))
}

func TestMulticallDialects(t *testing.T) {
	entries := multicall(mcEntry("e.ping"), mcEntry("e.add", testkit.Int(1), testkit.Int(2)), mcEntry("e.fail", testkit.Int(10), testkit.String("web")), mcEntry("e.none"))
	s, _ := newEcho(t)
	r := serve(t, s, entries)
	wantValue(t, r, []any{"pong", 3, faultStruct(10, "BAD_NAME: web"), nil})
	if r.info.Method != "system.multicall" || r.info.Calls != 4 || r.info.Fault != nil {
		t.Fatalf("CallInfo %+v", r.info)
	}
	s, _ = newEcho(t, WithMulticallDialect(MulticallSpec))
	wantValue(t, serve(t, s, entries), []any{[]any{"pong"}, []any{3}, faultStruct(10, "BAD_NAME: web"), []any{nil}})
	// An empty batch.
	wantValue(t, serve(t, s, multicall()), []any{})
	wantValue(t, serve(t, s, testkit.MethodCall("system.multicall", "<value><array><data/></array></value>")), []any{})
}

func TestMulticallEntries(t *testing.T) {
	var logs testkit.LogBuffer
	s, _ := newEcho(t, WithLogger(logs.Logger(slog.LevelInfo)))
	cases := []struct {
		name  string
		entry string
		want  any
	}{
		{"recursion", mcEntry("system.multicall", testkit.Array()), faultStruct(2, "INCORRECT_PARAMETERS: Recursive system.multicall forbidden")},
		{"no methodName", testkit.Struct("params", testkit.Array(testkit.Int(1))), faultStruct(2, "INCORRECT_PARAMETERS: No methodName")},
		{"nil methodName", testkit.Struct("methodName", "<value><nil/></value>"), faultStruct(2, "INCORRECT_PARAMETERS: No methodName")},
		{"empty struct", testkit.Struct(), faultStruct(2, "INCORRECT_PARAMETERS: No methodName")},
		{"string entry", testkit.String("e.ping"), faultStruct(2, "INCORRECT_PARAMETERS: multicall entry 0 is not a struct")},
		{"int entry", testkit.Int(1), faultStruct(2, "INCORRECT_PARAMETERS: multicall entry 0 is not a struct")},
		{"array entry", testkit.Array(testkit.String("e.ping")), faultStruct(2, "INCORRECT_PARAMETERS: multicall entry 0 is not a struct")},
		{"nil entry", "<value><nil/></value>", faultStruct(2, "INCORRECT_PARAMETERS: multicall entry 0 is not a struct")},
		{"methodName not a string", testkit.Struct("methodName", testkit.Int(5)), faultStruct(2, "INCORRECT_PARAMETERS: multicall entry 0: methodName is not a string")},
		{"methodName an array", testkit.Struct("methodName", testkit.Array(testkit.String("e.ping"))), faultStruct(2, "INCORRECT_PARAMETERS: multicall entry 0: methodName is not a string")},
		{"params not an array", testkit.Struct("methodName", testkit.String("e.echo"), "params", testkit.String("x")), faultStruct(2, "INCORRECT_PARAMETERS: multicall entry 0: params is not an array")},
		{"params a struct", testkit.Struct("methodName", testkit.String("e.echo"), "params", testkit.Struct("a", testkit.Int(1))), faultStruct(2, "INCORRECT_PARAMETERS: multicall entry 0: params is not an array")},
		{"params before methodName", testkit.Struct("params", testkit.Array(testkit.Int(4), testkit.Int(5)), "methodName", testkit.String("e.add")), 9},
		{"no params", testkit.Struct("methodName", testkit.String("e.ping")), "pong"},
		{"no params for a variadic", testkit.Struct("methodName", testkit.String("e.count")), 0},
		{"no params, one needed", testkit.Struct("methodName", testkit.String("e.echo")), faultStruct(2, "INCORRECT_PARAMETERS")},
		{"extra members ignored", testkit.Struct("x", testkit.Int(1), "methodName", testkit.String("e.add"), "y", testkit.Array(testkit.Int(7)), "params", testkit.Array(testkit.Int(1), testkit.Int(1)), "z", testkit.Struct()), 2},
		{"the last methodName wins", testkit.Struct("methodName", testkit.String("e.nope"), "methodName", testkit.String("e.ping")), "pong"},
		{"empty methodName", mcEntry(""), faultStruct(1, "UNKNOWN_METHOD")},
		{"unknown method", mcEntry("e.nope", testkit.Int(1)), faultStruct(1, "UNKNOWN_METHOD")},
		{"underscore", mcEntry("e._hidden"), faultStruct(1, "UNKNOWN_METHOD")},
		{"three parts", mcEntry("e.ping.x"), faultStruct(1, "UNKNOWN_METHOD")},
		{"wrong arity", mcEntry("e.add", testkit.Int(1)), faultStruct(2, "INCORRECT_PARAMETERS")},
		{"conversion", mcEntry("e.add", testkit.Int(1), testkit.String("x")), faultStruct(2, "INCORRECT_PARAMETERS: e.add: parameter 2: cannot use <string> as int")},
		{"conversion in reflect path", mcEntry("e.opt", testkit.Int(1), testkit.String("x")), faultStruct(2, "INCORRECT_PARAMETERS: e.opt: parameter 2: cannot use <string> as int")},
		{"plain error", mcEntry("e.plain"), faultStruct(30, "FAILED: plain failure")},
		{"panic", mcEntry("e.boom"), faultStruct(30, "FAILED: panic: kaboom")},
		{"panic in reflect path", mcEntry("e.boomReflect", testkit.Int(2)), faultStruct(30, "FAILED: panic: kaboom 2")},
		{"unencodable result", mcEntry("e.badStruct"), faultStruct(30, "FAILED: cannot encode the result of e.badStruct: xmlrpc: cannot encode value at .a[0]: +Inf has no XML-RPC representation")},
		{"system method", mcEntry("system.methodSignature", testkit.String("e.add")), []any{"int", "int", "int"}},
		{"system method fault", mcEntry("system.methodHelp", testkit.String("e.nope")), faultStruct(4, "SIGNATURE_UNSUPPORTED")},
		{"nil result", mcEntry("e.none"), nil},
		{"big result", mcEntry("e.big"), 1 << 40},
		{"struct result", mcEntry("e.point", testkit.Struct("x", testkit.Int(1))), map[string]any{"x": 0, "y": 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			logs.Reset()
			// Each entry between two others that must run either way.
			r := serve(t, s, multicall(mcEntry("e.ping"), tc.entry, mcEntry("e.add", testkit.Int(2), testkit.Int(3))))
			want := []any{"pong", tc.want, 5}
			if f, ok := tc.want.(map[string]any); ok {
				if fs, ok := f["faultString"].(string); ok && strings.Contains(fs, "entry 0") {
					want[1] = faultStruct(2, strings.Replace(fs, "entry 0", "entry 1", 1))
				}
			}
			wantValue(t, r, want)
			if r.info.Calls != 3 {
				t.Fatalf("CallInfo %+v", r.info)
			}
			if strings.HasPrefix(tc.name, "panic") && !strings.Contains(logs.String(), "method panicked") {
				t.Fatalf("the panic was not logged: %q", logs.String())
			}
		})
	}
}

func TestMulticallTopLevel(t *testing.T) {
	s, e := newEcho(t)
	cases := []struct {
		name   string
		params []string
		fault  string
	}{
		{"no argument", nil, "INCORRECT_PARAMETERS"},
		{"two arguments", []string{testkit.Array(), testkit.Array()}, "INCORRECT_PARAMETERS"},
		{"string", []string{testkit.String("e.ping")}, "INCORRECT_PARAMETERS: system.multicall takes an array of calls"},
		{"struct", []string{testkit.Struct("methodName", testkit.String("e.side"))}, "INCORRECT_PARAMETERS: system.multicall takes an array of calls"},
		{"nil", []string{"<value><nil/></value>"}, "INCORRECT_PARAMETERS: system.multicall takes an array of calls"},
		{"two arguments, the first not an array", []string{testkit.String("x"), testkit.Array()}, "INCORRECT_PARAMETERS"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantFault(t, serve(t, s, testkit.MethodCall("system.multicall", tc.params...)), xmlrpc.CodeIncorrectParameters, tc.fault)
		})
	}
	// A batch with too many arguments runs nothing.
	wantFault(t, serve(t, s, testkit.MethodCall("system.multicall", testkit.Array(mcEntry("e.side")), testkit.Int(1))), xmlrpc.CodeIncorrectParameters, "INCORRECT_PARAMETERS")
	if e.count() != 0 {
		t.Fatal("a call ran")
	}
}

func TestMulticallMaxCalls(t *testing.T) {
	s, e := newEcho(t, WithMaxMulticallCalls(2))
	r := serve(t, s, multicall(mcEntry("e.side"), mcEntry("e.side")))
	wantValue(t, r, []any{1, 2})
	r = serve(t, s, multicall(mcEntry("e.side"), mcEntry("e.side"), mcEntry("e.side")))
	wantFault(t, r, xmlrpc.CodeIncorrectParameters, "INCORRECT_PARAMETERS: system.multicall of 3 calls exceeds the limit of 2")
	if e.count() != 2 {
		t.Fatalf("%d calls ran, want the 2 of the first batch", e.count())
	}
	// The default limit.
	s, _ = newEcho(t)
	entries := make([]string, DefaultMaxMulticallCalls+1)
	for i := range entries {
		entries[i] = mcEntry("e.ping")
	}
	wantFault(t, serve(t, s, multicall(entries...)), xmlrpc.CodeIncorrectParameters,
		"INCORRECT_PARAMETERS: system.multicall of 10001 calls exceeds the limit of 10000")
	r = serve(t, s, multicall(entries[1:]...))
	if r.err != nil || r.fault != nil || len(r.value.([]any)) != DefaultMaxMulticallCalls || r.info.Calls != DefaultMaxMulticallCalls {
		t.Fatalf("%d calls: %v", DefaultMaxMulticallCalls, r.err)
	}
}

// TestMulticallMalformedRunsNothing checks that no call of a batch runs
// when any part of the request is malformed or beyond a limit.
func TestMulticallMalformedRunsNothing(t *testing.T) {
	side := mcEntry("e.side")
	cases := []struct {
		name  string
		lim   xmlrpc.Limits
		body  []byte
		class string
	}{
		{"malformed entry", xmlrpc.Limits{}, multicall(side, side, "<value><struct><member><name>methodName</name></member></struct></value>"), "syntax"},
		{"malformed param of the last entry", xmlrpc.Limits{}, multicall(side, side, mcEntry("e.side", "<value><int>x</int></value>")), "syntax"},
		{"bad boolean in params", xmlrpc.Limits{}, multicall(side, mcEntry("e.echo", "<value><boolean>2</boolean></value>")), "syntax"},
		{"unknown type", xmlrpc.Limits{}, multicall(side, mcEntry("e.echo", "<value><foo/></value>")), "syntax"},
		{"malformed methodName", xmlrpc.Limits{}, multicall(side, testkit.Struct("methodName", "<value><double>x</double></value>")), "syntax"},
		{"malformed non-struct entry", xmlrpc.Limits{}, multicall(side, "<value><int>1.5</int></value>"), "syntax"},
		{"malformed ignored member", xmlrpc.Limits{}, multicall(side, testkit.Struct("methodName", testkit.String("e.side"), "x", "<value><dateTime.iso8601>x</dateTime.iso8601></value>")), "syntax"},
		{"malformed second argument", xmlrpc.Limits{}, testkit.MethodCall("system.multicall", testkit.Array(side), "<value><int>x</int></value>"), "syntax"},
		{"junk after the document", xmlrpc.Limits{}, append(multicall(side, side), "<junk/>"...), "syntax"},
		{"unclosed document", xmlrpc.Limits{}, []byte(strings.TrimSuffix(string(multicall(side, side)), "</methodCall>\n")), "syntax"},
		{"string beyond the limit in the last entry", xmlrpc.Limits{MaxStringBytes: 10}, multicall(side, mcEntry("e.echo", testkit.String("12345678901"))), "limit"},
		{"untyped string beyond the limit", xmlrpc.Limits{MaxStringBytes: 10}, multicall(side, mcEntry("e.echo", "<value>12345678901</value>")), "limit"},
		{"base64 beyond the limit", xmlrpc.Limits{MaxStringBytes: 2}, multicall(side, mcEntry("e.echo", "<value><base64>aGVsbG8=</base64></value>")), "limit"},
		{"depth beyond the limit", xmlrpc.Limits{MaxDepth: 4}, multicall(side, mcEntry("e.echo", testkit.Array(testkit.Array()))), "limit"},
		{"values beyond the limit", xmlrpc.Limits{MaxValues: 12}, multicall(side, mcEntry("e.count", testkit.Int(1), testkit.Int(2), testkit.Int(3), testkit.Int(4))), "limit"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, dialect := range []MulticallDialect{MulticallSupervisord, MulticallSpec} {
				s, e := newEcho(t, WithLimits(tc.lim), WithMulticallDialect(dialect))
				wantRequestError(t, serve(t, s, tc.body), tc.class)
				if e.count() != 0 {
					t.Fatalf("%d calls ran", e.count())
				}
			}
		})
	}
	// At the limits, the same batches run.
	s, e := newEcho(t, WithLimits(xmlrpc.Limits{MaxStringBytes: 10, MaxDepth: 5, MaxValues: 14}))
	wantValue(t, serve(t, s, multicall(side, mcEntry("e.echo", testkit.String("1234567890")))), []any{1, "1234567890"})
	wantValue(t, serve(t, s, multicall(side, mcEntry("e.echo", testkit.Array(testkit.Array())))), []any{2, []any{[]any{}}})
	if e.count() != 2 {
		t.Fatal(e.count())
	}
}

// TestMulticallInterceptors checks that interceptors see the batch and
// each call in it, and that a refusal inside a batch is that call's fault.
func TestMulticallInterceptors(t *testing.T) {
	var seen []string
	s, e := newEcho(t, WithInterceptor(func(ctx context.Context, method string, next func(context.Context) error) error {
		seen = append(seen, method)
		if method == "e.side" {
			return xmlrpc.NewFault(xmlrpc.CodeBadName, "refused")
		}
		return next(context.WithValue(ctx, ctxKey{}, "ic "+method))
	}))
	r := serve(t, s, multicall(mcEntry("e.ping"), mcEntry("e.side"), mcEntry("e.ctx"), mcEntry("e.nope"), mcEntry("e.ctxOpt", testkit.String("s")),
		mcEntry("system.multicall", testkit.Array()), testkit.String("not a struct")))
	wantValue(t, r, []any{"pong", faultStruct(10, "BAD_NAME: refused"), "ic e.ctx", faultStruct(1, "UNKNOWN_METHOD"), "ic e.ctxOpt s 0",
		faultStruct(2, "INCORRECT_PARAMETERS: Recursive system.multicall forbidden"), faultStruct(2, "INCORRECT_PARAMETERS: multicall entry 6 is not a struct")})
	if want := []string{"system.multicall", "e.ping", "e.side", "e.ctx", "e.nope", "e.ctxOpt"}; !slices.Equal(seen, want) {
		t.Fatalf("interceptor saw %q, want %q", seen, want)
	}
	if e.count() != 0 {
		t.Fatal("the refused call ran")
	}
	// A refused call's params are still checked.
	seen = nil
	wantRequestError(t, serve(t, s, multicall(mcEntry("e.side", "<value><int>x</int></value>"))), "syntax")
	// Refusing the whole batch still checks it.
	s, _ = newEcho(t, WithInterceptor(func(ctx context.Context, method string, next func(context.Context) error) error {
		return xmlrpc.NewFault(xmlrpc.CodeBadName, "no")
	}))
	wantFault(t, serve(t, s, multicall(mcEntry("e.ping"))), xmlrpc.CodeBadName, "BAD_NAME: no")
	wantRequestError(t, serve(t, s, multicall(mcEntry("e.ping", "<value><int>x</int></value>"))), "syntax")
}

// TestMulticallCorpus compares whole answers with the bytes supervisord
// 4.2.5 sent for the same requests (testdata/conformance).
func TestMulticallCorpus(t *testing.T) {
	s := newService(t, nil, "echo", &echo{})
	for _, name := range []string{"180-mc-empty", "181-mc-two-successes", "183-mc-missing-methodName", "184-mc-missing-params",
		"185-mc-nested-multicall", "187-mc-three-part", "188-mc-underscore", "189-mc-wrong-arity", "200-mc-no-args",
		"001-ping-empty-params", "002-ping-no-params-element", "050-add-ints", "099-add-one-arg", "096-ping-extra-arg",
		"106-unknown-method", "113-one-part-name", "114-trailing-dot", "116-four-part-name", "117-system-underscore",
		"120-case-sensitive-method", "122-methodName-whitespace", "108-dunder-init", "162-methodHelp-unknown",
		"165-methodHelp-int-arg", "178-methodSignature-unknown", "104-listMethods-extra-arg"} {
		t.Run(name, func(t *testing.T) {
			req, err := os.ReadFile(filepath.Join("..", "testdata", "conformance", name+".xml"))
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join("..", "testdata", "conformance", name+".resp"))
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := s.Serve(context.Background(), req, nil)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Fatalf("got\n%s\nsupervisord answered\n%s", got, want)
			}
		})
	}
}

// TestMulticallRepeatedMethods runs a batch whose entries call the same
// method in runs, and others between (an entry's method is looked up
// again only when its name differs from the entry before), each written
// alike as a client writes them and also otherwise.
func TestMulticallRepeatedMethods(t *testing.T) {
	s, _ := newEcho(t)
	add := mcEntry("e.add", testkit.Int(1), testkit.Int(2))
	r := serve(t, s, multicall(add, add, mcEntry("e.ping"), mcEntry("e.nope"), mcEntry("e.nope"), add,
		testkit.Struct("methodName", testkit.String("e.add"), "params", testkit.Array(testkit.Int(3), testkit.Int(4))),
		mcEntry("system.multicall", testkit.Array()), mcEntry("e.ping"), testkit.Struct("methodName", testkit.Int(1)), mcEntry("e.ping")))
	unknown := faultStruct(1, "UNKNOWN_METHOD")
	wantValue(t, r, []any{3, 3, "pong", unknown, unknown, 3, 7,
		faultStruct(2, "INCORRECT_PARAMETERS: Recursive system.multicall forbidden"), "pong",
		faultStruct(2, "INCORRECT_PARAMETERS: multicall entry 9: methodName is not a string"), "pong"})
}
