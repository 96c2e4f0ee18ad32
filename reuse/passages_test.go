package reuse

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestComponents checks components against a breadth-first search on
// random graphs: two edges are in one component exactly when a path joins
// them, and each component lists its edges in increasing order.
func TestComponents(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		n := 1 + r.IntN(40)
		var edges []uint64
		for range r.IntN(2 * n) {
			x, y := r.IntN(n), r.IntN(n)
			edges = append(edges, uint64(min(x, y))<<32|uint64(max(x, y)))
		}
		comps, start := components(n, edges)
		// The oracle: each node's component by search.
		adj := make([][]int, n)
		for _, e := range edges {
			x, y := int(e>>32), int(uint32(e))
			adj[x], adj[y] = append(adj[x], y), append(adj[y], x)
		}
		label := make([]int, n)
		for i := range label {
			label[i] = -1
		}
		for s := range n {
			if label[s] >= 0 {
				continue
			}
			label[s] = s
			for q := []int{s}; len(q) > 0; q = q[1:] {
				for _, y := range adj[q[0]] {
					if label[y] < 0 {
						label[y] = s
						q = append(q, y)
					}
				}
			}
		}
		seen := make([]bool, len(edges))
		for c := 0; c+1 < len(start); c++ {
			group := comps[start[c]:start[c+1]]
			if len(group) == 0 || !slices.IsSorted(group) {
				t.Fatalf("component %d: edges %v, want some, in order", c, group)
			}
			want := label[edges[group[0]]>>32]
			for _, i := range group {
				if seen[i] || label[edges[i]>>32] != want {
					t.Fatalf("component %d holds edge %d (%d-%d), seen before %v or of another component", c, i, edges[i]>>32, uint32(edges[i]), seen[i])
				}
				seen[i] = true
			}
			// No edge outside the group is in its component.
			for i, e := range edges {
				if label[e>>32] == want && !slices.Contains(group, int32(i)) {
					t.Fatalf("edge %d is in component %d's graph component but not in its list", i, c)
				}
			}
		}
		if !slices.Equal(seen, slices.Repeat([]bool{true}, len(edges))) {
			t.Fatalf("some edge is in no component")
		}
	}
}
