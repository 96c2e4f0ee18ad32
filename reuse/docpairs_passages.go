package reuse

// The passages stage (cluster.go, passages.go) of a run spread over many
// workers, connected component by connected component. Every step of it
// reads one component of the passages' graph: the clusters are made
// within a component (clusterComponent), the edges made on the way join
// two of its nodes, and a passage's origin, representative and members'
// edges to it read its members, their edges and their documents. So
// once the graph's components are known, passagesOf runs the stage on
// one component with its nodes, its edges and its documents' analyses
// for the alignment alone, numbered from 0 in the corpus's order so that
// every tie broken by number breaks as in the corpus
// (TestPassagesByComponent).

import (
	"fmt"
	"slices"
)

// componentDoc is a document of a component: its number in the corpus,
// its analysis (for the alignment: stems and content words), when it was
// published and its rank.
type componentDoc struct {
	doc  uint32
	st   *docState
	when when
	rank uint32
}

// componentPassages is what the passages stage makes of one component,
// numbered in the corpus: its clusters (in clusterNodes' order), the
// edges made by aligning two nodes that no link joined, and a passage a
// cluster, with each member's edge to its representative (toRep[c][i]
// for member i of passage c; the representative's is zero).
type componentPassages struct {
	clusters [][]uint32
	extra    []edge
	passages []passage
	toRep    [][]edge
}

// passagesOf runs the passages stage on one connected component of the
// graph: ids its nodes (ascending), nodes theirs (their documents
// numbered in the corpus), edges the edges between them (sorted by their
// nodes), docs the documents of its nodes (ascending). al is the
// aligner's scratch space.
func passagesOf(al *aligner, ids []uint32, nodes []node, edges []edge, docs []componentDoc, opts *Options) (*componentPassages, error) {
	g := &graph{nodes: make([]node, len(nodes))}
	st := make([]*docState, len(docs))
	ws := make([]when, len(docs))
	rank := make([]uint32, len(docs))
	for j, d := range docs {
		st[j], ws[j], rank[j] = d.st, d.when, d.rank
	}
	docOf := func(d uint32) (uint32, bool) {
		j, ok := slices.BinarySearchFunc(docs, d, func(x componentDoc, d uint32) int { return cmpInt(int(x.doc), int(d)) })
		return uint32(j), ok
	}
	for i, n := range nodes {
		j, ok := docOf(n.doc)
		if !ok {
			return nil, fmt.Errorf("reuse: node %d of document %d, not of the component's", ids[i], n.doc)
		}
		g.nodes[i] = node{doc: j, t0: n.t0, t1: n.t1}
	}
	local := make([]edge, len(edges))
	for i, e := range edges {
		x, okx := slices.BinarySearch(ids, e.x)
		y, oky := slices.BinarySearch(ids, e.y)
		if !okx || !oky {
			return nil, fmt.Errorf("reuse: an edge of nodes %d and %d, not of the component's", e.x, e.y)
		}
		e.x, e.y = uint32(x), uint32(y)
		local[i] = e
	}
	g.setEdges(local, 1)
	all := make([]uint32, len(nodes))
	for i := range all {
		all[i] = uint32(i)
	}
	cl := clusterComponent(al, g, st, rank, all, opts)
	if len(cl.extra) > 0 {
		g.setEdges(append(g.edges, cl.extra...), 1)
	}
	pn := passageNodes{of: make([]int32, len(nodes)), toRep: make([]edge, len(nodes))}
	for i := range pn.of {
		pn.of[i] = -1
	}
	for c, ms := range cl.clusters {
		for _, m := range ms {
			pn.of[m] = int32(c)
		}
	}
	out := &componentPassages{passages: make([]passage, len(cl.clusters)), toRep: make([][]edge, len(cl.clusters))}
	for c, ms := range cl.clusters {
		out.passages[c] = makePassage(al, g, &pn, int32(c), ms, st, ws, rank, opts)
	}
	// Back to the corpus's numbers.
	corpusEdge := func(e edge) edge { e.x, e.y = ids[e.x], ids[e.y]; return e }
	for _, e := range cl.extra {
		out.extra = append(out.extra, corpusEdge(e))
	}
	for c := range out.passages {
		p := &out.passages[c]
		out.toRep[c] = make([]edge, len(p.nodes))
		for i, m := range p.nodes {
			if m != p.rep {
				out.toRep[c][i] = corpusEdge(pn.toRep[m])
			}
		}
		if p.origin >= 0 {
			p.origin = int32(docs[p.origin].doc)
		}
		for i, d := range p.docs {
			p.docs[i] = docs[d].doc
		}
		p.rep = ids[p.rep]
		ms := make([]uint32, len(p.nodes))
		for i, m := range p.nodes {
			ms[i] = ids[m]
		}
		p.nodes = ms
		out.clusters = append(out.clusters, ms)
	}
	return out, nil
}
