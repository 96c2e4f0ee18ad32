// Package linkage clusters items by complete linkage (Sørensen 1948; for
// documents, Voorhees 1986, "Implementing agglomerative hierarchic
// clustering algorithms for use in document retrieval"): a cluster grows
// only when every one of its members is linked with every member of the
// cluster it absorbs, so a cluster never chains unrelated items through a
// common neighbour. Both copydesk's near-duplicate documents (package
// dupes) and its shared passages (package reuse) are clustered so.
//
// Cost: each merge tests every pair of the two clusters' members, so a
// cluster of c items costs up to c² tests. It suits small clusters; where
// one item may be linked with thousands (a text carried by thousands of
// documents), cluster by stars around a leader instead.
package linkage

import "slices"

// Edge links items A and B.
type Edge struct{ A, B uint32 }

// Complete clusters the items 0 to n−1 by complete linkage: it takes the
// edges in the order given (the strongest first) and, for each edge whose
// items are in different clusters, asks merge whether those clusters may
// merge, a holding the members of A's cluster and b those of B's, in the
// order they joined. merge decides: typically it tests every x of a with
// every y of b (AllPairs), and it may record what it learns. Merged, a's
// cluster gains b's members after its own.
//
// It returns the clusters of two or more items, each sorted, ordered by
// the item whose cluster absorbed the others (the A of the edge that
// first grew it); the same edges in the same order give the same
// clusters.
func Complete(n int, edges []Edge, merge func(e Edge, a, b []uint32) bool) [][]uint32 {
	of := make([]int32, n) // item -> the item whose slot holds its cluster
	members := make([][]uint32, n)
	for i := range of {
		of[i] = int32(i)
	}
	single := func(i uint32) []uint32 {
		if members[i] == nil {
			members[i] = []uint32{i}
		}
		return members[i]
	}
	for _, e := range edges {
		ca, cb := uint32(of[e.A]), uint32(of[e.B])
		if ca == cb || !merge(e, single(ca), single(cb)) {
			continue
		}
		for _, m := range members[cb] {
			of[m] = int32(ca)
		}
		members[ca] = append(members[ca], members[cb]...)
		members[cb] = nil
	}
	var out [][]uint32
	for _, ms := range members {
		if len(ms) < 2 {
			continue
		}
		c := slices.Clone(ms)
		slices.Sort(c)
		out = append(out, c)
	}
	return out
}

// AllPairs reports whether ok(x, y) holds for every x of a and y of b,
// testing in order (a's first member against each of b's, then a's
// second, ...) and stopping at the first that fails.
func AllPairs(a, b []uint32, ok func(x, y uint32) bool) bool {
	for _, x := range a {
		for _, y := range b {
			if !ok(x, y) {
				return false
			}
		}
	}
	return true
}
