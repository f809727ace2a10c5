package namespace

import (
	"slices"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

func TestListMethods(t *testing.T) {
	s := newService(t, nil, "e", &echo{}, "g", &sigs{})
	r := serve(t, s, testkit.MethodCall("system.listMethods"))
	if r.err != nil || r.fault != nil {
		t.Fatal(r)
	}
	var names []string
	for _, v := range r.value.([]any) {
		names = append(names, v.(string))
	}
	if !slices.IsSorted(names) || !slices.Equal(names, s.MethodNames()) {
		t.Fatalf("%q", names)
	}
	for _, want := range []string{"e.add", "e.ping", "g.documented", "system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall"} {
		if !slices.Contains(names, want) {
			t.Errorf("%s not listed", want)
		}
	}
	for _, not := range []string{"g.rPCDocs", "e.bump", "e.mu"} {
		if slices.Contains(names, not) {
			t.Errorf("%s listed", not)
		}
	}
	// No <params> element at all is fine too.
	wantValue(t, serve(t, s, []byte("<methodCall><methodName>system.listMethods</methodName></methodCall>")), r.value)
	wantFault(t, serve(t, s, testkit.MethodCall("system.listMethods", testkit.Int(1))), xmlrpc.CodeIncorrectParameters, "INCORRECT_PARAMETERS")
	// MethodNames returns a copy.
	mn := s.MethodNames()
	mn[0] = "changed"
	if s.MethodNames()[0] == "changed" {
		t.Fatal("MethodNames shares its slice")
	}
	if m, ok := s.Method("e.add"); !ok || m.Name() != "e.add" {
		t.Fatal("Method(e.add)")
	}
	if _, ok := s.Method("e.nope"); ok {
		t.Fatal("Method(e.nope)")
	}
}

func TestMethodHelp(t *testing.T) {
	s := newService(t, nil, "e", &echo{}, "g", &sigs{})
	help := func(params ...string) answer { return serve(t, s, testkit.MethodCall("system.methodHelp", params...)) }
	wantValue(t, help(testkit.String("e.add")), "e.add(int, int) -> int")
	wantValue(t, help(testkit.String("g.documented")), "Return a.\n\n@param int a The number\n@return int The same\n")
	wantValue(t, help(testkit.String("g.ownSig")), "")
	wantValue(t, help("<value>e.ping</value>"), "e.ping() -> string")
	for _, name := range []string{"system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall"} {
		r := help(testkit.String(name))
		if h, ok := r.value.(string); !ok || h == "" {
			t.Errorf("help of %s: %v", name, r)
		}
	}
	// supervisord answers SIGNATURE_UNSUPPORTED for anything it does not
	// know, whatever its type.
	for _, p := range []string{testkit.String("e.nope"), testkit.String(""), testkit.String("e"), testkit.String("g.rPCDocs"), testkit.Int(5), "<value><nil/></value>", testkit.Array(testkit.String("e.add")),
		testkit.Struct("a", testkit.Int(1)), "<value><base64>ZS5hZGQ=</base64></value>", "<value><boolean>1</boolean></value>"} {
		wantFault(t, help(p), xmlrpc.CodeSignatureUnsupported, "SIGNATURE_UNSUPPORTED")
	}
	wantFault(t, help(), xmlrpc.CodeIncorrectParameters, "INCORRECT_PARAMETERS")
	wantFault(t, help(testkit.String("e.add"), testkit.String("e.add")), xmlrpc.CodeIncorrectParameters, "INCORRECT_PARAMETERS")
	wantRequestError(t, help("<value><int>x</int></value>"), "syntax")
}

func TestMethodSignature(t *testing.T) {
	s := newService(t, nil, "e", &echo{}, "g", &sigs{})
	sig := func(params ...string) answer {
		return serve(t, s, testkit.MethodCall("system.methodSignature", params...))
	}
	wantValue(t, sig(testkit.String("e.ping")), []any{"string"})
	wantValue(t, sig(testkit.String("e.add")), []any{"int", "int", "int"})
	wantValue(t, sig(testkit.String("e.count")), []any{"int", "mixed"})
	wantValue(t, sig(testkit.String("g.documented")), []any{"int", "int"})
	wantValue(t, sig(testkit.String("g.ownSig")), []any{"int", "nil"})
	wantValue(t, sig(testkit.String("system.listMethods")), []any{"array"})
	wantValue(t, sig(testkit.String("system.methodHelp")), []any{"string", "string"})
	wantValue(t, sig(testkit.String("system.methodSignature")), []any{"array", "string"})
	wantValue(t, sig(testkit.String("system.multicall")), []any{"array", "array"})
	for _, p := range []string{testkit.String("g.noSig"), testkit.String("e.nope"), testkit.String(""), testkit.Int(5), "<value><nil/></value>", testkit.Array()} {
		wantFault(t, sig(p), xmlrpc.CodeSignatureUnsupported, "SIGNATURE_UNSUPPORTED")
	}
	wantFault(t, sig(), xmlrpc.CodeIncorrectParameters, "INCORRECT_PARAMETERS")
	wantFault(t, sig(testkit.String("a"), testkit.String("b")), xmlrpc.CodeIncorrectParameters, "INCORRECT_PARAMETERS")
}

// invalidDocs has a signature word that XML cannot carry.
type invalidDocs struct{}

func (*invalidDocs) M() int { return 0 }
func (*invalidDocs) RPCDocs() map[string]Doc {
	return map[string]Doc{"m": {Help: "bad\x00help", Signature: []string{"int\x01"}}}
}

// TestIntrospectionUnencodable checks a help text or signature that
// cannot be sent: a FAILED fault, not a broken response.
func TestIntrospectionUnencodable(t *testing.T) {
	s := newService(t, nil, "i", &invalidDocs{})
	wantFaultPrefix(t, serve(t, s, testkit.MethodCall("system.methodHelp", testkit.String("i.m"))), xmlrpc.CodeFailed, "FAILED: cannot encode the result of system.methodHelp")
	wantFaultPrefix(t, serve(t, s, testkit.MethodCall("system.methodSignature", testkit.String("i.m"))), xmlrpc.CodeFailed, "FAILED: cannot encode the result of system.methodSignature")
}
