package namespace

import (
	"slices"
	"testing"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

func TestListMethods(t *testing.T) {
	s := newService(t, nil, "e", &echo{}, "g", &sigs{})
	r := serve(t, s, body("system.listMethods"))
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
	wantFault(t, serve(t, s, body("system.listMethods", vInt(1))), xmlrpc.CodeIncorrectParameters, "INCORRECT_PARAMETERS")
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
	help := func(params ...string) answer { return serve(t, s, body("system.methodHelp", params...)) }
	wantValue(t, help(vStr("e.add")), "e.add(int, int) -> int")
	wantValue(t, help(vStr("g.documented")), "Return a.\n\n@param int a The number\n@return int The same\n")
	wantValue(t, help(vStr("g.ownSig")), "")
	wantValue(t, help("<value>e.ping</value>"), "e.ping() -> string")
	for _, name := range []string{"system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall"} {
		r := help(vStr(name))
		if h, ok := r.value.(string); !ok || h == "" {
			t.Errorf("help of %s: %v", name, r)
		}
	}
	// supervisord answers SIGNATURE_UNSUPPORTED for anything it does not
	// know, whatever its type.
	for _, p := range []string{vStr("e.nope"), vStr(""), vStr("e"), vStr("g.rPCDocs"), vInt(5), "<value><nil/></value>", vArr(vStr("e.add")),
		vStruct("a", vInt(1)), "<value><base64>ZS5hZGQ=</base64></value>", "<value><boolean>1</boolean></value>"} {
		wantFault(t, help(p), xmlrpc.CodeSignatureUnsupported, "SIGNATURE_UNSUPPORTED")
	}
	wantFault(t, help(), xmlrpc.CodeIncorrectParameters, "INCORRECT_PARAMETERS")
	wantFault(t, help(vStr("e.add"), vStr("e.add")), xmlrpc.CodeIncorrectParameters, "INCORRECT_PARAMETERS")
	wantRequestError(t, help("<value><int>x</int></value>"), "syntax")
}

func TestMethodSignature(t *testing.T) {
	s := newService(t, nil, "e", &echo{}, "g", &sigs{})
	sig := func(params ...string) answer { return serve(t, s, body("system.methodSignature", params...)) }
	wantValue(t, sig(vStr("e.ping")), []any{"string"})
	wantValue(t, sig(vStr("e.add")), []any{"int", "int", "int"})
	wantValue(t, sig(vStr("e.count")), []any{"int", "mixed"})
	wantValue(t, sig(vStr("g.documented")), []any{"int", "int"})
	wantValue(t, sig(vStr("g.ownSig")), []any{"int", "nil"})
	wantValue(t, sig(vStr("system.listMethods")), []any{"array"})
	wantValue(t, sig(vStr("system.methodHelp")), []any{"string", "string"})
	wantValue(t, sig(vStr("system.methodSignature")), []any{"array", "string"})
	wantValue(t, sig(vStr("system.multicall")), []any{"array", "array"})
	for _, p := range []string{vStr("g.noSig"), vStr("e.nope"), vStr(""), vInt(5), "<value><nil/></value>", vArr()} {
		wantFault(t, sig(p), xmlrpc.CodeSignatureUnsupported, "SIGNATURE_UNSUPPORTED")
	}
	wantFault(t, sig(), xmlrpc.CodeIncorrectParameters, "INCORRECT_PARAMETERS")
	wantFault(t, sig(vStr("a"), vStr("b")), xmlrpc.CodeIncorrectParameters, "INCORRECT_PARAMETERS")
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
	wantFaultPrefix(t, serve(t, s, body("system.methodHelp", vStr("i.m"))), xmlrpc.CodeFailed, "FAILED: cannot encode the result of system.methodHelp")
	wantFaultPrefix(t, serve(t, s, body("system.methodSignature", vStr("i.m"))), xmlrpc.CodeFailed, "FAILED: cannot encode the result of system.methodSignature")
}
