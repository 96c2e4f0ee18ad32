package reuse

import (
	"cmp"

	"github.com/copydesk/copydesk/report"
)

// The source of a span: of the members of its passage, the one its words
// most likely came from, and when that one came out against it.

// source returns the member of passage p that document d's copy most
// likely came from, among its partners (cands, one piece's of pieces,
// whose partners are in all): the nearest one known to be published
// before d (nearer: fewest edits, then the earliest); else, unless d is
// the origin, the nearest of those not known to be published after d (a
// later document is no source; if all are, of all), the order being
// unknown, and of the same edits the one whose document shares the most
// of d's words in all its pieces (sharing): the document d copied the
// whole from, rather than one that carries that sentence too (a licence
// printed twice names its twin as the source of every sentence, not,
// sentence by sentence, whichever older version carries it alike).
// Of the same edits, the partner that goes on from prev (if not nil), the
// source of the piece right before (nothing but punctuation between
// them) where that piece is its copy word for word, in the same document
// at most MaxGap words on, comes first in
// either case: a copy's words that its source shares alike with other
// documents (a heading, a list's short line, a sentence that a revision
// kept) came with the rest of the copy.
// False when d is the origin, or has no partner.
func (x *docReporter) source(p *viewPassage, cands []partner, prev *partner, pieces []spanPiece, all []partner, sc *docScratch) (partner, bool) {
	goesOn := func(m partner) int {
		if prev != nil && m.doc == prev.doc && m.t0 >= prev.t1 && m.t0-prev.t1 <= x.maxGap {
			return 0
		}
		return 1
	}
	order := func(a, b partner) int {
		return cmp.Or(cmp.Compare(a.edits, b.edits), cmp.Compare(goesOn(a), goesOn(b)), nearer(a, b))
	}
	if best, found := x.firstBefore(cands, order); found || p.origin == int32(x.v.self.doc) {
		return best, found
	}
	if sc.sharing == nil {
		sc.sharing = map[uint32]int32{}
	}
	if len(sc.sharing) == 0 {
		// Each partner document's words shared with d: counted once per
		// document, when a source of unknown order is first asked for.
		for _, pc := range pieces {
			for _, m := range all[pc.all[0]:pc.all[1]] {
				sc.sharing[m.doc] += pc.t1 - pc.t0
			}
		}
	}
	sharing := sc.sharing
	return firstBy(x.notLater(cands, sc), func(a, b partner) int {
		return cmp.Or(cmp.Compare(a.edits, b.edits), cmp.Compare(goesOn(a), goesOn(b)), cmp.Compare(sharing[b.doc], sharing[a.doc]), nearer(a, b))
	})
}

// notLater returns the partners of cands not known to be published after
// the document (in sc.unordered), or cands if every one is: a later
// document is no source.
func (x *docReporter) notLater(cands []partner, sc *docScratch) []partner {
	self := x.v.self.w
	if !self.known {
		return cands
	}
	sc.unordered = sc.unordered[:0]
	for _, m := range cands {
		if !self.before(x.v.far(m.doc).w) {
			sc.unordered = append(sc.unordered, m)
		}
	}
	if len(sc.unordered) == 0 {
		return cands
	}
	return sc.unordered
}

// firstBefore returns the first of cands in the order given (closer,
// nearer) of those known to be published before the document; false if
// none is.
func (x *docReporter) firstBefore(cands []partner, order func(a, b partner) int) (partner, bool) {
	var best partner
	found := false
	for _, m := range cands {
		if x.v.far(m.doc).w.before(x.v.self.w) && (!found || order(m, best) < 0) {
			best, found = m, true
		}
	}
	return best, found
}

// firstBy returns the first of cands in the order given; false if there
// are none.
func firstBy(cands []partner, order func(a, b partner) int) (partner, bool) {
	var best partner
	found := false
	for _, m := range cands {
		if !found || order(m, best) < 0 {
			best, found = m, true
		}
	}
	return best, found
}

// closer orders partners most similar first, then by the rank of their
// documents (earliest first), then by node: a span's matches.
func closer(a, b partner) int {
	return cmp.Or(cmp.Compare(b.sim, a.sim), cmp.Compare(a.rank, b.rank), cmp.Compare(a.n, b.n))
}

// nearer orders partners as sources: fewest edits first (partner.edits),
// then by the rank of their documents (earliest first), then by node. A
// copy edited on its own is nearer its source than another copy of it,
// which carries edits of its own, though the similarity (2·matched / the
// words of both) may say otherwise: a copy that deleted a word another
// substituted is more similar to it than their source is, being shorter;
// the edits of the two are alike, and the earlier, the source, comes first.
func nearer(a, b partner) int {
	return cmp.Or(cmp.Compare(a.edits, b.edits), cmp.Compare(a.rank, b.rank), cmp.Compare(a.n, b.n))
}

// sourceOf is partner m as document d's source.
func (x *docReporter) sourceOf(m partner) *report.Source {
	mt := x.match(m)
	s := &report.Source{Doc: mt.Doc, Start: mt.Start, End: mt.End, Similarity: mt.Similarity, Quoted: m.quoted}
	switch w, self := x.v.far(m.doc).w, x.v.self.w; {
	case w.before(self):
		s.Earlier, s.LeadSeconds = true, w.lead(self)
	case self.before(w):
		s.Later, s.LagSeconds = true, self.lead(w)
	}
	return s
}
