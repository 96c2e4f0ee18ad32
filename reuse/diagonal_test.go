package reuse

import (
	"math/rand/v2"
	"testing"
)

// TestScoreDiagonals checks the anti-diagonal scoring against the score
// matrix computed row by row, cell for cell, with its best score and first
// best cell in row order, on random stems of a small vocabulary (so that
// they match often) at every size up to MaxUnit on either side.
func TestScoreDiagonals(t *testing.T) {
	if !haveDiagonals {
		t.Skip("no AVX2 here, or built with purego: alignments are scored row by row")
	}
	r := rand.New(rand.NewPCG(1, 2))
	var al aligner
	sizes := [][2]int{{1, 1}, {1, 9}, {9, 1}, {7, 8}, {8, 8}, {9, 17}, {16, 16}, {17, 16}, {MaxUnit, MaxUnit}, {MaxUnit, 1}, {1, MaxUnit}}
	for range 300 {
		sizes = append(sizes, [2]int{1 + r.IntN(MaxUnit), 1 + r.IntN(MaxUnit)})
	}
	for _, sz := range sizes {
		n, m := sz[0], sz[1]
		// Stems from a small vocabulary, spread over all 32 bits (an
		// odd multiplier), so that words differing only in high bits
		// must not match.
		vocab := uint32(2 + r.IntN(12))
		as, bs := make([]uint32, n), make([]uint32, m)
		for i := range as {
			as[i] = r.Uint32N(vocab) * 0x9E3779B1
		}
		for j := range bs {
			bs[j] = r.Uint32N(vocab) * 0x9E3779B1
		}
		// Row by row, the plain recurrence.
		w := m + 1
		h := make([]int32, (n+1)*w)
		var best int32
		bi, bj := 0, 0
		for i := 1; i <= n; i++ {
			for j := 1; j <= m; j++ {
				s := int32(scoreMismatch)
				if as[i-1] == bs[j-1] {
					s = scoreMatch
				}
				v := max(h[(i-1)*w+j-1]+s, h[(i-1)*w+j]+scoreGap, h[i*w+j-1]+scoreGap, 0)
				h[i*w+j] = v
				if v > best {
					best, bi, bj = v, i, j
				}
			}
		}
		mat, gotBest, gotI, gotJ := al.scoreDiagonals(as, bs)
		if gotBest != best || best > 0 && (gotI != bi || gotJ != bj) {
			t.Fatalf("%d×%d: scoreDiagonals = best %d at (%d, %d), want %d at (%d, %d)", n, m, gotBest, gotI, gotJ, best, bi, bj)
		}
		for i := 0; i <= n; i++ {
			for j := 0; j <= m; j++ {
				if got, want := mat.at(i, j), h[i*w+j]; got != want {
					t.Fatalf("%d×%d: cell (%d, %d) = %d, want %d", n, m, i, j, got, want)
				}
			}
		}
	}
}
