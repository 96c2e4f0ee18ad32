package dupes

import (
	"cmp"
	"slices"

	"github.com/copydesk/copydesk/internal/linkage"
	"github.com/copydesk/copydesk/report"
)

// exactCluster is the most documents (of distinct shingle sets) a cluster
// may have for every pair of its members to be computed, listed and its
// weakest link found exactly; a larger one has a floor that every pair
// reaches (see floor) and lists the pairs that were computed.
const exactCluster = 64

type edge struct {
	a, b uint32
	j    float64
}

// less orders edges by Jaccard, weakest first, then by documents.
func (e edge) less(f edge) bool {
	return cmp.Or(cmp.Compare(e.j, f.j), cmp.Compare(e.a, f.a), cmp.Compare(e.b, f.b)) < 0
}

type cluster struct {
	members []uint32 // documents, sorted
	weakest edge     // the least similar pair of members computed
	floor   float64  // every two members reach it
	every   bool     // every pair of members was computed: floor is weakest.j
}

// clusterStars groups the stars by complete linkage (linkage.Complete)
// over their leaders' verified pairs, strongest first: two groups merge
// only if every star of one may merge with every star of the other
// (starsMayMerge). It returns the groups of two or more stars, and the
// stars with followers that are in none, each alone.
func clusterStars(stars []star, cands []uint64, js []float64, threshold float64, c *sims) [][]uint32 {
	var edges []edge
	for i, cand := range cands {
		if js[i] >= threshold {
			edges = append(edges, edge{uint32(cand >> 32), uint32(cand), js[i]})
		}
	}
	slices.SortFunc(edges, func(x, y edge) int {
		return cmp.Or(cmp.Compare(y.j, x.j), cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b))
	})
	ledges := make([]linkage.Edge, len(edges))
	for i, e := range edges {
		ledges[i] = linkage.Edge{A: e.a, B: e.b}
	}
	groups := linkage.Complete(len(stars), ledges, func(_ linkage.Edge, a, b []uint32) bool {
		return linkage.AllPairs(a, b, func(x, y uint32) bool { return starsMayMerge(x, y, threshold, c) })
	})
	grouped := make([]bool, len(stars))
	for _, g := range groups {
		for _, s := range g {
			grouped[s] = true
		}
	}
	for s := range stars {
		if !grouped[s] && len(stars[s].members) > 1 {
			groups = append(groups, []uint32{uint32(s)})
		}
	}
	return groups
}

// buildClusters makes each group of stars a cluster of documents: every
// pair of its members computed if it has at most exactCluster, else its
// floor.
func buildClusters(stars []star, groups [][]uint32, threshold float64, c *sims) []cluster {
	out := make([]cluster, len(groups))
	for k, g := range groups {
		var members []uint32
		for _, s := range g {
			members = append(members, stars[s].members...)
		}
		slices.Sort(members)
		cl := cluster{members: members, weakest: edge{j: 2}}
		if len(members) <= exactCluster {
			for i, x := range members {
				for _, y := range members[i+1:] {
					if e := (edge{x, y, c.get(x, y)}); e.less(cl.weakest) {
						cl.weakest = e
					}
				}
			}
			cl.floor, cl.every = cl.weakest.j, true
		} else {
			cl.floor = floor(g, threshold, c)
		}
		out[k] = cl
	}
	return out
}

// weakestComputed sets the weakest link of each cluster whose pairs were
// not all computed: the least similar pair of its members that was.
func weakestComputed(clusters []cluster, n int, c *sims) {
	of := clusterIndex(clusters, n)
	c.each(func(a, b uint32, j float64) {
		if k := of[a]; k >= 0 && k == of[b] && !clusters[k].every {
			if e := (edge{a, b, j}); e.less(clusters[k].weakest) {
				clusters[k].weakest = e
			}
		}
	})
}

// crossPairs computes, for every candidate pair of stars in different
// clusters whose members could be near-duplicates across them (their
// centers' distance less their farthest members' is within
// 1 − threshold), every pair of their members, so that such pairs are
// listed though their stars did not merge. Two stars with more than
// maxChecks such pairs are skipped: it returns how many pairs of
// documents it left so.
func crossPairs(stars []star, cands []uint64, clusterOf []int32, threshold float64, c *sims) (skipped int) {
	for _, cand := range cands {
		a, b := uint32(cand>>32), uint32(cand)
		sa, sb := &stars[a], &stars[b]
		if len(sa.members)+len(sb.members) == 2 && sa.members[0] == sa.leader && sb.members[0] == sb.leader {
			continue // two leaders alone: their pair is the candidate's, computed
		}
		if ca := clusterOf[sa.members[0]]; ca >= 0 && ca == clusterOf[sb.members[0]] {
			continue
		}
		if c.centerDistance(a, b)-sa.r1-sb.r1 > 1-threshold+slack {
			continue
		}
		if n := len(sa.members) * len(sb.members); n > maxChecks {
			skipped += n
			continue
		}
		for _, x := range sa.members {
			for _, y := range sb.members {
				c.get(x, y)
			}
		}
	}
	return skipped
}

// apartPairs counts the pairs of documents that no step compared because
// both are copies that stood apart from one large group and did not join
// its cluster (settle pairs each only with its group).
func apartPairs(stars []star, left map[uint32]uint32, clusterOf []int32) int {
	out := map[uint32]int{} // group -> its copies outside its cluster
	for s, g := range left {
		if clusterOf[stars[s].leader] < 0 || clusterOf[stars[s].leader] != clusterOf[stars[g].members[0]] {
			out[g]++
		}
	}
	n := 0
	for _, u := range out {
		n += u * (u - 1) / 2
	}
	return n
}

// withIdentical adds to each cluster the documents identical to its
// members, and makes a cluster of each other group of identical
// documents (weakest link: its first two, Jaccard 1).
func withIdentical(clusters []cluster, first []uint32) []cluster {
	followers := map[uint32][]uint32{}
	for i, f := range first {
		if f != uint32(i) {
			followers[f] = append(followers[f], uint32(i))
		}
	}
	for k := range clusters {
		var more []uint32
		for _, m := range clusters[k].members {
			more = append(more, followers[m]...)
			delete(followers, m)
		}
		clusters[k].members = append(clusters[k].members, more...)
		slices.Sort(clusters[k].members)
	}
	for i, f := range first {
		if fs := followers[uint32(i)]; f == uint32(i) && len(fs) > 0 {
			clusters = append(clusters, cluster{members: append([]uint32{uint32(i)}, fs...),
				weakest: edge{uint32(i), fs[0], 1}, floor: 1, every: true})
		}
	}
	return clusters
}

// copiesInClusters names, for each member of a cluster (identical
// documents in it) that gathered around a leader (original) that is not
// in its cluster, the earlier member of its own cluster most similar to
// it as its copy_of instead, among the exactCluster members before it
// whose Jaccard with it is known; none if none is (it is its cluster's
// first). Complete linkage may leave a leader out of the cluster its
// copies join, or in none, and a cluster's members then named a document
// the cluster does not list; the pair of the copy and its leader stays
// among the report's pairs.
func copiesInClusters(rep *report.Dupes, docs []docState, clusters []cluster, original []int32, c *sims) {
	clusterOf := clusterIndex(clusters, len(docs))
	for k, cl := range clusters {
		for i, m := range cl.members {
			if o := original[m]; o < 0 || clusterOf[o] == int32(k) {
				continue
			}
			best, bj := -1, 0.0
			for _, e := range cl.members[max(0, i-exactCluster):i] {
				if j, ok := c.lookup(e, m); ok && j > bj {
					best, bj = int(e), j
				}
			}
			rep.Documents[m].CopyOf = nil
			if best >= 0 {
				rep.Documents[m].CopyOf = &report.Near{Doc: docs[best].id, Jaccard: bj}
			}
		}
	}
}

// clusterIndex returns the cluster of each of n documents, -1 for none.
func clusterIndex(clusters []cluster, n int) []int32 {
	of := make([]int32, n)
	for i := range of {
		of[i] = -1
	}
	for k, cl := range clusters {
		for _, m := range cl.members {
			of[m] = int32(k)
		}
	}
	return of
}
