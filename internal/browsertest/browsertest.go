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
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// New returns a headless Chromium tab, or skips tb when no browser is
// installed; with COPYDESK_BROWSER=required (set by .ci/run, which
// installs Debian's chromium) a missing browser fails tb instead. In a
// package whose TestMain runs its tests through Main, the tab is one of
// a browser the package's tests share; otherwise, of a browser of its own.
// The tab closes when tb ends.
func New(tb testing.TB) context.Context {
	tb.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("COPYDESK_BROWSER") == "required" {
			tb.Fatal("no Chromium found, and COPYDESK_BROWSER=required")
		}
		tb.Skip("no Chromium installed (apt-get install chromium)")
	}
	parent := shared.browser(path)
	if parent == nil {
		var stop func()
		parent, stop = newBrowser(path)
		tb.Cleanup(stop)
	}
	ctx, cancel := chromedp.NewContext(parent)
	ctx, cancelT := context.WithTimeout(ctx, 120*time.Second)
	tb.Cleanup(func() { cancelT(); cancel() })
	return ctx
}

// chromiumPath returns the path of the first Chromium found, or "".
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser returns the context of a headless Chromium at path, which
// its first tab (chromedp.NewContext of it) starts, and what stops it.
func newBrowser(path string) (context.Context, func()) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.WindowSize(1400, 1000), chromedp.Flag("hide-scrollbars", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	return ctx, func() { cancel(); cancelA() }
}

// shared is the browser of a package's tests run through Main.
var shared sharedBrowser

type sharedBrowser struct {
	on   bool // Main runs the tests
	once sync.Once
	ctx  context.Context // the browser's first tab, started; nil if it failed
	stop func()
}

// browser returns the shared browser, started on first use, or nil if
// the tests do not share one (or it failed to start: each test then
// starts its own, and reports why it fails).
func (s *sharedBrowser) browser(path string) context.Context {
	if !s.on {
		return nil
	}
	s.once.Do(func() {
		ctx, stop := newBrowser(path)
		// The first tab starts the browser; its context, which has no
		// deadline, keeps it running until stop.
		if err := chromedp.Do(ctx); err != nil {
			stop()
			return
		}
		s.ctx, s.stop = ctx, stop
	})
	return s.ctx
}

// Main runs a package's tests (and benchmarks) with one browser for all
// of them, each test in a tab of its own, and stops it when they are
// done, returning m.Run's exit code: a Chromium starts in about a second,
// which a tab does not take. For TestMain: os.Exit(browsertest.Main(m)).
func Main(m *testing.M) int {
	shared.on = true
	code := m.Run()
	if shared.stop != nil {
		shared.stop()
	}
	return code
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
