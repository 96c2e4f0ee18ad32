package reuse

import (
	"cmp"
	"slices"
)

// Runs of passages. A text that several documents carry whole is one
// passage of them only if its copies are one node each; where it is made
// of units that are nodes of their own (a file of short lines: a
// changelog's "Author:" and "Date:" lines and one-line entries, a
// copyright file's fields, a list of short items, each of which other
// documents may carry alone: passages_short.go), each unit is a passage of
// its own, with the same members. Three copies of a 60 KB stretch of
// GnuTLS's changelog made 978 passages of three members each, and the
// four identical changelogs of /usr/share/doc's GnuTLS packages 4,457.
//
// So once the passages are made, a passage that the next one continues in
// every member joins it: the two have the same documents, a member each
// in every one of them, each of the second's members the node right after
// the first's in its document with no token between, every member of
// both word for word their representative, and their representatives in
// one document. A blog that takes its first sentence from a paper and its
// second from the wire, each edited, so keeps a source for each. The
// joined passage has the members' nodes joined (and so the graph's nodes
// and edges, edges between two joined nodes summed), the first's
// representative and origin, and each member's edge to the
// representative summed over the run. A run that another document
// carries in part is not joined where that document's copy starts or
// ends, since there the passages' documents differ. Each passage is
// looked at once, with its members: the cost is linear in the members of
// all passages and the edges of the graph.
//
// A run spread over workers (docpairs_*.go) does not join runs yet
// (Options.KeepRuns): the passages of two components would have to meet.

// joinRuns returns the graph, passages and their nodes with every run of
// passages that follow one another in every member joined into one
// passage; the same ones if there is none. The new graph's edges are g's,
// renumbered in place: g is not to be used after.
func joinRuns(g *graph, passages []passage, pn passageNodes, workers int) (*graph, []passage, passageNodes) {
	joinsPrev := make([]bool, len(g.nodes)) // the node joins the one before it
	absorbed := make([]bool, len(passages)) // the passage joins the one before it
	found := false
	for c := range passages {
		if q := continuedBy(g, passages, pn, c); q >= 0 {
			found = true
			absorbed[q] = true
			for _, n := range passages[q].nodes {
				joinsPrev[n] = true
			}
		}
	}
	if !found {
		return g, passages, pn
	}
	// New node numbers: a node that joins the one before it takes its
	// number, which keeps the nodes of each document together and in
	// order.
	newID := make([]uint32, len(g.nodes))
	g2 := &graph{first: make([]int, len(g.first))}
	for n := range g.nodes {
		if joinsPrev[n] {
			newID[n] = newID[n-1]
			g2.nodes[newID[n]].t1 = g.nodes[n].t1
			continue
		}
		newID[n] = uint32(len(g2.nodes))
		g2.nodes = append(g2.nodes, g.nodes[n])
	}
	for d, f := range g.first {
		if f < len(g.nodes) {
			g2.first[d] = int(newID[f])
		} else {
			g2.first[d] = len(g2.nodes)
		}
	}
	renumber := func(e edge) edge {
		e.x, e.y = newID[e.x], newID[e.y]
		return e
	}
	g2.linkSorted(renumberEdges(g.edges, newID), workers)

	pn2 := passageNodes{of: make([]int32, len(g2.nodes)), toRep: make([]edge, len(g2.nodes))}
	for i := range pn2.of {
		pn2.of[i] = -1
	}
	var out []passage
	for c, p := range passages {
		if absorbed[c] {
			continue
		}
		k := int32(len(out))
		q := passage{nodes: make([]uint32, len(p.nodes)), rep: newID[p.rep], origin: p.origin, order: p.order, docs: p.docs}
		for i, n := range p.nodes {
			q.nodes[i] = newID[n]
			pn2.of[newID[n]] = k
		}
		out = append(out, q)
	}
	// Each member's edge to its representative, summed over its run (the
	// representative's own are zero: every one of its run is one).
	set := make([]bool, len(g2.nodes))
	for n := range g.nodes {
		if pn.of[n] < 0 || pn.toRep[n] == (edge{}) {
			continue
		}
		m, e := newID[n], renumber(pn.toRep[n])
		if !set[m] {
			pn2.toRep[m], set[m] = e, true
			continue
		}
		s := &pn2.toRep[m]
		s.matched += e.matched
		s.x0, s.x1 = min(s.x0, e.x0), max(s.x1, e.x1)
		s.y0, s.y1 = min(s.y0, e.y0), max(s.y1, e.y1)
	}
	return g2, out, pn2
}

// continuedBy returns the passage that continues passage c in every
// member (see the top of this file), or -1.
func continuedBy(g *graph, passages []passage, pn passageNodes, c int) int {
	p := &passages[c]
	if len(p.nodes) != len(p.docs) {
		return -1 // two members in one document
	}
	first := p.nodes[0]
	next := first + 1
	if int(next) >= g.first[g.nodes[first].doc+1] || pn.of[next] < 0 || int(pn.of[next]) == c {
		return -1
	}
	q := int(pn.of[next])
	o := &passages[q]
	if len(o.nodes) != len(p.nodes) || g.nodes[o.rep].doc != g.nodes[p.rep].doc {
		return -1
	}
	for i, n := range p.nodes {
		m := o.nodes[i]
		if m != n+1 || g.nodes[m].doc != g.nodes[n].doc || g.nodes[m].t0 != g.nodes[n].t1 ||
			!verbatim(g, pn, n, p.rep) || !verbatim(g, pn, m, o.rep) {
			return -1
		}
	}
	return q
}

// verbatim reports whether member n of a passage is word for word its
// representative rep: every token of both matched.
func verbatim(g *graph, pn passageNodes, n, rep uint32) bool {
	if n == rep {
		return true
	}
	e := &pn.toRep[n]
	a, b := &g.nodes[n], &g.nodes[rep]
	return e.matched == a.t1-a.t0 && e.matched == b.t1-b.t0
}

// renumberEdges renumbers edges (sorted by their nodes) in place by newID,
// which keeps the nodes' order, and returns them sorted again: the edges
// of the nodes joined into one, one node's after another's, are sorted by
// their other node.
func renumberEdges(edges []edge, newID []uint32) []edge {
	for i := 0; i < len(edges); {
		x := newID[edges[i].x]
		j, joined := i, false
		for ; j < len(edges) && newID[edges[j].x] == x; j++ {
			joined = joined || edges[j].x != edges[i].x
			edges[j].x, edges[j].y = x, newID[edges[j].y]
		}
		if joined {
			slices.SortStableFunc(edges[i:j], func(a, b edge) int { return cmp.Compare(a.y, b.y) })
		}
		i = j
	}
	return edges
}
