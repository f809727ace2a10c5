package interop_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// method is the CSS selector of a method's article on the explorer.
func method(name string) string { return `article.method[id="` + name + `"]` }

// TestBrowserExplorer drives the API explorer in Chromium on the example
// host serving the corpus's supervisord.conf: every method is listed with
// its help; searching filters as you type; echo.add called with 1 and 2
// answers 3; echo.fail answers its fault's code and string; a multicall of
// two calls answers both; the page logs no error (a Content-Security-
// Policy violation would be one).
func TestBrowserExplorer(t *testing.T) {
	b := newBrowser(t, nil)
	h := startCorpusHost(t, "supervisord.conf", "")
	base := "http://" + h.Addr

	if status := b.open(base + "/explorer/"); status != 200 {
		t.Fatalf("/explorer/: HTTP %d", status)
	}
	b.do("wait for the page's script", chromedp.WaitEnabled(chromedp.CSS(method("echo.add")+" .call-button")))
	shown := eval[[]string](b, `Array.from(document.querySelectorAll('article.method')).filter(a => !a.hidden).map(a => a.id)`)
	names := listMethods(t, h, "", "")
	if strings.Join(shown, " ") != strings.Join(sortedSystemLast(names), " ") {
		t.Errorf("the explorer shows\n%v\nsystem.listMethods answers\n%v", shown, names)
	}
	if help := b.text(method("echo.add") + " pre.help"); help != "Add two numbers (int or double)." {
		t.Errorf("echo.add's help: %q", help)
	}
	if sig := b.text(method("echo.add") + " p.sig"); sig != "echo.add(int a, int b) → int" {
		t.Errorf("echo.add's signature: %q", sig)
	}

	// Search: live, by name and help, and kept in the address.
	search(b, "addend")
	b.waitFor("the filter", `document.querySelector('#count').textContent.startsWith('4 of ')`)
	visible := eval[[]string](b, `Array.from(document.querySelectorAll('article.method')).filter(a => !a.hidden).map(a => a.id)`)
	if strings.Join(visible, " ") != "another.add another.optional echo.add echo.optional" {
		t.Errorf("searching 'addend' shows %v", visible)
	}
	if loc := run(b, "location", chromedp.Location()); !strings.HasSuffix(loc, "/explorer/?q=addend") {
		t.Errorf("the address is %s", loc)
	}
	b.screenshot("explorer-search", false)

	// echo.add(1, 2) = 3.
	add := method("echo.add")
	b.do("try echo.add",
		chromedp.Click(chromedp.CSS(add+" details.try > summary")),
		chromedp.SendKeys(chromedp.CSS(add+" .param:nth-of-type(1) .value"), "1"),
		chromedp.SendKeys(chromedp.CSS(add+" .param:nth-of-type(2) .value"), "2"),
		chromedp.Click(chromedp.CSS(add+" .call-button")),
		chromedp.WaitVisible(chromedp.CSS(add+" .value-out")),
	)
	if got := b.text(add + " .value-out"); got != "3" {
		t.Errorf("echo.add(1, 2) shows %q", got)
	}
	b.do("open the raw XML", chromedp.Click(chromedp.CSS(add+" details.raw > summary")))
	req := run(b, "request", chromedp.TextContent(chromedp.CSS(add+" pre.req")))
	resp := run(b, "answer", chromedp.TextContent(chromedp.CSS(add+" pre.resp")))
	if !strings.Contains(req, "<methodName>echo.add</methodName>") || !strings.Contains(req, "<int>1</int>") ||
		!strings.Contains(resp, "<int>3</int>") {
		t.Errorf("raw XML:\n%s\n%s", req, resp)
	}

	// echo.fail(10, "no <such> & thing"): a fault, with its code and string.
	search(b, "fail")
	fail := method("echo.fail")
	b.do("try echo.fail",
		chromedp.Click(chromedp.CSS(fail+" details.try > summary"), chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS(fail+" .param:nth-of-type(1) .value"), "10"),
		chromedp.SendKeys(chromedp.CSS(fail+" .param:nth-of-type(2) .value"), "no <such> & thing"),
		chromedp.Click(chromedp.CSS(fail+" .call-button")),
		chromedp.WaitVisible(chromedp.CSS(fail+" .fault-code")),
	)
	if code, str := b.text(fail+" .fault-code"), b.text(fail+" .fault-string"); !strings.HasSuffix(code, "10") || str != "BAD_NAME: no <such> & thing" {
		t.Errorf("echo.fail shows code %q, string %q", code, str)
	}

	// A multicall of echo.add(1, 2) and echo.ping().
	search(b, "echo.")
	b.do("build a multicall",
		chromedp.Click(chromedp.CSS(add+" .to-multicall"), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS("#multicall")),
		chromedp.Click(chromedp.CSS(method("echo.ping")+" details.try > summary"), chromedp.NodeVisible),
		chromedp.Click(chromedp.CSS(method("echo.ping")+" .to-multicall"), chromedp.NodeVisible),
	)
	b.waitFor("two calls", `document.querySelectorAll('#mc-list li').length === 2`)
	b.do("run the multicall",
		chromedp.Click(chromedp.CSS("#mc-run")),
		chromedp.WaitVisible(chromedp.CSS("#multicall .mc-results")),
	)
	results := eval[[]string](b, `Array.from(document.querySelectorAll('#multicall .mc-results li')).map(li => li.textContent)`)
	if strings.Join(results, " | ") != `echo.add → 3 | echo.ping → "pong"` {
		t.Errorf("the multicall shows %q", results)
	}
	b.do("fold the raw XML", chromedp.Click(chromedp.CSS(add+" details.raw > summary")))
	search(b, "")
	eval[any](b, `document.getElementById('echo.add').scrollIntoView({block: 'start'})`)
	b.screenshot("explorer", true)
	b.noPageErrors()
}

// search types words into the emptied search box, as a person does.
func search(b *browser, words string) {
	b.t.Helper()
	eval[any](b, `(() => { const q = document.getElementById('q'); q.value = ''; q.dispatchEvent(new Event('input')); })()`)
	if words != "" {
		b.do("search "+words, chromedp.SendKeys(chromedp.CSS("#q"), words))
	}
}

// sortedSystemLast orders method names as the explorer does: by
// namespace, the system namespace last.
func sortedSystemLast(names []string) []string {
	var rest, system []string
	for _, n := range names {
		if strings.HasPrefix(n, "system.") {
			system = append(system, n)
		} else {
			rest = append(rest, n)
		}
	}
	return append(rest, system...)
}
