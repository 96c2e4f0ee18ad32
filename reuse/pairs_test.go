package reuse

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestEachCommon: eachCommon names every index of b whose element is in
// a, once, in order, whether it merges or searches either list.
func TestEachCommon(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	list := func(n, values int) []uint32 {
		var x []uint32
		for range n {
			x = append(x, uint32(r.IntN(values)))
		}
		slices.Sort(x)
		return slices.Compact(x)
	}
	for round := range 500 {
		na, nb := r.IntN(40), r.IntN(40)
		switch round % 3 {
		case 1:
			nb = 200 + r.IntN(400) // a searched in b
		case 2:
			na = 200 + r.IntN(400) // b searched in a
		}
		a, b := list(na, 300), list(nb, 300)
		var want, got []int
		for k, x := range b {
			if slices.Contains(a, x) {
				want = append(want, k)
			}
		}
		eachCommon(a, b, func(k int) { got = append(got, k) })
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: eachCommon(%v, %v) named %v, want %v", round, a, b, got, want)
		}
	}
}
