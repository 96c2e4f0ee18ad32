package benchmarks

import (
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/shingle"
)

// Accuracy compares a scan report with the labels of a generated corpus.
//
// Words: a word is truly shared when it lies in a TrueSpan, and reported
// shared when it lies in a span of the report. Passages: every two members
// of a reported passage make a pair, correct when their stretches overlap
// copies of one labelled passage; every two documents carrying a labelled
// passage make a true pair, found when one reported passage has members in
// both that overlap those copies (pairwise cluster precision and recall).
type Accuracy struct {
	WordTP, WordFP, WordFN int
	PairTP, PairFP         int // reported passage pairs, correct or not
	TruePairs, FoundPairs  int
}

func (a Accuracy) WordPrecision() float64 { return frac(a.WordTP, a.WordTP+a.WordFP) }
func (a Accuracy) WordRecall() float64    { return frac(a.WordTP, a.WordTP+a.WordFN) }
func (a Accuracy) PairPrecision() float64 { return frac(a.PairTP, a.PairTP+a.PairFP) }
func (a Accuracy) PairRecall() float64    { return frac(a.FoundPairs, a.TruePairs) }

func frac(x, n int) float64 {
	if n == 0 {
		return 1
	}
	return float64(x) / float64(n)
}

// Score measures rep against the labels l.
func Score(l *Labelled, rep *report.Scan) Accuracy {
	var acc Accuracy
	docIndex := map[string]int{}
	for i, d := range l.Docs {
		docIndex[d.ID] = i
	}
	inside := func(x int, spans []TrueSpan) int {
		for _, s := range spans {
			if s.Start <= x && x < s.End {
				return s.Passage
			}
		}
		return -1
	}
	for _, rd := range rep.Documents {
		i := docIndex[rd.ID]
		text := l.Docs[i].Text
		for _, t := range shingle.AppendTokens(nil, text) {
			truth := inside(t.Start, l.Truth[i]) >= 0
			got := false
			for _, s := range rd.Spans {
				if s.Start <= t.Start && t.Start < s.End {
					got = true
					break
				}
			}
			switch {
			case truth && got:
				acc.WordTP++
			case got:
				acc.WordFP++
			case truth:
				acc.WordFN++
			}
		}
	}
	// passagesAt returns the labelled passages a stretch overlaps.
	passagesAt := func(doc string, start, end int) map[int]bool {
		out := map[int]bool{}
		for _, s := range l.Truth[docIndex[doc]] {
			if s.Start < end && start < s.End {
				out[s.Passage] = true
			}
		}
		return out
	}
	type docPair struct{ a, b, passage int }
	found := map[docPair]bool{}
	for _, p := range rep.Passages {
		for x := 0; x < len(p.Members); x++ {
			for y := x + 1; y < len(p.Members); y++ {
				mx, my := p.Members[x], p.Members[y]
				px, py := passagesAt(mx.Doc, mx.Start, mx.End), passagesAt(my.Doc, my.Start, my.End)
				ok := false
				for q := range px {
					if py[q] {
						ok = true
						a, b := docIndex[mx.Doc], docIndex[my.Doc]
						found[docPair{min(a, b), max(a, b), q}] = true
					}
				}
				if ok {
					acc.PairTP++
				} else {
					acc.PairFP++
				}
			}
		}
	}
	carriers := map[int][]int{}
	for i, spans := range l.Truth {
		seen := map[int]bool{}
		for _, s := range spans {
			if !seen[s.Passage] {
				seen[s.Passage] = true
				carriers[s.Passage] = append(carriers[s.Passage], i)
			}
		}
	}
	for q, docs := range carriers {
		for x := 0; x < len(docs); x++ {
			for y := x + 1; y < len(docs); y++ {
				acc.TruePairs++
				if found[docPair{docs[x], docs[y], q}] {
					acc.FoundPairs++
				}
			}
		}
	}
	return acc
}
