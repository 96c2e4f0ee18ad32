package reuse

import (
	"cmp"
	"slices"

	"github.com/copydesk/copydesk/internal/linkage"
)

// smallComponent is the most nodes a connected component of the graph may
// have to be clustered by complete linkage; a larger one is clustered by
// stars.
const smallComponent = 16

// clustering is what clusterNodes finds: the clusters (each a list of
// nodes, in increasing order) and the edges made on the way by aligning
// two nodes that no link joined.
type clustering struct {
	clusters [][]uint32
	extra    []edge
}

// clusterNodes groups the graph's nodes into passages, component by
// connected component, in parallel. A component of at most smallComponent
// nodes is clustered by complete linkage (linkComponent): every two members
// of a passage are aligned with each other, so a passage never chains
// through a common phrase. A larger one, the mark of a text carried by
// many documents, whose candidates make stars around their leaders, is
// clustered by stars (starComponent): a centre and the nodes joined to it,
// in time linear in its edges, where complete linkage would align its
// members all with all. Then a node left out, for its document being in
// the cluster already or a merge refused, joins the cluster of the
// neighbour it shares most words with (attach), so that every node with an
// edge is in a passage.
func clusterNodes(g *graph, docs []*docState, rank []uint32, opts *Options) clustering {
	comps, start := g.components()
	out := make([]clustering, len(start)-1)
	withAligners(len(out), 16, opts, func(al *aligner, lo, hi int) {
		for c := lo; c < hi; c++ {
			out[c] = clusterComponent(al, g, docs, rank, comps[start[c]:start[c+1]], opts)
		}
	})
	var all clustering
	for _, cl := range out {
		all.clusters = append(all.clusters, cl.clusters...)
		all.extra = append(all.extra, cl.extra...)
	}
	return all
}

// clusterComponent clusters the nodes of one connected component: by
// complete linkage if it is small, else by stars, then every node left
// out attached.
func clusterComponent(al *aligner, g *graph, docs []*docState, rank []uint32, nodes []uint32, opts *Options) clustering {
	var cl clustering
	if len(nodes) <= smallComponent {
		cl = linkComponent(al, g, docs, nodes, opts)
	} else {
		cl.clusters = starComponent(g, rank, nodes)
	}
	cl.clusters = attach(g, nodes, cl.clusters)
	return cl
}

// linkComponent clusters the nodes of one component by complete linkage,
// taking edges with the most matched words first: two clusters merge only
// if no document is in both and every two of their nodes are joined. Two
// nodes that no edge joins (their copies share no K-word run, as edited
// copies of one source may not) are aligned on the spot, under the
// evidence rule, and the edges so made are returned too.
func linkComponent(al *aligner, g *graph, docs []*docState, nodes []uint32, opts *Options) clustering {
	local := make(map[uint32]int, len(nodes)) // node -> its index in nodes
	for i, n := range nodes {
		local[n] = i
	}
	var es []int32
	for _, n := range nodes {
		for _, e := range g.edgesOf(n) {
			if g.edges[e].x == n {
				es = append(es, e)
			}
		}
	}
	slices.SortFunc(es, func(a, b int32) int {
		if c := cmp.Compare(g.edges[b].matched, g.edges[a].matched); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	// tried: pairs of indices aligned on the spot, and whether they joined.
	tried := map[[2]uint32]bool{}
	var extra []edge
	join := func(i, j uint32) bool {
		x, y := nodes[min(i, j)], nodes[max(i, j)]
		if g.edgeBetween(x, y) >= 0 {
			return true
		}
		key := [2]uint32{min(i, j), max(i, j)}
		if ok, seen := tried[key]; seen {
			return ok
		}
		e, ok := alignNodes(al, g, docs, x, y, opts)
		if ok && !opts.evidence(e.matched, e.content, min(g.nodes[x].t1-g.nodes[x].t0, g.nodes[y].t1-g.nodes[y].t0)) {
			ok = false
		}
		tried[key] = ok
		if ok {
			extra = append(extra, e.edge)
		}
		return ok
	}
	otherDocs := func(i, j uint32) bool { return g.nodes[nodes[i]].doc != g.nodes[nodes[j]].doc }
	ledges := make([]linkage.Edge, len(es))
	for k, ei := range es {
		ledges[k] = linkage.Edge{A: uint32(local[g.edges[ei].x]), B: uint32(local[g.edges[ei].y])}
	}
	// Two clusters merge only if no document is in both, then only if
	// every two of their nodes are joined.
	clusters := linkage.Complete(len(nodes), ledges, func(_ linkage.Edge, a, b []uint32) bool {
		return linkage.AllPairs(a, b, otherDocs) && linkage.AllPairs(a, b, join)
	})
	for _, c := range clusters {
		for k, i := range c {
			c[k] = nodes[i]
		}
	}
	return clustering{clusters: clusters, extra: extra}
}

// starComponent clusters the nodes of one component by stars: the node
// with the most edges (then the earliest document, then the first node)
// is a centre, and its cluster is the centre and every neighbour not yet
// in a cluster whose document is not in it yet and whose edge covers
// both (graph.covers), most matched words first;
// then the next node not in a cluster, and so on. A centre that gathers
// no neighbour makes no cluster. Every member is joined to its centre by
// an edge of its own, so a star chains nothing through a common phrase,
// and the whole costs a sort of the nodes and a pass over their edges.
func starComponent(g *graph, rank []uint32, nodes []uint32) [][]uint32 {
	degree := func(n uint32) int32 { return g.start[n+1] - g.start[n] }
	order := slices.Clone(nodes)
	slices.SortFunc(order, func(a, b uint32) int {
		if c := cmp.Compare(degree(b), degree(a)); c != 0 {
			return c
		}
		if c := cmp.Compare(rank[g.nodes[a].doc], rank[g.nodes[b].doc]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	taken := make(map[uint32]bool, len(nodes))
	var out [][]uint32
	var nbrs []int32
	for _, c := range order {
		if taken[c] {
			continue
		}
		nbrs = append(nbrs[:0], g.edgesOf(c)...)
		slices.SortFunc(nbrs, func(a, b int32) int {
			if d := cmp.Compare(g.edges[b].matched, g.edges[a].matched); d != 0 {
				return d
			}
			return cmp.Compare(a, b)
		})
		cluster := []uint32{c}
		docsIn := map[uint32]bool{g.nodes[c].doc: true}
		for _, e := range nbrs {
			m, _, _ := g.edges[e].far(c)
			if !taken[m] && !docsIn[g.nodes[m].doc] && g.covers(e) {
				cluster = append(cluster, m)
				docsIn[g.nodes[m].doc] = true
			}
		}
		if len(cluster) < 2 {
			continue
		}
		for _, m := range cluster {
			taken[m] = true
		}
		slices.Sort(cluster)
		out = append(out, cluster)
	}
	return out
}

// attach puts every node of the component that is in no cluster into the
// cluster of the neighbour it shares most matched words with among those
// whose edge covers both (graph.covers), else among all (then the
// first), in node order; a node whose best neighbour is in no cluster
// either makes a new one with it. It returns the clusters, each in
// increasing node order.
func attach(g *graph, nodes []uint32, clusters [][]uint32) [][]uint32 {
	in := make(map[uint32]int, len(nodes)) // node -> cluster
	for c, ms := range clusters {
		for _, m := range ms {
			in[m] = c
		}
	}
	grown := false
	for _, n := range nodes {
		if _, ok := in[n]; ok {
			continue
		}
		best, bestMatched, bestCovers := uint32(0), int32(-1), false
		for _, e := range g.edgesOf(n) {
			m, _, _ := g.edges[e].far(n)
			x, cv := g.edges[e].matched, g.covers(e)
			if cv && !bestCovers || cv == bestCovers && (x > bestMatched || x == bestMatched && m < best) {
				best, bestMatched, bestCovers = m, x, cv
			}
		}
		if bestMatched < 0 {
			continue
		}
		c, ok := in[best]
		if !ok {
			c = len(clusters)
			clusters = append(clusters, []uint32{best})
			in[best] = c
		}
		clusters[c] = append(clusters[c], n)
		in[n] = c
		grown = true
	}
	if grown {
		for _, c := range clusters {
			slices.Sort(c)
		}
	}
	return clusters
}

// nodeEdge is an edge made by aligning two nodes, and its matched content
// words.
type nodeEdge struct {
	edge
	content int32
}

// alignNodes aligns the tokens of nodes x and y and returns the best
// alignment as an edge between them; false if they do not align
// (MinAlign).
func alignNodes(al *aligner, g *graph, docs []*docState, x, y uint32, opts *Options) (nodeEdge, bool) {
	return alignNodesAt(al, g, docs, x, y, int32(opts.MinAlign))
}

// alignMember aligns a passage's member x with its representative y, which
// no edge joins, for the member's similarity to it: their best alignment
// however weak (a score of 1 and up), since the member is in the passage
// already, joined through other members (a sentence edited twice over,
// whose second edit the representative aligns with one word in two);
// false if not a word aligns.
func alignMember(al *aligner, g *graph, docs []*docState, x, y uint32) (nodeEdge, bool) {
	return alignNodesAt(al, g, docs, x, y, 1)
}

// alignNodesAt is alignNodes with the least score minScore.
func alignNodesAt(al *aligner, g *graph, docs []*docState, x, y uint32, minScore int32) (nodeEdge, bool) {
	if x > y {
		x, y = y, x
	}
	nx, ny := g.nodes[x], g.nodes[y]
	dx, dy := docs[nx.doc], docs[ny.doc]
	if dx.stems == nil || dy.stems == nil { // a component's without its analyses (PassagesOf)
		al.unanalysed = true
		return nodeEdge{}, false
	}
	found := al.alignUpTo(al.found[:0], dx.content, dx.stems[nx.t0:nx.t1], dy.stems[ny.t0:ny.t1], nx.t0, ny.t0, minScore, 1)
	al.found = found
	if len(found) == 0 {
		return nodeEdge{}, false
	}
	b := found[0]
	return nodeEdge{edge{x: x, y: y, matched: b.matched, x0: b.a0, x1: b.a1, y0: b.b0, y1: b.b1}, b.content}, true
}

// covers reports whether edge e matches half the words of both its
// nodes or more: a copy of one text, not a short line that a node of
// the other document runs on from into a sentence of its own.
func (g *graph) covers(e int32) bool {
	ed := &g.edges[e]
	x, y := g.nodes[ed.x], g.nodes[ed.y]
	return 2*ed.matched >= x.t1-x.t0 && 2*ed.matched >= y.t1-y.t0
}
