package client_test

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/xmlrpc"
)

// The introspection methods against rpcext's server, which answers
// methodSignature as supervisord does (one flat signature).
func TestIntrospection(t *testing.T) {
	srv, _ := serve(t)
	c := srv.Client()
	ctx := t.Context()
	names, err := c.ListMethods(ctx)
	if err != nil || !slices.Contains(names, "t.add") || !slices.Contains(names, "system.multicall") {
		t.Errorf("ListMethods: %q, %v", names, err)
	}
	if help, err := c.MethodHelp(ctx, "system.listMethods"); err != nil || help == "" {
		t.Errorf("MethodHelp: %q, %v", help, err)
	}
	if sig, err := c.MethodSignature(ctx, "t.add"); err != nil || !reflect.DeepEqual(sig, [][]string{{"int", "int", "int"}}) {
		t.Errorf("MethodSignature(t.add): %q, %v", sig, err)
	}
	_, err = c.MethodSignature(ctx, "t.nosuch")
	wantCode(t, "MethodSignature(t.nosuch)", err, xmlrpc.CodeSignatureUnsupported)
}

// wantCode fails unless err is an *xmlrpc.Fault with code.
func wantCode(t *testing.T, what string, err error, code xmlrpc.Code) {
	t.Helper()
	if f, ok := err.(*xmlrpc.Fault); !ok || f.Code != code {
		t.Errorf("%s: %v, want fault %d", what, err, code)
	}
}

// Each form a server may answer system.methodSignature in.
func TestMethodSignatureForms(t *testing.T) {
	answers := map[string]string{
		"spec":       `<array><data><value><array><data><value>int</value><value>int</value></data></array></value><value><array><data><value>string</value></data></array></value></data></array>`,
		"flat":       `<array><data><value>boolean</value><value>string</value></data></array>`,
		"none":       `<string>signatures not supported</string>`,
		"empty":      `<array><data></data></array>`,
		"int":        `<int>1</int>`,
		"mixed":      `<array><data><value><array><data></data></array></value><value>int</value></data></array>`,
		"flatbad":    `<array><data><value>int</value><value><int>2</int></value></data></array>`,
		"nestedbad":  `<array><data><value><array><data><value><int>2</int></value></data></array></value></data></array>`,
		"emptysig":   `<array><data><value><array><data></data></array></value></data></array>`,
		"flatsingle": `<array><data><value>nil</value></data></array>`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<?xml version="1.0"?><methodResponse><params><param><value>` +
			answers[r.URL.Query().Get("as")] + `</value></param></params></methodResponse>`))
	}))
	defer srv.Close()
	tests := []struct {
		as   string
		want [][]string
		err  string
	}{
		{"spec", [][]string{{"int", "int"}, {"string"}}, ""},
		{"flat", [][]string{{"boolean", "string"}}, ""},
		{"flatsingle", [][]string{{"nil"}}, ""},
		{"none", nil, ""},
		{"empty", nil, ""},
		{"emptysig", [][]string{{}}, ""},
		{"int", nil, "answer is int, not an array of signatures"},
		{"mixed", nil, "signature 1 is string, not an array of type names"},
		{"flatbad", nil, "signature, type 1 is int, not a name"},
		{"nestedbad", nil, "signature 0, type 0 is int, not a name"},
	}
	for _, tt := range tests {
		sig, err := mustDial(t, srv.URL+"/RPC2?as="+tt.as).MethodSignature(t.Context(), "m")
		switch {
		case tt.err == "" && (err != nil || !reflect.DeepEqual(sig, tt.want)):
			t.Errorf("%s: %q, %v; want %q", tt.as, sig, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s: %q, %v; want an error saying %q", tt.as, sig, err, tt.err)
		}
	}
}
