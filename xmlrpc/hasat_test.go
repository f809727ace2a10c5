package xmlrpc

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestHasAtLengths checks that every call of hasAt8, hasAt16 and hasAt24,
// and of the functions that call them with their own argument, passes a
// literal tag of a length that helper compares whole: a longer one would
// be compared in part.
func TestHasAtLengths(t *testing.T) {
	type rule struct{ arg, lo, hi int }
	ranges := map[string]rule{
		"hasAt8": {2, 4, 8}, "hasAt16": {2, 8, 16}, "hasAt24": {2, 16, 24},
		"closeTag8": {0, 4, 8}, "closeTag": {0, 8, 16}, "closeTag24": {0, 16, 24},
		"expect": {0, 8, 16}, "expect24": {0, 16, 24},
	}
	passers := map[string]bool{"hasAt": true, "closeTag8": true, "closeTag": true, "closeTag24": true, "expect": true, "expect24": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	calls := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var id *ast.Ident
			switch fun := call.Fun.(type) {
			case *ast.Ident:
				id = fun
			case *ast.SelectorExpr:
				id = fun.Sel
			default:
				return true
			}
			r, ok := ranges[id.Name]
			if !ok {
				return true
			}
			if passers[enclosingFunc(f, call.Pos())] {
				return true // passes its own argument on, checked where it is called
			}
			calls++
			lit, ok := constString(call.Args[r.arg])
			if !ok {
				t.Errorf("%s: %s with a tag that is not a string literal or constant", fset.Position(call.Pos()), id.Name)
				return true
			}
			s, _ := strconv.Unquote(lit.Value)
			if len(s) < r.lo || len(s) > r.hi {
				t.Errorf("%s: %s(%q): %d bytes, not %d to %d", fset.Position(call.Pos()), id.Name, s, len(s), r.lo, r.hi)
			}
			return true
		})
	}
	if calls == 0 {
		t.Fatal("no call found: the test looks in the wrong place")
	}
}

// constString returns the string literal e is, or the one the constant
// e names is declared with.
func constString(e ast.Expr) (*ast.BasicLit, bool) {
	if id, ok := e.(*ast.Ident); ok && id.Obj != nil && id.Obj.Kind == ast.Con {
		if vs, ok := id.Obj.Decl.(*ast.ValueSpec); ok {
			for i, n := range vs.Names {
				if n.Name == id.Name && i < len(vs.Values) {
					e = vs.Values[i]
				}
			}
		}
	}
	lit, ok := e.(*ast.BasicLit)
	return lit, ok && lit.Kind == token.STRING
}

// enclosingFunc names the function of f declared around pos.
func enclosingFunc(f *ast.File, pos token.Pos) string {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos < fd.End() {
			return fd.Name.Name
		}
	}
	return ""
}

// TestHasAt compares the helpers with a plain string compare at every
// offset of a body, for tags of every length they take, and at the end
// of the body, where the tag does not fit.
func TestHasAt(t *testing.T) {
	body := []byte("<value><struct>\n<member>\n<name>methodName</name>\n<value><string>x</string></value>")
	for n := 1; n <= 30; n++ {
		for start := 0; start+n <= len(body); start += 3 {
			tag := string(body[start : start+n])
			for i := 0; i <= len(body); i++ {
				want := i+n <= len(body) && string(body[i:i+n]) == tag
				if got := hasAt(body, i, tag); got != want {
					t.Fatalf("hasAt(body, %d, %q) = %v", i, tag, got)
				}
				for name, f := range map[string]struct {
					fn     func([]byte, int, string) bool
					lo, hi int
				}{"hasAt8": {hasAt8, 4, 8}, "hasAt16": {hasAt16, 8, 16}, "hasAt24": {hasAt24, 16, 24}} {
					if n >= f.lo && n <= f.hi {
						if got := f.fn(body, i, tag); got != want {
							t.Fatalf("%s(body, %d, %q) = %v", name, i, tag, got)
						}
					}
				}
			}
		}
	}
}
