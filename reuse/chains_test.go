package reuse

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestDisjointBruteForce: disjoint.keep picks the links that a pairwise
// overlap test picks (each link kept unless it overlaps, in either
// document, one kept before it), on random links of one document pair,
// short and long, across word boundaries, over several calls.
func TestDisjointBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var d disjoint
	for round := range 300 {
		var ls []link
		span := int32(20 + r.IntN(1000))
		for range r.IntN(60) {
			a0, b0 := int32(r.IntN(int(span))), int32(r.IntN(int(span)))
			ls = append(ls, link{al: piece{a0: a0, a1: a0 + 1 + int32(r.IntN(90)), b0: b0, b1: b0 + 1 + int32(r.IntN(90))}})
		}
		var want []link
		for _, l := range ls {
			ok := true
			for _, k := range want {
				if l.al.a0 < k.al.a1 && k.al.a0 < l.al.a1 || l.al.b0 < k.al.b1 && k.al.b0 < l.al.b1 {
					ok = false
					break
				}
			}
			if ok {
				want = append(want, l)
			}
		}
		if got := d.keep(ls); !slices.Equal(got, want) {
			t.Fatalf("round %d: kept %v, want %v", round, got, want)
		}
	}
	for _, c := range []cover{d.a, d.b} {
		for w, x := range c {
			if x != 0 {
				t.Fatalf("word %d of a cover left marked", w)
			}
		}
	}
}
