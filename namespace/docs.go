package namespace

import "strings"

// Documented is implemented by namespace values that document their
// methods for system.methodHelp and system.methodSignature. The map is
// keyed by XML-RPC method name ("getState", not "GetState"); methods it
// leaves out get a help text and a signature derived from their Go types.
// RPCDocs itself is not published.
type Documented interface {
	RPCDocs() map[string]Doc
}

// Doc documents one method.
type Doc struct {
	// Help is what system.methodHelp answers, verbatim.
	Help string
	// Signature, when not nil, is what system.methodSignature answers:
	// the result type, then the parameter types ("int", "string",
	// "struct", ...). When nil, the signature is derived from the Go types.
	Signature []string
	// NoSignature makes system.methodSignature answer the fault
	// SIGNATURE_UNSUPPORTED, as supervisord does for a method whose
	// docstring has no @return tag.
	NoSignature bool
}

// Docstring documents a method the way supervisord documents Python
// methods: help is the docstring verbatim, and the signature comes from
// its @return and @param tags exactly as supervisord's gettags reads them
// ("@param int a First addend" gives the type "int"). A docstring without
// an @return tag has no signature. Porting a Python plugin, pass the
// docstring unchanged and both introspection methods answer as before.
func Docstring(s string) Doc {
	var ret string
	haveRet := false
	var params []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "@") {
			continue
		}
		parts := strings.Fields(line)
		datatype := ""
		if len(parts) > 1 {
			datatype = parts[1]
		}
		switch parts[0][1:] {
		case "return":
			ret, haveRet = datatype, true
		case "param":
			params = append(params, datatype)
		}
	}
	if !haveRet {
		return Doc{Help: s, NoSignature: true}
	}
	return Doc{Help: s, Signature: append([]string{ret}, params...)}
}
