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

import (
	"cmp"
	"fmt"
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
	views := make([]view, len(order))
	for j, o := range order {
		l := &pairs[o.pair].links[o.i]
		views[j] = view{t0: l.al.a0, t1: l.al.a1, link: int32(j)}
		if l.db == d {
			views[j] = view{t0: l.al.b0, t1: l.al.b1, link: int32(j), side: 1}
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
	slices.SortStableFunc(es, func(a, b edge) int { return cmp.Or(cmp.Compare(a.x, b.x), cmp.Compare(a.y, b.y)) })
	return &Edges{edges: mergeEdges(es)}, nil
}

// Edges are edges of the passages' graph, sorted by their nodes.
type Edges struct{ edges []edge }

// Len returns the number of edges.
func (e *Edges) Len() int { return len(e.edges) }
