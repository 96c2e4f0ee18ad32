package reuse

import (
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPairBlocks: the pairs added to a pairBlocks, many of them again and
// again as candidatePairs adds them (a pair once for each shingle its
// units share), come back from its ranges, sorted and deduplicated, as
// the distinct pairs added, whatever the compactions on the way; and a
// range holds about its distinct pairs, not every copy of them.
func TestPairBlocks(t *testing.T) {
	for trial := range 4 {
		r := rand.New(rand.NewPCG(uint64(trial), 3))
		units := 1 + r.IntN(1<<20)
		shift := uint(bits.Len(uint(units / pairRanges))) // as candidatePairs spreads them
		b := newPairBlocks(units>>shift+1, shift)
		distinct := make([]uint64, 200000+r.IntN(100000))
		for i := range distinct {
			distinct[i] = uint64(r.IntN(units))<<32 | uint64(r.IntN(units))
		}
		var all []uint64
		for range 4 + r.IntN(3) { // each pair that many times over
			all = append(all, distinct...)
		}
		r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		for len(all) > 0 { // in batches, as a goroutine flushes them
			n := min(len(all), 1+r.IntN(1<<14))
			b.add(all[:n])
			all = all[n:]
		}
		slices.Sort(distinct)
		distinct = slices.Compact(distinct)
		held := 0
		for k := range b.cur {
			held += b.len(k)
		}
		var got []uint64
		for k := range b.cur {
			x := b.take(nil, k)
			slices.Sort(x)
			got = append(got, slices.Compact(x)...)
		}
		if !slices.Equal(got, distinct) {
			t.Fatalf("trial %d: %d pairs back, want the %d distinct pairs added", trial, len(got), len(distinct))
		}
		// Each range keeps at most (compactBlocks+1) blocks uncompacted,
		// and half as many pairs again as it has compacted.
		if most := 3*len(distinct)/2 + len(b.cur)*(compactBlocks+1)*blockPairs; held > most {
			t.Errorf("trial %d: %d pairs held for %d distinct (at most %d)", trial, held, len(distinct), most)
		}
	}
}

// TestMergeDistinct checks mergeDistinct against sorting the two lists
// together and dropping repeats, and that its array is of its length.
func TestMergeDistinct(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	for range 200 {
		list := func() []uint64 {
			x := make([]uint64, r.IntN(50))
			for i := range x {
				x[i] = uint64(r.IntN(80))
			}
			slices.Sort(x)
			return slices.Compact(x)
		}
		a, b := list(), list()
		want := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(a), b...))))
		got := mergeDistinct(a, b)
		if !slices.Equal(got, want) || cap(got) != len(got) {
			t.Fatalf("mergeDistinct(%v, %v) = %v (cap %d), want %v", a, b, got, cap(got), want)
		}
	}
}
