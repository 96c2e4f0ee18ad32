package reuse

import (
	"math"
	"testing"
)

// TestRepeats: every hash that occurs twice, in one part or in two, passes
// the filter; of the hashes that occur once, no more pass than the table's
// load allows.
func TestRepeats(t *testing.T) {
	x := uint64(7)
	rand := func() uint64 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		return x * 0x9E3779B97F4A7C15
	}
	const parts, once, twice = 3, 30000, 3000
	var hashes [parts][]uint64
	var singles, repeated []uint64
	for range once {
		h := rand()
		singles = append(singles, h)
		p := int(h>>60) % parts
		hashes[p] = append(hashes[p], h)
	}
	for i := range twice {
		h := rand()
		repeated = append(repeated, h)
		p, q := i%parts, (i/parts)%parts // the same part one time in three
		hashes[p] = append(hashes[p], h)
		hashes[q] = append(hashes[q], h)
	}
	n := once + 2*twice
	slots := repeatSlots(n)
	if slots < 8*uint64(n) || slots&(slots-1) != 0 {
		t.Fatalf("repeatSlots(%d) = %d, want a power of two of at least %d", n, slots, 8*n)
	}
	var counts []*repeatCounts
	for p := range parts {
		c := newRepeatCounts(slots)
		for _, h := range hashes[p] {
			c.add(h)
		}
		counts = append(counts, c)
	}
	for _, workers := range []int{1, 2, 5} {
		r := newRepeats(counts, workers)
		for _, h := range repeated {
			if !r.has(h) {
				t.Fatalf("%d workers: repeated hash %#x does not pass", workers, h)
			}
		}
		// A single passes when another of the n hashes falls in its
		// slot: p = 1-(1-1/slots)^(n-1). Allow five standard deviations.
		p := 1 - math.Pow(1-1/float64(slots), float64(n-1))
		limit := once*p + 5*math.Sqrt(once*p*(1-p))
		passed := 0
		for _, h := range singles {
			if r.has(h) {
				passed++
			}
		}
		if float64(passed) > limit {
			t.Errorf("%d workers: %d of %d single hashes pass, want at most %.0f", workers, passed, once, limit)
		}
	}
}
