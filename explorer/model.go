package explorer

import (
	"slices"
	"strings"

	"github.com/supervisorrpc/rpcinterface/namespace"
)

// page is what the template renders.
type page struct {
	Title    string
	Endpoint string
	Query    string
	Spaces   []space
	Methods  int // in the table
	Shown    int // matching the query
}

// space is one namespace.
type space struct {
	Name    string
	Methods []method
	Shown   int
}

// method is one method as the page shows it.
type method struct {
	Name   string // "echo.add"
	Short  string // "add"
	Hidden bool   // does not match the query
	Signed bool   // has a signature (system.methodSignature answers one)
	Result string // the result type
	Params []param
	Docs   docs
	Search string // what the query is matched against, lower-cased
}

// param is one parameter of a method's signature.
type param struct {
	N        int // 1-based
	Name     string
	Type     string // as the signature says it ("int", "string|int", "mixed")
	Kind     string // the input the form starts with (see kinds)
	Desc     string
	Optional bool // may be left out
	Variadic bool // any number of them
}

// kind is a type of value the try-it form can send.
type kind struct{ Name, Label string }

// kinds are the inputs a parameter can have, in the order the form lists
// them: XML-RPC's types, and any value written as JSON.
var kinds = []kind{
	{"int", "int"},
	{"double", "double"},
	{"boolean", "boolean"},
	{"string", "string"},
	{"dateTime.iso8601", "dateTime.iso8601"},
	{"base64", "base64"},
	{"array", "array (JSON)"},
	{"struct", "struct (JSON)"},
	{"nil", "nil"},
	{"json", "any (JSON)"},
}

// kindOf is the input for a signature's type name; a union ("string|int")
// starts with its first type, unknown names ("mixed") with JSON.
func kindOf(typ string) string {
	first, _, _ := strings.Cut(typ, "|")
	switch strings.ToLower(strings.TrimSpace(first)) {
	case "int", "i4", "i8", "integer":
		return "int"
	case "double", "float":
		return "double"
	case "boolean", "bool":
		return "boolean"
	case "string", "str":
		return "string"
	case "datetime.iso8601", "datetime":
		return "dateTime.iso8601"
	case "base64", "binary":
		return "base64"
	case "array", "list":
		return "array"
	case "struct", "dict":
		return "struct"
	case "nil", "none":
		return "nil"
	}
	return "json"
}

// buildPage reads svc's method table as system.listMethods,
// system.methodHelp and system.methodSignature answer it.
func buildPage(svc *namespace.Service, query string) *page {
	terms := strings.Fields(strings.ToLower(query))
	p := &page{Query: query}
	index := map[string]int{}
	for _, name := range svc.MethodNames() {
		m, ok := svc.Method(name)
		if !ok {
			continue
		}
		v := methodView(m)
		v.Hidden = !matches(v.Search, terms)
		ns := name[:max(strings.IndexByte(name, '.'), 0)]
		i, ok := index[ns]
		if !ok {
			i = len(p.Spaces)
			index[ns] = i
			p.Spaces = append(p.Spaces, space{Name: ns})
		}
		s := &p.Spaces[i]
		s.Methods = append(s.Methods, v)
		p.Methods++
		if !v.Hidden {
			s.Shown++
			p.Shown++
		}
	}
	// Alphabetical, the system namespace (the same on every server) last.
	slices.SortStableFunc(p.Spaces, func(a, b space) int {
		switch {
		case a.Name == b.Name:
			return 0
		case a.Name == "system":
			return 1
		case b.Name == "system":
			return -1
		}
		return strings.Compare(a.Name, b.Name)
	})
	return p
}

// methodView builds what the page shows of m.
func methodView(m *namespace.Method) method {
	name, help := m.Name(), m.Help()
	v := method{
		Name:   name,
		Short:  name[strings.IndexByte(name, '.')+1:],
		Docs:   parseHelp(help),
		Search: strings.ToLower(name + "\n" + help),
	}
	sig := m.Signature()
	if sig == nil {
		return v
	}
	v.Signed, v.Result = true, sig[0]
	arities, derived := derivedArity(name, help)
	named := len(v.Docs.Params) == len(sig)-1
	for i, typ := range sig[1:] {
		p := param{N: i + 1, Type: typ, Kind: kindOf(typ)}
		if named {
			p.Name, p.Desc = v.Docs.Params[i].Name, v.Docs.Params[i].Desc
		}
		if derived && i < len(arities) {
			p.Optional, p.Variadic = arities[i] == optional, arities[i] == variadic
		}
		v.Params = append(v.Params, p)
	}
	return v
}

// matches reports whether every term occurs in s.
func matches(s string, terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(s, t) {
			return false
		}
	}
	return true
}
