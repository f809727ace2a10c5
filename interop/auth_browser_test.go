package interop_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCredentials: on the example host serving the corpus's
// supervisord-auth.conf, a browser that cannot give the credentials gets
// 401 for the status page and the explorer; one that gives them (as a
// person answers the browser's dialog) sees both, and the explorer's
// calls to /RPC2 go through with the credentials the browser holds.
func TestBrowserCredentials(t *testing.T) {
	h := startCorpusHost(t, "supervisord-auth.conf", "")
	base := "http://" + h.Addr

	t.Run("without credentials", func(t *testing.T) {
		b := newBrowser(t, nil)
		for _, path := range []string{"/", "/explorer/", "/tail.html?processname=sleeper"} {
			if status := b.open(base + path); status != 401 {
				t.Errorf("%s: HTTP %d, want 401", path, status)
			}
			if body := b.text("body"); strings.Contains(body, "sleeper") || strings.Contains(body, "echo.add") {
				t.Errorf("%s: refused, yet shown: %q", path, body)
			}
		}
	})

	t.Run("with credentials", func(t *testing.T) {
		b := newBrowser(t, &credentials{"user", "123"})
		if status := b.open(base + "/"); status != 200 {
			t.Fatalf("/: HTTP %d", status)
		}
		if state := b.text(row("sleeper") + " td.state"); strings.ToLower(state) != "running" {
			t.Errorf("sleeper is %q", state)
		}
		b.clickAndLoad("open the explorer", "#explorer-link")
		add := method("echo.add")
		b.do("try echo.add",
			chromedp.WaitEnabled(chromedp.CSS(add+" .call-button")),
			chromedp.ScrollIntoView(chromedp.CSS(add)),
			chromedp.Click(chromedp.CSS(add+" details.try > summary"), chromedp.NodeVisible),
			chromedp.SendKeys(chromedp.CSS(add+" .param:nth-of-type(1) .value"), "40"),
			chromedp.SendKeys(chromedp.CSS(add+" .param:nth-of-type(2) .value"), "2"),
			chromedp.Click(chromedp.CSS(add+" .call-button")),
			chromedp.WaitVisible(chromedp.CSS(add+" .value-out")),
		)
		if got := b.text(add + " .value-out"); got != "42" {
			t.Errorf("echo.add(40, 2) with the browser's credentials shows %q", got)
		}
		b.noPageErrors()
	})
}
