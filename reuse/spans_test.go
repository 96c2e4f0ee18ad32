package reuse

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestClosest: closest returns the k first elements of a full sort, in
// order, for k small and large against the list, with ties in the first
// key broken by the second.
func TestClosest(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	type item struct{ key, id int }
	order := func(a, b item) int {
		if a.key != b.key {
			return b.key - a.key // greater keys first, as closer ranks similarity
		}
		return a.id - b.id
	}
	for round := range 400 {
		n, k := r.IntN(300), 1+r.IntN(8)
		if round%4 == 0 {
			k = 1 + r.IntN(400)
		}
		var s []item
		for i := range n {
			s = append(s, item{r.IntN(20), i})
		}
		want := slices.Clone(s)
		slices.SortFunc(want, order)
		want = want[:min(k, n)]
		if got := closest(s, k, order); !slices.Equal(got, want) {
			t.Fatalf("round %d, k %d of %d: %v, want %v", round, k, n, got, want)
		}
	}
}
