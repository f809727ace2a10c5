package interop_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// row is the CSS selector of a process's row on the status page.
func row(name string) string { return `tr[data-process="` + name + `"]` }

// TestBrowserStatusPage drives supervisord's status page in Chromium on
// the example host serving the corpus's supervisord.conf (and a program
// that prints): sleeper is running; Stop stops it (STOPPED, "Process
// sleeper stopped"), Start starts it again; the printer's tail follows its
// log live; Clear Log, Stop All and Restart All answer supervisord's
// messages; the page links to the explorer.
func TestBrowserStatusPage(t *testing.T) {
	b := newBrowser(t, nil)
	h := startCorpusHost(t, "supervisord.conf", printerProgram)
	base := "http://" + h.Addr

	if status := b.open(base + "/"); status != 200 {
		t.Fatalf("/: HTTP %d", status)
	}
	state := func(name string) string {
		t.Helper()
		return strings.ToLower(run(b, "state of "+name, chromedp.TextContent(chromedp.CSS(row(name)+" td.state"))))
	}
	message := func() string {
		t.Helper()
		return b.text("#statusmessage")
	}
	if got := state("sleeper"); got != "running" {
		t.Fatalf("sleeper is %q", got)
	}
	if desc := b.text(row("sleeper") + " td.desc"); !regexp.MustCompile(`^pid \d+, uptime \d+:\d\d:\d\d$`).MatchString(desc) {
		t.Errorf("sleeper's description: %q", desc)
	}

	b.clickAndLoad("stop sleeper", row("sleeper")+" button.stop")
	if got, msg := state("sleeper"), message(); got != "stopped" || msg != "Process sleeper stopped" {
		t.Errorf("after Stop: sleeper %q, message %q", got, msg)
	}
	b.screenshotOf("status", true, "body")
	b.clickAndLoad("start sleeper", row("sleeper")+" button.start")
	if got, msg := state("sleeper"), message(); got != "running" || msg != "Process sleeper started" {
		t.Errorf("after Start: sleeper %q, message %q", got, msg)
	}

	// The printer's tail: the end of its log, then what it prints next.
	b.clickAndLoad("open printer's tail", row("printer")+" a.tail")
	if title := run(b, "title", chromedp.Title()); title != "Supervisor tail of process printer" {
		t.Errorf("tail title %q", title)
	}
	b.waitFor("the live stream", `document.getElementById('tail-status').textContent === 'following live'`)
	first := lastTick(b.text("#tailbody"))
	b.waitFor("a line printed after the page loaded",
		`/tick `+strconv.Itoa(first+2)+`\n/.test(document.getElementById('tailbody').textContent)`)
	if !strings.Contains(b.text("#tailbody"), "tick "+strconv.Itoa(first+1)+"\n") {
		t.Error("the live tail skipped a line")
	}
	b.screenshot("tail", true)

	b.clickAndLoad("back to the processes", `a.button[href="index.html"]`)
	b.clickAndLoad("clear printer's log", row("printer")+" button.clearlog")
	if msg := message(); msg != "Log for printer cleared" {
		t.Errorf("after Clear Log: %q", msg)
	}
	b.clickAndLoad("stop all", "#stopall")
	if msg := message(); !strings.HasPrefix(msg, "All stopped at ") || state("sleeper") != "stopped" || state("printer") != "stopped" {
		t.Errorf("after Stop All: %q, sleeper %s, printer %s", msg, state("sleeper"), state("printer"))
	}
	b.clickAndLoad("restart all", "#restartall")
	if msg := message(); !strings.HasPrefix(msg, "All restarted at ") || state("sleeper") != "running" || state("printer") != "running" {
		t.Errorf("after Restart All: %q, sleeper %s, printer %s", msg, state("sleeper"), state("printer"))
	}
	b.clickAndLoad("open the explorer", "#explorer-link")
	if title := run(b, "title", chromedp.Title()); title != "XML-RPC API explorer" {
		t.Errorf("the explorer link leads to %q", title)
	}
	b.noPageErrors()
}

// lastTick returns the number of the last "tick N" line in a log, 0 when
// there is none.
func lastTick(log string) int {
	n := 0
	for _, m := range regexp.MustCompile(`tick (\d+)\n`).FindAllStringSubmatch(log, -1) {
		n, _ = strconv.Atoi(m[1])
	}
	return n
}
