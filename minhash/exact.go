package minhash

import "slices"

// SortUnique sorts features and removes repeats in place, returning the
// shortened slice: the set form that Jaccard, Containment and Intersection
// take.
func SortUnique(features []uint64) []uint64 {
	slices.Sort(features)
	return slices.Compact(features)
}

// Intersection returns |a ∩ b| for sets in SortUnique form. The merge
// steps without branching on its comparisons: for hashes their outcomes
// are a coin toss, and mispredicted branches cost more than the steps
// (BenchmarkIntersection).
func Intersection(a, b []uint64) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		x, y := a[i], b[j]
		n += b2i(x == y)
		i += b2i(x <= y)
		j += b2i(y <= x)
	}
	return n
}

// b2i is 1 for true and 0 for false, which the compiler makes a SETcc.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Jaccard returns the exact Jaccard similarity |a ∩ b| / |a ∪ b| of two sets
// in SortUnique form. It is 0 when either set is empty: an empty document
// resembles nothing, not even another empty one.
func Jaccard(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := Intersection(a, b)
	return float64(n) / float64(len(a)+len(b)-n)
}

// Containment returns the exact containment of a in b, |a ∩ b| / |a|: how
// much of a is also in b. It is 0 when a or b is empty.
func Containment(a, b []uint64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	return float64(Intersection(a, b)) / float64(len(a))
}
