package reuse

import (
	"cmp"
	"math"
	"slices"
	"time"
	"unsafe"

	"github.com/copydesk/copydesk/report"
)

// span is one document's copy of a passage as its report cuts it: tokens
// [t0, t1) of the document, of its view's node i (which may reach further:
// a node overlapping the one before is cut where that one ends).
type span struct {
	i      int
	t0, t1 int32
}

// spansOf returns the spans of the view's document: its nodes (each a
// member of a passage), in order, each cut where the one before it ends;
// a remnant of fewer than minPiece words joins the span before.
func spansOf(out []span, v *DocView) []span {
	for i, x := range v.nodes {
		if k := len(out) - 1; k >= 0 && x.t0 < out[k].t1 {
			if x.t1-out[k].t1 < minPiece {
				out[k].t1 = max(out[k].t1, x.t1)
				continue
			}
			x.t0 = out[k].t1
		}
		out = append(out, span{i: i, t0: x.t0, t1: x.t1})
	}
	return out
}

// minPiece is the fewest words a span may have when it touches another.
const minPiece = 4

// partner is a member of a span's passage in another document, as a
// candidate for its source and matches: node n, of which tokens [t0, t1),
// bytes [b0, b1) of its text, align with the span's node.
type partner struct {
	n      uint32
	doc    uint32 // its document, and that document's rank (ranks): what
	rank   uint32 // ordering partners and naming them read, at hand
	t0, t1 int32
	b0, b1 int32
	sim    float64
	// edits is the fewest edits (words substituted, inserted or deleted)
	// that make its words of the span's: the longer side's words less
	// those matched.
	edits  int32
	quoted bool // its tokens are mostly quoted in its document
}

// docReporter makes one document's report from its analysis and its view.
type docReporter struct {
	ds       *docState
	v        *DocView
	partners int   // Options.Partners
	maxGap   int32 // Options.MaxGap
	allPairs bool  // Options.AllPairs
}

// spanShare is a span as the pairs read it: its passage and words.
type spanShare struct {
	passage int32
	words   int32
}

// sharedString returns b as a string without copying it: the report's
// text of a document is the document's own (Scan).
func sharedString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// docScratch is one goroutine's scratch for docReport, reused from
// document to document.
type docScratch struct {
	spans        []span
	shared       []bool
	skip, ranges [][2]int32 // rewritesReport's
	rws          []rewriteView
	rwCands      []partner
	cands        []partner
	own          []int32
	pieces       []spanPiece
	tops         []partner
	all          []partner        // every piece's partners, piece after piece
	sharing      map[uint32]int32 // the words each partner document shares (source)
	unordered    []partner        // source's partners not known to be later
	named        []uint32
	view         DocView  // the document's, when the driver makes it (viewOf)
	viewNamed    []uint32 // viewOf's
}

// spanPiece is one span (a node's copy of its passage, spansOf) as docReport
// finds it, before the pieces copied in a row from one source are joined
// into one span of the report.
type spanPiece struct {
	t0, t1  int32 // its tokens
	b0, b1  int32 // and bytes
	passage int32
	quoted  bool
	src     partner // its source, if hasSrc
	hasSrc  bool
	top     [2]int32 // its matches: docScratch.tops[top[0]:top[1]]
	all     [2]int32 // its partners: docScratch.all[all[0]:all[1]]
	others  int32    // the members of other documents beyond its matches
}

// docReport builds the document's part of the report: its spans, each with
// its pieces' passages, its source, closest matches and the count of the
// others, and its original text (words in no span, and in spans of
// passages it is the origin of). It returns the document's partners (the
// documents its pieces' sources and matches name, possibly repeated), its
// pieces' shares, and the stretches its pieces align with in the
// documents it names (pairRefs, sorted by document, then offset).
func (x *docReporter) docReport(sc *docScratch) (report.ScanDocument, []uint32, []spanShare, []pairRef) {
	rd, linked, shares, refs := x.spansReport(sc)
	x.rewritesReport(&rd, sc)
	return rd, linked, shares, refs
}

// spansReport builds the spans of the document's report (docReport).
func (x *docReporter) spansReport(sc *docScratch) (report.ScanDocument, []uint32, []spanShare, []pairRef) {
	ds, v := x.ds, x.v
	rd := report.ScanDocument{
		ID: ds.doc.ID, Path: ds.doc.Path, Outlet: ds.doc.Outlet, Title: ds.doc.Title, URL: ds.doc.URL,
		Text: sharedString(ds.doc.Text), Encoding: ds.doc.Encoding, Note: ds.doc.Note, Words: ds.toks.len(),
	}
	if rd.Encoding == "" {
		rd.Encoding = "utf-8" // text handed over in memory
	}
	switch {
	case ds.doc.Published.IsZero():
	case ds.doc.DateOnly:
		rd.Published = ds.doc.Published.UTC().Format(time.DateOnly)
	default:
		rd.Published = ds.doc.Published.UTC().Format(time.RFC3339)
	}
	sc.spans = spansOf(sc.spans[:0], v)
	sc.shared = slices.Grow(sc.shared[:0], ds.toks.len())[:ds.toks.len()]
	shared := sc.shared // copied, not published first
	clear(shared)
	var linked []uint32
	var shares []spanShare
	pieces, tops, all := sc.pieces[:0], sc.tops[:0], sc.all[:0]
	defer func() { sc.pieces, sc.tops, sc.all = pieces, tops, all }()
	sc.own = x.passagesOf(sc.own[:0])
	// Every piece's partners first, so that a source of unknown order is
	// told from its ties by all the document shares (sharing).
	for _, s := range sc.spans {
		start, end := ds.toks.span(s.t0, s.t1)
		pc := spanPiece{t0: s.t0, t1: s.t1, b0: start, b1: end, passage: v.nodes[s.i].passage,
			quoted: ds.quotedShare(s.t0, s.t1)}
		n := len(all)
		all = v.partnersOf(all, s.i, s.t1-s.t0)
		pc.all = [2]int32{int32(n), int32(len(all))}
		pieces = append(pieces, pc)
	}
	clear(sc.sharing)
	for i := range pieces {
		pc := &pieces[i]
		c := pc.passage
		p := v.passage(c)
		cands := all[pc.all[0]:pc.all[1]]
		// The source of the piece right before, if it copies that word
		// for word: a source by chance the fewest edits from a piece
		// (two reprints that cut the same word from the wire) is no
		// evidence that the next piece came from it too.
		var prev *partner
		if i > 0 && pieces[i-1].hasSrc && pieces[i-1].t1 == pc.t0 && pieces[i-1].src.edits == 0 {
			prev = &pieces[i-1].src
		}
		if src, ok := x.source(p, cands, prev, pieces, all, sc); ok {
			pc.src, pc.hasSrc = src, true
			linked = append(linked, src.doc)
		}
		// closest reorders what it is given: a copy, all stays in order.
		sc.cands = append(sc.cands[:0], cands...)
		top := closest(sc.cands, x.partners, closer)
		pc.top = [2]int32{int32(len(tops)), int32(len(tops) + len(top))}
		tops = append(tops, top...)
		for _, m := range top {
			linked = append(linked, m.doc)
		}
		pc.others = int32(x.others(sc.own, c) - len(top))
		shares = append(shares, spanShare{passage: c, words: pc.t1 - pc.t0})
		if p.origin != int32(v.self.doc) {
			for t := pc.t0; t < pc.t1; t++ {
				shared[t] = true
			}
		}
	}
	rd.Spans = make([]report.Span, 0, len(pieces))
	slab := make([]report.Piece, len(pieces)) // the spans' pieces, in one allocation
	for i := 0; i < len(pieces); {
		j := i + 1
		for j < len(pieces) && x.joins(&pieces[j-1], &pieces[j], tops) {
			j++
		}
		rd.Spans = append(rd.Spans, x.spanOf(pieces[i:j], tops, all, slab[i:j:j], &sc.cands))
		i = j
	}
	sc.named = append(sc.named[:0], linked...)
	if x.allPairs { // every two documents sharing a passage are a pair
		for _, m := range all {
			sc.named = append(sc.named, m.doc)
		}
	}
	slices.Sort(sc.named)
	refs := x.orphanRefs(pieceRefs(pieces, all, slices.Compact(sc.named)))
	rd.Original, rd.OriginalFraction = originalText(ds, shared)
	for _, c := range ds.lines {
		rd.Attributions = append(rd.Attributions, report.Attribution{Start: int(c.start), End: int(c.end), Sources: c.sources})
	}
	for _, b := range ds.doc.Boilerplate {
		rd.Boilerplate = append(rd.Boilerplate, report.Range{Start: b.Start, End: b.End})
	}
	for _, f := range ds.doc.Repairs {
		rd.Repairs = append(rd.Repairs, report.Repair{Start: f.Start, End: f.End, Was: f.Was, Kind: f.Kind.String(), Guess: f.Guess})
	}
	return rd, linked, shares, refs
}

// pieceRefs returns the stretches that the pieces align with in the
// documents named (sorted): every partner of every piece in one of those,
// whether or not its span names it, so that a pair of documents has all
// its aligned stretches whichever of its pieces named the other. Sorted by
// document, then by piece.
func pieceRefs(pieces []spanPiece, all []partner, named []uint32) []pairRef {
	// A counting sort by document: the pieces come in order, so each
	// document's refs do too.
	at := make([]int32, len(named)+1)
	index := func(m partner) (int, bool) { return slices.BinarySearch(named, m.doc) }
	for i := range pieces {
		for _, m := range all[pieces[i].all[0]:pieces[i].all[1]] {
			if k, ok := index(m); ok {
				at[k+1]++
			}
		}
	}
	for k := range named {
		at[k+1] += at[k]
	}
	refs := make([]pairRef, at[len(named)])
	for i := range pieces {
		pc := &pieces[i]
		for _, m := range all[pc.all[0]:pc.all[1]] {
			if k, ok := index(m); ok {
				refs[at[k]] = pairRef{other: m.doc, at0: pc.t0, at1: pc.t1, bt0: m.t0, bt1: m.t1,
					ab0: pc.b0, ab1: pc.b1, bb0: m.b0, bb1: m.b1, sim: float32(m.sim)}
				at[k]++
			}
		}
	}
	return refs
}

// orphanRefs adds to the document's refs (sorted by other document) its
// orphans: copies that complete linkage kept apart (one member a
// document to a passage: 002's two leads, each the copy of another
// outlet's). Their pair lists them among its passages, as aligned
// stretches of the two documents, though no span names them.
func (x *docReporter) orphanRefs(refs []pairRef) []pairRef {
	if len(x.v.orphans) == 0 {
		return refs
	}
	for _, o := range x.v.orphans {
		b0, b1 := x.ds.toks.span(o.t0, o.t1)
		refs = append(refs, pairRef{other: o.other, at0: o.t0, at1: o.t1, bt0: o.ot0, bt1: o.ot1,
			ab0: b0, ab1: b1, bb0: o.ob0, bb1: o.ob1, sim: o.sim})
	}
	slices.SortStableFunc(refs, func(a, b pairRef) int { return cmp.Compare(a.other, b.other) })
	return refs
}

// joins reports whether piece b goes on the span of piece a, the piece
// before it: nothing but punctuation and space between them, both quoted
// or both not, and the same source, where b's part comes after a's with
// at most MaxGap words between; or, neither having a source (this
// document is their origin), the same closest match, likewise.
func (x *docReporter) joins(a, b *spanPiece, tops []partner) bool {
	if b.t0 != a.t1 || a.quoted != b.quoted || a.hasSrc != b.hasSrc {
		return false
	}
	pa, pb := a.src, b.src
	if !a.hasSrc {
		if a.top[0] == a.top[1] || b.top[0] == b.top[1] {
			return false
		}
		pa, pb = tops[a.top[0]], tops[b.top[0]]
	}
	return pa.doc == pb.doc && pb.t0 >= pa.t1 && pb.t0-pa.t1 <= x.maxGap
}

// spanOf makes the span of document d that holds the pieces (copied in a
// row from one source: joins), with out (as long) for its pieces; tops
// and all hold the pieces' closest partners and all their partners, and
// scratch is reused.
func (x *docReporter) spanOf(pieces []spanPiece, tops, all []partner, out []report.Piece, scratch *[]partner) report.Span {
	first, last := &pieces[0], &pieces[len(pieces)-1]
	sp := report.Span{
		Start: int(first.b0), End: int(last.b1), Words: int(last.t1 - first.t0), Quoted: first.quoted, Pieces: out,
	}
	// The credit's phrase is read now if the text is at hand, else when
	// the report is written (report.Span.AttributionAt).
	if c, ok := x.ds.creditFor(first.t0, last.t1); ok {
		if text := x.ds.doc.Text; !x.ds.spill.out {
			sp.Attribution = sharedString(text[c.start:c.end])
		} else {
			sp.AttributionAt = report.Range{Start: int(c.start), End: int(c.end)}
		}
	}
	for i, pc := range pieces {
		sp.Pieces[i] = report.Piece{Passage: int(pc.passage) + 1, Start: int(pc.b0), End: int(pc.b1)}
	}
	if first.hasSrc {
		src := first.src
		src.b1, src.t1, src.sim = last.src.b1, last.src.t1, weighted(pieces, func(pc *spanPiece) float64 { return pc.src.sim })
		sp.Source = x.sourceOf(src)
	}
	most := 0 // the documents that carry the piece carried by most
	for _, pc := range pieces {
		most = max(most, int(pc.top[1]-pc.top[0]+pc.others))
	}
	matches := joinMatches(pieces, tops, all, x.partners, x.maxGap, scratch)
	sp.Matches = make([]report.Match, 0, len(matches))
	for _, m := range matches {
		sp.Matches = append(sp.Matches, x.match(m))
	}
	sp.Others = max(0, most-len(sp.Matches))
	return sp
}

// weighted is the mean of f over the pieces, each weighted by its words.
func weighted(pieces []spanPiece, f func(*spanPiece) float64) float64 {
	sum, words := 0.0, 0
	for i := range pieces {
		w := int(pieces[i].t1 - pieces[i].t0)
		sum += f(&pieces[i]) * float64(w)
		words += w
	}
	return ratio(sum, words)
}

// joinedMatch is a match of a span: a partner whose stretch runs on to
// its match of the span's piece p1. Its similarity is over the span's
// words (0 for a piece it does not match).
type joinedMatch struct {
	partner
	p1 int32
}

// joinMatches returns the closest matches of a span: each stretch of
// another document that matches pieces of the span one after another
// (following one another there too, with at most maxGap words between),
// with the pieces' similarities weighted by their words, at most k of
// them, closest first. A span of one piece has its piece's matches
// (tops). The stretches are made of every partner of every piece (all),
// not only of each piece's closest: a document that copies the whole span
// is one match, though on one piece, a sentence that many documents
// carry, it ties with k others. A piece's partner goes on a stretch that
// matched the piece before (the first made, where it could go on two);
// the partners are taken in the order of their documents, then of their
// tokens, and merged with the stretches the piece before went on or
// started, so that a span costs its partners once each (and their sort),
// never its pieces squared. scratch is reused.
func joinMatches(pieces []spanPiece, tops, all []partner, k int, maxGap int32, scratch *[]partner) []partner {
	if len(pieces) == 1 {
		return tops[pieces[0].top[0]:pieces[0].top[1]] // most spans: no copy
	}
	var out []joinedMatch
	var prev, cur []int32 // the stretches (in out) the piece before and this one went on or started, by document, then made
	words := 0
	for i, pc := range pieces {
		w := float64(pc.t1 - pc.t0)
		words += int(pc.t1 - pc.t0)
		ms := append((*scratch)[:0], all[pc.all[0]:pc.all[1]]...)
		*scratch = ms
		slices.SortFunc(ms, func(a, b partner) int {
			return cmp.Or(cmp.Compare(a.doc, b.doc), cmp.Compare(a.t0, b.t0), cmp.Compare(a.n, b.n))
		})
		cur = cur[:0]
		p := 0
		for _, m := range ms {
			for p < len(prev) && out[prev[p]].doc < m.doc {
				p++
			}
			j := int32(-1)
			for q := p; q < len(prev) && out[prev[q]].doc == m.doc; q++ {
				if o := &out[prev[q]]; o.p1 == int32(i-1) && m.t0 >= o.t1 && m.t0-o.t1 <= maxGap {
					j = prev[q]
					break
				}
			}
			if j < 0 {
				out = append(out, joinedMatch{partner: m, p1: int32(i)})
				out[len(out)-1].sim = m.sim * w
				cur = append(cur, int32(len(out)-1))
				continue
			}
			o := &out[j]
			o.t1, o.b1, o.sim, o.p1 = m.t1, m.b1, o.sim+m.sim*w, int32(i)
			cur = append(cur, j)
		}
		slices.SortFunc(cur, func(a, b int32) int { return cmp.Or(cmp.Compare(out[a].doc, out[b].doc), cmp.Compare(a, b)) })
		prev, cur = cur, prev
	}
	return closestStretches(out, words, k)
}

// closestStretches returns the k closest of a span's stretches, whose
// similarities are sums weighted by words, of the span's words in all.
func closestStretches(out []joinedMatch, words, k int) []partner {
	for i := range out {
		out[i].sim = ratio(out[i].sim, words)
	}
	out = closest(out, k, func(a, b joinedMatch) int { return closer(a.partner, b.partner) })
	joined := make([]partner, len(out))
	for i, m := range out {
		joined[i] = m.partner
	}
	return joined
}

// closest reorders s so that its k first elements in the order cmp
// (a strict total order) are first, in order, and returns them: a full
// sort when k is not much less than len(s), else a bounded insertion, so
// that the span of a passage's leader, with thousands of partners, costs
// a pass over them rather than a sort.
func closest[T any](s []T, k int, cmp func(a, b T) int) []T {
	if k*16 >= len(s) {
		slices.SortFunc(s, cmp)
		return s[:min(k, len(s))]
	}
	m := 0 // s[:m] are the closest so far, in order
	for i := range s {
		if m == k {
			if cmp(s[i], s[k-1]) >= 0 {
				continue
			}
			s[i], s[k-1] = s[k-1], s[i] // the k-th goes where s[i] was
			m = k - 1
		}
		// Until k are held, i == m: s[i] is already in place.
		for j := m; j > 0 && cmp(s[j], s[j-1]) < 0; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
		m++
	}
	return s[:m]
}

// match is partner m as a match.
func (x *docReporter) match(m partner) report.Match {
	return report.Match{Doc: x.v.far(m.doc).id, Start: int(m.b0), End: int(m.b1), Similarity: round4(m.sim)}
}

// passagesOf appends the passages of the document's nodes, sorted.
func (x *docReporter) passagesOf(dst []int32) []int32 {
	for _, n := range x.v.nodes {
		dst = append(dst, n.passage)
	}
	slices.Sort(dst)
	return dst
}

// others is the number of members of passage c in other documents than
// the one whose nodes' passages are own (passagesOf).
func (x *docReporter) others(own []int32, c int32) int {
	return int(x.v.passage(c).members) - ownIn(own, c)
}

// ownIn counts the document's members of passage c (own: its nodes'
// passages, sorted).
func ownIn(own []int32, c int32) int {
	lo, _ := slices.BinarySearch(own, c)
	hi := lo
	for hi < len(own) && own[hi] == c {
		hi++
	}
	return hi - lo
}

// originalText returns the stretches of the document's text that are its
// own (tokens not shared; a stretch ends at a shared token or at
// boilerplate), and their share of its words.
func originalText(d *docState, shared []bool) ([]report.Range, float64) {
	var out []report.Range
	orig := 0
	bp := d.doc.Boilerplate
	toks := newTokenCursor(&d.toks) // read in order
	start := func(i int) int { return int(toks.at(int32(i)).start) }
	for t := 0; t < len(shared); {
		if shared[t] {
			t++
			continue
		}
		first := start(t)
		for len(bp) > 0 && bp[0].End <= first {
			bp = bp[1:]
		}
		u := t
		for u < len(shared) && !shared[u] && (u == t || len(bp) == 0 || start(u) < bp[0].Start) {
			u++
		}
		out = append(out, report.Range{Start: first, End: int(d.toks.at(int32(u - 1)).end)})
		orig += u - t
		t = u
	}
	return out, round4(float64(orig) / float64(d.toks.len()))
}

func ratio(x float64, n int) float64 {
	if n == 0 {
		return 0
	}
	return x / float64(n)
}

func round4(x float64) float64 { return math.Round(x*10000) / 10000 }
