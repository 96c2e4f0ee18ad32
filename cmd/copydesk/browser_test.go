package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/copydesk/copydesk/internal/browsertest"
	"github.com/copydesk/copydesk/internal/golden"
	"github.com/copydesk/copydesk/internal/seeds"
)

// TestMain runs the package's tests with one Chromium, a tab a browser
// test (browsertest.Main).
func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }

type markInfo struct {
	Span     int      `json:"span"`
	Text     string   `json:"text"`
	Partners []string `json:"partners"`
	Quoted   bool     `json:"quoted"`
	Colour   string   `json:"colour"`
}

const marksJS = `[...document.querySelectorAll("#doctext mark[data-span]")].map(m => ({span: +m.dataset.span, text: m.textContent,
	partners: m.dataset.partners.split(" "), quoted: m.classList.contains("quoted"), colour: getComputedStyle(m).borderBottomColor}))`

// TestBrowserSeeds opens the seeds' HTML report in headless Chromium and
// checks what an editor sees: 002's highlighted spans and their partners,
// original text left plain, a span selected with the mouse listing its
// match, the jump to the match in 003, keyboard selection, and the views
// that render from the report. It saves a screenshot (under -update, the
// README's docs/seeds-report.png).
func TestBrowserSeeds(t *testing.T) {
	ctx := browsertest.New(t)
	writeSeeds(t)
	page := scanHTML(t, "seeds")
	id := func(n string) string { // seed id from its number
		for _, name := range []string{"000_b024a780c0f38d2c", "001_051146013a5ae387", "002_1a832fbc3017fa8f", "003_9b0b0d939d8db62d", "004_a95e005c11c08a1e"} {
			if strings.HasPrefix(name, n) {
				return name
			}
		}
		return n
	}
	if err := browsertest.Open(ctx, page+"#doc=2", "#doctext mark"); err != nil {
		t.Fatal(err)
	}
	var marks []markInfo
	browsertest.Eval(t, ctx, marksJS, &marks)
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
	// It is marked as a rewrite of 000's, apart from the spans; selected,
	// the panel names 000 and quotes it.
	var rewrites []string
	browsertest.Eval(t, ctx, `[...document.querySelectorAll("#doctext mark.rewrite")].map(m => m.textContent)`, &rewrites)
	kazan := slices.IndexFunc(rewrites, func(s string) bool { return strings.Contains(s, "Kazansky Cathedral") })
	if kazan < 0 {
		t.Errorf("002's Kazan sentence is not marked as a rewrite (rewrite marks: %q)", rewrites)
	} else {
		var rw struct {
			Text, Doc, Quote string
		}
		browsertest.Eval(t, ctx, `(() => { const m = [...document.querySelectorAll("#doctext mark.rewrite")].find(m => m.textContent.includes("Kazansky"));
			m.click();
			const li = document.querySelector("#matches li");
			return {Text: document.getElementById("matches").textContent, Doc: li ? li.dataset.doc : "", Quote: li ? li.querySelector("blockquote").textContent : ""}; })()`, &rw)
		if rw.Doc != id("000") || !strings.Contains(rw.Quote, "Kazan Cathedral") || !strings.Contains(rw.Text, "Not counted as copied") {
			t.Errorf("selected rewrite: panel %+v, want 000's Kazan sentence", rw)
		}
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
	browsertest.Click(t, ctx, sel)
	if err := chromedp.Do(ctx, browsertest.WaitFor("#matches li")); err != nil {
		t.Fatal(err)
	}
	var panel struct {
		Docs  []string `json:"docs"`
		Quote string   `json:"quote"`
	}
	browsertest.Eval(t, ctx, `({docs: [...document.querySelectorAll("#matches li")].map(li => li.dataset.doc),
		quote: document.querySelector("#matches blockquote").textContent})`, &panel)
	if len(panel.Docs) != 1 || panel.Docs[0] != id("003") || !strings.Contains(panel.Quote, "December 16") {
		t.Errorf("selected FSB span: panel lists %v, %q; want 003 and its text", panel.Docs, panel.Quote)
	}
	var panelText string
	browsertest.Eval(t, ctx, `document.getElementById("matches").textContent`, &panelText)
	if strings.Contains(panelText, "null") || strings.Contains(panelText, "undefined") {
		t.Errorf("selected FSB span: the panel prints a missing value: %q", panelText)
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
	browsertest.Click(t, ctx, `#matches li a[href^="#doc="]`)
	// Wait for 003's view: 002's has a selected span too.
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`document.querySelector("select[aria-label=Document]").value === "3" &&
		document.querySelector("#doctext mark.selected") !== null`)); err != nil {
		t.Fatal(err)
	}
	var jumped struct {
		Hash, Selected, Focused string
	}
	browsertest.Eval(t, ctx, `({Hash: location.hash, Selected: document.querySelector("#doctext mark.selected").textContent,
		Focused: document.activeElement.textContent})`, &jumped)
	if !strings.HasPrefix(jumped.Hash, "#doc=3") || !strings.Contains(jumped.Selected, "Saint Petersburg on December 16") || jumped.Focused != jumped.Selected {
		t.Errorf("after the jump: %+v", jumped)
	}

	// Keyboard: n moves to the next span, Enter selects it.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("n"), chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	var kb struct{ Focused, Selected string }
	browsertest.Eval(t, ctx, `({Focused: document.activeElement.tagName + ":" + document.activeElement.textContent,
		Selected: (document.querySelector("#doctext mark.selected") || {}).textContent})`, &kb)
	if !strings.HasPrefix(kb.Focused, "MARK:") || kb.Focused != "MARK:"+kb.Selected || strings.Contains(kb.Selected, "December 16") {
		t.Errorf("after n and Enter: %+v", kb)
	}

	// The other views render from the report.
	var counts struct{ Docs, Heat, Passages, Variants, Rows, PairPassages int }
	if err := browsertest.Open(ctx, page+"#overview", "#documents"); err != nil {
		t.Fatal(err)
	}
	browsertest.Eval(t, ctx, `({Docs: document.querySelectorAll("#documents tbody tr").length, Heat: document.querySelectorAll("#heat tbody tr").length})`, &counts)
	// The seeds name no outlet: the matrix is of documents.
	var heatHead string
	browsertest.Eval(t, ctx, `document.getElementById("heat-h").textContent`, &heatHead)
	if heatHead != "Containment between documents" {
		t.Errorf("the seeds' matrix is headed %q; want it between documents", heatHead)
	}
	if err := browsertest.Open(ctx, page+"#passages", ".card"); err != nil {
		t.Fatal(err)
	}
	browsertest.Eval(t, ctx, `({Passages: document.querySelectorAll(".card").length, Variants: document.querySelectorAll(".card ins, .card del").length})`, &counts)
	// The seeds name no outlet: a card counts documents, not outlets.
	var card string
	browsertest.Eval(t, ctx, `document.querySelector(".card h3").textContent`, &card)
	if !strings.HasPrefix(card, "Passage 1: 4 documents,") {
		t.Errorf("the seeds' first passage card reads %q; want its documents and no outlets", card)
	}
	if err := browsertest.Open(ctx, page+"#cmp=0,2", "#compare"); err != nil {
		t.Fatal(err)
	}
	browsertest.Eval(t, ctx, `document.querySelectorAll("#compare tbody tr").length`, &counts.Rows)
	browsertest.Eval(t, ctx, `JSON.parse(document.getElementById("report").textContent).pairs.find(p => p.a === 0 && p.b === 2).p.length`, &counts.PairPassages)
	// Side by side shows the pair's passages, a row each.
	if counts.Docs != 5 || counts.Heat != 5 || counts.Passages == 0 || counts.Variants == 0 || counts.Rows == 0 || counts.Rows != counts.PairPassages {
		t.Errorf("views: %+v", counts)
	}
}

// TestBrowserHostile: a document written to attack the page renders as
// text and runs nothing; its javascript: URL is no link.
func TestBrowserHostile(t *testing.T) {
	ctx := browsertest.New(t)
	t.Chdir(t.TempDir())
	evil := `Headline </textarea><script>window.pwned = 1</script> and <img src=x onerror="window.pwned = 2"> end.`
	rec, _ := json.Marshal(map[string]string{"id": "evil", "text": evil + "\n\nA second paragraph about the Kremlin and the CIA tip.", "url": "javascript:window.pwned=3"})
	rec2, _ := json.Marshal(map[string]string{"id": "plain", "text": "A second paragraph about the Kremlin and the CIA tip, reprinted."})
	if err := os.WriteFile("c.jsonl", []byte(string(rec)+"\n"+string(rec2)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.Open(ctx, scanHTML(t, "c.jsonl")+"#doc=0", "#doctext"); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Pwned   any
		Text    string
		Scripts int
		Links   []string
	}
	browsertest.Eval(t, ctx, `({Pwned: window.pwned === undefined ? null : window.pwned, Text: document.getElementById("doctext").textContent,
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

// TestBrowserSkipped: the overview lists a record skipped inside a file
// by its line and its id, as the text report does.
func TestBrowserSkipped(t *testing.T) {
	ctx := browsertest.New(t)
	t.Chdir(t.TempDir())
	recs := `{"id":"kept","text":"A paragraph about the Kremlin and the CIA tip, long enough to read."}` + "\n" + `{"id":"empty","text":"  "}` + "\n"
	if err := os.WriteFile("c.jsonl", []byte(recs), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.Open(ctx, scanHTML(t, "c.jsonl"), "main"); err != nil {
		t.Fatal(err)
	}
	var cells []string
	browsertest.Eval(t, ctx, `[...document.querySelectorAll("section table td")].map(td => td.textContent)`, &cells)
	if !slices.Contains(cells, `c.jsonl:2 (id "empty")`) {
		t.Errorf("skipped inputs' cells %q, want one naming c.jsonl:2 and its id", cells)
	}
}

// TestBrowserSmallMatch: a match that shares one sentence of a span of
// thousands of words says "similarity <0.01", as the text report does,
// not 0.00, which reads as no match at all.
func TestBrowserSmallMatch(t *testing.T) {
	ctx := browsertest.New(t)
	t.Chdir(t.TempDir())
	sentences := randomSentences(rand.New(rand.NewPCG(5, 6)), 300)
	long := strings.Join(sentences, " ")
	writeRecords(t, "c.jsonl", map[string]string{"id": "a", "text": long}, map[string]string{"id": "b", "text": long},
		map[string]string{"id": "c", "text": "A note of its own, then one line: " + sentences[150]})
	// The span's mark is taller than the window: scrolled to its middle
	// (Click), its first line is out of view, so it is clicked from the
	// script.
	if err := browsertest.Open(ctx, scanHTML(t, "c.jsonl")+"#doc=0", "#doctext mark"); err != nil {
		t.Fatal(err)
	}
	var panel string
	browsertest.Eval(t, ctx, `(document.querySelector("#doctext mark").click(), true)`, new(bool))
	if err := chromedp.Do(ctx, browsertest.WaitFor("#matches li")); err != nil {
		t.Fatal(err)
	}
	browsertest.Eval(t, ctx, `document.getElementById("matches").textContent`, &panel)
	if !strings.Contains(panel, "similarity <0.01") || strings.Contains(panel, "similarity 0.00") {
		t.Errorf("span panel %q; want c's match at similarity <0.01", panel)
	}
}

// TestBrowserLongPassageDiff: a passage of 1,000 words, two copies word
// for word and a third with one word added, shows the third against the
// text above with that word inserted, and nothing else marked. The
// diff's table was skipped past 250,000 word pairs, which showed a long
// copy inserted whole, as if nothing in it matched (passages joined into
// runs made such passages common).
func TestBrowserLongPassageDiff(t *testing.T) {
	ctx := browsertest.New(t)
	t.Chdir(t.TempDir())
	sentences := randomSentences(rand.New(rand.NewPCG(7, 8)), 100)
	long := strings.Join(sentences, " ")
	edited := slices.Clone(sentences)
	edited[50] = strings.Replace(edited[50], " ", " lighthouse ", 1)
	writeRecords(t, "c.jsonl", map[string]string{"id": "a", "text": long}, map[string]string{"id": "b", "text": long},
		map[string]string{"id": "c", "text": strings.Join(edited, " ")})
	if err := browsertest.Open(ctx, scanHTML(t, "c.jsonl")+"#passages", ".card"); err != nil {
		t.Fatal(err)
	}
	var marks []string
	browsertest.Eval(t, ctx, `[...document.querySelectorAll(".card .variants ins, .card .variants del")].map(e => e.tagName + ":" + e.textContent.trim())`, &marks)
	if want := []string{"INS:lighthouse"}; !slices.Equal(marks, want) {
		short := marks
		for i, m := range short {
			if len(m) > 60 {
				short[i] = m[:60] + "…"
			}
		}
		t.Errorf("marks in the members %q, want %q", short, want)
	}
}

// writeRecords writes recs to the JSON Lines file name, one a line.
func writeRecords(t *testing.T, name string, recs ...map[string]string) {
	t.Helper()
	var b []byte
	for _, rec := range recs {
		line, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		b = append(append(b, line...), '\n')
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// randomSentences returns n sentences of ten words drawn by r from a few
// nouns: text that no stock phrase or furniture rule touches.
func randomSentences(r *rand.Rand, n int) []string {
	words := strings.Fields("harbour council ferry budget winter station bridge market school river mayor tower garden factory museum train")
	var sentences []string
	for range n {
		var b strings.Builder
		for k := range 10 {
			w := words[r.IntN(len(words))]
			if k == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
		sentences = append(sentences, b.String()+".")
	}
	return sentences
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

// TestBrowserDirection: with publication times, the document view says
// where a span was copied from and how long before (at least so long,
// where a document gives only its day), the passages view names the
// member published first and lists the members as they came out, and
// side by side says which of two came out first.
func TestBrowserDirection(t *testing.T) {
	ctx := browsertest.New(t)
	t.Chdir(t.TempDir())
	page := scanHTML(t, wireStories(t, [3][2]string{{"outlet 0", "2026-03-03T09:00:00Z"}, {"outlet 1", "2026-03-03T11:00:00Z"}, {"outlet 2", "2026-03-04"}}))
	if panel := spanPanel(t, ctx, page, "1"); !strings.Contains(panel, "Copied from wire (2 h earlier)") || !strings.Contains(panel, "source") {
		t.Errorf("paper's span panel says %q; want it copied from wire, 2 h earlier", panel)
	}
	// The blog gives only its day: the end of the day before is 15 h
	// after the wire, 13 after the paper.
	if panel := spanPanel(t, ctx, page, "2"); !strings.Contains(panel, "Copied from wire (at least 15 h earlier)") &&
		!strings.Contains(panel, "Copied from paper (at least 13 h earlier)") {
		t.Errorf("blog's span panel says %q; want it copied at least 15 h after the wire or 13 after the paper", panel)
	}
	if err := browsertest.Open(ctx, page+"#passages", ".card"); err != nil {
		t.Fatal(err)
	}
	var card string
	browsertest.Eval(t, ctx, `document.querySelector(".card h3").textContent`, &card)
	if !strings.Contains(card, "first published by wire") || !strings.Contains(card, "3 outlets, 3 documents") {
		t.Errorf("passage card %q; want 3 outlets, 3 documents, first published by wire", card)
	}
	// Its members are listed as they came out, each with its time.
	var members []string
	browsertest.Eval(t, ctx, `[...document.querySelectorAll(".card .variants li")].map(li => li.textContent.split(" (")[0])`, &members)
	if want := []string{"wire · 2026-03-03 09:00", "paper · 2026-03-03 11:00", "blog · 2026-03-04"}; !slices.Equal(members, want) {
		t.Errorf("passage members %q, want %q", members, want)
	}
	// Side by side says which came out first, whichever is on the left.
	for _, c := range []struct{ pair, want string }{
		{"0,1", "wire came out 2 h before paper."},
		{"2,0", "wire came out at least 15 h before blog."},
	} {
		if err := browsertest.Open(ctx, page+"#cmp="+c.pair, "#compare"); err != nil {
			t.Fatal(err)
		}
		var figures string
		browsertest.Eval(t, ctx, `document.querySelector("main p.muted").textContent`, &figures)
		if !strings.HasPrefix(figures, c.want) {
			t.Errorf("side by side %s says %q; want it to start %q", c.pair, figures, c.want)
		}
	}
}

// TestBrowserRewriteLater: selected, a sentence that a later document
// rewrote says that document said it in other words, and how much later
// (the seeds as published: the content farm, 002, the morning after the
// AP, 000).
func TestBrowserRewriteLater(t *testing.T) {
	ctx := browsertest.New(t)
	t.Chdir(t.TempDir())
	at := []string{"2017-12-17T19:30:00Z", "2017-12-17T21:10:00Z", "2017-12-18T06:00:00Z", "2017-12-17", "2017-12-17T20:05:00Z"}
	var lines []string
	for i, s := range seeds.All() {
		rec, _ := json.Marshal(map[string]string{"id": s.ID[:3], "published": at[i], "text": string(s.Text)})
		lines = append(lines, string(rec))
	}
	if err := os.WriteFile("s.jsonl", []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	page := scanHTML(t, "s.jsonl")
	if err := browsertest.Open(ctx, page+"#doc=0", "#doctext mark.rewrite"); err != nil {
		t.Fatal(err)
	}
	var panel string
	browsertest.Eval(t, ctx, `(() => { const m = [...document.querySelectorAll("#doctext mark.rewrite")].find(m => m.textContent.includes("track down and arrest"));
		if (!m) return "";
		m.click();
		return document.getElementById("matches").textContent; })()`, &panel)
	if !strings.Contains(panel, "Rewrite: 002 says it in other words (published 10 h later") {
		t.Errorf("000's rewritten sentence's panel says %q; want 002's rewrite, published 10 h later", panel)
	}
	// Its line counts what others said again later apart from its own
	// rewrites (it has none).
	var meta string
	browsertest.Eval(t, ctx, `document.querySelector("p.meta").textContent`, &meta)
	if !strings.Contains(meta, "rewritten later by others in 2 places") || strings.Contains(meta, "rewrites (") {
		t.Errorf("000's line says %q; want its two sentences rewritten later by others, and no rewrites of its own", meta)
	}
}

// TestBrowserQuotedSource: a reply that quotes the message it answers
// says it quoted from it; a document that quotes what the wire quoted
// says it quoted as the wire quoted it.
func TestBrowserQuotedSource(t *testing.T) {
	ctx := browsertest.New(t)
	t.Chdir(t.TempDir())
	const msg = "The nightly build fails on arm64 since the merge of the allocator patch, and the linker complains about an undefined symbol in the page cache module."
	const said = "We will close the northern rail corridor for eleven days next month while engineers replace the ageing signal system."
	var lines []string
	for _, d := range []struct{ id, at, text string }{
		{"ann", "2026-03-03T09:00:00Z", "Hi all,\n\n" + msg + "\n\nAnn"},
		{"bob", "2026-03-03T11:00:00Z", "On Tue, 3 Mar 2026, Ann wrote:\n" + seeds.Wrap(msg, 60, "> ", "\n") + "\nThe same here on two boards."},
		{"wire", "2026-03-03T09:00:00Z", "The minister spoke on Tuesday.\n\n\u201c" + said + "\u201d the minister said."},
		{"paper", "2026-03-03T12:00:00Z", "Commuters face delays.\n\n\u201c" + said + "\u201d the minister told reporters."},
	} {
		rec, _ := json.Marshal(map[string]string{"id": d.id, "published": d.at, "text": d.text})
		lines = append(lines, string(rec))
	}
	if err := os.WriteFile("q.jsonl", []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	page := scanHTML(t, "q.jsonl")
	for _, c := range []struct{ doc, want string }{
		{"1", "Quoted from ann (2 h earlier)"},
		{"3", "Quoted as wire quoted it (3 h earlier)"},
	} {
		if panel := spanPanel(t, ctx, page, c.doc); !strings.Contains(panel, c.want) {
			t.Errorf("document %s's span panel says %q; want %q", c.doc, panel, c.want)
		}
	}
}

// spanPanel opens document doc of the report at page, clicks its first
// span and returns what the span's panel says.
func spanPanel(t *testing.T, ctx context.Context, page, doc string) string {
	t.Helper()
	if err := browsertest.Open(ctx, page+"#doc="+doc, "#doctext mark"); err != nil {
		t.Fatal(err)
	}
	browsertest.Click(t, ctx, "#doctext mark")
	if err := chromedp.Do(ctx, browsertest.WaitFor("#matches li")); err != nil {
		t.Fatal(err)
	}
	var panel string
	browsertest.Eval(t, ctx, `document.getElementById("matches").textContent`, &panel)
	return panel
}

// wireStories writes c.jsonl in the working directory: a wire
// paragraph carried by the documents wire, paper and blog, each with a
// paragraph of its own first, of the outlets and publication times given
// in that order; it returns the file's name.
func wireStories(t *testing.T, outletAt [3][2]string) string {
	t.Helper()
	const wire = "Officials in the capital confirmed on Tuesday that the northern rail corridor will close for eleven days next month while engineers replace the ageing signal system."
	var lines []string
	for i, d := range []struct{ id, own string }{
		{"wire", "A first paragraph of the wire's own."},
		{"paper", "The paper opens with words of its own."},
		{"blog", "The blog has a view of its own on this."},
	} {
		rec, _ := json.Marshal(map[string]string{"id": d.id, "outlet": outletAt[i][0], "published": outletAt[i][1], "text": d.own + "\n\n" + wire})
		lines = append(lines, string(rec))
	}
	if err := os.WriteFile("c.jsonl", []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return "c.jsonl"
}

// scanHTML scans path into report.html in the working directory, through
// the command, and returns the page's file URL.
func scanHTML(t *testing.T, path string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run([]string{"scan", "-q", "--format", "html", "-o", "report.html", path}, nil, &out, &errb); code != exitOK {
		t.Fatalf("scan: exit %d: %s", code, errb.String())
	}
	abs, err := filepath.Abs("report.html")
	if err != nil {
		t.Fatal(err)
	}
	return "file://" + abs
}

// TestBrowserLedger opens a three-outlet report's overview: the outlet
// ledger lists the wire first, copied by the other two, each of them
// copied from the wire with its delay; the documents table sorts by
// original share when its column is chosen and filters by outlet.
func TestBrowserLedger(t *testing.T) {
	ctx := browsertest.New(t)
	t.Chdir(t.TempDir())
	page := scanHTML(t, wireStories(t, [3][2]string{{"Wire", "2026-03-03T09:00:00Z"}, {"Paper", "2026-03-03T11:00:00Z"}, {"Blog", "2026-03-03T12:00:00Z"}}))
	if err := browsertest.Open(ctx, page+"#overview", "#ledger tbody tr"); err != nil {
		t.Fatal(err)
	}
	var ledger [][]string
	browsertest.Eval(t, ctx, `[...document.querySelectorAll("#ledger tbody tr")].map(r => [...r.children].map(c => c.textContent))`, &ledger)
	if len(ledger) != 3 || ledger[0][0] != "Wire" || !strings.Contains(ledger[0][9], "Paper") || !strings.Contains(ledger[0][9], "Blog") {
		t.Errorf("ledger rows %q; want Wire first, copied by Paper and Blog", ledger)
	}
	delays := map[string]string{}
	for _, r := range ledger {
		delays[r[0]] = r[11]
	}
	if delays["Paper"] != "2 h" || delays["Blog"] != "3 h" || delays["Wire"] != "—" {
		t.Errorf("median delays %q; want Paper 2 h, Blog 3 h, Wire none", delays)
	}
	if golden.Updating() { // the README's picture of the ledger
		shot, err := chromedp.Run(ctx, chromedp.Screenshot("#ledger", chromedp.NodeVisible))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(repoRoot(t), "docs", "ledger.png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The documents table: the paper copied from the wire (times known),
	// and shares nothing in an unknown order.
	var docRows [][]string
	browsertest.Eval(t, ctx, `[...document.querySelectorAll("#documents tr")].map(r => [...r.children].map(c => c.textContent))`, &docRows)
	cols := map[string]int{}
	for i, h := range docRows[0] {
		cols[h] = i
	}
	paper := slices.IndexFunc(docRows, func(r []string) bool { return r[0] == "paper" })
	if _, ok := cols["Shared share"]; !ok || paper < 0 || docRows[paper][cols["Copied share"]] == "0%" || docRows[paper][cols["Shared share"]] != "0%" {
		t.Errorf("documents table %q: want the paper with a copied share and none shared in an unknown order", docRows)
	}
	var heatHead string
	browsertest.Eval(t, ctx, `document.getElementById("heat-h").textContent`, &heatHead)
	if heatHead != "Containment between outlets" {
		t.Errorf("three outlets' matrix is headed %q; want it between outlets", heatHead)
	}
	var heat struct{ Cols, Rows []string }
	browsertest.Eval(t, ctx, `({Cols: [...document.querySelectorAll("#heat thead th.col")].map(t => t.textContent),
		Rows: [...document.querySelectorAll("#heat tbody th")].map(t => t.textContent)})`, &heat)
	if !slices.Equal(heat.Cols, []string{"1", "2", "3"}) || len(heat.Rows) != 3 || !strings.HasPrefix(heat.Rows[0], "1. ") {
		t.Errorf("heat map headers %q and rows %q; want numbered columns and numbered, named rows", heat.Cols, heat.Rows)
	}
	browsertest.Click(t, ctx, `#documents a[data-sort="original"]`)
	if err := chromedp.Do(ctx, browsertest.WaitFor(`#documents th[aria-sort="ascending"]`)); err != nil {
		t.Fatal(err)
	}
	var first string
	browsertest.Eval(t, ctx, `document.querySelector("#documents tbody tr td a").textContent`, &first)
	if first == "wire" {
		t.Errorf("sorted by original share, the wire (all original) comes first")
	}
	if err := browsertest.Open(ctx, page+"#overview&q=paper", "#documents tbody tr"); err != nil {
		t.Fatal(err)
	}
	var ids []string
	browsertest.Eval(t, ctx, `[...document.querySelectorAll("#documents tbody tr td a")].map(a => a.textContent)`, &ids)
	if !slices.Equal(ids, []string{"paper"}) {
		t.Errorf("filtered by \"paper\": %q", ids)
	}
}

// TestBrowserWideHeat: a heat map of 30 outlets (the most it shows, of
// 34) fits the page at 1400 pixels, compact, says how many outlets it
// leaves out, and lights the row and column of the cell under the pointer.
func TestBrowserWideHeat(t *testing.T) {
	ctx := browsertest.New(t)
	t.Chdir(t.TempDir())
	const wire = "Officials in the capital confirmed on Tuesday that the northern rail corridor will close for eleven days next month while engineers replace the ageing signal system."
	var lines []string
	for i := range 34 {
		rec, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("d%02d", i), "outlet": fmt.Sprintf("The Daily Outlet Number %02d", i),
			"text": fmt.Sprintf("Paragraph %d of this outlet's own, on another matter entirely.\n\n%s", i, wire)})
		lines = append(lines, string(rec))
	}
	if err := os.WriteFile("c.jsonl", []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := browsertest.Open(ctx, scanHTML(t, "c.jsonl")+"#overview", "#heat"); err != nil {
		t.Fatal(err)
	}
	var heat struct {
		Cols, Overflow int
		Many           bool
		Caption, Lit   string
	}
	browsertest.Eval(t, ctx, `(() => {
		const t = document.getElementById("heat"), cell = t.tBodies[0].rows[2].cells[5];
		cell.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
		return {Cols: t.querySelectorAll("thead th.col").length, Many: t.classList.contains("many"),
			Overflow: t.parentElement.scrollWidth - t.parentElement.clientWidth,
			Caption: t.closest("section").querySelector("p").textContent,
			Lit: [...t.querySelectorAll("th.lit")].map(x => x.textContent).join("|")}; })()`, &heat)
	if heat.Cols != 30 || !heat.Many || heat.Overflow > 0 {
		t.Errorf("heat map of 34 outlets: %d columns, compact %v, %d pixels wider than its box; want 30, compact, none", heat.Cols, heat.Many, heat.Overflow)
	}
	if !strings.Contains(heat.Caption, "4 outlets") {
		t.Errorf("heat map caption %q does not say 4 outlets are left out", heat.Caption)
	}
	if heat.Lit != "5|3. The Daily O…Number 02" {
		t.Errorf("lit headers %q; want column 5 and row 3, its name cut in the middle", heat.Lit)
	}
}

// TestBrowserStableColours: a partner keeps its colour from one document's
// view to another's (in the seeds, 003 is a partner of both 000 and 002).
func TestBrowserStableColours(t *testing.T) {
	ctx := browsertest.New(t)
	writeSeeds(t)
	page := scanHTML(t, "seeds")
	colourOf := func(doc int, partner string) string {
		if err := browsertest.Open(ctx, fmt.Sprintf("%s#doc=%d", page, doc), "#doctext mark"); err != nil {
			t.Fatal(err)
		}
		var c string
		browsertest.Eval(t, ctx, fmt.Sprintf(`(() => { const li = [...document.querySelectorAll("#partners li, .legend li, li")].find(l => l.textContent.includes(%q) && l.querySelector(".swatch"));
			return li ? getComputedStyle(li.querySelector(".swatch")).borderBottomColor : ""; })()`, partner), &c)
		return c
	}
	a, b := colourOf(0, "003_9b0b0d939d8db62d"), colourOf(2, "003_9b0b0d939d8db62d")
	if a == "" || a != b {
		t.Errorf("003's colour in 000's view %q, in 002's %q: want one colour", a, b)
	}
}

// TestBrowserMatchOverview: a document's partners say what share of its
// text each supplied, and the filters hide quoted text, or every match
// but one partner's.
func TestBrowserMatchOverview(t *testing.T) {
	ctx := browsertest.New(t)
	writeSeeds(t)
	page := scanHTML(t, "seeds")
	if err := browsertest.Open(ctx, page+"#doc=2", "#doctext mark"); err != nil {
		t.Fatal(err)
	}
	type state struct {
		Supplied           []string
		QuotedOff, ProseOn int
		Only003, Others    int
	}
	var s state
	browsertest.Eval(t, ctx, `(() => {
		const out = {Supplied: [...document.querySelectorAll(".legend .supplied")].map(x => x.textContent)};
		document.querySelector('input[data-filter="quoted"]').click();
		out.QuotedOff = [...document.querySelectorAll("#doctext mark.quoted")].filter(m => !m.classList.contains("off")).length;
		out.ProseOn = [...document.querySelectorAll("#doctext mark.prose")].filter(m => !m.classList.contains("off")).length;
		document.querySelector('input[data-filter="quoted"]').click();
		const li = [...document.querySelectorAll(".legend li[data-partner]")].find(l => l.textContent.includes("003_"));
		li.querySelector("button[data-only]").click();
		const p = li.dataset.partner;
		const marks = [...document.querySelectorAll("#doctext mark")];
		out.Only003 = marks.filter(m => !m.classList.contains("off") && !m.dataset.pidx.split(" ").includes(p)).length;
		out.Others = marks.filter(m => !m.classList.contains("off")).length;
		return out; })()`, &s)
	if len(s.Supplied) == 0 || !strings.HasSuffix(s.Supplied[0], "of the text") {
		t.Errorf("partners' shares %q", s.Supplied)
	}
	if s.QuotedOff != 0 || s.ProseOn == 0 {
		t.Errorf("quoted text hidden: %d quoted marks still shown, %d prose marks shown", s.QuotedOff, s.ProseOn)
	}
	if s.Only003 != 0 || s.Others == 0 {
		t.Errorf("only 003's matches: %d others shown, %d shown in all", s.Only003, s.Others)
	}
	// The filters are in the address: the one set above, and one opened
	// from a link.
	var hash string
	browsertest.Eval(t, ctx, `location.hash`, &hash)
	if !strings.HasPrefix(hash, "#doc=2&only=") || strings.Contains(hash, "hide") {
		t.Errorf("address after choosing one partner: %q; want #doc=2&only=…", hash)
	}
	if err := browsertest.Open(ctx, page+"#doc=2&hide=quoted,small", "#doctext mark"); err != nil {
		t.Fatal(err)
	}
	var opened struct {
		Quoted                                     int
		QuotedOn, QuotedBox, SmallBox, RewritesBox bool
	}
	browsertest.Eval(t, ctx, `({Quoted: document.querySelectorAll("#doctext mark.quoted").length,
		QuotedOn: [...document.querySelectorAll("#doctext mark.quoted")].some(m => !m.classList.contains("off")),
		QuotedBox: document.querySelector('input[data-filter="quoted"]').checked,
		SmallBox: document.querySelector('input[data-filter="small"]').checked,
		RewritesBox: document.querySelector('input[data-filter="rewrites"]').checked})`, &opened)
	if opened.Quoted == 0 || opened.QuotedOn || opened.QuotedBox || opened.SmallBox || !opened.RewritesBox {
		t.Errorf("opened with hide=quoted,small: %+v; want quoted marks hidden, those two boxes clear, rewrites shown", opened)
	}
}

// TestBrowserPassageReference: with no publication times, a passage card
// shows the wording most copies share, not the first document's variant
// (AP's "intelligence cooperations", against three copies of
// "cooperation").
func TestBrowserPassageReference(t *testing.T) {
	ctx := browsertest.New(t)
	writeSeeds(t)
	page := scanHTML(t, "seeds")
	if err := browsertest.Open(ctx, page+"#passages", ".card"); err != nil {
		t.Fatal(err)
	}
	var text string
	browsertest.Eval(t, ctx, `(() => { const c = [...document.querySelectorAll(".card .text")].find(x => x.textContent.includes("stressed the importance of intelligence"));
		return c ? c.textContent : ""; })()`, &text)
	if !strings.Contains(text, "intelligence cooperation to defeat") {
		t.Errorf("the card's text %q; want the wording of the three copies, \"cooperation to\"", text)
	}
}

// TestBrowserFullTexts: side by side with both full texts, the shared
// stretches marked in both, and the right column following the left's
// scrolling so that a stretch stays level with its counterpart.
func TestBrowserFullTexts(t *testing.T) {
	ctx := browsertest.New(t)
	writeSeeds(t)
	page := scanHTML(t, "seeds")
	if err := browsertest.Open(ctx, page+"#cmp=0,2&full=1", "#fulltexts mark"); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Lengths, Marks [2]int
		Gap, Scrolled  float64
	}
	browsertest.Eval(t, ctx, `(() => {
		const [l, r] = document.querySelectorAll("#fulltexts .fulltext");
		const out = {Lengths: [l.textContent.length, r.textContent.length],
			Marks: [l.querySelectorAll("mark").length, r.querySelectorAll("mark").length]};
		const marks = [...l.querySelectorAll("mark[data-st]")];
		const m = marks[marks.length - 1];
		l.scrollTop = m.offsetTop;
		l.dispatchEvent(new Event("scroll"));
		const o = r.querySelector('mark[data-st="' + m.dataset.st + '"]');
		out.Gap = Math.abs((m.offsetTop - l.scrollTop) - (o.offsetTop - r.scrollTop));
		out.Scrolled = r.scrollTop;
		return out; })()`, &got)
	var lens [2]int
	browsertest.Eval(t, ctx, `[0, 2].map(i => JSON.parse(document.getElementById("report").textContent).docs[i].text.length)`, &lens)
	if got.Lengths != lens {
		t.Errorf("the columns hold %v characters, the documents %v: want the whole texts", got.Lengths, lens)
	}
	if got.Marks[0] == 0 || got.Marks[1] == 0 {
		t.Errorf("marks %v: want shared stretches marked in both", got.Marks)
	}
	if got.Scrolled == 0 || got.Gap > 2 {
		t.Errorf("after the left column scrolled, the right scrolled to %v and the stretches are %v px apart", got.Scrolled, got.Gap)
	}
}
