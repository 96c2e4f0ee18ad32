package benchmarks

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
)

// NewsCorpus generates n news documents of about 3 KB for the scale
// benchmarks, in which reuse grows linearly with the corpus:
//
//   - every document has an outlet (one for every 100 documents, at least
//     20), a publication time (documents come out 30 seconds apart, in
//     order), a dateline naming its outlet, and its outlet's copyright line;
//   - one in eight is a wire story, half reprint a run of sentences of an
//     earlier wire story with light edits, one in eight quotes one of
//     twelve statements, the rest are unrelated; original sentences carry
//     stock phrases now and then;
//   - a reprint takes the top story in one case in fifty (so that it is in
//     1% of all documents, its reach growing with the corpus), one of the
//     next four stories in another one in fifty, and else any wire story so
//     far.
//
// So the reuse per document, and the stock phrases, datelines and
// copyright lines per document, are the same at every size, while the top
// stories' reach grows with it.
func (g *Generator) NewsCorpus(n int) []corpus.Doc {
	docs, _ := g.NewsCorpusWires(n)
	return docs
}

// NewsCorpusWires is NewsCorpus, and for each document the index of the
// wire story it reprints (the document that first carried it; -1 for a
// wire story itself and for the documents that reprint none): the source
// every copied sentence of a reprint came from.
func (g *Generator) NewsCorpusWires(n int) ([]corpus.Doc, []int) {
	outlets := max(20, n/100)
	base := time.Date(2026, 3, 3, 6, 0, 0, 0, time.UTC)
	var wires [][]string
	var wireDoc []int // the document each wire story came out in
	from := make([]int, n)
	var statements []string
	for range 12 {
		statements = append(statements, g.sentence(false))
	}
	cities := []string{"MOSCOW", "WASHINGTON", "LONDON", "PARIS", "BERLIN", "KYIV", "BEIJING", "TOKYO"}
	docs := make([]corpus.Doc, 0, n)
	for i := range n {
		from[i] = -1
		var body []string
		own := func(k int) {
			for range k {
				t := g.sentence(true)
				if g.next(4) == 0 {
					t = g.withStock(t)
				}
				body = append(body, t)
			}
		}
		switch r := g.next(8); {
		case r == 0 || len(wires) == 0:
			var w []string
			for range 20 {
				w = append(w, g.sentence(true))
			}
			wires, wireDoc = append(wires, w), append(wireDoc, i)
			body = append(body, w...)
		case r <= 4:
			var k int
			switch c := g.next(50); {
			case c == 0:
				k = 0
			case c == 1:
				k = g.next(min(5, len(wires)))
			default:
				k = g.next(len(wires))
			}
			w := wires[k]
			from[i] = wireDoc[k]
			first := g.next(len(w) / 2)
			to := first + 4 + g.next(len(w)-first-3)
			own(2 + g.next(4))
			for _, s := range w[first:to] {
				body = append(body, g.editSentence(s, 10))
			}
			own(2 + g.next(6))
		case r == 5:
			own(6 + g.next(4))
			body = append(body, "“"+statements[g.next(len(statements))]+",” "+g.words(2+g.next(4))+".")
			own(4 + g.next(6))
		default:
			own(16 + g.next(8))
		}
		o := i % outlets
		outlet := fmt.Sprintf("Outlet %d", o)
		text := fmt.Sprintf("%s (%s) — %s\n\nCopyright 2026 %s. All rights reserved.\n",
			cities[g.next(len(cities))], outlet, strings.Join(body, "\n"), outlet)
		docs = append(docs, corpus.Doc{ID: newsID(i), Outlet: outlet,
			Published: base.Add(time.Duration(i) * 30 * time.Second), Text: []byte(text)})
	}
	return docs, from
}

// newsID is the ID of NewsCorpus's document i.
func newsID(i int) string { return fmt.Sprintf("n%07d", i) }

// WireSources returns the share of the reprints' spans in a scan of
// NewsCorpus (wire: NewsCorpusWires's) that name as their source, known
// to be earlier, the wire story they reprinted, and the share of their
// words.
func WireSources(rep *report.Scan, wire []int) (spans, words float64) {
	var n, named, w, namedWords int
	for _, d := range rep.Documents {
		i, err := strconv.Atoi(strings.TrimPrefix(d.ID, "n"))
		if err != nil || i < 0 || i >= len(wire) || wire[i] < 0 {
			continue
		}
		for _, s := range d.Spans {
			n++
			w += s.Words
			if s.Source != nil && s.Source.Earlier && s.Source.Doc == newsID(wire[i]) {
				named++
				namedWords += s.Words
			}
		}
	}
	if n == 0 {
		return 0, 0
	}
	return float64(named) / float64(n), float64(namedWords) / float64(w)
}
