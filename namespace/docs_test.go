package namespace

import (
	"reflect"
	"testing"
)

// TestDocstring compares Docstring with supervisord's gettags and
// methodSignature (supervisor/xmlrpc.py). The expected signatures were
// produced by running supervisord 4.2.5's own code on the same texts.
func TestDocstring(t *testing.T) {
	cases := []struct {
		name string
		doc  string
		sig  []string // nil: no @return, SIGNATURE_UNSUPPORTED
	}{
		{"full", " Add two numbers\n\n        @param int a First addend\n        @param int b Second addend\n        @return int The sum\n        ", []string{"int", "int", "int"}},
		{"last return wins", "@return int x\n@return string y\n", []string{"string"}},
		{"no return", "@param int a\nJust text\n", nil},
		{"param without datatype", "@param\n@return\n", []string{"", ""}},
		{"return without datatype", "@return", []string{""}},
		{"tabs and spaces", "\t @param\tstruct\tdata  more words here\n\t@return   array   r", []string{"array", "struct"}},
		{"unknown tags", "@params int a\n@returns int\n@raise Fault\n@return boolean ok\n@ param int x", []string{"boolean"}},
		{"tag glued to a colon", "@return: int\n@return:int\n", nil},
		{"empty", "", nil},
		{"text only", "no tags at all", nil},
		{"@ inside text", "email me at x@y.z\n@return mixed", []string{"mixed"}},
		{"params after return", "@return int\n@param string a\n@param double b", []string{"int", "string", "double"}},
		{"CRLF", "@param int a\r\n@return int r\r\n", []string{"int", "int"}},
		{"Unicode spaces", "@param\u00a0int a\n@return\u2003string r", []string{"string", "int"}},
		{"mixed and nil copied verbatim", "@param mixed v Anything\n@return nil", []string{"nil", "mixed"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := Docstring(tc.doc)
			if d.Help != tc.doc {
				t.Errorf("Help = %q, want the docstring verbatim", d.Help)
			}
			if tc.sig == nil {
				if !d.NoSignature || d.Signature != nil {
					t.Errorf("got %+v, want NoSignature", d)
				}
				return
			}
			if d.NoSignature || !reflect.DeepEqual(d.Signature, tc.sig) {
				t.Errorf("Signature = %q (NoSignature %v), want %q", d.Signature, d.NoSignature, tc.sig)
			}
		})
	}
}
