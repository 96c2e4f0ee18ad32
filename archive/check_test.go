package archive_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/archive"
	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/seeds"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/reuse"
)

// seedDocs reads the five seeds as the command reads them, from files.
func seedDocs(t *testing.T) []corpus.Doc {
	t.Helper()
	dir := t.TempDir()
	for _, s := range seeds.All() {
		if err := os.WriteFile(filepath.Join(dir, s.Name), s.Text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return readAll(t, corpus.Dir(dir))
}

func readAll(t *testing.T, src corpus.Source) []corpus.Doc {
	t.Helper()
	var docs []corpus.Doc
	err := src(func(d corpus.Doc) error { docs = append(docs, d); return nil }, func(s corpus.Skip) error {
		t.Fatalf("skipped %s: %s", s.Path, s.Reason)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// create makes a new archive in a temporary folder.
func create(t *testing.T, opts archive.Options) (*archive.Archive, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "archive")
	opts.Create = true
	a, err := archive.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a, path
}

// TestCheckAsScan checks the archive's promise: checking documents B
// against an archive of documents A reports, for B's documents, what
// `scan A B` reports for them (spans, their sources, passages, original
// shares), on the seeds split every way in order and on a generated news
// corpus with outlets and publication times, when every fingerprint
// brings in every archived document that carries it (WideDocs -1). With
// the default WideDocs, the news corpus's stock phrases bring in only
// their leaders, and the report says how many documents went unread.
func TestCheckAsScan(t *testing.T) {
	s := seedDocs(t)
	for k := 1; k < len(s); k++ {
		t.Run(fmt.Sprintf("seeds/%d+%d", k, len(s)-k), func(t *testing.T) { checkAsScan(t, s[:k], s[k:]) })
	}
	// An outlet's tagline and a syndicated wire paragraph at the end of
	// stories (corpus.SiteLines's tail lines), the archive holding the
	// stories of one outlet or of all but the last.
	tl := benchmarks.NewGenerator(9).TaglineCorpus()
	byOutlet := func(o string) func(corpus.Doc) bool { return func(d corpus.Doc) bool { return d.Outlet == o } }
	t.Run("taglines/last", func(t *testing.T) {
		checkAsScan(t, slices.DeleteFunc(slices.Clone(tl), func(d corpus.Doc) bool { return d.ID == "bugle-4" || d.ID == "gazette-1" }),
			[]corpus.Doc{tl[4], tl[11]})
	})
	t.Run("taglines/post", func(t *testing.T) {
		checkAsScan(t, slices.DeleteFunc(slices.Clone(tl), func(d corpus.Doc) bool { return !byOutlet("Post")(d) }),
			slices.DeleteFunc(slices.Clone(tl), byOutlet("Post")))
	})
	news := benchmarks.NewGenerator(5).NewsCorpus(1200)
	archived, checked := 1000, 200
	if testing.Short() { // as under -race in .ci/run: the full size runs without -short
		archived, checked = 400, 100
	}
	t.Run(fmt.Sprintf("news/%d+%d", archived, checked), func(t *testing.T) {
		checkAsScan(t, news[:archived], news[len(news)-checked:])
	})
	t.Run("news/wide", func(t *testing.T) {
		ar, _ := create(t, archive.Options{})
		if _, err := ar.Add(corpus.Docs(news[:1000])); err != nil {
			t.Fatal(err)
		}
		ch, err := ar.Check(corpus.Docs(news[1000:]), archive.CheckOptions{})
		if err != nil {
			t.Fatal(err)
		}
		a := ch.Report.Archive
		if a == nil || a.Documents != 1000 || a.WideDocs != archive.DefaultWideDocs || a.Wide == 0 || a.NotRead == 0 ||
			a.Read == 0 || a.Read+a.NotRead > a.Documents {
			t.Errorf("the report's archive: %+v", a)
		}
	})
}

func checkAsScan(t *testing.T, a, b []corpus.Doc) {
	ar, _ := create(t, archive.Options{Batch: 300})
	if _, err := ar.Add(corpus.Docs(a)); err != nil {
		t.Fatal(err)
	}
	ch, err := ar.Check(corpus.Docs(b), archive.CheckOptions{WideDocs: -1})
	if err != nil {
		t.Fatal(err)
	}
	full, err := reuse.Scan(corpus.Docs(slices.Concat(a, b)), reuse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	spans := 0
	for _, d := range b {
		want, got := view(full, d.ID), view(ch.Report, d.ID)
		if want != got {
			t.Errorf("%s: checked against the archive:\n%s\nscanned with it:\n%s", d.ID, got, want)
		}
		spans += strings.Count(want, `"start"`)
	}
	t.Logf("%d archived documents read for %d checked; %d spans", ch.Report.Archive.Read, len(b), spans)
	if spans == 0 {
		t.Errorf("the checked documents share nothing: the test shows nothing")
	}
	for _, d := range ch.Report.Documents {
		if d.Archived == !slices.ContainsFunc(b, func(x corpus.Doc) bool { return x.ID == d.ID }) {
			continue
		}
		t.Errorf("%s: archived is %v", d.ID, d.Archived)
	}
}

// view is what a report says of one document, as JSON, its passages named
// by their members rather than their numbers (which differ between a
// report and its restriction).
func view(r *report.Scan, id string) string {
	passages := map[int]string{}
	for _, p := range r.Passages {
		var ms []string
		for _, m := range p.Members {
			ms = append(ms, fmt.Sprintf("%s@%d-%d/%.3f", m.Doc, m.Start, m.End, m.Similarity))
		}
		slices.Sort(ms)
		passages[p.ID] = fmt.Sprintf("origin %q (%s) %s", p.Origin, p.Order, strings.Join(ms, " "))
	}
	for _, d := range r.Documents {
		if d.ID != id {
			continue
		}
		type piece struct {
			Passage    string
			Start, End int
		}
		type span struct {
			report.Span
			Pieces []piece
		}
		v := struct {
			Words             int
			Original, Rewrite float64
			Spans             []span
			Rewrites          []report.Rewrite
			Boilerplate       []report.Range
		}{Words: d.Words, Original: d.OriginalFraction, Rewrite: d.RewrittenFraction, Rewrites: d.Rewrites, Boilerplate: d.Boilerplate}
		for _, s := range d.Spans {
			sp := span{Span: s}
			sp.Span.Pieces = nil
			for _, p := range s.Pieces {
				sp.Pieces = append(sp.Pieces, piece{passages[p.Passage], p.Start, p.End})
			}
			v.Spans = append(v.Spans, sp)
		}
		b, _ := json.MarshalIndent(v, "", " ")
		return string(b)
	}
	return "(not in the report)"
}
