package namespace

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Namespace is the set of methods one value publishes under one name,
// found by reflection once, when it is built.
type Namespace struct {
	name    string
	methods map[string]*Method // by method name without the namespace
	skipped []Skipped
}

// Method is one published method.
type Method struct {
	name      string // "echo.add"
	dot       int    // where name splits into namespace and method, -1: nowhere
	goName    string // "Add"
	help      string
	signature []string // nil: SIGNATURE_UNSUPPORTED
	invoke    invoker
	direct    bool // called without reflect (see direct.go)
}

// Name returns the method's XML-RPC name, such as "echo.add".
func (m *Method) Name() string { return m.name }

// GoName returns the Go method's name, such as "Add".
func (m *Method) GoName() string { return m.goName }

// Help returns what system.methodHelp answers.
func (m *Method) Help() string { return m.help }

// Signature returns what system.methodSignature answers, or nil when it
// answers SIGNATURE_UNSUPPORTED.
func (m *Method) Signature() []string { return slices.Clone(m.signature) }

// Direct reports whether the method is called without reflection.
func (m *Method) Direct() bool { return m.direct }

// Skipped is an exported method that is not published, and why.
type Skipped struct {
	GoName string // the Go method's name, e.g. "Unservable"
	Reason string // why it cannot be served, e.g. "parameter 1 (chan int) cannot be decoded: ..."
}

// Name returns the namespace's name.
func (ns *Namespace) Name() string { return ns.name }

// Methods returns the published methods, sorted by name.
func (ns *Namespace) Methods() []*Method {
	ms := make([]*Method, 0, len(ns.methods))
	for _, m := range ns.methods {
		ms = append(ms, m)
	}
	slices.SortFunc(ms, func(a, b *Method) int { return strings.Compare(a.name, b.name) })
	return ms
}

// Skipped returns the exported methods that could not be published, with
// the reason for each, in Go name order.
func (ns *Namespace) Skipped() []Skipped { return slices.Clone(ns.skipped) }

var (
	contextType    = reflect.TypeFor[context.Context]()
	errorType      = reflect.TypeFor[error]()
	documentedType = reflect.TypeFor[Documented]()
)

// Build finds the methods of v that are published under namespace name:
// every exported method declared on v's type (pointer or value receiver),
// named with its first letter lowered (GetState is "getState"). Only
// "name.method" is ever reachable: fields, nested values and unexported
// methods are not, whatever their names (CVE-2017-11610 was supervisord
// reaching further).
//
// A method is published when every parameter can be decoded and every
// result encoded (see package xmlrpc). It may take a context.Context first
// (cancelled when the client goes away), Optional parameters last and a
// variadic one after those, and return nothing, a value, an error, or a
// value and an error. Other exported methods are skipped, each with its
// reason in Skipped (with the option StrictMethods, Build fails instead);
// so are methods promoted from embedded fields (embed a sync.Mutex and
// Lock must not become callable), and RPCDocs.
func Build(name string, v any, opts ...BuildOption) (*Namespace, error) {
	var set buildSettings
	for _, o := range opts {
		o.applyBuild(&set)
	}
	if err := checkNamespaceName(name); err != nil {
		return nil, err
	}
	if v == nil {
		return nil, fmt.Errorf("namespace %s: the value is nil", name)
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && rv.IsNil() {
		return nil, fmt.Errorf("namespace %s: the value is a nil %v", name, rv.Type())
	}
	// Methods are called through a pointer: a value is copied to the heap.
	if rv.Kind() != reflect.Pointer {
		p := reflect.New(rv.Type())
		p.Elem().Set(rv)
		rv = p
	}
	ptrType := rv.Type()
	ns := &Namespace{name: name, methods: map[string]*Method{}}

	// Through the pointer: RPCDocs may have a pointer receiver when the
	// factory returned a value.
	var docs map[string]Doc
	if d, ok := rv.Interface().(Documented); ok {
		docs = d.RPCDocs()
	}
	// All methods of *T are published, including pointer-receiver ones
	// when the factory returned a T: they run on the copy made above.
	elemType := ptrType.Elem()
	promoted := promotedMethods(elemType)
	var unpublishable []error
	for i := range ptrType.NumMethod() {
		m := ptrType.Method(i)
		if m.Name == "RPCDocs" && ptrType.Implements(documentedType) {
			continue
		}
		if from, ok := promoted[m.Name]; ok && !declared(elemType, ptrType, m.Name) {
			ns.skipped = append(ns.skipped, Skipped{m.Name, "promoted from embedded field " + from +
				"; declare the method on " + elemType.String() + " to publish it"})
			continue
		}
		rpcName := lowerFirst(m.Name)
		method, err := buildMethod(name+"."+rpcName, m, rv)
		if err != nil {
			ns.skipped = append(ns.skipped, Skipped{m.Name, err.Error()})
			if set.strict {
				unpublishable = append(unpublishable, &MethodError{Namespace: name, GoName: m.Name, Method: name + "." + rpcName, Err: err})
			}
			continue
		}
		ns.methods[rpcName] = method
	}
	if len(unpublishable) > 0 {
		return nil, errors.Join(unpublishable...)
	}
	for rpcName, doc := range docs {
		m, ok := ns.methods[rpcName]
		if !ok {
			return nil, fmt.Errorf("namespace %s: RPCDocs documents %q, which is not a published method%s", name, rpcName, skippedHint(ns, rpcName))
		}
		m.help = doc.Help
		switch {
		case doc.NoSignature:
			m.signature = nil
		case doc.Signature != nil:
			m.signature = slices.Clone(doc.Signature)
		}
	}
	return ns, nil
}

// BuildOption configures Build.
type BuildOption interface{ applyBuild(*buildSettings) }

type buildSettings struct {
	strict bool // fail on methods that cannot be published
}

type buildOptionFunc func(*buildSettings)

func (f buildOptionFunc) applyBuild(s *buildSettings) { f(s) }

// StrictMethods makes Build fail when an exported method declared on the
// value's type cannot be published (a parameter that cannot be decoded, a
// result that cannot be encoded, a context.Context or Optional out of
// place, too many results), rather than skip it: the error joins one
// *MethodError per such method. Methods promoted from embedded fields are
// still skipped, as they are never the namespace's own.
func StrictMethods() BuildOption {
	return buildOptionFunc(func(s *buildSettings) { s.strict = true })
}

// MethodError reports an exported method that cannot be published, from
// Build with StrictMethods.
type MethodError struct {
	Namespace string // "echo"
	GoName    string // "Add"
	Method    string // the XML-RPC name it would have had, "echo.add"
	Err       error  // why it cannot be published
}

// Error names the namespace, the Go method, its XML-RPC name and why.
func (e *MethodError) Error() string {
	return fmt.Sprintf("namespace %s: method %s (%s) cannot be published: %v", e.Namespace, e.GoName, e.Method, e.Err)
}

// Unwrap returns the reason, for errors.Is and errors.As.
func (e *MethodError) Unwrap() error { return e.Err }

func skippedHint(ns *Namespace, rpcName string) string {
	for _, s := range ns.skipped {
		if lowerFirst(s.GoName) == rpcName {
			return " (" + s.GoName + " was skipped: " + s.Reason + ")"
		}
	}
	return ""
}

// checkNamespaceName refuses names that could never be reached as
// "name.method".
func checkNamespaceName(name string) error {
	switch {
	case name == "":
		return errors.New("namespace name is empty")
	case strings.Contains(name, "."):
		return fmt.Errorf("namespace name %q contains a dot: methods could not be reached", name)
	case name == "system":
		return errors.New(`namespace name "system" is reserved for the system methods`)
	case !utf8.ValidString(name):
		return fmt.Errorf("namespace name %q is not valid UTF-8", name)
	}
	return nil
}

// lowerFirst lowers the first letter: GetState -> getState, GetPID -> getPID.
func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[size:]
}

// promotedMethods returns the names of methods that struct type t gets
// from its embedded fields, each with the field's name.
func promotedMethods(t reflect.Type) map[string]string {
	out := map[string]string{}
	if t.Kind() != reflect.Struct {
		return out
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.Anonymous {
			continue
		}
		for _, ft := range []reflect.Type{f.Type, reflect.PointerTo(f.Type)} {
			for j := range ft.NumMethod() {
				if _, seen := out[ft.Method(j).Name]; !seen {
					out[ft.Method(j).Name] = f.Name
				}
			}
		}
	}
	return out
}

// declared reports whether method name is declared on the type itself
// (with a value or pointer receiver) rather than only promoted from an
// embedded field. A promoted method exists only as a compiler-generated
// wrapper; a declared one has code in a source file.
func declared(elemType, ptrType reflect.Type, name string) bool {
	for _, t := range []reflect.Type{elemType, ptrType} {
		m, ok := t.MethodByName(name)
		if !ok {
			continue
		}
		fn := runtime.FuncForPC(m.Func.Pointer())
		if fn == nil {
			continue
		}
		if file, _ := fn.FileLine(fn.Entry()); file != "<autogenerated>" {
			return true
		}
	}
	return false
}

// buildMethod checks one method's signature and prepares its invoker.
func buildMethod(fullName string, m reflect.Method, rcvr reflect.Value) (*Method, error) {
	ft := m.Type // func(*T, params...) results
	sig, err := analyze(ft)
	if err != nil {
		return nil, err
	}
	method := &Method{
		name:      fullName,
		dot:       strings.IndexByte(fullName, '.'),
		goName:    m.Name,
		signature: sig.words(),
	}
	method.help = sig.help(fullName)
	if inv, ok := directInvoker(sig, m.Func, unsafe.Pointer(rcvr.Pointer())); ok {
		method.invoke, method.direct = inv, true
	} else {
		method.invoke = reflectInvoker(sig, m.Func, rcvr)
	}
	return method, nil
}
