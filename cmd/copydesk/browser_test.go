package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/copydesk/copydesk/internal/golden"
)

// browser returns a headless Chromium context, or skips the test when no
// browser is installed (.ci/run installs Debian's chromium and sets
// COPYDESK_BROWSER=required, so there the test cannot skip).
func browser(t *testing.T) context.Context {
	t.Helper()
	var path string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		if os.Getenv("COPYDESK_BROWSER") == "required" {
			t.Fatal("no Chromium found, and COPYDESK_BROWSER=required")
		}
		t.Skip("no Chromium installed (apt-get install chromium)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.WindowSize(1400, 1000), chromedp.Flag("hide-scrollbars", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancel(); cancelA() })
	return ctx
}

// eval runs a JavaScript expression and decodes its JSON value into v.
func eval(t *testing.T, ctx context.Context, expr string, v any) {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string]("JSON.stringify(" + expr + ")"))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("evaluating %s: %v (%s)", expr, err, s)
	}
}

// waitFor waits until an element matches the CSS selector (chromedp's
// element queries do not see nodes the page's script adds).
func waitFor(sel string) chromedp.Action[chromedp.Void] {
	q, _ := json.Marshal(sel)
	return chromedp.Poll[chromedp.Void](fmt.Sprintf("document.querySelector(%s) !== null", q))
}

// click clicks the middle of the first element matching sel with the
// mouse, as a reader would.
func click(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	q, _ := json.Marshal(sel)
	var at struct{ X, Y float64 }
	eval(t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%s); e.scrollIntoView({block: "center"});
		const r = e.getClientRects()[0]; return {X: r.left + r.width / 2, Y: r.top + r.height / 2}; })()`, q), &at)
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(at.X, at.Y)); err != nil {
		t.Fatal(err)
	}
}

type markInfo struct {
	Span     int      `json:"span"`
	Text     string   `json:"text"`
	Partners []string `json:"partners"`
	Quoted   bool     `json:"quoted"`
	Colour   string   `json:"colour"`
}

const marksJS = `[...document.querySelectorAll("#doctext mark")].map(m => ({span: +m.dataset.span, text: m.textContent,
	partners: m.dataset.partners.split(" "), quoted: m.classList.contains("quoted"), colour: getComputedStyle(m).borderBottomColor}))`

// TestBrowserSeeds opens the seeds' HTML report in headless Chromium and
// checks what an editor sees: 002's highlighted spans and their partners,
// original text left plain, a span selected with the mouse listing its
// match, the jump to the match in 003, keyboard selection, and the views
// that render from the report. It saves a screenshot (under -update, the
// README's docs/seeds-report.png).
func TestBrowserSeeds(t *testing.T) {
	ctx := browser(t)
	writeSeeds(t)
	var out, errb bytes.Buffer
	if code := run([]string{"scan", "-q", "--format", "html", "-o", "report.html", "seeds"}, nil, &out, &errb); code != exitOK {
		t.Fatalf("scan: exit %d: %s", code, errb.String())
	}
	abs, _ := filepath.Abs("report.html")
	page := "file://" + abs
	id := func(n string) string { // seed id from its number
		for _, name := range []string{"000_b024a780c0f38d2c", "001_051146013a5ae387", "002_1a832fbc3017fa8f", "003_9b0b0d939d8db62d", "004_a95e005c11c08a1e"} {
			if strings.HasPrefix(name, n) {
				return name
			}
		}
		return n
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(page+"#doc=2"), waitFor("#doctext mark")); err != nil {
		t.Fatal(err)
	}
	var marks []markInfo
	eval(t, ctx, marksJS, &marks)
	find := func(phrase string) *markInfo {
		for i := range marks {
			if strings.Contains(marks[i].Text, phrase) {
				return &marks[i]
			}
		}
		return nil
	}
	for _, tc := range []struct {
		phrase   string
		partners []string
		quoted   bool
	}{
		{"in crowded areas of Saint Petersburg on December 16", []string{id("003")}, false},
		{"was later shown confessing that he was told to make homemade bombs", []string{id("000")}, false},
		{"President Trump stressed the importance of intelligence cooperation", []string{id("000"), id("001"), id("003")}, true},
		{"extended his thanks and congratulations to", []string{id("001")}, false},
	} {
		m := find(tc.phrase)
		if m == nil {
			t.Errorf("002: no highlighted span holds %q", tc.phrase)
			continue
		}
		for _, p := range tc.partners {
			if !strings.Contains(strings.Join(m.Partners, " "), p) {
				t.Errorf("002 span %q: partners %v lack %s", m.Text, m.Partners, p)
			}
		}
		if m.Quoted != tc.quoted {
			t.Errorf("002 span %q: quoted %v, want %v", m.Text, m.Quoted, tc.quoted)
		}
	}
	if m := find("Kazansky Cathedral"); m != nil {
		t.Errorf("002's own sentence is highlighted as shared: %q", m.Text)
	}
	// Spans with different best partners have different colours.
	if a, b := find("Saint Petersburg on December 16"), find("later shown confessing"); a != nil && b != nil && a.Colour == b.Colour {
		t.Errorf("spans shared with 003 and with 000 have one colour, %s", a.Colour)
	}

	// Select the FSB span with the mouse: the panel lists its match in
	// 003, with 003's wording.
	fsb := find("Saint Petersburg on December 16")
	if fsb == nil {
		t.FailNow()
	}
	sel := fmt.Sprintf(`#doctext mark[data-span="%d"]`, fsb.Span)
	click(t, ctx, sel)
	if err := chromedp.Do(ctx, waitFor("#matches li")); err != nil {
		t.Fatal(err)
	}
	var panel struct {
		Docs  []string `json:"docs"`
		Quote string   `json:"quote"`
	}
	eval(t, ctx, `({docs: [...document.querySelectorAll("#matches li")].map(li => li.dataset.doc),
		quote: document.querySelector("#matches blockquote").textContent})`, &panel)
	if len(panel.Docs) != 1 || panel.Docs[0] != id("003") || !strings.Contains(panel.Quote, "December 16") {
		t.Errorf("selected FSB span: panel lists %v, %q; want 003 and its text", panel.Docs, panel.Quote)
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(os.TempDir(), "copydesk-seeds-report.png")
	if golden.Updating() {
		dst = filepath.Join(repoRoot(t), "docs", "seeds-report.png")
	}
	if err := os.WriteFile(dst, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", dst, len(shot))

	// Follow the match: 003 opens with its span selected and focused.
	click(t, ctx, `#matches li a[href^="#doc="]`)
	if err := chromedp.Do(ctx, waitFor("#doctext mark.selected")); err != nil {
		t.Fatal(err)
	}
	var jumped struct {
		Hash, Selected, Focused string
	}
	eval(t, ctx, `({Hash: location.hash, Selected: document.querySelector("#doctext mark.selected").textContent,
		Focused: document.activeElement.textContent})`, &jumped)
	if !strings.HasPrefix(jumped.Hash, "#doc=3") || !strings.Contains(jumped.Selected, "Saint Petersburg on December 16") || jumped.Focused != jumped.Selected {
		t.Errorf("after the jump: %+v", jumped)
	}

	// Keyboard: n moves to the next span, Enter selects it.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("n"), chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	var kb struct{ Focused, Selected string }
	eval(t, ctx, `({Focused: document.activeElement.tagName + ":" + document.activeElement.textContent,
		Selected: (document.querySelector("#doctext mark.selected") || {}).textContent})`, &kb)
	if !strings.HasPrefix(kb.Focused, "MARK:") || kb.Focused != "MARK:"+kb.Selected || strings.Contains(kb.Selected, "December 16") {
		t.Errorf("after n and Enter: %+v", kb)
	}

	// The other views render from the report.
	var counts struct{ Docs, Heat, Passages, Variants, Rows int }
	if err := chromedp.Do(ctx, chromedp.Navigate(page+"#overview"), waitFor("#documents")); err != nil {
		t.Fatal(err)
	}
	eval(t, ctx, `({Docs: document.querySelectorAll("#documents tbody tr").length, Heat: document.querySelectorAll("#heat tbody tr").length})`, &counts)
	if err := chromedp.Do(ctx, chromedp.Navigate(page+"#passages"), waitFor(".card")); err != nil {
		t.Fatal(err)
	}
	eval(t, ctx, `({Passages: document.querySelectorAll(".card").length, Variants: document.querySelectorAll(".card ins, .card del").length})`, &counts)
	if err := chromedp.Do(ctx, chromedp.Navigate(page+"#cmp=0,2"), waitFor("#compare")); err != nil {
		t.Fatal(err)
	}
	eval(t, ctx, `document.querySelectorAll("#compare tbody tr").length`, &counts.Rows)
	if counts.Docs != 5 || counts.Heat != 5 || counts.Passages == 0 || counts.Variants == 0 || counts.Rows == 0 {
		t.Errorf("views: %+v", counts)
	}
}

// TestBrowserHostile: a document written to attack the page renders as
// text and runs nothing; its javascript: URL is no link.
func TestBrowserHostile(t *testing.T) {
	ctx := browser(t)
	t.Chdir(t.TempDir())
	evil := `Headline </textarea><script>window.pwned = 1</script> and <img src=x onerror="window.pwned = 2"> end.`
	rec, _ := json.Marshal(map[string]string{"id": "evil", "text": evil + "\n\nA second paragraph about the Kremlin and the CIA tip.", "url": "javascript:window.pwned=3"})
	rec2, _ := json.Marshal(map[string]string{"id": "plain", "text": "A second paragraph about the Kremlin and the CIA tip, reprinted."})
	if err := os.WriteFile("c.jsonl", []byte(string(rec)+"\n"+string(rec2)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"scan", "-q", "--format", "html", "-o", "report.html", "c.jsonl"}, nil, &out, &errb); code != exitOK {
		t.Fatalf("scan: exit %d: %s", code, errb.String())
	}
	abs, _ := filepath.Abs("report.html")
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+abs+"#doc=0"), waitFor("#doctext")); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Pwned   any
		Text    string
		Scripts int
		Links   []string
	}
	eval(t, ctx, `({Pwned: window.pwned === undefined ? null : window.pwned, Text: document.getElementById("doctext").textContent,
		Scripts: document.scripts.length, Links: [...document.querySelectorAll("a")].map(a => a.getAttribute("href"))})`, &got)
	if got.Pwned != nil || got.Scripts != 2 || !strings.Contains(got.Text, evil) {
		t.Errorf("hostile document: pwned %v, %d scripts, text shown %q", got.Pwned, got.Scripts, got.Text)
	}
	for _, l := range got.Links {
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(l)), "javascript:") {
			t.Errorf("a javascript: link: %q", l)
		}
	}
}

// testDir is this package's folder, where the test binary starts (tests
// change folder later).
var testDir, _ = os.Getwd()

// repoRoot is the module's root, two folders up from this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join(testDir, "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}
