package reuse

import (
	"cmp"
	"math"
	"slices"
	"time"
	"unsafe"

	"github.com/copydesk/copydesk/internal/parallel"
	"github.com/copydesk/copydesk/report"
)

// span is one document's copy of a passage as its report cuts it: tokens
// [t0, t1) of the document, of node n (which may reach further: a node
// overlapping the one before is cut where that one ends).
type span struct {
	n      uint32
	t0, t1 int32
}

// spansOf returns the spans of document d: its nodes that are members of a
// passage, in order, each cut where the one before it ends; a remnant of
// fewer than minPiece words joins the span before.
func spansOf(out []span, g *graph, pn *passageNodes, d int) []span {
	for n := g.first[d]; n < g.first[d+1]; n++ {
		if pn.of[n] < 0 {
			continue
		}
		x := g.nodes[n]
		if k := len(out) - 1; k >= 0 && x.t0 < out[k].t1 {
			if x.t1-out[k].t1 < minPiece {
				out[k].t1 = max(out[k].t1, x.t1)
				continue
			}
			x.t0 = out[k].t1
		}
		out = append(out, span{n: uint32(n), t0: x.t0, t1: x.t1})
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
}

// farBytes holds the byte offsets of what each edge covers on each side
// (x's start and end, y's start and end), so that a document's report
// reads no other document's tokens.
type farBytes [][4]int32

// edgeBytes returns the byte offsets of the stretches the edges cover.
func edgeBytes(edges []edge, g *graph, docs []*docState, workers int) farBytes {
	out := make(farBytes, len(edges))
	parallel.Chunks(len(edges), 4096, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			e := &edges[i]
			if e.matched == 0 && e.x0 == e.x1 {
				continue // no edge (a member not aligned with its representative)
			}
			dx, dy := docs[g.nodes[e.x].doc], docs[g.nodes[e.y].doc]
			x0, x1 := dx.toks.span(e.x0, e.x1)
			y0, y1 := dy.toks.span(e.y0, e.y1)
			out[i] = [4]int32{x0, x1, y0, y1}
		}
	})
	return out
}

// far is the byte offsets of what edge e covers of the node other than n.
func (b farBytes) far(e *edge, i int, n uint32) (int32, int32) {
	if n == e.x {
		return b[i][2], b[i][3]
	}
	return b[i][0], b[i][1]
}

// partnersOf returns the members of node n's passage, in other documents,
// that n is joined to: by an edge, or by its edge to the representative.
// Their similarity is to the span of the given words: 2·matched / (its
// words + the words of theirs that align with it).
func (x *docContext) partnersOf(dst []partner, p *passage, n uint32, words int32) []partner {
	g, pn := x.g, x.pn
	c, d := pn.of[n], g.nodes[n].doc
	add := func(m uint32, e *edge, bytes farBytes, i int) {
		_, t0, t1 := e.far(n)
		b0, b1 := bytes.far(e, i, n)
		sim := min(1, ratio(2*float64(e.matched), int(words+t1-t0)))
		doc := g.nodes[m].doc
		dst = append(dst, partner{n: m, doc: doc, rank: x.rank[doc], t0: t0, t1: t1, b0: b0, b1: b1, sim: sim})
	}
	for _, e := range g.edgesOf(n) {
		m, _, _ := g.edges[e].far(n)
		if pn.of[m] == c && g.nodes[m].doc != d && m != p.rep {
			add(m, &g.edges[e], x.edgeBytes, int(e))
		}
	}
	if n != p.rep && g.nodes[p.rep].doc != d {
		add(p.rep, &pn.toRep[n], x.repBytes, int(n))
	}
	return dst
}

// docContext is what every document's report reads of the others.
type docContext struct {
	g        *graph
	pn       *passageNodes
	passages []passage
	docs     []*docState // read by the document's own report only
	ids      []string    // every document's ID, which the others' reports read
	ws       []when
	rank     []uint32
	partners int
	// The byte offsets of what the graph's edges, and each node's edge to
	// its representative, cover.
	edgeBytes, repBytes farBytes
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
	spans  []span
	shared []bool
	cands  []partner
	own    []int32
}

// docReport builds document d's part of the report: its spans, each with
// its passage, source, closest matches and the count of the others, and
// its original text (words in no span, and in spans of passages it is the
// origin of). It returns the document's partners (the documents its spans'
// sources and matches name, possibly repeated) and its spans' shares.
func (x *docContext) docReport(d int, sc *docScratch) (report.ScanDocument, []uint32, []spanShare) {
	ds := x.docs[d]
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
	sc.spans = spansOf(sc.spans[:0], x.g, x.pn, d)
	spans := sc.spans
	rd.Spans = make([]report.Span, 0, len(spans))
	sc.shared = slices.Grow(sc.shared[:0], ds.toks.len())[:ds.toks.len()]
	shared := sc.shared // copied, not published first
	clear(shared)
	var linked []uint32
	var shares []spanShare
	cands := sc.cands
	defer func() { sc.cands = cands }()
	sc.own = x.passagesOf(sc.own[:0], d)
	own := sc.own
	for _, s := range spans {
		c := x.pn.of[s.n]
		p := &x.passages[c]
		start, end := ds.toks.span(s.t0, s.t1)
		sp := report.Span{
			Start: int(start), End: int(end),
			Quoted: ds.quotedShare(s.t0, s.t1), Attribution: ds.cueFor(s.t0, s.t1),
			Passage: int(c) + 1,
		}
		cands = x.partnersOf(cands[:0], p, s.n, s.t1-s.t0)
		if src, ok := x.source(d, p, cands); ok {
			sp.Source = x.sourceOf(d, src)
			linked = append(linked, src.doc)
		}
		top := closest(cands, x.partners, closer)
		sp.Matches = make([]report.Match, 0, len(top)) // kept to the end: made to measure
		for _, m := range top {
			sp.Matches = append(sp.Matches, x.match(m))
			linked = append(linked, m.doc)
		}
		sp.Others = x.others(own, c) - len(sp.Matches)
		rd.Spans = append(rd.Spans, sp)
		shares = append(shares, spanShare{passage: c, words: s.t1 - s.t0})
		if p.origin != int32(d) {
			for t := s.t0; t < s.t1; t++ {
				shared[t] = true
			}
		}
	}
	rd.Original, rd.OriginalFraction = originalText(ds, shared)
	for _, c := range ds.cues {
		rd.Attributions = append(rd.Attributions, report.Attribution{Start: c.start, End: c.end, Sources: c.sources})
	}
	for _, b := range ds.doc.Boilerplate {
		rd.Boilerplate = append(rd.Boilerplate, report.Range{Start: b.Start, End: b.End})
	}
	for _, f := range ds.doc.Repairs {
		rd.Repairs = append(rd.Repairs, report.Repair{Start: f.Start, End: f.End, Was: f.Was, Kind: f.Kind.String()})
	}
	return rd, linked, shares
}

// source returns the member of passage p that document d's copy most
// likely came from, among its partners: the closest one known to be
// published before d (of the same similarity, the earliest); else, unless
// d is the origin, the closest of all, the order being unknown. False when
// d is the origin, or has no partner.
func (x *docContext) source(d int, p *passage, cands []partner) (partner, bool) {
	var best partner
	found := false
	for _, m := range cands {
		if x.ws[m.doc].before(x.ws[d]) && (!found || closer(m, best) < 0) {
			best, found = m, true
		}
	}
	if found || p.origin == int32(d) {
		return best, found
	}
	for _, m := range cands {
		if !found || closer(m, best) < 0 {
			best, found = m, true
		}
	}
	return best, found
}

// closer orders partners most similar first, then by the rank of their
// documents (earliest first), then by node.
func closer(a, b partner) int {
	if c := cmp.Compare(b.sim, a.sim); c != 0 {
		return c
	}
	if c := cmp.Compare(a.rank, b.rank); c != 0 {
		return c
	}
	return cmp.Compare(a.n, b.n)
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
func (x *docContext) match(m partner) report.Match {
	return report.Match{Doc: x.ids[m.doc], Start: int(m.b0), End: int(m.b1), Similarity: round4(m.sim)}
}

// sourceOf is partner m as document d's source.
func (x *docContext) sourceOf(d int, m partner) *report.Source {
	mt := x.match(m)
	s := &report.Source{Doc: mt.Doc, Start: mt.Start, End: mt.End, Similarity: mt.Similarity}
	if w := x.ws[m.doc]; w.before(x.ws[d]) {
		s.Earlier, s.LeadSeconds = true, w.lead(x.ws[d])
	}
	return s
}

// passagesOf appends the passages of document d's nodes, sorted.
func (x *docContext) passagesOf(dst []int32, d int) []int32 {
	for n := x.g.first[d]; n < x.g.first[d+1]; n++ {
		dst = append(dst, x.pn.of[n])
	}
	slices.Sort(dst)
	return dst
}

// others is the number of members of passage c in other documents than
// the one whose nodes' passages are own (passagesOf).
func (x *docContext) others(own []int32, c int32) int {
	lo, _ := slices.BinarySearch(own, c)
	hi := lo
	for hi < len(own) && own[hi] == c {
		hi++
	}
	return len(x.passages[c].nodes) - (hi - lo)
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
