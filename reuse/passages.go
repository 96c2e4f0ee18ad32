package reuse

import (
	"cmp"
	"slices"
	"sort"
	"strings"

	"github.com/copydesk/copydesk/internal/parallel"
	"github.com/copydesk/copydesk/report"
)

// view is a link seen from one of its documents.
type view struct {
	t0, t1 int32 // this document's tokens
	link   int32 // index in links
	side   uint8 // which of A (0) and B (1) this document is
}

// makeViews returns every document's views of the links, in link order,
// those of wide (sorted by link) as wide as it says: each goroutine reads
// all the links and makes the views of the documents it owns.
func makeViews(n int, links []link, wide []wideView, workers int) [][]view {
	// One array for all, cut by document.
	count := make([]int, n)
	for _, l := range links {
		count[l.da]++
		count[l.db]++
	}
	all := make([]view, 2*len(links))
	views := make([][]view, n)
	for d, c := range count {
		views[d], all = all[:0:c], all[c:]
	}
	parallel.Chunks(workers, 1, workers, func(_, w, _ int) {
		lo, hi := uint32(n*w/workers), uint32(n*(w+1)/workers)
		k := 0 // the next of wide
		for i := range links {
			l := &links[i]
			var w *wideView
			if k < len(wide) && wide[k].link == int32(i) {
				w, k = &wide[k], k+1
			}
			a0, a1, b0, b1 := l.viewed(w)
			if l.da >= lo && l.da < hi {
				views[l.da] = append(views[l.da], view{t0: a0, t1: a1, link: int32(i)})
			}
			if l.db >= lo && l.db < hi {
				views[l.db] = append(views[l.db], view{t0: b0, t1: b1, link: int32(i), side: 1})
			}
		}
	})
	return views
}

// node is one document's copy of a passage: the union of the views of that
// document (its sides of the links) that overlap by at least half of the
// shorter.
type node struct {
	doc    uint32
	t0, t1 int32
}

// edge joins two nodes of different documents: the links between them,
// summed.
type edge struct {
	x, y    uint32 // nodes, x < y
	matched int32
	x0, x1  int32 // the tokens of x's document the links cover
	y0, y1  int32 // and of y's
}

// byNodes orders edges by their nodes, x then y.
func byNodes(a, b edge) int { return cmp.Or(cmp.Compare(a.x, b.x), cmp.Compare(a.y, b.y)) }

// far returns the node at the other end of e from n, and the tokens of it
// that e covers.
func (e *edge) far(n uint32) (m uint32, t0, t1 int32) {
	if n == e.x {
		return e.y, e.y0, e.y1
	}
	return e.x, e.x0, e.x1
}

// graph is the nodes of every document and the edges between them, with
// each node's edges (adjacency lists in one array).
type graph struct {
	nodes []node
	first []int // the first node of every document (and the number of nodes)
	edges []edge
	start []int32 // node n's edges are adj[start[n]:start[n+1]]
	adj   []int32
}

// newGraph makes the graph of the links, given every document's views of
// them (in link order).
func newGraph(links []link, views [][]view, workers int) *graph {
	g := &graph{}
	linkNode := g.addNodes(links, views, workers)
	// The edges are made in their sorted places, straight from the links.
	edgeOf := func(i int) edge {
		l := &links[i]
		e := edge{x: linkNode[i][0], y: linkNode[i][1], matched: l.al.matched,
			x0: l.al.a0, x1: l.al.a1, y0: l.al.b0, y1: l.al.b1}
		if e.x > e.y {
			e.x, e.y, e.x0, e.x1, e.y0, e.y1 = e.y, e.x, e.y0, e.y1, e.x0, e.x1
		}
		return e
	}
	g.linkSorted(sortedEdges(len(links), len(g.nodes), edgeOf, workers), workers)
	return g
}

// addNodes makes each document's nodes, in parallel, numbered document by
// document, and returns the nodes of each link's sides (A, B).
func (g *graph) addNodes(links []link, views [][]view, workers int) [][2]uint32 {
	linkNode := make([][2]uint32, len(links))
	docNodes := make([][]node, len(views))
	parallel.Chunks(len(views), 64, workers, func(_, lo, hi int) {
		var order []int
		for di := lo; di < hi; di++ {
			docNodes[di], order = nodesOf(nil, uint32(di), views[di], order, func(v view, n uint32) {
				linkNode[v.link][v.side] = n
			})
		}
	})
	g.first = make([]int, len(views)+1)
	for di, ns := range docNodes {
		g.first[di+1] = g.first[di] + len(ns)
	}
	g.nodes = make([]node, 0, g.first[len(views)])
	for _, ns := range docNodes {
		g.nodes = append(g.nodes, ns...)
	}
	for i, l := range links {
		linkNode[i][0] += uint32(g.first[l.da])
		linkNode[i][1] += uint32(g.first[l.db])
	}
	return linkNode
}

// nodesOf appends to dst the nodes of document d, whose views of the
// links are vs (in link order), and tells each view its node (numbered in
// the document, from 0) through at; order is scratch, returned for reuse.
// A view joins the node before it (by first token, the longer first) if
// the two overlap by at least half of the shorter.
func nodesOf(dst []node, d uint32, vs []view, order []int, at func(v view, n uint32)) ([]node, []int) {
	order = order[:0]
	for i := range vs {
		order = append(order, i)
	}
	slices.SortFunc(order, func(x, y int) int {
		if c := cmp.Compare(vs[x].t0, vs[y].t0); c != 0 {
			return c
		}
		return cmp.Compare(vs[y].t1, vs[x].t1)
	})
	first := len(dst)
	for _, i := range order {
		v := vs[i]
		if n := len(dst) - 1; n >= first {
			cur := &dst[n]
			overlap := min(cur.t1, v.t1) - max(cur.t0, v.t0)
			if 2*overlap >= min(cur.t1-cur.t0, v.t1-v.t0) {
				cur.t1 = max(cur.t1, v.t1)
				at(v, uint32(n-first))
				continue
			}
		}
		at(v, uint32(len(dst)-first))
		dst = append(dst, node{doc: d, t0: v.t0, t1: v.t1})
	}
	return dst, order
}

// setEdges makes edges the graph's: summed between the same two nodes and
// indexed by node.
func (g *graph) setEdges(edges []edge, workers int) {
	g.linkSorted(sortedEdges(len(edges), len(g.nodes), func(i int) edge { return edges[i] }, workers), workers)
}

// addEdges adds extra to the graph's edges, as setEdges of the two laid
// end to end would, without sorting the graph's own again: extra, sorted,
// is merged into them (clustering's few edges made by aligning two nodes
// no link joined, beside hundreds of thousands).
func (g *graph) addEdges(extra []edge, workers int) {
	extra = slices.Clone(extra)
	slices.SortStableFunc(extra, byNodes)
	all := make([]edge, 0, len(g.edges)+len(extra))
	i := 0
	for _, e := range g.edges {
		for ; i < len(extra) && byNodes(extra[i], e) < 0; i++ {
			all = append(all, extra[i])
		}
		all = append(all, e)
	}
	g.linkSorted(append(all, extra[i:]...), workers)
}

// linkSorted makes the graph's edges of edges sorted by their nodes (x,
// then y), merging those between the same two nodes, and lists each
// node's edges.
func (g *graph) linkSorted(edges []edge, workers int) {
	out := mergeEdges(edges)
	g.edges = out
	// Each edge is in the lists of both its nodes: entry 2i of edge i
	// goes to x's list, 2i+1 to y's, in edge order.
	adj, start := parallel.Group(2*len(out), len(g.nodes), func(i int) int {
		e := &out[i>>1]
		if i&1 == 0 {
			return int(e.x)
		}
		return int(e.y)
	}, workers)
	parallel.Chunks(len(adj), 1<<16, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			adj[i] >>= 1
		}
	})
	g.start, g.adj = start, adj
}

// mergeEdges merges, in place, the edges (sorted by their nodes) between
// the same two nodes: their matched words summed, their tokens the span
// of theirs.
func mergeEdges(edges []edge) []edge {
	out := edges[:0]
	for _, e := range edges {
		if n := len(out) - 1; n >= 0 && out[n].x == e.x && out[n].y == e.y {
			o := &out[n]
			o.matched += e.matched
			o.x0, o.x1 = min(o.x0, e.x0), max(o.x1, e.x1)
			o.y0, o.y1 = min(o.y0, e.y0), max(o.y1, e.y1)
			continue
		}
		out = append(out, e)
	}
	return out
}

// sortedEdges returns the m edges edgeAt(i) sorted by their nodes (x,
// then y), between n nodes: a counting sort by x, then each node's few
// edges by y.
func sortedEdges(m, n int, edgeAt func(i int) edge, workers int) []edge {
	order, start := parallel.Group(m, n, func(i int) int { return int(edgeAt(i).x) }, workers)
	out := make([]edge, m)
	parallel.Chunks(m, 1<<14, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			out[i] = edgeAt(int(order[i]))
		}
	})
	byY := func(a, b edge) int { return cmp.Compare(a.y, b.y) }
	parallel.Chunks(n, 1024, workers, func(_, lo, hi int) {
		for x := lo; x < hi; x++ {
			if group := out[start[x]:start[x+1]]; len(group) > 1 {
				slices.SortStableFunc(group, byY)
			}
		}
	})
	return out
}

// edgesOf returns the indices of node n's edges.
func (g *graph) edgesOf(n uint32) []int32 { return g.adj[g.start[n]:g.start[n+1]] }

// edgeBetween returns the index of the edge between nodes x and y, or -1.
func (g *graph) edgeBetween(x, y uint32) int32 {
	if g.start[x+1]-g.start[x] > g.start[y+1]-g.start[y] {
		x, y = y, x
	}
	for _, e := range g.edgesOf(x) {
		if m, _, _ := g.edges[e].far(x); m == y {
			return e
		}
	}
	return -1
}

// components returns the connected components of the graph that have an
// edge: the nodes of component c are comps[start[c]:start[c+1]], in
// increasing order, and the components are in the order of their first
// node.
func (g *graph) components() (comps []uint32, start []int32) {
	parent := make([]uint32, len(g.nodes))
	for i := range parent {
		parent[i] = uint32(i)
	}
	find := func(x uint32) uint32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]] // path halving
			x = parent[x]
		}
		return x
	}
	for _, e := range g.edges {
		if x, y := find(e.x), find(e.y); x != y {
			parent[max(x, y)] = min(x, y)
		}
	}
	// Each root is its component's first node: number the components in
	// that order, then a counting sort.
	id := make([]int32, len(g.nodes))
	var counts []int32
	for n := range g.nodes {
		id[n] = -1
		if g.start[n+1] == g.start[n] {
			continue // no edge
		}
		r := find(uint32(n))
		if uint32(n) == r {
			id[n] = int32(len(counts))
			counts = append(counts, 0)
		}
		counts[id[r]]++
	}
	start = make([]int32, len(counts)+1)
	for c, k := range counts {
		start[c+1] = start[c] + k
	}
	fill := slices.Clone(start[:len(counts)])
	comps = make([]uint32, start[len(counts)])
	for n := range g.nodes {
		if g.start[n+1] == g.start[n] {
			continue
		}
		c := id[find(uint32(n))]
		comps[fill[c]] = uint32(n)
		fill[c]++
	}
	return comps, start
}

// passage is a cluster of nodes as the report needs it.
type passage struct {
	nodes  []uint32 // members, in increasing order
	rep    uint32   // the representative member
	origin int32    // the document published before every other member's, or -1
	order  string   // report.OrderOrigin, OrderTied or OrderUnknown
	docs   []uint32 // the members' documents, sorted, distinct
}

// passageNodes is what each node knows of its passage: the passage it is a
// member of (-1: none), and its edge to the passage's representative (made
// by aligning the two when no link joined them, however weakly:
// alignMember; matched 0 when not a word aligns), unless it is the
// representative.
type passageNodes struct {
	of    []int32
	toRep []edge
}

// makePassages makes the passages of the clusters, in parallel: for each,
// its origin (when, the documents' publication times, order its members)
// and its representative (the origin's member, else the member sharing
// most matched words with the rest), and every member's edge to it.
func makePassages(g *graph, clusters [][]uint32, docs []*docState, ws []when, rank []uint32, opts *Options) ([]passage, passageNodes) {
	return makePassagesWith(g, clusters, ws, rank, opts, func(al *aligner, x, y uint32) (nodeEdge, bool) {
		return alignMember(al, g, docs, x, y)
	})
}

// makePassagesWith is makePassages, two nodes that no edge joins aligned
// by align (alignNodes, or what a distributed run aligned).
func makePassagesWith(g *graph, clusters [][]uint32, ws []when, rank []uint32, opts *Options, align func(al *aligner, x, y uint32) (nodeEdge, bool)) ([]passage, passageNodes) {
	pn := passageNodes{of: make([]int32, len(g.nodes)), toRep: make([]edge, len(g.nodes))}
	for i := range pn.of {
		pn.of[i] = -1
	}
	for c, ms := range clusters {
		for _, m := range ms {
			pn.of[m] = int32(c)
		}
	}
	out := make([]passage, len(clusters))
	withAligners(len(clusters), 16, opts, func(al *aligner, lo, hi int) {
		for c := lo; c < hi; c++ {
			out[c] = makePassage(g, &pn, int32(c), clusters[c], ws, rank, func(x, y uint32) (nodeEdge, bool) { return align(al, x, y) })
		}
	})
	return out, pn
}

// makePassage makes passage c of the cluster nodes (pn.of says which
// nodes are members of which passage): its documents, origin and
// representative, and every member's edge to it (pn.toRep), a member
// that no edge joins to it aligned with it by align (member first).
func makePassage(g *graph, pn *passageNodes, c int32, nodes []uint32, ws []when, rank []uint32, align func(x, y uint32) (nodeEdge, bool)) passage {
	p := passage{nodes: nodes, origin: -1}
	for _, m := range p.nodes {
		p.docs = append(p.docs, g.nodes[m].doc)
	}
	slices.Sort(p.docs)
	p.docs = slices.Compact(p.docs)
	p.origin, p.order = originOf(p.docs, ws)
	p.rep = representative(g, pn, c, &p, rank)
	for _, m := range p.nodes {
		if m == p.rep {
			continue
		}
		if e := g.edgeBetween(m, p.rep); e >= 0 {
			pn.toRep[m] = g.edges[e]
		} else if e, ok := align(m, p.rep); ok {
			pn.toRep[m] = e.edge
		} else {
			x, y := min(m, p.rep), max(m, p.rep)
			pn.toRep[m] = edge{x: x, y: y, x0: g.nodes[x].t0, x1: g.nodes[x].t1, y0: g.nodes[y].t0, y1: g.nodes[y].t1}
		}
	}
	return p
}

// originOf returns the document of docs published before every other, and
// the order of the documents in time (report.OrderOrigin and the like).
func originOf(docs []uint32, ws []when) (int32, string) {
	first := docs[0]
	for _, d := range docs {
		if !ws[d].known {
			return -1, report.OrderUnknown
		}
		if ws[d].hi < ws[first].hi {
			first = d
		}
	}
	for _, d := range docs {
		if d != first && !ws[first].before(ws[d]) {
			return -1, report.OrderTied
		}
	}
	return int32(first), report.OrderOrigin
}

// representative returns the member of passage c that stands for it: the
// origin's (if the origin holds two, the one chosen as below), else the
// member with the most exact copies among the members it is joined to
// (every word matched, on both sides: the wording most members carry, not
// a variant that happens to be joined to many, as a licence's disclaimer
// naming one project among 300 naming "the copyright holders"), then the
// one sharing most matched words with the others; ties go to the document
// of least rank, then the first node.
func representative(g *graph, pn *passageNodes, c int32, p *passage, rank []uint32) uint32 {
	best, bestCopies, bestSum := p.nodes[0], -1, int64(-1)
	for _, m := range p.nodes {
		if p.origin >= 0 && g.nodes[m].doc != uint32(p.origin) {
			continue
		}
		copies, sum := 0, int64(0)
		words := g.nodes[m].t1 - g.nodes[m].t0
		for _, e := range g.edgesOf(m) {
			ed := &g.edges[e]
			if far, _, _ := ed.far(m); pn.of[far] == c {
				sum += int64(ed.matched)
				if fn := g.nodes[far]; ed.matched == words && ed.matched == fn.t1-fn.t0 {
					copies++
				}
			}
		}
		if cmp.Or(cmp.Compare(copies, bestCopies), cmp.Compare(sum, bestSum), cmp.Compare(rank[g.nodes[best].doc], rank[g.nodes[m].doc])) > 0 {
			best, bestCopies, bestSum = m, copies, sum
		}
	}
	return best
}

// passageReports returns the passages as the report gives them
// (passageHead; copyText: the documents' text is going back to disk),
// with their members and their similarity to the representative. The
// members are made on workers goroutines over every passage's together,
// since one passage may hold most of them (a text carried by 64,000
// documents).
func passageReports(g *graph, pn *passageNodes, passages []passage, docs []*docState, copyText bool, workers int) []report.Passage {
	out := make([]report.Passage, len(passages))
	parallel.Chunks(len(passages), 16, workers, func(_, lo, hi int) {
		for c := lo; c < hi; c++ {
			out[c] = passageHead(g, &passages[c], docs, c, copyText)
		}
	})
	first := make([]int, len(passages)+1) // the members of the passages before each
	for c := range passages {
		first[c+1] = first[c] + len(passages[c].nodes)
	}
	parallel.Chunks(first[len(passages)], 4096, workers, func(_, lo, hi int) {
		c := sort.SearchInts(first, lo+1) - 1 // the passage of member lo
		for i := lo; i < hi; i++ {
			for i >= first[c+1] {
				c++
			}
			p, k := &passages[c], i-first[c]
			m, rep := p.nodes[k], g.nodes[p.rep]
			out[c].Members[k] = memberOf(docs[g.nodes[m].doc], g.nodes[m], pn.toRep[m].matched, rep.t1-rep.t0, m == p.rep)
		}
	})
	for c := range out {
		out[c].Quoted = slices.ContainsFunc(out[c].Members, func(m report.Member) bool { return m.Quoted })
	}
	return out
}

// passageHead is passage p (of index c) as the report gives it, its
// members to be filled in: its representative text (a copy if copyText),
// origin and reach.
func passageHead(g *graph, p *passage, docs []*docState, c int, copyText bool) report.Passage {
	rep := g.nodes[p.rep]
	rd := docs[rep.doc]
	repStart, repEnd := rd.toks.span(rep.t0, rep.t1)
	text := sharedString(rd.doc.Text[repStart:repEnd])
	if copyText {
		text = strings.Clone(text)
	}
	out := report.Passage{
		ID:      c + 1,
		Text:    text,
		Order:   p.order,
		Words:   int(rep.t1 - rep.t0),
		Reach:   report.Reach{Documents: len(p.docs)},
		Members: make([]report.Member, len(p.nodes)),
	}
	if p.origin >= 0 {
		out.Origin = docs[p.origin].doc.ID
	}
	out.Reach.Outlets = outletsOf(len(p.docs), func(i int) string { return docs[p.docs[i]].doc.Outlet })
	return out
}

// outletsOf counts the outlets of a passage's n documents (outlet(i):
// document i's), a document with none an outlet of its own.
func outletsOf(n int, outlet func(i int) string) int {
	outlets := map[string]bool{}
	own := 0
	for i := range n {
		if o := outlet(i); o != "" {
			outlets[o] = true
		} else {
			own++
		}
	}
	return own + len(outlets)
}

// memberOf is node n of document d as a member of a passage: matched
// words matched with its representative, of repWords words (unless it
// is the representative).
func memberOf(d *docState, n node, matched, repWords int32, isRep bool) report.Member {
	sim := 1.0
	if !isRep {
		sim = round4(min(1, ratio(2*float64(matched), int(n.t1-n.t0+repWords))))
	}
	start, end := d.toks.span(n.t0, n.t1)
	return report.Member{Doc: d.doc.ID, Start: int(start), End: int(end), Similarity: sim, Quoted: d.quotedShare(n.t0, n.t1), Representative: isRep}
}
