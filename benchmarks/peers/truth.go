package peers

import (
	"cmp"
	"math"
	"slices"

	"github.com/copydesk/copydesk/minhash"
)

// Pair is two documents (A < B, indexes into the sets) and their exact
// Jaccard.
type Pair struct {
	A, B    uint32
	Jaccard float64
}

// Truth returns every pair of sets (each sorted, distinct) whose exact
// Jaccard is at least t, by A then B. It is the prefix filter of All-Pairs
// (Bayardo, Ma and Srikant, "Scaling up all pairs similarity search",
// WWW 2007): with the features of every set ordered rarest first, two sets
// with Jaccard at least t share at least ⌈t·|x|⌉ features, so they share
// one among the first |x| − ⌈t·|x|⌉ + 1 of x's; only pairs that do are
// computed, and each exactly. No pair at or above t is missed.
func Truth(sets [][]uint64, t float64) []Pair {
	df := map[uint64]int32{}
	for _, s := range sets {
		for _, f := range s {
			df[f]++
		}
	}
	rarest := func(a, b uint64) int { return cmp.Or(cmp.Compare(df[a], df[b]), cmp.Compare(a, b)) }
	postings := map[uint64][]uint32{}
	var out []Pair
	seen := map[uint32]bool{}
	var order []uint64
	for i, s := range sets {
		if len(s) == 0 {
			continue
		}
		order = append(order[:0], s...)
		slices.SortFunc(order, rarest)
		prefix := len(s) - int(math.Ceil(t*float64(len(s)))) + 1
		clear(seen)
		for _, f := range order[:prefix] {
			for _, j := range postings[f] {
				if seen[j] {
					continue
				}
				seen[j] = true
				if jac := jaccard(sets[j], s); jac >= t {
					out = append(out, Pair{j, uint32(i), jac})
				}
			}
			postings[f] = append(postings[f], uint32(i))
		}
	}
	slices.SortFunc(out, func(x, y Pair) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })
	return out
}

func jaccard(a, b []uint64) float64 {
	in := minhash.Intersection(a, b)
	return float64(in) / float64(len(a)+len(b)-in)
}
