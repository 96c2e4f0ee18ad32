package reuse

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortParallel: sortParallel(x) = slices.Sort(x), for sizes around its
// cut-offs and any number of workers.
func TestSortParallel(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 100, 1 << 15, 1<<15 + 1, 3<<14 + 7, 200003} {
		for _, w := range []int{1, 2, 3, 8} {
			x := make([]uint64, n)
			for i := range x {
				x[i] = r.Uint64() % uint64(n+1) // with repeats
			}
			want := slices.Clone(x)
			slices.Sort(want)
			sortParallel(x, w)
			if !slices.Equal(x, want) {
				t.Fatalf("sortParallel(%d values, %d workers) is not sorted", n, w)
			}
		}
	}
}
