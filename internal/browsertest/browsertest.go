// Package browsertest drives headless Chromium (through chromedp) for the
// tests and benchmarks of the HTML report.
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// New returns a headless Chromium tab, or skips tb when no browser is
// installed; with COPYDESK_BROWSER=required (set by .ci/run, which
// installs Debian's chromium) a missing browser fails tb instead.
func New(tb testing.TB) context.Context {
	tb.Helper()
	var path string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("COPYDESK_BROWSER") == "required" {
			tb.Fatal("no Chromium found, and COPYDESK_BROWSER=required")
		}
		tb.Skip("no Chromium installed (apt-get install chromium)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.WindowSize(1400, 1000), chromedp.Flag("hide-scrollbars", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 120*time.Second)
	tb.Cleanup(func() { cancelT(); cancel(); cancelA() })
	return ctx
}

// Eval runs a JavaScript expression and decodes its value, as JSON, into v.
func Eval(tb testing.TB, ctx context.Context, expr string, v any) {
	tb.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string]("JSON.stringify("+expr+")"))
	if err != nil {
		tb.Fatalf("evaluating %s: %v", expr, err)
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		tb.Fatalf("evaluating %s: %v (%s)", expr, err, s)
	}
}

// WaitFor waits until an element matches the CSS selector (chromedp's
// element queries do not see nodes a page's script adds).
func WaitFor(sel string) chromedp.Action[chromedp.Void] {
	q, _ := json.Marshal(sel)
	return chromedp.Poll[chromedp.Void](fmt.Sprintf("document.querySelector(%s) !== null", q))
}

// Open navigates to url and waits until an element matches sel. A poll
// that lands in the execution context of the page being left, which
// chromedp reports as "Cannot find context with specified id", is tried
// again, a few times.
func Open(ctx context.Context, url, sel string) error {
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return err
	}
	for try := 1; ; try++ {
		err := chromedp.Do(ctx, WaitFor(sel))
		if err == nil || try == 5 || !strings.Contains(err.Error(), "Cannot find context") {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Click clicks the middle of the first element matching sel with the
// mouse, as a reader would.
func Click(tb testing.TB, ctx context.Context, sel string) {
	tb.Helper()
	q, _ := json.Marshal(sel)
	var at struct{ X, Y float64 }
	Eval(tb, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%s); e.scrollIntoView({block: "center"});
		const r = e.getClientRects()[0]; return {X: r.left + r.width / 2, Y: r.top + r.height / 2}; })()`, q), &at)
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(at.X, at.Y)); err != nil {
		tb.Fatal(err)
	}
}
