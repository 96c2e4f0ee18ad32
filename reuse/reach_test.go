package reuse

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
)

// TestWidePassage: a paragraph in more documents than starDocs is one
// passage with every document a member, the wire its origin and every
// copy's source; the wire is wholly original, each copy's span lists at
// most Partners matches and counts the rest, and the pairs are those the
// sources and matches link: linear in the copies.
func TestWidePassage(t *testing.T) {
	const n = 300
	rep, err := Scan(corpus.Docs(benchmarks.ReachCorpus(n)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Passages) != 1 {
		t.Fatalf("%d passages, want 1", len(rep.Passages))
	}
	p := rep.Passages[0]
	if p.Reach.Documents != n || len(p.Members) != n || p.Origin != "wire" || p.Order != report.OrderOrigin || p.Reach.Outlets != 51 {
		t.Errorf("passage: reach %+v, %d members, origin %q (%s); want %d documents in 51 outlets, origin wire",
			p.Reach, len(p.Members), p.Origin, p.Order, n)
	}
	if !strings.Contains(benchmarks.WireParagraph, p.Text) || len(p.Text) < len(benchmarks.WireParagraph)-1 {
		t.Errorf("passage text %q, want the wire paragraph", p.Text)
	}
	for _, d := range rep.Documents {
		if len(d.Spans) != 1 {
			t.Fatalf("%s: %d spans, want 1", d.ID, len(d.Spans))
		}
		s := d.Spans[0]
		if len(s.Matches) > DefaultPartners || len(s.Matches)+s.Others != n-1 {
			t.Errorf("%s: %d matches and %d others, want at most %d and %d in all", d.ID, len(s.Matches), s.Others, DefaultPartners, n-1)
		}
		if d.ID == "wire" {
			if s.Source != nil || d.OriginalFraction != 1 {
				t.Errorf("wire: source %+v, original %v; want none and 1", s.Source, d.OriginalFraction)
			}
			continue
		}
		if s.Source == nil || s.Source.Doc != "wire" || !s.Source.Earlier || s.Source.Similarity != 1 {
			t.Errorf("%s: source %+v, want the wire, earlier, verbatim", d.ID, s.Source)
		}
		if d.OriginalFraction >= 1 {
			t.Errorf("%s: original %v, want less than 1", d.ID, d.OriginalFraction)
		}
	}
	if len(rep.Pairs) > n*(1+DefaultPartners) {
		t.Errorf("%d pairs for %d documents: more than the sources and matches link", len(rep.Pairs), n)
	}
	all, err := Scan(corpus.Docs(benchmarks.ReachCorpus(n)), Options{AllPairs: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Pairs) != n*(n-1)/2 || all.Params.Pairs != "all" {
		t.Errorf("AllPairs: %d pairs (%s), want %d", len(all.Pairs), all.Params.Pairs, n*(n-1)/2)
	}
}

// TestReprintOfReprint: a copy of an edited reprint names the reprint as
// its source, not the origin, at small and at wide reach.
func TestReprintOfReprint(t *testing.T) {
	edited := strings.Replace(benchmarks.WireParagraph, "eleven days next month", "nearly two weeks in April", 1)
	for _, n := range []int{3, 200} {
		docs := benchmarks.ReachCorpus(n)
		r := rand.New(rand.NewPCG(9, 9))
		at := docs[len(docs)-1].Published
		docs = append(docs,
			corpus.Doc{ID: "reprint", Published: at.Add(time.Hour), Text: []byte(benchmarks.OwnText(r, 2) + "\n\n" + edited + "\n\n" + benchmarks.OwnText(r, 1))},
			corpus.Doc{ID: "reprint2", Published: at.Add(2 * time.Hour), Text: []byte(benchmarks.OwnText(r, 1) + "\n\n" + edited + "\n\n" + benchmarks.OwnText(r, 2))})
		rep, err := Scan(corpus.Docs(docs), Options{})
		if err != nil {
			t.Fatal(err)
		}
		src := map[string]*report.Source{}
		for _, d := range rep.Documents {
			for _, s := range d.Spans {
				src[d.ID] = s.Source
			}
		}
		if s := src["reprint2"]; s == nil || s.Doc != "reprint" || s.Similarity != 1 {
			t.Errorf("%d copies: reprint2's source %+v, want reprint, verbatim", n, s)
		}
		if s := src["reprint"]; s == nil || s.Doc == "reprint2" || !s.Earlier || s.Similarity >= 1 {
			t.Errorf("%d copies: reprint's source %+v, want an earlier copy of the wire, edited", n, s)
		}
	}
}

// TestDeterministicAtScale: a corpus with wide passages (stars), edited
// reprints and quotations gives the same report bytes with one goroutine
// and with several, with times and without; and so does a mailing-list
// archive, whose lists' footers and senders' signatures are furniture
// that the analysis masks as soon as it knows them (knownFurniture),
// which depends on the timing, and analyses again where it did not.
// Under the race detector it takes one goroutine and five (workerCounts),
// where each scan costs seconds.
func TestDeterministicAtScale(t *testing.T) {
	news := benchmarks.NewGenerator(7).NewsCorpus(600)
	docs := append(benchmarks.ReachCorpus(60), news...)
	untimed := slices.Clone(docs)
	for i := range untimed {
		untimed[i].Published = time.Time{}
	}
	// Files of short lines (bridge.go): a changelog and a copyright file
	// in 20 documents each, each copy with a line of its own.
	for i := range 20 {
		own := fmt.Sprintf("Closes: #%d.", 1125000+i)
		untimed = append(untimed,
			corpus.Doc{ID: fmt.Sprintf("changelog-%02d", i), Text: []byte(strings.Replace(bridgeLog, "Closes: #1125678.", own, 1))},
			corpus.Doc{ID: fmt.Sprintf("copyright-%02d", i), Text: []byte(strings.Replace(mavenCopyright, "2018, Stephen Kitt", fmt.Sprintf("%d, Stephen Kitt", 1990+i), 1))})
	}
	mail, _ := benchmarks.NewGenerator(5).MailCorpus(400)
	for _, ds := range [][]corpus.Doc{docs, untimed, mail} {
		var first []byte
		for _, w := range workerCounts {
			rep, err := Scan(corpus.Docs(ds), Options{Workers: w})
			if err != nil {
				t.Fatal(err)
			}
			b := reportJSON(t, rep)
			if first == nil {
				first = b
				if len(rep.Passages) < 50 || rep.Passages[0].Reach.Documents < 60 && &ds[0] != &mail[0] {
					t.Fatalf("%d passages, the widest in %d documents: not the corpus meant", len(rep.Passages), rep.Passages[0].Reach.Documents)
				}
				furnished := 0
				for _, d := range rep.Documents {
					if len(d.Boilerplate) > 0 {
						furnished++
					}
				}
				if &ds[0] == &mail[0] && furnished < len(mail)*3/4 {
					t.Fatalf("%d of %d messages with furniture: not the corpus meant", furnished, len(mail))
				}
			} else if !bytes.Equal(b, first) {
				t.Fatalf("%d workers: report differs from one worker's", w)
			}
		}
	}
}
