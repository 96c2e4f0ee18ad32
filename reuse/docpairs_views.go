package reuse

// The spans stage (spans.go) of a run spread over many workers, document
// by document. A document's report reads its own analysis and its view
// (DocView) alone, so it can be made where the analysis is once the view
// is gathered there, from three places:
//
//  1. the worker of each connected component of the passages' graph,
//     which holds its nodes, its edges and its passages (PassagesOf):
//     each member node's passage and partners, with the tokens of
//     theirs that align with it (ViewsOf);
//  2. the worker of each partner's document, which alone holds that
//     document's tokens: their byte offsets (Analysis.TokenBytes), and
//     what a view says of the document (its ID, rank and publication);
//  3. the document's own rewrites, each side's bytes read where its
//     document is.
//
// NewDocView puts the pieces together, in the order the report reads
// them, and DocReport makes the document's report of its view.

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
)

// NodeView is a node's part of its document's view: the node (its number
// in the corpus's graph, its document, its tokens), the passage it is a
// member of with that passage's origin and size, and its partners, in
// the order its report reads them.
type NodeView struct {
	Node, Doc uint32
	T0, T1    int32
	// Passage is its passage's number: in the component (the clusters'
	// order, ViewsOf) until the passages of the components before it are
	// counted, then in the corpus (NewDocView).
	Passage int32
	Origin  int32  // the document of the passage's origin, or -1
	Order   string // the order of the passage's members in time (report.OrderOrigin and the like)
	Members int32  // the passage's members
	// Rep says the node is the passage's representative, of RepWords
	// words, with which it has ToRep words matched.
	Rep      bool
	RepWords int32
	ToRep    int32
	Partners []Partner
	// Orphans are its edges, as the lesser node, to nodes of other
	// passages: copies that complete linkage kept apart, which the pairs
	// list.
	Orphans []Orphan
}

// Orphan is an edge of a node (the lesser of its two) to a node of
// another passage: the tokens [T0, T1) of the node's document that it
// covers, and the node at its other end as a partner.
type Orphan struct {
	T0, T1 int32
	Far    Partner
}

// Partner is a member of a node's passage in another document that the
// node is joined to (by an edge of the graph, or by its edge to the
// passage's representative): node Node of document Doc, of which tokens
// [T0, T1) and bytes [B0, B1) align with the node, Matched words
// matched, Quoted if those tokens are mostly quoted there. Its bytes and
// Quoted are read where its document is (TokenOffsets.Bytes and Quoted),
// unless NoBytes: an edge that aligned nothing has none.
type Partner struct {
	Node, Doc      uint32
	T0, T1, B0, B1 int32
	Matched        int32
	NoBytes        bool
	Quoted         bool
}

// ViewDoc is what a document's view says of a document: its number, its
// ID (as the report gives it), its rank (Ranks) and when it was
// published (as its corpus.Doc says).
type ViewDoc struct {
	Doc, Rank uint32
	ID        string
	Published time.Time
	DateOnly  bool
}

// RewriteView is one side of a rewrite, as its document's view holds it:
// the tokens [T0, T1) and bytes [B0, B1) of the document, and those of
// document Other they rewrite, with their similarity; and the passage
// that holds four fifths of the other's side (-1 none; numbered in the
// corpus), with its members.
type RewriteView struct {
	Other              uint32
	T0, T1, B0, B1     int32
	OT0, OT1, OB0, OB1 int32
	Sim                float32
	OPassage, OMembers int32
}

// ViewsOf returns the node views of the members of a component's
// passages (PassagesOf's cp, of the component's nodes, edges and
// documents, whose analyses it does not read), in the order of their
// passages, then of their nodes; their passages numbered in the
// component, from 0, and their partners' bytes not yet read.
func ViewsOf(nodes []GraphNode, edges *Edges, docs []ComponentDoc, cp *ComponentPassages) ([]NodeView, error) {
	nodes = slices.Clone(nodes)
	slices.SortFunc(nodes, func(a, b GraphNode) int { return cmp.Compare(a.ID, b.ID) })
	ids := make([]uint32, len(nodes))
	g := &graph{nodes: make([]node, len(nodes))}
	for i, n := range nodes {
		ids[i], g.nodes[i] = n.ID, node{doc: n.Doc, t0: n.T0, t1: n.T1}
	}
	local := func(n uint32) (uint32, error) {
		i, ok := slices.BinarySearch(ids, n)
		if !ok {
			return 0, fmt.Errorf("reuse: node %d of the component's passages or edges, not of its nodes", n)
		}
		return uint32(i), nil
	}
	c := &cp.c
	all := make([]edge, 0, len(edges.edges)+len(c.extra))
	for _, e := range slices.Concat(edges.edges, c.extra) {
		x, err := local(e.x)
		if err != nil {
			return nil, err
		}
		y, err := local(e.y)
		if err != nil {
			return nil, err
		}
		e.x, e.y = x, y
		all = append(all, e)
	}
	g.setEdges(all, 1)
	of := make([]int32, len(nodes))
	for i := range of {
		of[i] = -1
	}
	for k, ms := range c.clusters {
		for _, m := range ms {
			i, err := local(m)
			if err != nil {
				return nil, err
			}
			of[i] = int32(k)
		}
	}
	// Each passage's origin and order, of its documents' publication (an
	// encoding of cp leaves them out).
	docs = slices.Clone(docs)
	slices.SortFunc(docs, func(a, b ComponentDoc) int { return cmp.Compare(a.Doc, b.Doc) })
	ws := make([]when, len(docs))
	for i, d := range docs {
		ws[i] = whenOf(&corpus.Doc{Published: d.Published, DateOnly: d.DateOnly})
	}
	var out []NodeView
	for k := range c.passages {
		p := c.passages[k]
		rep, err := local(p.rep)
		if err != nil {
			return nil, err
		}
		var ds []uint32 // local, in docs
		for _, m := range p.nodes {
			i, _ := local(m)
			j, ok := slices.BinarySearchFunc(docs, g.nodes[i].doc, func(x ComponentDoc, d uint32) int { return cmp.Compare(x.Doc, d) })
			if !ok {
				return nil, fmt.Errorf("reuse: node %d of document %d, not of the component's", m, g.nodes[i].doc)
			}
			ds = append(ds, uint32(j))
		}
		slices.Sort(ds)
		if p.origin, p.order = originOf(slices.Compact(ds), ws); p.origin >= 0 {
			p.origin = int32(docs[p.origin].Doc)
		}
		for j, m := range p.nodes {
			n, _ := local(m) // a member: found above
			out = append(out, nodeView(g, ids, of, n, rep, int32(k), &p, &c.toRep[k][j]))
		}
	}
	return out, nil
}

// nodeView is node n's view (ViewsOf) in the component's graph g (ids
// its nodes' numbers in the corpus), a member of passage k, of
// representative rep, joined to it by toRep (numbered in the corpus):
// its partners are those of docContext.viewOf.
func nodeView(g *graph, ids []uint32, of []int32, n, rep uint32, k int32, p *passage, toRep *edge) NodeView {
	x := g.nodes[n]
	r := g.nodes[rep]
	v := NodeView{Node: ids[n], Doc: x.doc, T0: x.t0, T1: x.t1, Passage: k, Origin: p.origin, Order: p.order, Members: int32(len(p.nodes)),
		Rep: n == rep, RepWords: r.t1 - r.t0}
	if n != rep {
		v.ToRep = toRep.matched
	}
	for _, e := range g.edgesOf(n) {
		m, t0, t1 := g.edges[e].far(n)
		if of[m] == k && g.nodes[m].doc != x.doc && m != rep {
			ge := &g.edges[e]
			v.Partners = append(v.Partners, Partner{Node: ids[m], Doc: g.nodes[m].doc, T0: t0, T1: t1, Matched: ge.matched, NoBytes: ge.matched == 0 && ge.x0 == ge.x1})
		}
	}
	for _, e := range g.edgesOf(n) {
		if ge := &g.edges[e]; ge.x == n && ge.matched > 0 && of[ge.y] != k {
			v.Orphans = append(v.Orphans, Orphan{T0: ge.x0, T1: ge.x1, Far: Partner{Node: ids[ge.y], Doc: g.nodes[ge.y].doc, T0: ge.y0, T1: ge.y1, Matched: ge.matched}})
		}
	}
	if n != rep && g.nodes[rep].doc != x.doc && toRep.matched > 0 {
		_, t0, t1 := toRep.far(ids[n])
		v.Partners = append(v.Partners, Partner{Node: ids[rep], Doc: g.nodes[rep].doc, T0: t0, T1: t1, Matched: toRep.matched})
	}
	return v
}

// TokenBytes returns the byte offsets of the document's tokens [t0, t1):
// the start of the first and the end of the last.
func (a *Analysis) TokenBytes(t0, t1 int32) (int32, int32, error) {
	o, err := a.Offsets()
	if err != nil {
		return 0, 0, err
	}
	return o.Bytes(t0, t1)
}

// TokenOffsets is what the worker of a document reads of it for the
// views of others (the bytes of its partners' stretches) and for its
// side of a rewrite: its tokens' byte offsets and its units.
type TokenOffsets struct{ st *docState }

// Offsets returns the analysis's token offsets.
func (a *Analysis) Offsets() (*TokenOffsets, error) {
	if a.st == nil || a.alignOnly {
		return nil, errors.New("reuse: no token offsets in the analysis (one for the alignment only)")
	}
	return &TokenOffsets{a.st}, nil
}

// Bytes returns the byte offsets of the document's tokens [t0, t1): the
// start of the first and the end of the last.
func (o *TokenOffsets) Bytes(t0, t1 int32) (int32, int32, error) {
	if t0 < 0 || t1 <= t0 || int(t1) > o.st.toks.len() {
		return 0, 0, fmt.Errorf("reuse: the bytes of tokens %d to %d, of %d", t0, t1, o.st.toks.len())
	}
	b0, b1 := o.st.toks.span(t0, t1)
	return b0, b1, nil
}

// Quoted reports whether most of the document's tokens [t0, t1) are
// quoted (inside quotation marks, or on lines quoted with '>').
func (o *TokenOffsets) Quoted(t0, t1 int32) (bool, error) {
	if t0 < 0 || t1 <= t0 || int(t1) > o.st.toks.len() {
		return false, fmt.Errorf("reuse: the quotes of tokens %d to %d, of %d", t0, t1, o.st.toks.len())
	}
	return o.st.quotedShare(t0, t1), nil
}

// tokenOffsetsVersion is the version of TokenOffsets's encoding.
const tokenOffsetsVersion = 2

// MarshalBinary encodes the offsets, a transient format between the
// workers of one run: unsigned varints (uv) as encoding/binary's.
//
//	uv version (2)
//	uv tokens; for each, uv its start less the end of the one before
//	   (the first: less 0), uv its bytes
//	⌈tokens/64⌉ × 8 bytes: the bit set of the quoted tokens, as
//	   Analysis.MarshalBinary encodes it
//	the units as Analysis.MarshalBinary encodes them
//
// Version log:
//
//	1: the first.
//	2: the quoted tokens, so that a partner says whether it is quoted.
func (o *TokenOffsets) MarshalBinary() ([]byte, error) {
	b := binary.AppendUvarint(make([]byte, 0, 8+3*o.st.toks.len()+o.st.toks.len()/8), tokenOffsetsVersion)
	b = appendBitsets(appendTokens(b, &o.st.toks), o.st.quoted)
	return appendUnits(b, o.st.units), nil
}

// UnmarshalBinary decodes what MarshalBinary encoded. A damaged encoding
// is an error, never a panic.
func (o *TokenOffsets) UnmarshalBinary(b []byte) error {
	r := &analysisReader{b: b}
	if v := r.uv(); r.err == nil && v != tokenOffsetsVersion {
		return fmt.Errorf("reuse: token offsets version %d, want %d", v, tokenOffsetsVersion)
	}
	toks := r.tokens()
	st := &docState{toks: makeTokenRanges(toks), stemBlock: -1}
	st.quoted = r.bitset(len(toks))
	st.units = r.units(len(toks))
	switch {
	case r.err != nil:
		return r.err
	case len(r.b) > 0:
		return errAnalysis
	}
	o.st = st
	return nil
}

// NewDocView returns the view of document self.Doc from its nodes' views
// (in any order; their partners' bytes read, their passages numbered in
// the corpus), its sides of the rewrites, and the documents that these
// name (in any order, each once or more).
func NewDocView(self ViewDoc, nodes []NodeView, rewrites []RewriteView, docs []ViewDoc) (*DocView, error) {
	v := &DocView{self: viewDocOf(self)}
	nodes = slices.Clone(nodes)
	slices.SortFunc(nodes, func(a, b NodeView) int { return cmp.Compare(a.Node, b.Node) })
	for _, d := range docs {
		v.docs = append(v.docs, viewDocOf(d))
	}
	slices.SortFunc(v.docs, func(a, b viewDoc) int { return cmp.Compare(a.doc, b.doc) })
	v.docs = slices.CompactFunc(v.docs, func(a, b viewDoc) bool { return a.doc == b.doc })
	named := func(d uint32) bool {
		_, ok := slices.BinarySearchFunc(v.docs, d, func(x viewDoc, d uint32) int { return cmp.Compare(x.doc, d) })
		return ok && d != self.Doc
	}
	for i, n := range nodes {
		switch {
		case n.Doc != self.Doc:
			return nil, fmt.Errorf("reuse: the view of document %d: a node of document %d", self.Doc, n.Doc)
		case i > 0 && n.Node == nodes[i-1].Node:
			return nil, fmt.Errorf("reuse: the view of document %d: node %d given twice", self.Doc, n.Node)
		case n.T0 < 0 || n.T1 <= n.T0 || n.Passage < 0 || n.Members < 1:
			return nil, fmt.Errorf("reuse: the view of document %d: node %d of tokens %d to %d, in passage %d of %d members", self.Doc, n.Node, n.T0, n.T1, n.Passage, n.Members)
		}
		for _, m := range n.Partners {
			if !named(m.Doc) {
				return nil, fmt.Errorf("reuse: the view of document %d: a partner of document %d, which it does not name", self.Doc, m.Doc)
			}
			v.partners = append(v.partners, viewPartner{n: m.Node, doc: m.Doc, t0: m.T0, t1: m.T1, b0: m.B0, b1: m.B1, matched: m.Matched, quoted: m.Quoted})
		}
		for _, o := range n.Orphans {
			if !named(o.Far.Doc) || o.Far.Matched <= 0 {
				return nil, fmt.Errorf("reuse: the view of document %d: an orphan of document %d, which it does not name, or of nothing matched", self.Doc, o.Far.Doc)
			}
			e := edge{matched: o.Far.Matched, x0: o.T0, x1: o.T1, y0: o.Far.T0, y1: o.Far.T1}
			v.orphans = append(v.orphans, viewOrphan{other: o.Far.Doc, t0: o.T0, t1: o.T1, ot0: o.Far.T0, ot1: o.Far.T1, ob0: o.Far.B0, ob1: o.Far.B1, sim: orphanSim(&e)})
		}
		v.nodes = append(v.nodes, viewNode{n: n.Node, t0: n.T0, t1: n.T1, passage: n.Passage, p1: int32(len(v.partners))})
		v.passages = append(v.passages, viewPassage{c: n.Passage, origin: n.Origin, members: n.Members})
	}
	slices.SortFunc(v.passages, func(a, b viewPassage) int { return cmp.Compare(a.c, b.c) })
	for i := 1; i < len(v.passages); i++ {
		if a, b := v.passages[i-1], v.passages[i]; a.c == b.c && a != b {
			return nil, fmt.Errorf("reuse: the view of document %d: passage %d given with two origins or sizes", self.Doc, a.c)
		}
	}
	v.passages = slices.Compact(v.passages)
	for _, r := range rewrites {
		if !named(r.Other) {
			return nil, fmt.Errorf("reuse: the view of document %d: a rewrite of document %d, which it does not name", self.Doc, r.Other)
		}
		v.rewrites = append(v.rewrites, rewriteView{other: r.Other, t0: r.T0, t1: r.T1, b0: r.B0, b1: r.B1,
			ot0: r.OT0, ot1: r.OT1, ob0: r.OB0, ob1: r.OB1, sim: r.Sim, opassage: r.OPassage, omembers: r.OMembers})
	}
	sortRewriteViews(v.rewrites)
	return v, nil
}

// viewDocOf is d as a view holds it.
func viewDocOf(d ViewDoc) viewDoc {
	return viewDoc{doc: d.Doc, id: d.ID, rank: d.Rank, w: whenOf(&corpus.Doc{Published: d.Published, DateOnly: d.DateOnly})}
}

// DocFindings is a document's part of the report (DocReport), and what
// the pairs read of it: the documents its spans name, its spans'
// passages and words, and the stretches of theirs that its pieces align
// with.
type DocFindings struct {
	Report report.ScanDocument
	linked []uint32
	shares []spanShare
	refs   []pairRef
	// What its pairs read of it besides (PairSide).
	doc      uint32
	set      []uint64 // its distinct shingle hashes, sorted (or those shared: Shared)
	distinct int      // its distinct shingle hashes
	passages []int32  // of its nodes, sorted, distinct
	rewrites []rewriteView
}

// DocReport makes the report of document d (its ID as the report gives
// it) from its analysis and its view, with opts the scan's: the report
// Scan makes of it. The report's text is d.Text, not a copy.
func DocReport(d corpus.Doc, a *Analysis, v *DocView, opts Options) (*DocFindings, error) {
	if err := opts.fill(); err != nil {
		return nil, err
	}
	switch {
	case a.st == nil || a.alignOnly:
		return nil, fmt.Errorf("reuse: %s: no analysis, or one for the alignment only", d.ID)
	case !a.fits(len(d.Text)):
		return nil, fmt.Errorf("reuse: %s: its analysis is not of its text (offsets past its %d bytes)", d.ID, len(d.Text))
	}
	for _, n := range v.nodes {
		if int(n.t1) > a.st.toks.len() {
			return nil, fmt.Errorf("reuse: %s: a node of its view to token %d, past its %d", d.ID, n.t1, a.st.toks.len())
		}
	}
	for _, o := range v.orphans {
		if o.t0 < 0 || o.t1 <= o.t0 || int(o.t1) > a.st.toks.len() {
			return nil, fmt.Errorf("reuse: %s: an orphan of its view of tokens %d to %d, of its %d", d.ID, o.t0, o.t1, a.st.toks.len())
		}
	}
	for _, r := range v.rewrites {
		if r.t0 < 0 || r.t1 <= r.t0 || int(r.t1) > a.st.toks.len() {
			return nil, fmt.Errorf("reuse: %s: a rewrite of its view of tokens %d to %d, of its %d", d.ID, r.t0, r.t1, a.st.toks.len())
		}
	}
	ds := *a.st
	ds.doc = d
	ds.spill = spilled{}
	var sc docScratch
	x := docReporter{ds: &ds, v: v, partners: opts.Partners, maxGap: int32(opts.MaxGap), allPairs: opts.AllPairs}
	f := &DocFindings{doc: v.self.doc, rewrites: v.rewrites}
	f.Report, f.linked, f.shares, f.refs = x.docReport(&sc)
	for _, p := range a.AppendPostings(nil, 0, 0, opts.Shingle) {
		if !p.Text {
			f.set = append(f.set, p.Hash)
		}
	}
	slices.Sort(f.set)
	f.set = slices.Compact(f.set)
	f.distinct = len(f.set)
	for _, p := range v.passages {
		f.passages = append(f.passages, p.c)
	}
	return f, nil
}

// Rewrite is a rewrite that a pair's alignment found (PairAlignment.Rewrites):
// unit UA of document A and unit UB of document B, each numbered in its
// document, with their similarity.
type Rewrite struct {
	A, B, UA, UB uint32
	Sim          float32
}

// Rewrites returns the pair's rewrites.
func (p *PairAlignment) Rewrites() []Rewrite {
	out := make([]Rewrite, len(p.rewrites))
	for i, r := range p.rewrites {
		out[i] = Rewrite{A: p.A, B: p.B, UA: r.ua - p.firstA, UB: r.ub - p.firstB, Sim: r.sim}
	}
	return out
}

// RewriteSide is one side of a rewrite, as its document's worker reads it
// (SideOf): the document, the tokens and bytes of its unit, and the
// passages of its nodes that hold them.
type RewriteSide struct {
	Doc            uint32
	T0, T1, B0, B1 int32
	Held           []Held
}

// Held is a passage that holds part of one side of a rewrite: its
// number, the tokens of the side in its members, and its members.
type Held struct{ Passage, Tokens, Members int32 }

// SideOf returns document doc's side of a rewrite of its unit (numbered
// in the document), from its token offsets and its nodes' views (in any
// order; their passages numbered in the corpus).
func SideOf(doc uint32, o *TokenOffsets, unit uint32, nodes []NodeView) (RewriteSide, error) {
	if int(unit) >= len(o.st.units) {
		return RewriteSide{}, fmt.Errorf("reuse: document %d's side of a rewrite: no unit %d, of %d", doc, unit, len(o.st.units))
	}
	u := o.st.units[unit]
	s := RewriteSide{Doc: doc, T0: u.start, T1: u.end}
	var err error
	if s.B0, s.B1, err = o.Bytes(u.start, u.end); err != nil {
		return RewriteSide{}, err
	}
	nodes = slices.Clone(nodes)
	slices.SortFunc(nodes, func(a, b NodeView) int { return cmp.Compare(a.Node, b.Node) })
	for _, h := range heldAt(nil, len(nodes), func(k int) (int32, int32, int32, int32) {
		return nodes[k].T0, nodes[k].T1, nodes[k].Passage, nodes[k].Members
	}, u.start, u.end) {
		s.Held = append(s.Held, Held{Passage: h.passage, Tokens: h.tokens, Members: h.members})
	}
	return s, nil
}

// RewriteOf returns own.Doc's view of the rewrite of own and other, of
// similarity sim; false if the rewrite is dropped, one passage holding
// most of both sides (the two copies of one text through a third
// document).
func RewriteOf(own, other RewriteSide, sim float32) (RewriteView, bool) {
	heldOf := func(hs []Held) []held {
		out := make([]held, len(hs))
		for i, h := range hs {
			out[i] = held{h.Passage, h.Tokens, h.Members}
		}
		return out
	}
	if oneHolds(heldOf(own.Held), heldOf(other.Held), own.T1-own.T0, other.T1-other.T0) {
		return RewriteView{}, false
	}
	op, om := holder(heldOf(other.Held), other.T1-other.T0)
	return RewriteView{Other: other.Doc, T0: own.T0, T1: own.T1, B0: own.B0, B1: own.B1,
		OT0: other.T0, OT1: other.T1, OB0: other.B0, OB1: other.B1, Sim: sim, OPassage: op, OMembers: om}, true
}

// Node returns a node of the component (of its first passage): its
// connected component is the one whose passages these are.
func (p *ComponentPassages) Node() uint32 {
	if len(p.c.clusters) == 0 || len(p.c.clusters[0]) == 0 {
		return 0
	}
	return p.c.clusters[0][0]
}

// Passages returns the number of the component's passages: those of the
// components before it (in order of their least node) number the
// corpus's from there.
func (p *ComponentPassages) Passages() int { return len(p.c.passages) }
