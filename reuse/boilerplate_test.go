package reuse

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/seeds"
	"github.com/copydesk/copydesk/report"
)

// TestBoilerplate: page chrome is neither matched nor original. Three pages
// of one outlet end with the same twelve-word footer, which would pass the
// evidence rule as a shared passage; a fourth outlet's page carries the
// same footer line once, and a chrome line ("Share on Facebook") that the
// reader found. The pages' own sentences are unrelated.
func TestBoilerplate(t *testing.T) {
	footer := "Follow Radio Free Europe and Radio Liberty on Telegram for breaking updates"
	bodies := []string{
		"The Kremlin said the call lasted twenty minutes and covered counterterrorism cooperation in detail.",
		"Farmers in the northern provinces harvested a record crop of winter wheat this autumn season.",
		"The city council approved a new budget for public libraries after a long evening debate.",
		"Engineers finished repairs on the old river bridge three weeks ahead of the planned schedule.",
	}
	var docs []corpus.Doc
	for i, b := range bodies[:3] {
		docs = append(docs, corpus.Doc{ID: fmt.Sprint("rfe", i), Outlet: "RFE/RL", Text: []byte(b + "\n\n" + footer + "\n")})
	}
	other := []byte("Share on Facebook\n" + bodies[3] + "\n" + footer)
	docs = append(docs, corpus.Doc{ID: "other", Outlet: "Other", Text: other, Boilerplate: corpus.Chrome(other)})

	rep, err := Scan(corpus.Docs(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The texts spilled (spill.go), the furniture is found as well: the
	// report is the same.
	spilled, err := Scan(corpus.Docs(docs), Options{TempDir: t.TempDir()})
	if err == nil {
		err = cmp.Or(spilled.LoadTexts(), spilled.Close())
	}
	if err != nil {
		t.Fatal(err)
	}
	spilled.TextFile = nil
	if !reflect.DeepEqual(rep, spilled) {
		t.Errorf("the report with texts spilled differs")
	}
	byID := map[string]report.ScanDocument{}
	for _, d := range rep.Documents {
		byID[d.ID] = d
	}
	text := func(d report.ScanDocument, rs []report.Range) []string {
		var out []string
		for _, r := range rs {
			out = append(out, d.Text[r.Start:r.End])
		}
		return out
	}
	for i := 0; i < 3; i++ {
		d := byID[fmt.Sprint("rfe", i)]
		if got := text(d, d.Boilerplate); len(got) != 1 || got[0] != footer {
			t.Errorf("%s boilerplate = %q, want the footer", d.ID, got)
		}
		if len(d.Spans) != 0 || d.OriginalFraction != 1 {
			t.Errorf("%s: %d spans, original %v; want none and 1", d.ID, len(d.Spans), d.OriginalFraction)
		}
		// Original ranges run from the first word to the last.
		if got := text(d, d.Original); len(got) != 1 || got[0] != strings.TrimSuffix(bodies[i], ".") {
			t.Errorf("%s original = %q, want the body alone", d.ID, got)
		}
		if want := len(strings.Fields(bodies[i])); d.Words != want {
			t.Errorf("%s words = %d, want %d (the body's)", d.ID, d.Words, want)
		}
	}
	// The other outlet's footer is in one of its documents only: it is
	// text, and shared with no one (the RFE/RL copies are boilerplate).
	d := byID["other"]
	if got := text(d, d.Boilerplate); len(got) != 1 || got[0] != "Share on Facebook" {
		t.Errorf("other boilerplate = %q, want the chrome line", got)
	}
	if got := text(d, d.Original); len(got) != 1 || got[0] != bodies[3]+"\n"+footer {
		t.Errorf("other original = %q", got)
	}
	if len(rep.Passages) != 0 || len(rep.Pairs) != 0 {
		t.Errorf("%d passages, %d pairs; want none", len(rep.Passages), len(rep.Pairs))
	}

	// Without the outlet the footer is shared text, as the test's premise
	// needs.
	for i := range docs {
		docs[i].Outlet = ""
	}
	rep, err = Scan(corpus.Docs(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Passages) != 1 || rep.Passages[0].Reach.Documents != 4 {
		t.Errorf("outlets unknown: passages %+v, want the footer in 4 documents", rep.Passages)
	}
}

// TestFurnitureBlocks: documents analysed again for their furniture take
// stem blocks (stemBlocks) a goroutine, as the first analysis does, not a
// chunk of documents: 2,000 short pages of one outlet, every one with the
// outlet's footer, each analysed twice, need two blocks a goroutine at
// most. When each chunk of 64 took a block of its own, a mailing list's
// archive, where nearly every message has furniture, held 4 MB of stems
// for every 64 messages.
func TestFurnitureBlocks(t *testing.T) {
	var docs []corpus.Doc
	for i := range 2000 {
		text := fmt.Sprintf("Page %d of the archive tells its own story in words %d and %d.\n\nFollow the Daily Herald on every network\n", i, i*7, i*13)
		docs = append(docs, corpus.Doc{ID: fmt.Sprintf("p%04d", i), Outlet: "Herald", Text: []byte(text)})
	}
	for _, workers := range []int{1, 2, 4} {
		var blocks stemBlocks
		analysed, _, err := analyseCorpus(corpus.Docs(docs), workers, nil, &blocks, nil)
		if err != nil {
			t.Fatal(err)
		}
		furnished := 0
		for _, d := range analysed {
			if len(d.doc.Boilerplate) > 0 {
				furnished++
			}
		}
		if furnished != len(docs) {
			t.Fatalf("workers %d: %d of %d documents given furniture", workers, furnished, len(docs))
		}
		if n := len(blocks.all()); n > 2*workers {
			t.Errorf("workers %d: %d stem blocks of %d stems for %d short documents, want at most %d", workers, n, stemBlock, len(docs), 2*workers)
		}
	}
}

// TestTaglines: a line an outlet closes its stories with
// (benchmarks.Tagline, in five of the Bugle's) is its furniture: left
// out, no passage, its stories wholly original; a wire paragraph that
// five stories of the Post close with is not, since the Gazette and a
// document of no outlet print it too: one passage of all eight. Given
// the same counts (Options.Furniture, as an archive's check gives
// them), the scan is the same.
func TestTaglines(t *testing.T) {
	// As written, and hard-wrapped as a plain-text export wraps it: the
	// tagline's lines are left out together (each line of it that is
	// furniture is a range of its own).
	for _, width := range []int{0, 62, 72} {
		docs := benchmarks.NewGenerator(9).TaglineCorpus()
		tagline := []string{benchmarks.Tagline}
		if width > 0 {
			for i := range docs {
				docs[i].Text = []byte(seeds.Wrap(string(docs[i].Text), width, "", "\n"))
			}
			tagline = strings.Split(strings.TrimSuffix(seeds.Wrap(benchmarks.Tagline, width, "", "\n"), "\n"), "\n")
			if len(tagline) < 2 {
				t.Fatalf("width %d: the tagline is not wrapped", width)
			}
		}
		checkTaglines(t, width, docs, tagline)
	}
}

// checkTaglines checks the scan of TaglineCorpus's documents, whose
// tagline is in the lines tagline.
func checkTaglines(t *testing.T, width int, docs []corpus.Doc, tagline []string) {
	t.Helper()
	words := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	rep, err := Scan(corpus.Docs(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range rep.Documents {
		var left []string
		for _, r := range d.Boilerplate {
			left = append(left, d.Text[r.Start:r.End])
		}
		bugle := strings.HasPrefix(d.ID, "bugle")
		got := true
		for _, l := range tagline {
			got = got && slices.Contains(left, l)
		}
		if got != bugle {
			t.Errorf("width %d, %s: the tagline left out %v, want %v (boilerplate %q)", width, d.ID, got, bugle, left)
		}
		if bugle && (len(d.Spans) > 0 || d.OriginalFraction != 1) {
			t.Errorf("width %d, %s: %d spans, %.2f original; want none, 1", width, d.ID, len(d.Spans), d.OriginalFraction)
		}
		if strings.Contains(words(strings.Join(left, " ")), words(benchmarks.TailWire)) {
			t.Errorf("width %d, %s: the wire paragraph left out", width, d.ID)
		}
	}
	if len(rep.Passages) != 1 || len(rep.Passages[0].Members) != 8 || !strings.Contains(benchmarks.TailWire, strings.TrimSuffix(words(rep.Passages[0].Text), ".")) {
		for _, p := range rep.Passages {
			t.Logf("passage %q, %d members", p.Text, len(p.Members))
		}
		t.Fatalf("width %d: %d passages; want one, the wire paragraph, in 8 documents", width, len(rep.Passages))
	}
	var sites corpus.SiteLines
	for _, d := range docs {
		sites.Add(d.Outlet, d.Text)
	}
	given, err := Scan(corpus.Docs(docs), Options{Furniture: &sites})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rep, given) {
		t.Errorf("width %d: the scan given the counts differs from the scan that counts", width)
	}
}
