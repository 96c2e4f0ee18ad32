package linkage

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestComplete: against a brute-force oracle on random graphs, every two
// members of a returned cluster are linked, the clusters are disjoint, and
// an edge whose items end in different clusters could not have merged
// them when it was taken (checked by replaying the merges).
func TestComplete(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		n := 2 + r.IntN(30)
		linked := map[[2]uint32]bool{}
		var edges []Edge
		for range r.IntN(3 * n) {
			a, b := uint32(r.IntN(n)), uint32(r.IntN(n))
			if a == b {
				continue
			}
			linked[[2]uint32{min(a, b), max(a, b)}] = true
			edges = append(edges, Edge{a, b})
		}
		ok := func(x, y uint32) bool { return linked[[2]uint32{min(x, y), max(x, y)}] }
		got := Complete(n, edges, func(_ Edge, a, b []uint32) bool { return AllPairs(a, b, ok) })
		in := map[uint32]int{}
		for c, ms := range got {
			if len(ms) < 2 || !slices.IsSorted(ms) {
				t.Fatalf("trial %d: cluster %v", trial, ms)
			}
			for i, x := range ms {
				if _, dup := in[x]; dup {
					t.Fatalf("trial %d: item %d in two clusters", trial, x)
				}
				in[x] = c
				for _, y := range ms[i+1:] {
					if !ok(x, y) {
						t.Fatalf("trial %d: %d and %d in one cluster, not linked", trial, x, y)
					}
				}
			}
		}
		// Replay: the oracle merges greedily in edge order.
		cl := make([][]uint32, n)
		of := make([]int, n)
		for i := range cl {
			cl[i], of[i] = []uint32{uint32(i)}, i
		}
		for _, e := range edges {
			ca, cb := of[e.A], of[e.B]
			if ca == cb {
				continue
			}
			all := true
			for _, x := range cl[ca] {
				for _, y := range cl[cb] {
					all = all && ok(x, y)
				}
			}
			if all {
				for _, m := range cl[cb] {
					of[m] = ca
				}
				cl[ca], cl[cb] = append(cl[ca], cl[cb]...), nil
			}
		}
		var want [][]uint32
		for _, c := range cl {
			if len(c) > 1 {
				c = slices.Clone(c)
				slices.Sort(c)
				want = append(want, c)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("trial %d: clusters %v, oracle %v", trial, got, want)
		}
	}
}

// A triangle and a pendant: complete linkage keeps the pendant out,
// though it is linked to one member.
func ExampleComplete() {
	links := map[Edge]bool{{0, 1}: true, {1, 2}: true, {0, 2}: true, {2, 3}: true}
	ok := func(x, y uint32) bool { return links[Edge{min(x, y), max(x, y)}] }
	clusters := Complete(4, []Edge{{0, 1}, {1, 2}, {0, 2}, {2, 3}}, func(_ Edge, a, b []uint32) bool {
		return AllPairs(a, b, ok)
	})
	fmt.Println(clusters)
	// Output: [[0 1 2]]
}
