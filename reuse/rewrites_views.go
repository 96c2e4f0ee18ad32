package reuse

import (
	"cmp"
	"slices"
	"sort"

	"github.com/copydesk/copydesk/report"
)

// What the report reads of the rewrites: the passages that hold their
// sides (a rewrite whose two sides one passage holds is dropped, and the
// members of the passage that holds the other side are counted among a
// rewrite's others), each document's sides of them (rewriteViews), and
// the document's rewrites in its report (rewritesReport).

// inOnePassage drops the rewrites whose two units are mostly members of
// one passage (four fifths of each unit's tokens): shown as copies of one
// text through a third document. A rewrite whose copied part is shorter
// stays, beside the span that shows that part: measured on the generated
// corpus with heavy edits (BenchmarkScanAccuracy), half instead of four
// fifths finds 0.91 of the reused words in spans or rewrites, not 0.94.
func inOnePassage(rws []rewrite, g *graph, pn *passageNodes, passages []passage) []rewrite {
	var pa, pb []held
	return slices.DeleteFunc(rws, func(r rewrite) bool {
		pa, pb = passagesAt(pa[:0], g, pn, passages, r.da, r.ta0, r.ta1), passagesAt(pb[:0], g, pn, passages, r.db, r.tb0, r.tb1)
		return oneHolds(pa, pb, r.ta1-r.ta0, r.tb1-r.tb0)
	})
}

// passagesAt appends the passages of document d's nodes that overlap
// tokens [t0, t1), with the tokens they cover there.
func passagesAt(dst []held, g *graph, pn *passageNodes, passages []passage, d uint32, t0, t1 int32) []held {
	ns := g.nodes[g.first[d]:g.first[d+1]]
	return heldAt(dst, len(ns), func(k int) (int32, int32, int32, int32) {
		p := pn.of[g.first[d]+k]
		if p < 0 {
			return ns[k].t0, ns[k].t1, p, 0
		}
		return ns[k].t0, ns[k].t1, p, int32(len(passages[p].nodes))
	}, t0, t1)
}

// held is a passage that holds part of one side of a rewrite: its
// number, the tokens of that side in its members, and its members.
type held struct {
	passage int32
	tokens  int32
	members int32
}

// heldAt appends the passages of a document's n nodes (nodeAt(k): node
// k's tokens, passage (-1 none) and its members; in order of their first
// token, none longer than a unit) that overlap tokens [t0, t1), with the
// tokens they cover there.
func heldAt(dst []held, n int, nodeAt func(k int) (t0, t1, passage, members int32), t0, t1 int32) []held {
	hi := sort.Search(n, func(k int) bool { x0, _, _, _ := nodeAt(k); return x0 >= t1 })
	for k := hi - 1; k >= 0; k-- {
		x0, x1, p, m := nodeAt(k)
		if x0 <= t0-MaxUnit {
			break
		}
		if o := min(x1, t1) - max(x0, t0); o > 0 && p >= 0 {
			dst = append(dst, held{p, o, m})
		}
	}
	return dst
}

// holder returns the passage that holds four fifths of a side of a
// rewrite of l tokens (held by the passages hs; the one that holds most
// of it, the least numbered of a tie), and its members: the other copies
// of the text the side's document carries there. It returns -1 and 0 if
// none holds that much.
func holder(hs []held, l int32) (passage, members int32) {
	best := held{passage: -1}
	for _, h := range hs {
		if 5*h.tokens >= 4*l && (best.passage < 0 || h.tokens > best.tokens || h.tokens == best.tokens && h.passage < best.passage) {
			best = h
		}
	}
	return best.passage, best.members
}

// oneHolds reports whether one passage holds four fifths of both sides
// of a rewrite (of la and lb tokens), held by passages pa and pb.
func oneHolds(pa, pb []held, la, lb int32) bool {
	for _, x := range pa {
		for _, y := range pb {
			if x.passage == y.passage && 5*x.tokens >= 4*la && 5*y.tokens >= 4*lb {
				return true
			}
		}
	}
	return false
}

// rewriteView is one side of a rewrite, as its document's report reads it:
// its tokens and bytes, the other document, its bytes there, and the
// similarity.
type rewriteView struct {
	other              uint32
	t0, t1, b0, b1     int32
	ot0, ot1, ob0, ob1 int32
	sim                float32
	// opassage is the passage holding the other side (holder), -1 none;
	// omembers its members.
	opassage, omembers int32
}

// rewriteViews returns each document's sides of the rewrites, sorted by
// the other document, then offset: their byte offsets are read while every
// document's tokens are at hand.
func rewriteViews(rws []rewrite, docs []*docState, g *graph, pn *passageNodes, passages []passage) [][]rewriteView {
	out := make([][]rewriteView, len(docs))
	var hs []held
	for _, r := range rws {
		a0, a1 := docs[r.da].toks.span(r.ta0, r.ta1)
		b0, b1 := docs[r.db].toks.span(r.tb0, r.tb1)
		hs = passagesAt(hs[:0], g, pn, passages, r.da, r.ta0, r.ta1)
		pa, ma := holder(hs, r.ta1-r.ta0)
		hs = passagesAt(hs[:0], g, pn, passages, r.db, r.tb0, r.tb1)
		pb, mb := holder(hs, r.tb1-r.tb0)
		out[r.da] = append(out[r.da], rewriteView{other: r.db, t0: r.ta0, t1: r.ta1, b0: a0, b1: a1, ot0: r.tb0, ot1: r.tb1, ob0: b0, ob1: b1, sim: r.sim, opassage: pb, omembers: mb})
		out[r.db] = append(out[r.db], rewriteView{other: r.da, t0: r.tb0, t1: r.tb1, b0: b0, b1: b1, ot0: r.ta0, ot1: r.ta1, ob0: a0, ob1: a1, sim: r.sim, opassage: pa, omembers: ma})
	}
	for _, vs := range out {
		sortRewriteViews(vs)
	}
	return out
}

// sortRewriteViews sorts a document's sides of the rewrites by the other
// document, then offset (then the other's offset: a total order, so that
// the order the rewrites came in does not show).
func sortRewriteViews(vs []rewriteView) {
	slices.SortFunc(vs, func(a, b rewriteView) int {
		return cmp.Or(cmp.Compare(a.other, b.other), cmp.Compare(a.t0, b.t0), cmp.Compare(a.t1, b.t1), cmp.Compare(a.ot0, b.ot0), cmp.Compare(a.ot1, b.ot1))
	})
}

// viewsWith returns the views (sorted by other document) with document
// other.
func viewsWith(vs []rewriteView, other uint32) []rewriteView {
	return runWith(vs, other, func(v rewriteView) uint32 { return v.other })
}

// runWith returns the run of xs (sorted by the document of(x) names) of
// document other.
func runWith[T any](xs []T, other uint32, of func(T) uint32) []T {
	lo, _ := slices.BinarySearchFunc(xs, other, func(x T, o uint32) int { return cmp.Compare(of(x), o) })
	hi := lo
	for hi < len(xs) && of(xs[hi]) == other {
		hi++
	}
	return xs[lo:hi]
}

// tokensIn counts the tokens that the ranges [t0, t1) cover, each once,
// and of those, the ones no range of skip (sorted, not overlapping)
// covers; ranges is reordered.
func tokensIn(ranges, skip [][2]int32) (n int) {
	slices.SortFunc(ranges, func(x, y [2]int32) int { return cmp.Compare(x[0], y[0]) })
	at, k := int32(0), 0
	for _, r := range ranges {
		for t := max(r[0], at); t < r[1]; t++ {
			for k < len(skip) && skip[k][1] <= t {
				k++
			}
			if k == len(skip) || t < skip[k][0] {
				n++
			}
		}
		at = max(at, r[1])
	}
	return n
}

// rewritesReport adds the document's rewrites to its report, and its
// rewritten share: words in no span and in rewrites of documents not
// known to be published after it.
func (x *docReporter) rewritesReport(rd *report.ScanDocument, sc *docScratch) {
	vs := x.v.rewrites
	if len(vs) == 0 {
		return
	}
	// The words it rewrote, in no span: not those of its rewrites of a
	// document published after it. Its pieces are in order and apart.
	sc.skip, sc.ranges = sc.skip[:0], sc.ranges[:0]
	for _, p := range sc.pieces {
		sc.skip = append(sc.skip, [2]int32{p.t0, p.t1})
	}
	for _, v := range vs {
		if !x.v.self.w.before(x.v.far(v.other).w) {
			sc.ranges = append(sc.ranges, [2]int32{v.t0, v.t1})
		}
	}
	rd.RewrittenFraction = round4(float64(tokensIn(sc.ranges, sc.skip)) / float64(x.ds.toks.len()))
	// One rewrite a stretch: a stretch rewritten from several documents
	// (copies of one text, as a rule) names the one it most likely came
	// from, as a span its source (source), and counts the others.
	sc.rws = append(sc.rws[:0], vs...)
	slices.SortFunc(sc.rws, func(a, b rewriteView) int {
		return cmp.Or(cmp.Compare(a.t0, b.t0), cmp.Compare(a.t1, b.t1), cmp.Compare(a.other, b.other))
	})
	rd.Rewrites = make([]report.Rewrite, 0, len(vs))
	for i := 0; i < len(sc.rws); {
		j := i + 1
		for j < len(sc.rws) && sc.rws[j].t0 == sc.rws[i].t0 && sc.rws[j].t1 == sc.rws[i].t1 {
			j++
		}
		v := x.rewriteSource(sc.rws[i:j], sc)
		with := x.sourceOf(partner{doc: v.other, b0: v.ob0, b1: v.ob1, sim: float64(v.sim)})
		rd.Rewrites = append(rd.Rewrites, report.Rewrite{Start: int(v.b0), End: int(v.b1), Words: int(v.t1 - v.t0), With: *with, Others: x.rewriteOthers(sc.rws[i:j], v, sc.own)})
		i = j
	}
}

// rewriteOthers counts the other documents of a rewritten stretch (vs,
// its sides by other document; v the one it is named after): the other
// members of the passage that holds v's other side (the copies of the
// text it rewrites, which a document that shares no copy with a text
// carried by more than 15 documents is not compared with one by one;
// not this document's own members), and the sides with documents
// outside that passage.
func (x *docReporter) rewriteOthers(vs []rewriteView, v rewriteView, own []int32) int {
	if v.opassage < 0 {
		return len(vs) - 1
	}
	n := int(v.omembers) - 1 - ownIn(own, v.opassage)
	for _, w := range vs {
		if w.opassage != v.opassage {
			n++
		}
	}
	return max(n, len(vs)-1)
}

// rewriteSource returns, of the sides of rewrites of one stretch (by
// other document; at least one), the one it most likely came from, as a
// span's source: the closest of those known to be published before the
// document, else of those not known to be published after it, else of
// all.
func (x *docReporter) rewriteSource(vs []rewriteView, sc *docScratch) rewriteView {
	sc.rwCands = sc.rwCands[:0]
	for k, v := range vs {
		sc.rwCands = append(sc.rwCands, partner{n: uint32(k), doc: v.other, rank: x.v.far(v.other).rank, sim: float64(v.sim)})
	}
	best, found := x.firstBefore(sc.rwCands, closer)
	if !found {
		best, _ = firstBy(x.notLater(sc.rwCands, sc), closer)
	}
	return vs[best.n]
}
