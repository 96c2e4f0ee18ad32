package reuse

import (
	"slices"

	"github.com/copydesk/copydesk/report"
)

// node is one document's stretch of a passage: the union of the views of
// that document that overlap by at least half of the shorter.
type node struct {
	doc    uint32
	t0, t1 int32
}

// clusterPassages groups the links into reuse clusters. Each document's
// views become nodes (views overlapping by half merge into one node); each
// link joins two nodes. Clusters are then built by complete linkage, taking
// links with the most matched words first: two clusters merge only if no
// document is in both and every two of their nodes are joined by a link of
// their own. So a passage never chains through a common phrase: a member
// shares evidence with every other member, not only with a neighbour. Two
// nodes that no candidate joined (their copies share no K-word run, as
// edited copies of one source may not) are aligned on the spot, under the
// same evidence rule; the links found so are returned, to be reported too.
func clusterPassages(docs []*docState, links []link, views [][]view, store *pairStore, opts *Options) ([]report.Passage, []link) {
	// Each document's nodes, in parallel, numbered within the document,
	// then one after another.
	linkNode := make([][2]int, len(links)) // node of side A, side B
	docNodes := make([][]node, len(views))
	parallelChunks(len(views), 64, opts.Workers, func(_ *aligner, lo, hi int) {
		var order []int
		for di := lo; di < hi; di++ {
			vs := views[di]
			order = order[:0]
			for i := range vs {
				order = append(order, i)
			}
			slices.SortFunc(order, func(x, y int) int {
				if c := cmpInt(int(vs[x].t0), int(vs[y].t0)); c != 0 {
					return c
				}
				return cmpInt(int(vs[y].t1), int(vs[x].t1))
			})
			var nodes []node
			cur := -1
			for _, i := range order {
				v := vs[i]
				if cur >= 0 {
					n := &nodes[cur]
					overlap := min(n.t1, v.t1) - max(n.t0, v.t0)
					if 2*overlap >= min(n.t1-n.t0, v.t1-v.t0) {
						n.t1 = max(n.t1, v.t1)
						setSide(linkNode, links, v, uint32(di), cur)
						continue
					}
				}
				cur = len(nodes)
				nodes = append(nodes, node{doc: uint32(di), t0: v.t0, t1: v.t1})
				setSide(linkNode, links, v, uint32(di), cur)
			}
			docNodes[di] = nodes
		}
	})
	first := make([]int, len(views)) // the first node of every document
	total := 0
	for di, ns := range docNodes {
		first[di] = total
		total += len(ns)
	}
	nodes := make([]node, 0, total)
	for _, ns := range docNodes {
		nodes = append(nodes, ns...)
	}
	docNodes = nil
	for i, l := range links {
		linkNode[i][0] += first[l.da]
		linkNode[i][1] += first[l.db]
	}

	// The links' edges between nodes, by matched words (most first),
	// then nodes: a counting sort by matched words, then each count's
	// edges x<<32|y sorted.
	keys := make([]uint64, 0, len(links)) // x<<32|y of the joined nodes, x < y
	most := int32(0)
	for i, l := range links {
		x, y := linkNode[i][0], linkNode[i][1]
		if x > y {
			x, y = y, x
		}
		keys = append(keys, uint64(x)<<32|uint64(y))
		most = max(most, l.al.matched)
	}
	start := make([]int, most+2)
	for _, l := range links {
		start[most-l.al.matched+1]++
	}
	for m := 1; m < len(start); m++ {
		start[m] += start[m-1]
	}
	edges := make([]uint64, len(links))
	fill := slices.Clone(start)
	for i, l := range links {
		edges[fill[most-l.al.matched]] = keys[i]
		fill[most-l.al.matched]++
	}
	parallelChunks(len(start)-1, 1, opts.Workers, func(_ *aligner, m, _ int) {
		slices.Sort(edges[start[m]:start[m+1]])
	})
	sortParallel(keys, opts.Workers)
	joined := newIndex(slices.Compact(keys), len(nodes), nil)
	of := make([]int, len(nodes)) // node -> cluster
	members := make([][]int, len(nodes))
	for i := range of {
		of[i] = i
		members[i] = []int{i}
	}
	// A cluster grows only along edges, so within one connected component
	// of the edges' graph: the components are clustered in parallel, each
	// taking its edges in the order above, as one pass over all of them
	// would.
	comps, compStart := components(len(nodes), edges)
	type joinedLink struct {
		edge int // the edge whose merge made the link
		l    link
	}
	made := make([][]joinedLink, len(compStart)-1)
	tried := make([]int, len(made))
	parallelChunks(len(made), 64, opts.Workers, func(al *aligner, lo, hi int) {
		al.useStore(store)
		// Joins tried and made, by node pair (of one component).
		joinedMore, seen := map[uint64]bool{}, map[uint64]bool{}
		for c := lo; c < hi; c++ {
			var extra []joinedLink
			var edge int
			tried0 := len(seen)
			join := func(x, y int) bool {
				key := uint64(min(x, y))<<32 | uint64(max(x, y))
				if joined.has(key) || joinedMore[key] {
					return true
				}
				if seen[key] {
					return false
				}
				seen[key] = true
				nx, ny := nodes[min(x, y)], nodes[max(x, y)]
				if nx.doc > ny.doc {
					nx, ny = ny, nx
				}
				dx, dy := docs[nx.doc], docs[ny.doc]
				found := al.align(al.found[:0], dx.toks[nx.t0:nx.t1], dy.toks[ny.t0:ny.t1], nx.t0, ny.t0, int32(opts.Shingle))
				al.found = found
				if len(found) == 0 {
					return false
				}
				best := found[0]
				if !opts.evidence(best.matched, best.content, min(nx.t1-nx.t0, ny.t1-ny.t0)) {
					return false
				}
				extra = append(extra, joinedLink{edge, link{da: nx.doc, db: ny.doc, al: best}})
				joinedMore[key] = true
				return true
			}
			for _, ei := range comps[compStart[c]:compStart[c+1]] {
				e := edges[ei]
				edge = int(ei)
				cx, cy := of[e>>32], of[uint32(e)]
				if cx == cy || !canMerge(members[cx], members[cy], nodes, join) {
					continue
				}
				for _, m := range members[cy] {
					of[m] = cx
				}
				members[cx] = append(members[cx], members[cy]...)
				members[cy] = nil
			}
			made[c], tried[c] = extra, len(seen)-tried0
		}
	})
	// The links made, in the order of their edges.
	var all []joinedLink
	nTried := 0
	for c := range made {
		all = append(all, made[c]...)
		nTried += tried[c]
	}
	slices.SortStableFunc(all, func(x, y joinedLink) int { return cmpInt(x.edge, y.edge) })
	extra := make([]link, len(all))
	for i, j := range all {
		extra[i] = j.l
	}

	count("cluster aligned", nTried)
	out := parallelCollect(len(members), 1024, opts.Workers, func(_ *aligner, out []report.Passage, lo, hi int) []report.Passage {
		for _, ms := range members[lo:hi] {
			if len(ms) < 2 {
				continue
			}
			out = append(out, passageOf(docs, nodes, ms))
		}
		return out
	})
	return out, extra
}

// passageOf is the reuse cluster of the nodes ms.
func passageOf(docs []*docState, nodes []node, ms []int) report.Passage {
	p := report.Passage{Reach: len(ms)}
	var earliest *docState
	known, tie := true, false
	for _, m := range ms {
		n := nodes[m]
		d := docs[n.doc]
		q := quotedShare(d.toks[n.t0:n.t1])
		p.Members = append(p.Members, report.Member{
			Doc: d.doc.ID, Start: int(d.toks[n.t0].start), End: int(d.toks[n.t1-1].end), Quoted: q,
		})
		p.Quoted = p.Quoted || q
		p.Words = max(p.Words, int(n.t1-n.t0))
		switch t := d.doc.Published; {
		case t.IsZero():
			known = false
		case earliest == nil || t.Before(earliest.doc.Published):
			earliest, tie = d, false
		case t.Equal(earliest.doc.Published):
			tie = true
		}
	}
	if known && !tie && earliest != nil {
		p.Source = earliest.doc.ID
	}
	return p
}

func setSide(linkNode [][2]int, links []link, v view, doc uint32, n int) {
	if links[v.link].da == doc {
		linkNode[v.link][0] = n
	} else {
		linkNode[v.link][1] = n
	}
}

// canMerge reports whether two clusters have no document in common and
// every two of their nodes are joined.
func canMerge(a, b []int, nodes []node, join func(x, y int) bool) bool {
	for _, x := range a {
		for _, y := range b {
			if nodes[x].doc == nodes[y].doc {
				return false
			}
		}
	}
	for _, x := range a {
		for _, y := range b {
			if !join(x, y) {
				return false
			}
		}
	}
	return true
}

// components groups the edges x<<32|y between n nodes by the connected
// component of the graph they make: the edge indices of component c are
// comps[start[c]:start[c+1]], in increasing order.
func components(n int, edges []uint64) (comps []int32, start []int32) {
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]] // path halving
			x = parent[x]
		}
		return x
	}
	for _, e := range edges {
		if x, y := find(int32(e>>32)), find(int32(uint32(e))); x != y {
			parent[max(x, y)] = min(x, y)
		}
	}
	// Number the components by their first edge, then a counting sort.
	id := make([]int32, n)
	for i := range id {
		id[i] = -1
	}
	var counts []int32
	comp := make([]int32, len(edges))
	for i, e := range edges {
		r := find(int32(e >> 32))
		if id[r] < 0 {
			id[r] = int32(len(counts))
			counts = append(counts, 0)
		}
		comp[i] = id[r]
		counts[id[r]]++
	}
	start = make([]int32, len(counts)+1)
	for c, k := range counts {
		start[c+1] = start[c] + k
	}
	fill := slices.Clone(start[:len(counts)])
	comps = make([]int32, len(edges))
	for i, c := range comp {
		comps[fill[c]] = int32(i)
		fill[c]++
	}
	return comps, start
}
