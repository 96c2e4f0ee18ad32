package shingle

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestAppendWinnowed(t *testing.T) {
	for _, tc := range []struct {
		hashes []uint64
		w      int
		want   []uint64
	}{
		{nil, 3, nil},
		{[]uint64{5}, 3, []uint64{5}},
		{[]uint64{7, 3}, 3, []uint64{3}},
		{[]uint64{4, 2, 9, 1}, 1, []uint64{4, 2, 9, 1}},
		// The paper's example (its figure 2, windows of 4): 17, then the
		// other 17 once the first leaves, 8, 39 and 17.
		{[]uint64{77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98}, 4, []uint64{17, 17, 8, 39, 17}},
		// Equal least hashes: the rightmost is taken, once.
		{[]uint64{2, 2, 2, 2}, 2, []uint64{2, 2, 2}},
	} {
		if got := AppendWinnowed(nil, tc.hashes, tc.w); !slices.Equal(got, tc.want) {
			t.Errorf("AppendWinnowed(%v, %d) = %v, want %v", tc.hashes, tc.w, got, tc.want)
		}
	}
}

// TestWinnowGuarantee checks winnowing's guarantee by brute force: two
// runs of random hashes that share a stretch of w hashes, set among other
// hashes at random places, share a selected hash; and the share of hashes
// selected is near 2/(w+1).
func TestWinnowGuarantee(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	random := func(n int) []uint64 {
		hs := make([]uint64, n)
		for i := range hs {
			hs[i] = r.Uint64()
		}
		return hs
	}
	for _, w := range []int{2, 3, 4, 8} {
		selected, total := 0, 0
		for trial := 0; trial < 2000; trial++ {
			shared := random(w + r.IntN(3))
			a := slices.Concat(random(r.IntN(20)), shared, random(r.IntN(20)))
			b := slices.Concat(random(r.IntN(20)), shared, random(r.IntN(20)))
			fa, fb := AppendWinnowed(nil, a, w), AppendWinnowed(nil, b, w)
			if !slices.ContainsFunc(fa, func(h uint64) bool { return slices.Contains(fb, h) }) {
				t.Fatalf("w=%d: runs sharing %d hashes share no selected hash:\n%v\n%v", w, len(shared), fa, fb)
			}
			long := random(1000)
			selected += len(AppendWinnowed(nil, long, w))
			total += len(long)
		}
		// The expected density is 2/(w+1); over 2,000,000 hashes the
		// selections' standard deviation is well under a thousandth.
		got, want := float64(selected)/float64(total), 2/float64(w+1)
		if got < want*0.97 || got > want*1.03 {
			t.Errorf("w=%d: %.4f of hashes selected, want about %.4f", w, got, want)
		}
	}
}
