package interop_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
)

// The browser tests drive a headless Chromium (Debian's chromium) with
// chromedp. Without one they skip, or fail with
// RPCINTERFACE_REQUIRE_INTEROP=1.

// browserNames are the programs tried, in order.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// requireBrowser returns the path of a Chromium, as requireTool does for
// one program.
func requireBrowser(t *testing.T) string {
	t.Helper()
	for _, name := range browserNames {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	msg := fmt.Sprintf("no Chromium on PATH (tried %s); install Debian's chromium (apt-get install chromium) to run the browser tests",
		strings.Join(browserNames, ", "))
	if os.Getenv("RPCINTERFACE_REQUIRE_INTEROP") == "1" {
		t.Fatalf("%s (RPCINTERFACE_REQUIRE_INTEROP=1)", msg)
	}
	t.Skip("skipping: " + msg)
	return ""
}

// stepTimeout bounds one step of a browser test (a navigation, a wait for
// an element) so that a hung page fails the test instead of hanging it; it
// is not a speed requirement.
const stepTimeout = time.Minute

// browser is one headless Chromium with one tab, for one test.
type browser struct {
	t   *testing.T
	ctx context.Context // the tab's; steps derive bounded contexts from it
	dir string          // screenshots and page dumps; kept when the test fails

	mu       sync.Mutex
	problems []string // console errors and uncaught exceptions, CSP violations among them
}

// credentials are what the browser answers a Basic challenge with, as a
// person types them into the browser's dialog.
type credentials struct{ user, pass string }

// newBrowser starts Chromium with a fresh profile. With cred, it answers
// every authentication challenge with them; without, it cancels them.
func newBrowser(t *testing.T, cred *credentials) *browser {
	t.Helper()
	path := requireBrowser(t)
	dir, err := os.MkdirTemp("", "rpcinterface-browser-")
	if err != nil {
		t.Fatal(err)
	}
	profile := filepath.Join(dir, "profile")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		// The machine has no network: no background traffic.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 860),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	b := &browser{t: t, ctx: ctx, dir: dir}
	t.Cleanup(func() {
		if t.Failed() {
			b.dump("failure")
			t.Logf("browser screenshots and pages kept in %s", dir)
		}
		cancelTab()
		cancelAlloc()
		if !t.Failed() {
			os.RemoveAll(dir)
		} else {
			os.RemoveAll(profile)
		}
	})
	// The first Run starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	b.watchConsole()
	b.handleAuth(cred)
	return b
}

// watchConsole records the page's errors: uncaught exceptions and console
// errors, which include Content-Security-Policy violations.
func (b *browser) watchConsole() {
	messages := chromedp.Console(b.ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				b.mu.Lock()
				b.problems = append(b.problems, m.String())
				b.mu.Unlock()
			}
		}
	}()
}

// pageErrors returns the page errors seen so far, except the expected
// ones (a 401 answer logs one).
func (b *browser) pageErrors(expected ...string) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
next:
	for _, p := range b.problems {
		for _, e := range expected {
			if strings.Contains(p, e) {
				continue next
			}
		}
		out = append(out, p)
	}
	return out
}

// noPageErrors fails the test if the page logged an error.
func (b *browser) noPageErrors(expected ...string) {
	b.t.Helper()
	for _, p := range b.pageErrors(expected...) {
		b.t.Errorf("the page logged an error: %s", p)
	}
}

// handleAuth answers authentication challenges: with cred when given (as
// a person fills the browser's dialog), else by cancelling them.
func (b *browser) handleAuth(cred *credentials) {
	paused := chromedp.Events(b.ctx, fetch.RequestPaused)
	auth := chromedp.Events(b.ctx, fetch.AuthRequired)
	handle := true
	if _, err := chromedp.Call(b.ctx, fetch.Enable, fetch.EnableParams{HandleAuthRequests: &handle}); err != nil {
		b.t.Fatal(err)
	}
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			chromedp.Call(b.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		}
	}()
	go func() {
		for ev, err := range auth {
			if err != nil {
				return
			}
			answer := &fetch.AuthChallengeResponse{Response: fetch.AuthChallengeResponseResponseCancelAuth}
			if cred != nil {
				answer = &fetch.AuthChallengeResponse{Response: fetch.AuthChallengeResponseResponseProvideCredentials,
					Username: cred.user, Password: cred.pass}
			}
			chromedp.Call(b.ctx, fetch.ContinueWithAuth, fetch.ContinueWithAuthParams{RequestID: ev.RequestID, AuthChallengeResponse: answer})
		}
	}()
}

// do runs steps, bounded by stepTimeout, failing the test on error.
func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// run runs one action that returns a value.
func run[T any](b *browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// open navigates to url and returns the HTTP status of the document.
func (b *browser) open(url string) int64 {
	b.t.Helper()
	res := run(b, "open "+url, chromedp.NavigateResponse(url))
	if res == nil {
		b.t.Fatalf("open %s: no response", url)
	}
	return res.Status
}

// click clicks the element and waits for the page it loads.
func (b *browser) clickAndLoad(what, sel string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)); err != nil {
		b.t.Fatalf("%s (click %s): %v", what, sel, err)
	}
}

// text returns the visible text of the first element sel matches.
func (b *browser) text(sel string) string {
	b.t.Helper()
	return run(b, "read "+sel, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
}

// eval evaluates a JavaScript expression.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	return run(b, "evaluate "+expr, chromedp.Evaluate[T](expr))
}

// waitFor waits until the JavaScript predicate is true.
func (b *browser) waitFor(what, predicate string) {
	b.t.Helper()
	run(b, "wait for "+what, chromedp.Poll[bool](predicate, chromedp.WithPollingInterval(50*time.Millisecond),
		chromedp.WithPollingTimeout(stepTimeout)))
}

// screenshot saves the viewport as name.png in the test's directory (kept
// when the test fails) and, when publish is set and
// RPCINTERFACE_SCREENSHOTS names a directory (relative to the module
// root), there too: that is how the README's pictures are made.
func (b *browser) screenshot(name string, publish bool) {
	b.t.Helper()
	b.save(name, publish, chromedp.CaptureScreenshot())
}

// screenshotOf is screenshot of the element sel only (a short page's
// body, rather than the viewport with empty space under it).
func (b *browser) screenshotOf(name string, publish bool, sel string) {
	b.t.Helper()
	b.save(name, publish, chromedp.Screenshot(chromedp.CSS(sel), chromedp.NodeVisible))
}

func (b *browser) save(name string, publish bool, shot chromedp.Action[[]byte]) {
	b.t.Helper()
	png := run(b, "screenshot", shot)
	if err := os.WriteFile(filepath.Join(b.dir, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	if dir := os.Getenv("RPCINTERFACE_SCREENSHOTS"); dir != "" && publish {
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(moduleRoot, dir)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			b.t.Fatal(err)
		}
		b.t.Logf("wrote %s (%d bytes)", filepath.Join(dir, name+".png"), len(png))
	}
}

// dump saves what the tab shows, a screenshot and the page's HTML, for a
// failed test; errors are logged, not fatal (the test already failed).
func (b *browser) dump(name string) {
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err == nil {
		path := filepath.Join(b.dir, name+".png")
		if err := os.WriteFile(path, png, 0o644); err == nil {
			b.t.Logf("screenshot: %s", path)
		}
	} else if !errors.Is(err, context.Canceled) {
		b.t.Logf("no screenshot: %v", err)
	}
	if html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html"))); err == nil {
		path := filepath.Join(b.dir, name+".html")
		if err := os.WriteFile(path, []byte(html), 0o644); err == nil {
			b.t.Logf("page: %s", path)
		}
	}
	for _, p := range b.pageErrors() {
		b.t.Logf("page error: %s", p)
	}
}
