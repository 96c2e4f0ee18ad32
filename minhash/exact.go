package minhash

import (
	"math/bits"
	"slices"
)

// SortUnique sorts features and removes repeats in place, returning the
// shortened slice: the set form that Jaccard, Containment and Intersection
// take.
func SortUnique(features []uint64) []uint64 {
	slices.Sort(features)
	return slices.Compact(features)
}

// Set32 returns the set of the features' 32-bit fingerprints (the high
// half of each), sorted and distinct, in a slice of its own, sorted in
// buf; it returns buf, grown if need be, for the next call. Half the
// memory of the features' own set. The fingerprints of hashes are spread
// evenly, so they are sorted by their leading bits into about as many
// buckets as there are fingerprints (one counting pass), then by an
// insertion sort that moves each only within its bucket: linear time. A
// bucket of more than maxBucket (repeats of one feature, or fingerprints
// that are not spread) sends the whole to a comparison sort instead, so no
// input is quadratic. Two distinct features of hashes drawn at random
// share a fingerprint with probability 2⁻³², so an intersection of sets
// of sizes a and b counts, on average, a·b/2³² matches that the features
// do not have (about 1 in 12,000 pairs of 600-feature sets has one, which
// moves its Jaccard by about 1/1,000).
func Set32(features []uint64, buf []uint32) (set, scratch []uint32) {
	n := len(features)
	lead := min(max(bits.Len(uint(max(n, 1)-1)), 1), 16) // the leading bits that make at least n buckets
	nb := 1 << lead
	if cap(buf) < 2*n+nb+1 {
		buf = make([]uint32, 2*n+nb+1)
	}
	buf = buf[:cap(buf)]
	x, sorted, count := buf[:n], buf[n:2*n], buf[2*n:2*n+nb+1]
	clear(count)
	shift := 32 - lead
	for i, f := range features {
		v := uint32(f >> 32)
		x[i] = v
		count[v>>shift+1]++
	}
	most := uint32(0)
	for b := 1; b <= nb; b++ {
		most = max(most, count[b])
		count[b] += count[b-1]
	}
	if most > maxBucket {
		slices.Sort(x)
		return slices.Clone(slices.Compact(x)), buf
	}
	for _, v := range x {
		b := v >> shift
		sorted[count[b]] = v
		count[b]++
	}
	for i := 1; i < n; i++ { // each moves back past its bucket's larger ones only
		v, j := sorted[i], i
		for ; j > 0 && sorted[j-1] > v; j-- {
			sorted[j] = sorted[j-1]
		}
		sorted[j] = v
	}
	return slices.Clone(slices.Compact(sorted)), buf
}

// maxBucket is the most fingerprints one of Set32's buckets may hold
// before it sorts by comparisons instead.
const maxBucket = 32

// Intersection returns |a ∩ b| for sets in SortUnique form (or, of 32-bit
// features, sorted and distinct likewise). Sets of
// like size are merged, stepping without branching on the comparisons:
// for hashes their outcomes are a coin toss, and mispredicted branches
// cost more than the steps (BenchmarkIntersection). When one set is more
// than gallopRatio times the other, each element of the smaller is looked
// for in the larger by exponential then binary search, from where the
// last search ended (galloping: Bentley and Yao 1976; Demaine, López-Ortiz
// and Munro 2000), so that a short document paired with a very long one
// costs O(s log(l/s)) and not O(l).
func Intersection[T uint32 | uint64](a, b []T) int {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a)*gallopRatio < len(b) {
		return gallop(a, b)
	}
	return merge(a, b)
}

// merge returns |a ∩ b| by a merge of both.
func merge[T uint32 | uint64](a, b []T) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		x, y := a[i], b[j]
		n += b2i(x == y)
		i += b2i(x <= y)
		j += b2i(y <= x)
	}
	return n
}

// gallopRatio is how many times larger one set must be than the other
// for Intersection to gallop rather than merge (BenchmarkIntersection).
const gallopRatio = 4

// gallop returns |a ∩ b| by searching b for each element of a.
func gallop[T uint32 | uint64](a, b []T) int {
	n, lo := 0, 0
	for _, x := range a {
		// b[:lo] are all below x; probe lo, lo+1, lo+3, lo+7, ... for
		// the first element that is not.
		i, step := lo, 1
		for i < len(b) && b[i] < x {
			lo = i + 1
			i += step
			step *= 2
		}
		k, found := slices.BinarySearch(b[lo:min(i+1, len(b))], x)
		lo += k
		if found {
			n++
			lo++
		}
		if lo >= len(b) {
			break
		}
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
func Jaccard[T uint32 | uint64](a, b []T) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := Intersection(a, b)
	return float64(n) / float64(len(a)+len(b)-n)
}

// Containment returns the exact containment of a in b, |a ∩ b| / |a|: how
// much of a is also in b. It is 0 when a or b is empty.
func Containment[T uint32 | uint64](a, b []T) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	return float64(Intersection(a, b)) / float64(len(a))
}
