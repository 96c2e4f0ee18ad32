package reuse

// The passages' graph (passages.go) of a run spread over many workers,
// document by document and pair by pair. A document's nodes are made
// from its own sides of the links (nodesOf), and the links of a document
// are those of the chained pairs it is in: so NodesOf makes them where
// a document meets its pairs. An edge joins nodes of two documents and
// sums the links between them, all of one pair: so PairEdges makes a
// pair's edges where the pair meets its two documents' nodes. The graph
// they make is newGraph's, node for node and edge for edge
// (TestGraphByPairs), once each document's nodes are numbered after
// those of the documents before it (its first node).
//
// The encoding of Edges (MarshalBinary), a transient format between the
// workers of one run: unsigned varints (uv) as encoding/binary's.
//
//	uv version (1)
//	uv edges; for each, in order: uv x less the last edge's x, uv y − x,
//	   uv matched, uv x0, uv x1 − x0, uv y0, uv y1 − y0
//
// Version log:
//
//	1: the first.

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// DocNodes is one document's nodes of the passages' graph, made from the
// chained pairs it is in (NodesOf).
type DocNodes struct {
	Doc   uint32
	nodes []node
	sides [][]uint32 // the node of each link of each pair, on Doc's side
}

// Nodes returns the number of the document's nodes: the documents'
// counts, summed in document order, number every node of the corpus.
func (n *DocNodes) Nodes() int { return len(n.nodes) }

// Sides returns the node (numbered in the document) of each link of the
// k-th pair given to NodesOf, on the document's side, in the pair's
// order: what PairEdges needs of it.
func (n *DocNodes) Sides(k int) []uint32 { return n.sides[k] }

// NodesOf makes the nodes of document d from the chained pairs it is in
// (ChainPair's, every one that has a link; in any order, each once). The
// nodes are those the whole corpus's graph gives d.
func NodesOf(d uint32, pairs []*PairAlignment) (*DocNodes, error) {
	// d's views of the links in the corpus's link order (joinChained):
	// by the links' documents A and B, then as each pair keeps them.
	type at struct {
		pair, i int
		da, db  uint32
	}
	var order []at
	for k, p := range pairs {
		if !p.chained || p.A != d && p.B != d {
			return nil, fmt.Errorf("reuse: document %d given the pair %d and %d (%s)", d, p.A, p.B, p.kind())
		}
		for i, l := range p.links {
			order = append(order, at{pair: k, i: i, da: l.da, db: l.db})
		}
	}
	slices.SortStableFunc(order, func(x, y at) int { return cmp.Or(cmp.Compare(x.da, y.da), cmp.Compare(x.db, y.db)) })
	// Each pair's wide views (passages_short.go), by link.
	wide := make([][]wideView, len(pairs))
	var scratch []oriented
	for k, p := range pairs {
		wide[k], scratch = pairShortViews(p, scratch)
	}
	views := make([]view, len(order))
	for j, o := range order {
		l := &pairs[o.pair].links[o.i]
		var w *wideView
		if k, ok := slices.BinarySearchFunc(wide[o.pair], int32(o.i), func(v wideView, i int32) int { return cmp.Compare(v.link, i) }); ok {
			w = &wide[o.pair][k]
		}
		a0, a1, b0, b1 := l.viewed(w)
		views[j] = view{t0: a0, t1: a1, link: int32(j)}
		if l.db == d {
			views[j] = view{t0: b0, t1: b1, link: int32(j), side: 1}
		}
	}
	out := &DocNodes{Doc: d, sides: make([][]uint32, len(pairs))}
	for k, p := range pairs {
		out.sides[k] = make([]uint32, len(p.links))
	}
	out.nodes, _ = nodesOf(nil, d, views, nil, func(v view, n uint32) {
		o := order[v.link]
		out.sides[o.pair][o.i] = n
	})
	return out, nil
}

// PairEdges returns the edges of the passages' graph that the links of a
// chained pair make, sorted by their nodes and summed between the same
// two: sidesA and sidesB are the nodes of A's and B's sides of its links
// (DocNodes.Sides), numbered in the corpus from firstA and firstB (the
// first nodes of A and B).
func PairEdges(p *PairAlignment, sidesA, sidesB []uint32, firstA, firstB uint32) (*Edges, error) {
	if !p.chained || len(sidesA) != len(p.links) || len(sidesB) != len(p.links) {
		return nil, fmt.Errorf("reuse: the edges of documents %d and %d (%s, %d links) from %d and %d sides",
			p.A, p.B, p.kind(), len(p.links), len(sidesA), len(sidesB))
	}
	es := make([]edge, len(p.links))
	for i, l := range p.links {
		na, nb := firstA+sidesA[i], firstB+sidesB[i]
		if l.da != p.A {
			na, nb = nb, na // l's side a is of B
		}
		e := edge{x: na, y: nb, matched: l.al.matched, x0: l.al.a0, x1: l.al.a1, y0: l.al.b0, y1: l.al.b1}
		if e.x > e.y {
			e.x, e.y, e.x0, e.x1, e.y0, e.y1 = e.y, e.x, e.y0, e.y1, e.x0, e.x1
		}
		es[i] = e
	}
	slices.SortStableFunc(es, byNodes)
	return &Edges{edges: mergeEdges(es)}, nil
}

// Edges are edges of the passages' graph, sorted by their nodes.
type Edges struct{ edges []edge }

// Len returns the number of edges.
func (e *Edges) Len() int { return len(e.edges) }

// Nodes returns the two nodes of edge i, x < y.
func (e *Edges) Nodes(i int) (x, y uint32) { return e.edges[i].x, e.edges[i].y }

// Keep returns the edges i for which keep(i) says so, in order.
func (e *Edges) Keep(keep func(i int) bool) *Edges {
	out := &Edges{}
	for i, x := range e.edges {
		if keep(i) {
			out.edges = append(out.edges, x)
		}
	}
	return out
}

// JoinEdges returns the edges of all the parts, sorted by their nodes;
// two parts must not hold an edge between the same two nodes.
func JoinEdges(parts ...*Edges) (*Edges, error) {
	out := &Edges{}
	for _, p := range parts {
		out.edges = append(out.edges, p.edges...)
	}
	slices.SortFunc(out.edges, byNodes)
	for i := 1; i < len(out.edges); i++ {
		if a, b := out.edges[i-1], out.edges[i]; a.x == b.x && a.y == b.y {
			return nil, fmt.Errorf("reuse: the edge of nodes %d and %d given twice", a.x, a.y)
		}
	}
	return out, nil
}

// edgesVersion is the version of the encoding of Edges.
const edgesVersion = 1

// MarshalBinary encodes the edges (the format is at the top of this
// file).
func (e *Edges) MarshalBinary() ([]byte, error) {
	b := binary.AppendUvarint(nil, edgesVersion)
	b = binary.AppendUvarint(b, uint64(len(e.edges)))
	last := uint32(0)
	for _, x := range e.edges {
		for _, v := range []uint32{x.x - last, x.y - x.x, uint32(x.matched), uint32(x.x0), uint32(x.x1 - x.x0), uint32(x.y0), uint32(x.y1 - x.y0)} {
			b = binary.AppendUvarint(b, uint64(v))
		}
		last = x.x
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary encoded; a damaged encoding
// (or edges out of order) is an error.
func (e *Edges) UnmarshalBinary(b []byte) error {
	r := &analysisReader{b: b}
	if v := r.uv(); r.err == nil && v != edgesVersion {
		return fmt.Errorf("reuse: edges version %d, want %d", v, edgesVersion)
	}
	out := make([]edge, r.count(7))
	last := uint32(0)
	for i := range out {
		x := &out[i]
		x.x = last + r.uint32(math.MaxUint32-last)
		x.y = x.x + r.uint32(math.MaxUint32-x.x)
		x.matched = r.int32(math.MaxInt32)
		x.x0 = r.int32(math.MaxInt32)
		x.x1 = x.x0 + r.int32(int(math.MaxInt32-x.x0))
		x.y0 = r.int32(math.MaxInt32)
		x.y1 = x.y0 + r.int32(int(math.MaxInt32-x.y0))
		if r.err == nil && (x.y == x.x || i > 0 && x.x == last && x.y <= out[i-1].y) {
			return errEdges
		}
		last = x.x
	}
	if r.err != nil || len(r.b) > 0 {
		return errEdges
	}
	e.edges = out
	return nil
}

// errEdges is the error of an encoding of edges cut short or damaged.
var errEdges = errors.New("reuse: not edges (cut short, damaged or out of order)")

// GraphNode is a node of the passages' graph: its number in the corpus
// (its document's first node and its place among the document's), its
// document, and its tokens there.
type GraphNode struct {
	ID, Doc uint32
	T0, T1  int32
}

// AppendNodes appends to dst the document's nodes, numbered from first.
func (n *DocNodes) AppendNodes(dst []GraphNode, first uint32) []GraphNode {
	for i, x := range n.nodes {
		dst = append(dst, GraphNode{ID: first + uint32(i), Doc: x.doc, T0: x.t0, T1: x.t1})
	}
	return dst
}
