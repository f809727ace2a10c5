package interop_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserExplorerTypes sends each XML-RPC type from the explorer's
// typed inputs to echo.echo, which answers its argument, and reads the
// value back as the page shows it: the browser's encoding and decoding of
// every type, base64 from text and from a file included.
func TestBrowserExplorerTypes(t *testing.T) {
	b := newBrowser(t, nil)
	h := startCorpusHost(t, "supervisord.conf", "")
	if status := b.open("http://" + h.Addr + "/explorer/#echo.echo"); status != 200 {
		t.Fatalf("/explorer/: HTTP %d", status)
	}
	echo := method("echo.echo")
	b.do("open echo.echo's form",
		chromedp.WaitEnabled(chromedp.CSS(echo+" .call-button")),
		chromedp.Click(chromedp.CSS(echo+" details.try > summary"), chromedp.NodeVisible),
	)
	file := filepath.Join(t.TempDir(), "blob.bin")
	if err := os.WriteFile(file, []byte{0, 1, 2, 0xfe, 0xff, 'o', 'k'}, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, kind, input, file, want string
	}{
		{"int", "int", "-42", "", "-42"},
		{"int beyond 32 bits", "int", "1099511627776", "", "1099511627776"},
		{"double", "double", "2.5", "", "2.5"},
		{"whole double", "double", "3", "", "3.0"},
		{"boolean", "boolean", "0", "", "false"},
		{"string", "string", `<b>"tags" & such</b>`, "", `"<b>\"tags\" & such</b>"`},
		{"dateTime", "dateTime.iso8601", "20240131T23:59:59", "", `{"$dateTime.iso8601": "20240131T23:59:59"}`},
		{"base64 text", "base64", "hi <&>", "", `{"$base64": "aGkgPCY+"}`},
		{"base64 file", "base64", "", file, `{"$base64": "AAEC/v9vaw=="}`},
		{"nil", "nil", "", "", "null"},
		{"array", "array", `[1, "two", [true], {"$base64": "AA=="}]`, "", "[\n  1,\n  \"two\",\n  [\n    true\n  ],\n  {\"$base64\": \"AA==\"}\n]"},
		// A struct echoed comes back with its members in the order they
		// were sent, as supervisord answers (xmlrpc.Encoder.FollowOrder).
		{"struct", "struct", `{"b": 1.5, "a": {"c": null}}`, "", "{\n  \"b\": 1.5,\n  \"a\": {\n    \"c\": null\n  }\n}"},
		{"JSON", "json", `"text"`, "", `"text"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			param := echo + " .param:nth-of-type(1)"
			eval[any](b, `(() => { const s = document.querySelector('`+param+` select.kind'); s.value = '`+tc.kind+`'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`)
			value := param + " .value"
			switch {
			case tc.file != "":
				b.do("choose "+tc.file, chromedp.SetUploadFiles(chromedp.CSS(param+" input.file"), []string{tc.file}))
			case tc.kind == "boolean":
				b.do("choose false", chromedp.SetValue(chromedp.CSS(value), tc.input))
			case tc.kind != "nil":
				b.do("type "+tc.input, chromedp.SendKeys(chromedp.CSS(value), tc.input))
			}
			eval[any](b, `document.querySelector('`+echo+` .result').hidden = true`)
			b.do("call", chromedp.Click(chromedp.CSS(echo+" .call-button")), chromedp.WaitVisible(chromedp.CSS(echo+" .value-out")))
			if got := run(b, "value", chromedp.TextContent(chromedp.CSS(echo+" .value-out"))); got != tc.want {
				t.Errorf("echo.echo(%s %q) shows\n%s\nwant\n%s", tc.kind, tc.input, got, tc.want)
			}
		})
	}
	// A value that is not of its type is not sent: the form says why.
	param := echo + " .param:nth-of-type(1)"
	eval[any](b, `(() => { const s = document.querySelector('`+param+` select.kind'); s.value = 'int'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`)
	b.do("type a word", chromedp.SendKeys(chromedp.CSS(param+" .value"), "forty"), chromedp.Click(chromedp.CSS(echo+" .call-button")))
	b.waitFor("the complaint", `document.querySelector('`+echo+` .outcome').textContent.includes('cannot send')`)
	if got := strings.TrimSpace(run(b, "the complaint", chromedp.TextContent(chromedp.CSS(echo+" .problem")))); got != `parameter 1 (int): an int is written with digits only, not "forty"` {
		t.Errorf("an int written as a word: %q", got)
	}
	b.noPageErrors()
}
