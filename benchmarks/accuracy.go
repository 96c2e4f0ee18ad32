package benchmarks

import (
	"math"

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
//
// Granularity (as in the PAN text-alignment task): for every reported pair
// of documents a and b, a copied stretch is a run of a's labelled spans
// one after another (nothing but a line break or a space between them)
// whose copies in b are one after another too, in the same order; a
// stretch is detected when a passage of the pair overlaps it, and its
// detections are the pair's passages that do.
// Granularity is the detections per detected stretch: 1 is one detection
// for each.
//
// Rewrites: a reported rewrite is correct when its stretch and the other
// document's overlap copies of one labelled passage (a copy edited so
// heavily that it did not align as one). Rewritten words are the words
// truly shared that no span holds and a rewrite does.
type Accuracy struct {
	WordTP, WordFP, WordFN int
	PairTP, PairFP         int // reported passage pairs, correct or not
	TruePairs, FoundPairs  int
	Stretches, Detections  int // copied stretches detected, and their detections
	RewriteTP, RewriteFP   int // reported rewrites (one side each), correct or not
	RewrittenWords         int // of WordFN
	// Words of the pairs' passages (a's side) that lie in a labelled
	// copy, and that do not: as PAN scores the detections.
	DetectedTP, DetectedFP int
	// Words of every two documents' copies of one labelled passage, each
	// side's, that a passage of their pair covers on that side, and that
	// none does.
	CaseTP, CaseFN int
}

// DetectionPrecision is the share of the pairs' passages' words (a's
// side) that lie in labelled copies.
func (a Accuracy) DetectionPrecision() float64 { return frac(a.DetectedTP, a.DetectedTP+a.DetectedFP) }

// DetectionRecall is the share of the words of every two documents'
// copies of one labelled passage that their pair's passages cover.
func (a Accuracy) DetectionRecall() float64 { return frac(a.CaseTP, a.CaseTP+a.CaseFN) }

// Plagdet is the PAN text-alignment score of the pairs' passages: the F1
// of their word precision and recall over log2(1 + granularity).
func (a Accuracy) Plagdet() float64 {
	p, r := a.DetectionPrecision(), a.DetectionRecall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r) / math.Log2(1+a.Granularity())
}

// RewritePrecision is the share of reported rewrites that are correct.
func (a Accuracy) RewritePrecision() float64 { return frac(a.RewriteTP, a.RewriteTP+a.RewriteFP) }

// ReuseRecall is the share of truly shared words that a span or a rewrite
// holds.
func (a Accuracy) ReuseRecall() float64 {
	return frac(a.WordTP+a.RewrittenWords, a.WordTP+a.WordFN)
}

// Granularity is the detections per detected copied stretch.
func (a Accuracy) Granularity() float64 {
	if a.Stretches == 0 {
		return 1
	}
	return float64(a.Detections) / float64(a.Stretches)
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
	x := labels{l: l, index: map[string]int{}}
	for i, d := range l.Docs {
		x.index[d.ID] = i
	}
	var acc Accuracy
	x.words(&acc, rep)
	x.rewrites(&acc, rep)
	x.passagePairs(&acc, rep)
	acc.Stretches, acc.Detections = granularity(l, rep, x.index)
	x.detected(&acc, rep)
	x.cases(&acc, rep)
	return acc
}

// labels is a labelled corpus with its documents by id.
type labels struct {
	l     *Labelled
	index map[string]int
}

// truth reports whether byte at of document i lies in a labelled copy.
func (x *labels) truth(i, at int) bool {
	for _, s := range x.l.Truth[i] {
		if s.Start <= at && at < s.End {
			return true
		}
	}
	return false
}

// passagesAt returns the labelled passages that [start, end) of document
// doc overlaps.
func (x *labels) passagesAt(doc string, start, end int) map[int]bool {
	out := map[int]bool{}
	for _, s := range x.l.Truth[x.index[doc]] {
		if s.Start < end && start < s.End {
			out[s.Passage] = true
		}
	}
	return out
}

// words counts the words truly shared and reported shared (in a span),
// and of those missed, the words a rewrite holds.
func (x *labels) words(acc *Accuracy, rep *report.Scan) {
	for _, rd := range rep.Documents {
		i := x.index[rd.ID]
		var spans, rewrites []report.Range
		for _, s := range rd.Spans {
			spans = append(spans, report.Range{Start: s.Start, End: s.End})
		}
		for _, r := range rd.Rewrites {
			rewrites = append(rewrites, report.Range{Start: r.Start, End: r.End})
		}
		for _, t := range shingle.AppendTokens(nil, x.l.Docs[i].Text) {
			truth, got := x.truth(i, t.Start), inRanges(t.Start, spans)
			switch {
			case truth && got:
				acc.WordTP++
			case got:
				acc.WordFP++
			case truth:
				acc.WordFN++
				if inRanges(t.Start, rewrites) {
					acc.RewrittenWords++
				}
			}
		}
	}
}

// inRanges reports whether byte at lies in one of the ranges.
func inRanges(at int, rs []report.Range) bool {
	for _, r := range rs {
		if r.Start <= at && at < r.End {
			return true
		}
	}
	return false
}

// rewrites counts the reported rewrites whose two sides overlap copies of
// one labelled passage, and the others.
func (x *labels) rewrites(acc *Accuracy, rep *report.Scan) {
	for _, rd := range rep.Documents {
		for _, r := range rd.Rewrites {
			here, there := x.passagesAt(rd.ID, r.Start, r.End), x.passagesAt(r.With.Doc, r.With.Start, r.With.End)
			ok := false
			for q := range here {
				ok = ok || there[q]
			}
			if ok {
				acc.RewriteTP++
			} else {
				acc.RewriteFP++
			}
		}
	}
}

// passagePairs counts the member pairs of the reported passages that
// overlap copies of one labelled passage, and the others, and the
// document pairs carrying a labelled passage that one reported passage
// joins.
func (x *labels) passagePairs(acc *Accuracy, rep *report.Scan) {
	type docPair struct{ a, b, passage int }
	found := map[docPair]bool{}
	for _, p := range rep.Passages {
		for i := 0; i < len(p.Members); i++ {
			for j := i + 1; j < len(p.Members); j++ {
				mi, mj := p.Members[i], p.Members[j]
				pi, pj := x.passagesAt(mi.Doc, mi.Start, mi.End), x.passagesAt(mj.Doc, mj.Start, mj.End)
				ok := false
				for q := range pi {
					if pj[q] {
						ok = true
						a, b := x.index[mi.Doc], x.index[mj.Doc]
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
	for i, spans := range x.l.Truth {
		seen := map[int]bool{}
		for _, s := range spans {
			if !seen[s.Passage] {
				seen[s.Passage] = true
				carriers[s.Passage] = append(carriers[s.Passage], i)
			}
		}
	}
	for q, docs := range carriers {
		for i := 0; i < len(docs); i++ {
			for j := i + 1; j < len(docs); j++ {
				acc.TruePairs++
				if found[docPair{docs[i], docs[j], q}] {
					acc.FoundPairs++
				}
			}
		}
	}
}

// detected counts the words of the pairs' passages (a's side) in
// labelled copies, and the others.
func (x *labels) detected(acc *Accuracy, rep *report.Scan) {
	for _, p := range rep.Pairs {
		i := x.index[p.A]
		toks := shingle.AppendTokens(nil, x.l.Docs[i].Text)
		for _, pp := range p.Passages {
			for _, t := range toks {
				if t.Start < pp.AStart || t.Start >= pp.AEnd {
					continue
				}
				if x.truth(i, t.Start) {
					acc.DetectedTP++
				} else {
					acc.DetectedFP++
				}
			}
		}
	}
}

// cases counts the words of every two documents' copies of one labelled
// passage, each side's, that a passage of their pair covers on that side,
// and those none covers.
func (x *labels) cases(acc *Accuracy, rep *report.Scan) {
	covered := map[[2]int][]report.Range{} // a's side of the pair (a, b)
	for _, p := range rep.Pairs {
		a, b := x.index[p.A], x.index[p.B]
		for _, pp := range p.Passages {
			covered[[2]int{a, b}] = append(covered[[2]int{a, b}], report.Range{Start: pp.AStart, End: pp.AEnd})
			covered[[2]int{b, a}] = append(covered[[2]int{b, a}], report.Range{Start: pp.BStart, End: pp.BEnd})
		}
	}
	carriers := map[int][]int{}
	for i, spans := range x.l.Truth {
		for _, s := range spans {
			if c := carriers[s.Passage]; len(c) == 0 || c[len(c)-1] != i {
				carriers[s.Passage] = append(c, i)
			}
		}
	}
	toks := make([][]shingle.Token, len(x.l.Docs))
	for q, docs := range carriers {
		for _, a := range docs {
			if toks[a] == nil {
				toks[a] = shingle.AppendTokens(nil, x.l.Docs[a].Text)
			}
			for _, b := range docs {
				if a == b {
					continue
				}
				for _, s := range x.l.Truth[a] {
					if s.Passage != q {
						continue
					}
					for _, t := range toks[a] {
						if t.Start < s.Start || t.Start >= s.End {
							continue
						}
						if inRanges(t.Start, covered[[2]int{a, b}]) {
							acc.CaseTP++
						} else {
							acc.CaseFN++
						}
					}
				}
			}
		}
	}
}

// granularity counts the copied stretches of the reported pairs that the
// pairs' passages detect, and their detections (Accuracy).
func granularity(l *Labelled, rep *report.Scan, docIndex map[string]int) (stretches, detections int) {
	// copyIn returns b's labelled span of the passage, if any.
	copyIn := func(b int, passage int) (TrueSpan, bool) {
		for _, s := range l.Truth[b] {
			if s.Passage == passage {
				return s, true
			}
		}
		return TrueSpan{}, false
	}
	for _, p := range rep.Pairs {
		a, b := docIndex[p.A], docIndex[p.B]
		truth := l.Truth[a]
		for i := 0; i < len(truth); {
			inB, ok := copyIn(b, truth[i].Passage)
			if !ok {
				i++
				continue
			}
			start, end := truth[i].Start, truth[i].End
			j := i + 1
			for j < len(truth) && truth[j].Start-end <= 1 {
				next, ok := copyIn(b, truth[j].Passage)
				if !ok || next.Start-inB.End > 1 || next.Start < inB.End {
					break // not the next sentence in b too
				}
				end, inB = truth[j].End, next
				j++
			}
			i = j
			n := 0
			for _, pp := range p.Passages {
				if pp.AStart < end && start < pp.AEnd {
					n++
				}
			}
			if n > 0 {
				stretches++
				detections += n
			}
		}
	}
	return stretches, detections
}
