package explorer_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/supervisorrpc/rpcinterface/explorer"
	"github.com/supervisorrpc/rpcinterface/namespace"
)

// Calc is a namespace documented the way supervisord plugins are.
type Calc struct{ help map[string]string }

func (Calc) Add(a, b int) int                      { return a + b }
func (Calc) Scale(x float64, up bool) float64      { return x }
func (Calc) Stamp(t time.Time, data []byte) string { return "" }
func (Calc) Mix(list []int, m map[string]any) int  { return 0 }
func (Calc) Fail(code int, msg string) error       { return nil }

func (c Calc) RPCDocs() map[string]namespace.Doc {
	docs := map[string]namespace.Doc{}
	for name, h := range c.help {
		docs[name] = namespace.Docstring(h)
	}
	return docs
}

// Plain has no docs: its help and signatures are derived from Go.
type Plain struct{}

func (Plain) Hello(name string) string                 { return "hello " + name }
func (Plain) Opt(a int, b namespace.Optional[int]) int { return a }
func (Plain) Count(args ...any) int                    { return len(args) }

// service builds a method table over the namespaces.
func service(t testing.TB, nss map[string]any) *namespace.Service {
	t.Helper()
	var list []*namespace.Namespace
	for name, v := range nss {
		ns, err := namespace.Build(name, v)
		if err != nil {
			t.Fatal(err)
		}
		list = append(list, ns)
	}
	svc, err := namespace.NewService(list)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// get answers one request to h.
func get(t testing.TB, h http.Handler, method, target string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// article returns the HTML of the method's <article>, or "".
func article(page, name string) string {
	start := strings.Index(page, `<article class="method" id="`+name+`"`)
	if start < 0 {
		return ""
	}
	end := strings.Index(page[start:], "</article>")
	return page[start : start+end]
}

func sourceOf(svc *namespace.Service) explorer.Source {
	return explorer.SourceFunc(func() *namespace.Service { return svc })
}

func newRequest(method, target string) *http.Request { return httptest.NewRequest(method, target, nil) }

func serve(h http.Handler, r *http.Request) *http.Response {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec.Result()
}

// sortedSystemLast orders method names as the page does: by namespace,
// the system namespace last, then by name.
func sortedSystemLast(names []string) []string {
	out := slices.Clone(names)
	slices.SortFunc(out, func(a, b string) int {
		as, bs := strings.HasPrefix(a, "system."), strings.HasPrefix(b, "system.")
		if as != bs {
			if as {
				return 1
			}
			return -1
		}
		return strings.Compare(a, b)
	})
	return out
}
