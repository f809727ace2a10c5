package explorer_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/supervisorrpc/rpcinterface/explorer"
	"github.com/supervisorrpc/rpcinterface/namespace"
)

const addDoc = ` Add two numbers.

        @param int a First addend
        @param int b Second addend
        @return int result a + b
        `

func TestPageListsEveryMethod(t *testing.T) {
	svc := service(t, map[string]any{"calc": Calc{help: map[string]string{"add": addDoc}}, "plain": Plain{}})
	res, page := get(t, explorer.New(sourceOf(svc)), "GET", "/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, name := range svc.MethodNames() {
		a := article(page, name)
		if a == "" {
			t.Errorf("%s is not on the page", name)
			continue
		}
		m, _ := svc.Method(name)
		if sig := m.Signature(); sig != nil && !strings.Contains(a, `<span class="sig-type">`+html.EscapeString(sig[0])+`</span></code>`) {
			t.Errorf("%s: result type %s not shown:\n%s", name, sig[0], a)
		}
	}
	add := html.UnescapeString(article(page, "calc.add"))
	for _, want := range []string{
		`<pre class="help">Add two numbers.</pre>`,
		`<td><code>a</code></td><td><code class="sig-type">int</code></td><td>First addend</td>`,
		`Returns <code class="sig-type">int</code>: a + b`,
		`calc.add</span>(<span class="sig-type">int</span> <span class="sig-param">a</span>, <span class="sig-type">int</span> <span class="sig-param">b</span>) → <span class="sig-type">int</span>`,
	} {
		if !strings.Contains(add, want) {
			t.Errorf("calc.add lacks %s:\n%s", want, add)
		}
	}
	// Derived help: optional and variadic parameters are marked.
	if a := article(page, "plain.opt"); !strings.Contains(a, `[<span class="sig-type">int</span>]`) || !strings.Contains(a, `<span class="opt">optional</span>`) {
		t.Errorf("plain.opt's optional parameter is not marked:\n%s", a)
	}
	if a := article(page, "plain.count"); !strings.Contains(a, `<span class="sig-type">mixed</span>…`) || !strings.Contains(a, `any number`) {
		t.Errorf("plain.count's variadic parameter is not marked:\n%s", a)
	}
	// The system namespace comes last.
	if strings.Index(page, `id="ns-system"`) < strings.Index(page, `id="ns-plain"`) {
		t.Error("the system namespace is not last")
	}
}

func TestInputsTypedFromSignature(t *testing.T) {
	svc := service(t, map[string]any{"calc": Calc{help: map[string]string{
		"fail": "Fail.\n@param int code\n@param string|int msg\n@return mixed result",
	}}})
	_, page := get(t, explorer.New(sourceOf(svc)), "GET", "/")
	kinds := regexp.MustCompile(`<div class="param" data-kind="([^"]+)">`)
	selected := regexp.MustCompile(`<option value="([^"]+)" selected>`)
	widget := regexp.MustCompile(`<span class="widget">(<[a-z]+ class="value"[^>]*>)`)
	for _, tc := range []struct {
		method string
		kinds  []string
		inputs []string // the start of each widget
	}{
		{"calc.add", []string{"int", "int"}, []string{`<input class="value" type="text" inputmode="numeric"`, `<input class="value" type="text" inputmode="numeric"`}},
		{"calc.scale", []string{"double", "boolean"}, []string{`<input class="value" type="text" inputmode="decimal"`, `<select class="value"`}},
		{"calc.stamp", []string{"dateTime.iso8601", "base64"}, []string{`<input class="value" type="text" placeholder="20240131T23:59:59"`, `<textarea class="value"`}},
		{"calc.mix", []string{"array", "struct"}, []string{`<textarea class="value"`, `<textarea class="value"`}},
		{"calc.fail", []string{"int", "string"}, []string{`<input class="value" type="text" inputmode="numeric"`, `<input class="value" type="text" placeholder="text"`}},
		{"system.listMethods", nil, nil},
	} {
		a := article(page, tc.method)
		var got, sel, wid []string
		for _, m := range kinds.FindAllStringSubmatch(a, -1) {
			got = append(got, m[1])
		}
		for _, m := range selected.FindAllStringSubmatch(a, -1) {
			sel = append(sel, m[1])
		}
		for _, m := range widget.FindAllStringSubmatch(a, -1) {
			wid = append(wid, m[1])
		}
		if strings.Join(got, ",") != strings.Join(tc.kinds, ",") || strings.Join(sel, ",") != strings.Join(tc.kinds, ",") {
			t.Errorf("%s: inputs %v (selected %v), want %v", tc.method, got, sel, tc.kinds)
		}
		if len(wid) != len(tc.inputs) {
			t.Errorf("%s: %d widgets, want %d", tc.method, len(wid), len(tc.inputs))
			continue
		}
		for i, w := range wid {
			if !strings.HasPrefix(w, tc.inputs[i]) {
				t.Errorf("%s parameter %d: widget %s, want %s...", tc.method, i+1, w, tc.inputs[i])
			}
		}
	}
	if a := article(page, "calc.stamp"); !strings.Contains(a, `<input class="file" type="file"`) {
		t.Error("a base64 parameter has no file input")
	}
}

// A docstring is plugin text: markup in it must reach the reader as text.
func TestHelpIsEscaped(t *testing.T) {
	evil := `Break <script>alert("x")</script> & <b onmouseover='y'>out</b> of "here".
        @param int <img src=x onerror=alert(1)> The <i>first</i> & "only"
        @return string </pre><script>z()</script> done`
	svc := service(t, map[string]any{"calc": Calc{help: map[string]string{"add": evil}}})
	_, page := get(t, explorer.New(sourceOf(svc)), "GET", "/?q="+`"><script>q()</script>`)
	for _, raw := range []string{"<script>alert", "<b onmouseover", "<img src=x", "<i>first", "</pre><script>", "<script>z()", "<script>q()"} {
		if strings.Contains(page, raw) {
			t.Errorf("the page holds %q unescaped", raw)
		}
	}
	a := article(page, "calc.add")
	for _, escaped := range []string{
		`Break &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b onmouseover=&#39;y&#39;&gt;out&lt;/b&gt; of &#34;here&#34;.`,
		`&lt;/pre&gt;&lt;script&gt;z()&lt;/script&gt; done`,
	} {
		if !strings.Contains(a, escaped) {
			t.Errorf("the help does not appear as text: want %s in\n%s", escaped, a)
		}
	}
	if !strings.Contains(page, `value="&#34;&gt;&lt;script&gt;q()&lt;/script&gt;"`) {
		t.Error("the query is not escaped in the search box")
	}
}

// The page follows its Content-Security-Policy: no inline script or
// style, no event handler attributes, nothing from another origin.
func TestNoInlineScriptOrStyle(t *testing.T) {
	svc := service(t, map[string]any{"calc": Calc{help: map[string]string{"add": addDoc}}, "plain": Plain{}})
	res, page := get(t, explorer.New(sourceOf(svc)), "GET", "/")
	if got := res.Header.Get("Content-Security-Policy"); got != explorer.ContentSecurityPolicy {
		t.Errorf("CSP %q", got)
	}
	for _, pol := range []string{"script-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"} {
		if !strings.Contains(explorer.ContentSecurityPolicy, pol) {
			t.Errorf("the policy lacks %s", pol)
		}
	}
	for _, re := range []string{
		`<script(?:\s+[^>]*)?>[^<]+</script>`, // inline script
		`<style`,                              // inline style sheet
		`\sstyle=`,                            // style attribute
		`\son[a-z]+=`,                         // event handler attribute
		`(?:src|href|action)="(?:https?:)?//`, // another origin
		`javascript:`,
	} {
		if m := regexp.MustCompile(re).FindString(page); m != "" {
			t.Errorf("the page has %q (matching %s)", m, re)
		}
	}
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(page, -1) {
		if !regexp.MustCompile(`\ssrc="assets/[a-z]+\.js"`).MatchString(tag) {
			t.Errorf("a script that is not one of the page's own files: %s", tag)
		}
	}
	for _, h := range []string{"X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
		if res.Header.Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
	if got := res.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q: a reload must show the new table", got)
	}
}

func TestAssets(t *testing.T) {
	h := explorer.New(sourceOf(service(t, nil)))
	for _, tc := range []struct{ path, ctype, contains string }{
		{"/assets/explorer.js", "text/javascript; charset=utf-8", "methodCall"},
		{"/assets/explorer.css", "text/css; charset=utf-8", ".method"},
		{"/assets/icon.svg", "image/svg+xml", "<svg"},
	} {
		res, body := get(t, h, "GET", tc.path)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != tc.ctype || !strings.Contains(body, tc.contains) {
			t.Errorf("%s: %d %q, body has %q: %v", tc.path, res.StatusCode, res.Header.Get("Content-Type"), tc.contains, strings.Contains(body, tc.contains))
		}
		if res.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("%s: no CSP", tc.path)
		}
		etag := res.Header.Get("ETag")
		rec := newRequest("GET", tc.path)
		rec.Header.Set("If-None-Match", etag)
		if res := serve(h, rec); etag == "" || res.StatusCode != http.StatusNotModified {
			t.Errorf("%s: If-None-Match %s answered %d", tc.path, etag, res.StatusCode)
		}
	}
}

func TestOnlyReads(t *testing.T) {
	calls := 0
	h := explorer.New(explorer.SourceFunc(func() *namespace.Service { calls++; return service(t, nil) }))
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/", 200},
		{"GET", "/index.html", 200},
		{"HEAD", "/", 200},
		{"GET", "/nothing", 404},
		{"GET", "/assets/nothing.js", 404},
		{"POST", "/", 405},
		{"PUT", "/", 405},
		{"DELETE", "/assets/explorer.js", 405},
		{"POST", "/assets/explorer.js", 405},
	} {
		res, body := get(t, h, tc.method, tc.path)
		if res.StatusCode != tc.status {
			t.Errorf("%s %s: %d, want %d", tc.method, tc.path, res.StatusCode, tc.status)
		}
		if tc.status == 405 && res.Header.Get("Allow") != "GET, HEAD" {
			t.Errorf("%s %s: Allow %q", tc.method, tc.path, res.Header.Get("Allow"))
		}
		if tc.method == "HEAD" && body != "" {
			t.Errorf("HEAD answered a body")
		}
	}
	if calls != 3 {
		t.Errorf("the method table was read %d times for 3 page loads", calls)
	}
}

// The page shows the table the source has at each load: a handler whose
// table is swapped by a reload shows the new one at the next load.
func TestReadsTheTableAtEachLoad(t *testing.T) {
	before := service(t, map[string]any{"calc": Calc{}})
	after := service(t, map[string]any{"plain": Plain{}})
	current := before
	h := explorer.New(explorer.SourceFunc(func() *namespace.Service { return current }))
	_, page := get(t, h, "GET", "/")
	if article(page, "calc.add") == "" || article(page, "plain.hello") != "" {
		t.Fatal("first load: not the first table")
	}
	current = after
	_, page = get(t, h, "GET", "/")
	if article(page, "calc.add") != "" || article(page, "plain.hello") == "" {
		t.Error("after the swap the page still shows the old table")
	}
	current = nil
	if res, _ := get(t, h, "GET", "/"); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("no table: %d", res.StatusCode)
	}
}

func TestSearch(t *testing.T) {
	svc := service(t, map[string]any{"calc": Calc{help: map[string]string{"add": addDoc}}, "plain": Plain{}})
	h := explorer.New(sourceOf(svc))
	visible := regexp.MustCompile(`<article class="method" id="([^"]+)"[^>]*?data-search="[^"]*">`)
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"", svc.MethodNames()},
		{"addend", []string{"calc.add"}},                 // help text
		{"PLAIN.h", []string{"plain.hello"}},             // name, any case
		{"first   addend", []string{"calc.add"}},         // every word
		{"first nothing", nil},                           // every word must match
		{"multicall", []string{"system.multicall"}},      // system methods too
		{"boolean", []string{"calc.fail", "calc.scale"}}, // derived help
	} {
		_, page := get(t, h, "GET", "/?q="+strings.ReplaceAll(tc.q, " ", "+"))
		var got []string
		for _, m := range visible.FindAllStringSubmatch(page, -1) {
			got = append(got, m[1])
		}
		if strings.Join(got, " ") != strings.Join(sortedSystemLast(tc.want), " ") {
			t.Errorf("q=%q: shown %v, want %v", tc.q, got, tc.want)
		}
		if len(tc.want) == 0 && !strings.Contains(page, `<p class="empty" id="empty">`) {
			t.Errorf("q=%q: no 'no match' note", tc.q)
		}
	}
}
