package reuse

import (
	"cmp"
	"slices"

	"github.com/copydesk/copydesk/internal/parallel"
)

// DocView is what one document's report reads of the other documents,
// beside its own analysis (the spans stage's input): its nodes that are
// members of a passage, in order, each with its passage and its partners
// (the members of that passage in other documents that it is joined to,
// by an edge of the graph or by its edge to the passage's
// representative, with the tokens and bytes of theirs that align with
// it and the words matched); each of those passages' origin and number
// of members; its sides of the rewrites; and the documents these name,
// with their IDs, publication times and ranks. The report made of a
// document from its view and its analysis is the one Scan makes of it,
// so that a document's report may be made where its analysis is, once
// its view has been gathered there.
type DocView struct {
	self     viewDoc
	nodes    []viewNode
	passages []viewPassage // sorted by number, distinct
	partners []viewPartner // node i's are partners[nodes[i-1].p1:nodes[i].p1]
	rewrites []rewriteView // sorted by the other document, then offset
	orphans  []viewOrphan  // in order of their nodes, then the far nodes
	docs     []viewDoc     // the documents partners, rewrites and orphans name, sorted, distinct
}

// viewOrphan is an edge of one of the document's nodes, x (the lesser),
// to a node y of another passage (or of none): tokens [t0, t1) of the
// document, and [ot0, ot1) and bytes [ob0, ob1) of document other, with
// the similarity of the two.
type viewOrphan struct {
	other            uint32
	t0, t1, ot0, ot1 int32
	ob0, ob1         int32
	sim              float32
}

// orphanSim is the similarity of an orphan edge's two sides.
func orphanSim(e *edge) float32 {
	return min(float32(2*float64(e.matched)/float64(e.x1-e.x0+e.y1-e.y0)), 1)
}

// viewNode is one of a document's nodes in its view.
type viewNode struct {
	n       uint32 // its number in the corpus's graph
	t0, t1  int32  // its tokens
	passage int32  // the passage it is a member of
	p1      int32  // where its partners end (DocView.partners)
}

// viewPassage is what a document's report reads of a passage its nodes
// are members of.
type viewPassage struct {
	c       int32 // its number
	origin  int32 // its origin's document, or -1
	members int32 // its number of members
}

// viewPartner is a partner of a document's node: node n of document doc,
// of which tokens [t0, t1) and bytes [b0, b1) align with the node, with
// matched words matched (its similarity to a span depends on the span's
// words: partnersOf).
type viewPartner struct {
	n       uint32
	doc     uint32
	t0, t1  int32
	b0, b1  int32
	matched int32
	quoted  bool // its tokens are mostly quoted in its document
}

// viewDoc is what a document's report reads of a document it names.
type viewDoc struct {
	doc  uint32
	id   string
	rank uint32 // its place in time (ranks)
	w    when
}

// far returns the document doc, named by the view.
func (v *DocView) far(doc uint32) *viewDoc {
	if doc == v.self.doc {
		return &v.self
	}
	i, _ := slices.BinarySearchFunc(v.docs, doc, func(x viewDoc, d uint32) int { return cmp.Compare(x.doc, d) })
	return &v.docs[i]
}

// passage returns passage c, of one of the view's nodes.
func (v *DocView) passage(c int32) *viewPassage {
	i, _ := slices.BinarySearchFunc(v.passages, c, func(p viewPassage, c int32) int { return cmp.Compare(p.c, c) })
	return &v.passages[i]
}

// partnersOf appends the partners of the view's node i, as partners of a
// span of the given words: their similarity is 2·matched / (its words +
// the words of theirs that align with it).
func (v *DocView) partnersOf(dst []partner, i int, words int32) []partner {
	lo := int32(0)
	if i > 0 {
		lo = v.nodes[i-1].p1
	}
	for _, m := range v.partners[lo:v.nodes[i].p1] {
		sim := min(1, ratio(2*float64(m.matched), int(words+m.t1-m.t0)))
		edits := max(0, max(words, m.t1-m.t0)-m.matched)
		dst = append(dst, partner{n: m.n, doc: m.doc, rank: v.far(m.doc).rank, t0: m.t0, t1: m.t1, b0: m.b0, b1: m.b1, sim: sim, edits: edits, quoted: m.quoted})
	}
	return dst
}

// farBytes holds the byte offsets of what each edge covers on each side
// (x's start and end, y's start and end), and whether each side is
// mostly quoted (quotedShare) in its document, so that a document's view
// reads no other document's tokens.
type farBytes struct {
	b [][4]int32
	q []uint8 // bit 0: x's side is quoted, bit 1: y's
}

// edgeBytes returns the byte offsets of the stretches the edges cover.
func edgeBytes(edges []edge, g *graph, docs []*docState, workers int) farBytes {
	out := farBytes{b: make([][4]int32, len(edges)), q: make([]uint8, len(edges))}
	parallel.Chunks(len(edges), 4096, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			e := &edges[i]
			if e.matched == 0 && e.x0 == e.x1 {
				continue // no edge: a representative's own, or a node's in no passage
			}
			dx, dy := docs[g.nodes[e.x].doc], docs[g.nodes[e.y].doc]
			x0, x1 := dx.toks.span(e.x0, e.x1)
			y0, y1 := dy.toks.span(e.y0, e.y1)
			out.b[i] = [4]int32{x0, x1, y0, y1}
			if dx.quotedShare(e.x0, e.x1) {
				out.q[i] |= 1
			}
			if dy.quotedShare(e.y0, e.y1) {
				out.q[i] |= 2
			}
		}
	})
	return out
}

// far is the byte offsets of what edge e covers of the node other than n,
// and whether it is quoted.
func (b farBytes) far(e *edge, i int, n uint32) (int32, int32, bool) {
	if n == e.x {
		return b.b[i][2], b.b[i][3], b.q[i]&2 != 0
	}
	return b.b[i][0], b.b[i][1], b.q[i]&1 != 0
}

// docContext is the corpus's graph and passages, from which each
// document's view is made (viewOf).
type docContext struct {
	g        *graph
	pn       *passageNodes
	passages []passage
	ids      []string // every document's ID
	ws       []when
	rank     []uint32
	rewrites [][]rewriteView // each document's sides of the rewrites
	// The byte offsets of what the graph's edges, and each node's edge to
	// its representative, cover.
	edgeBytes, repBytes farBytes
}

// doc returns what a view reads of document d.
func (x *docContext) doc(d uint32) viewDoc {
	return viewDoc{doc: d, id: x.ids[d], rank: x.rank[d], w: x.ws[d]}
}

// viewOf makes document d's view in v, reusing its memory; named is
// scratch.
func (x *docContext) viewOf(d int, v *DocView, named []uint32) []uint32 {
	g, pn := x.g, x.pn
	v.self = x.doc(uint32(d))
	v.nodes, v.passages, v.partners, v.orphans, v.docs = v.nodes[:0], v.passages[:0], v.partners[:0], v.orphans[:0], v.docs[:0]
	named = named[:0]
	add := func(m uint32, e *edge, bytes farBytes, i int, n uint32) {
		_, t0, t1 := e.far(n)
		b0, b1, quoted := bytes.far(e, i, n)
		doc := g.nodes[m].doc
		v.partners = append(v.partners, viewPartner{n: m, doc: doc, t0: t0, t1: t1, b0: b0, b1: b1, matched: e.matched, quoted: quoted})
		named = append(named, doc)
	}
	for n := uint32(g.first[d]); n < uint32(g.first[d+1]); n++ {
		c := pn.of[n]
		for _, e := range g.edgesOf(n) {
			if ge := &g.edges[e]; ge.x == n && ge.matched > 0 && (c < 0 || pn.of[ge.y] != c) {
				b := x.edgeBytes.b[e]
				other := g.nodes[ge.y].doc
				v.orphans = append(v.orphans, viewOrphan{other: other, t0: ge.x0, t1: ge.x1, ot0: ge.y0, ot1: ge.y1, ob0: b[2], ob1: b[3], sim: orphanSim(ge)})
				named = append(named, other)
			}
		}
		if c < 0 {
			continue
		}
		p := &x.passages[c]
		for _, e := range g.edgesOf(n) {
			m, _, _ := g.edges[e].far(n)
			if pn.of[m] == c && g.nodes[m].doc != uint32(d) && m != p.rep {
				add(m, &g.edges[e], x.edgeBytes, int(e), n)
			}
		}
		if n != p.rep && g.nodes[p.rep].doc != uint32(d) && pn.toRep[n].matched > 0 {
			// The representative is a partner if it aligns with the
			// node: a member joined to the passage through others may
			// share no word with it (alignMember).
			add(p.rep, &pn.toRep[n], x.repBytes, int(n), n)
		}
		nd := g.nodes[n]
		v.nodes = append(v.nodes, viewNode{n: n, t0: nd.t0, t1: nd.t1, passage: c, p1: int32(len(v.partners))})
		v.passages = append(v.passages, viewPassage{c: c, origin: p.origin, members: int32(len(p.nodes))})
	}
	slices.SortFunc(v.passages, func(a, b viewPassage) int { return cmp.Compare(a.c, b.c) })
	v.passages = slices.CompactFunc(v.passages, func(a, b viewPassage) bool { return a.c == b.c })
	v.rewrites = x.rewrites[d]
	for _, r := range v.rewrites {
		named = append(named, r.other)
	}
	slices.Sort(named)
	for _, doc := range slices.Compact(named) {
		v.docs = append(v.docs, x.doc(doc))
	}
	return named
}
