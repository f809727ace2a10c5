package namespace

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/internal/testkit"
	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// TestBuildStrictMethods checks that StrictMethods turns every method
// Build would skip for its shape into an error naming the namespace, the
// Go method and the reason, while methods promoted from embedded fields
// are still skipped quietly.
func TestBuildStrictMethods(t *testing.T) {
	lenient, err := Build("s", &skips{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Build("s", &skips{}, StrictMethods())
	if err == nil {
		t.Fatal("Build succeeded")
	}
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("%T is not a joined error", err)
	}
	var got []string
	for _, e := range joined.Unwrap() {
		var me *MethodError
		if !errors.As(e, &me) || me.Namespace != "s" || me.Method != "s."+lowerFirst(me.GoName) {
			t.Fatalf("%#v", e)
		}
		got = append(got, me.GoName)
		// The reason is the one Skipped gives, and the message says it all.
		for _, sk := range lenient.Skipped() {
			if sk.GoName == me.GoName && (me.Err.Error() != sk.Reason ||
				e.Error() != "namespace s: method "+me.GoName+" ("+me.Method+") cannot be published: "+sk.Reason) {
				t.Errorf("%q, skipped for %q", e, sk.Reason)
			}
		}
	}
	var want []string
	for _, sk := range lenient.Skipped() {
		want = append(want, sk.GoName)
	}
	if !slices.Equal(got, want) || len(got) == 0 {
		t.Fatalf("errors for %q, want %q", got, want)
	}
	var me *MethodError
	if !errors.As(err, &me) || !strings.Contains(err.Error(), "namespace s: method Chan (s.chan) cannot be published: parameter 1 (chan int) cannot be decoded") {
		t.Fatalf("%v", err)
	}

	// Promoted methods are not the namespace's: no error.
	for _, v := range []any{&locked{}, &embedder{Other: &Other{}}} {
		ns, err := Build("p", v, StrictMethods())
		if err != nil || len(ns.Skipped()) == 0 {
			t.Errorf("%T: %v", v, err)
		}
	}
}

// tolerantArg is a parameter struct that ignores the members it lacks.
type tolerantArg struct {
	_    xmlrpc.IgnoreUnknown
	Name string `xmlrpc:"name"`
}

type strictArg struct {
	Name string `xmlrpc:"name"`
}

type argNS struct{}

func (argNS) Tolerant(a tolerantArg) string { return a.Name }
func (argNS) Strict(a strictArg) string     { return a.Name }

// TestIgnoreUnknownParameter checks both policies for struct parameters:
// refused by default, so a client's typo is reported, ignored when the
// struct declares an xmlrpc.IgnoreUnknown field.
func TestIgnoreUnknownParameter(t *testing.T) {
	s := newService(t, nil, "a", argNS{})
	arg := testkit.Struct("name", testkit.String("n"), "nmae", testkit.String("typo"))
	wantValue(t, serve(t, s, testkit.MethodCall("a.tolerant", arg)), "n")
	wantFault(t, serve(t, s, testkit.MethodCall("a.strict", arg)), xmlrpc.CodeIncorrectParameters,
		"INCORRECT_PARAMETERS: a.strict: parameter 1: .nmae: no such member in namespace.strictArg")
	m, _ := s.Method("a.tolerant")
	if !slices.Equal(m.Signature(), []string{"string", "struct"}) {
		t.Errorf("signature %q", m.Signature())
	}
}
