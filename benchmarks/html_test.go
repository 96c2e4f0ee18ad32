package benchmarks

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/browsertest"
	"github.com/copydesk/copydesk/reuse"
)

// BenchmarkHTMLReport writes the HTML report of a generated corpus of
// n documents (light edits; 20 outlets) and opens it in headless Chromium:
// it reports the file's size, the time to first contentful paint, and the
// time until the overview's table is on screen, and the same for opening
// one document's view and the passages view. The page lays out one view
// at a time, built from its JSON island on demand, so these stay flat as
// the corpus grows. The reach case is one paragraph in 10,000 documents:
// its passage shows 20 members at a time (checked).
func BenchmarkHTMLReport(b *testing.B) {
	for _, n := range []int{100, 2000} {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			l := NewGenerator(29).SyndicationCorpus(n, Strengths[1])
			docs := make([]corpus.Doc, len(l.Docs))
			for i, d := range l.Docs {
				d.Outlet = fmt.Sprintf("outlet %02d", i%20)
				docs[i] = d
			}
			benchmarkHTML(b, docs, n/2)
		})
	}
	b.Run("reach=10000", func(b *testing.B) {
		ctx := benchmarkHTML(b, ReachCorpus(10000), 0)
		var shown struct{ Members, More int }
		browsertest.Eval(b, ctx, `({Members: document.querySelectorAll(".card .variants li").length,
			More: [...document.querySelectorAll(".card button")].filter(x => !x.hidden).length})`, &shown)
		if shown.Members != 20 || shown.More != 1 {
			b.Errorf("a passage of 10,000 members shows %d members and %d buttons for more; want 20 and 1", shown.Members, shown.More)
		}
	})
}

// benchmarkHTML scans docs, writes the HTML report and times it in
// Chromium, opening document doc's view and then the passages view, where
// it leaves the page.
func benchmarkHTML(b *testing.B, docs []corpus.Doc, doc int) context.Context {
	rep, err := reuse.Scan(corpus.Docs(docs), reuse.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var page bytes.Buffer
	if err := rep.WriteHTML(&page); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "report.html")
	if err := os.WriteFile(path, page.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	ctx := browsertest.New(b)
	// Start the browser and its renderer before timing.
	if err := browsertest.Open(ctx, "file://"+path+"#overview", "#documents"); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(page.Len()))
	b.ResetTimer()
	var paint, ready, docView, passages float64
	for i := 0; i < b.N; i++ {
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
			b.Fatal(err)
		}
		if err := browsertest.Open(ctx, "file://"+path+"#overview", "#documents tbody tr"); err != nil {
			b.Fatal(err)
		}
		var t struct{ Paint, Ready float64 }
		browsertest.Eval(b, ctx, `({Ready: performance.now()})`, &t)
		if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`performance.getEntriesByName("first-contentful-paint").length > 0`)); err != nil {
			b.Fatal(err)
		}
		browsertest.Eval(b, ctx, `performance.getEntriesByName("first-contentful-paint")[0].startTime`, &t.Paint)
		// The document view: from the hash change until its text
		// is laid out (polled each animation frame, so up to a
		// frame late).
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.t0 = performance.now(); location.hash = "#doc=`+fmt.Sprint(doc)+`"`),
			browsertest.WaitFor("#doctext")); err != nil {
			b.Fatal(err)
		}
		var d float64
		browsertest.Eval(b, ctx, `(document.querySelector("#doctext").getBoundingClientRect(), performance.now() - window.t0)`, &d)
		// The passages view, until its first card is laid out.
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.t0 = performance.now(); location.hash = "#passages"`),
			browsertest.WaitFor(".card")); err != nil {
			b.Fatal(err)
		}
		var pv float64
		browsertest.Eval(b, ctx, `(document.querySelector(".card").getBoundingClientRect(), performance.now() - window.t0)`, &pv)
		paint, ready, docView, passages = paint+t.Paint, ready+t.Ready, docView+d, passages+pv
	}
	b.ReportMetric(float64(page.Len())/(1<<20), "MiB")
	b.ReportMetric(paint/float64(b.N), "ms-first-paint")
	b.ReportMetric(ready/float64(b.N), "ms-overview")
	b.ReportMetric(docView/float64(b.N), "ms-doc-view")
	b.ReportMetric(passages/float64(b.N), "ms-passages")
	return ctx
}
