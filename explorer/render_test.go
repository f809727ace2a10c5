package explorer

import (
	"html"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/namespace"
)

// documented is a namespace whose one method has the given help.
type documented struct{ help string }

func (documented) Do(s string) string { return s }

func (d documented) RPCDocs() map[string]namespace.Doc {
	return map[string]namespace.Doc{"do": namespace.Docstring(d.help)}
}

// FuzzHelpEscaped: whatever a plugin's help holds, the page shows it as
// text: the help's <pre> holds no markup and reads back as the text.
func FuzzHelpEscaped(f *testing.F) {
	f.Add("Plain help.")
	f.Add(`<script>alert("x")</script> & 'quotes' </pre><b>`)
	f.Add("Tags\n@param string <i>x</i> a & b\n@return string ]]> \"q\"")
	f.Add("&amp; &lt; already escaped")
	f.Fuzz(func(t *testing.T, help string) {
		ns, err := namespace.Build("ns", documented{help})
		if err != nil {
			t.Skip()
		}
		svc, err := namespace.NewService([]*namespace.Namespace{ns})
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		New(SourceFunc(func() *namespace.Service { return svc })).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		page := rec.Body.String()
		if rec.Code != 200 {
			t.Fatalf("status %d: %s", rec.Code, page)
		}
		// html/template writes NUL, which HTML cannot hold, as U+FFFD.
		want := strings.ReplaceAll(parseHelp(help).Text, "\x00", "\uFFFD")
		start := strings.Index(page, `<pre class="help">`)
		if want == "" {
			if start >= 0 && strings.Contains(page[:strings.Index(page, "</article>")], `<pre class="help">`) {
				t.Fatalf("an empty help has a <pre>")
			}
			return
		}
		if start < 0 {
			t.Fatalf("no help shown for %q", help)
		}
		body := page[start+len(`<pre class="help">`):]
		body = body[:strings.Index(body, "</pre>")]
		if strings.ContainsAny(body, "<>") {
			t.Errorf("markup in the help's <pre>: %q", body)
		}
		if got := html.UnescapeString(body); got != want {
			t.Errorf("help reads back as %q, want %q", got, want)
		}
	})
}
