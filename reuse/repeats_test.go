package reuse

import (
	"math"
	"testing"
)

// TestRepeats: every hash that occurs twice, in one part or in two, is
// read back as repeated, in the order each part logged it; of the hashes
// that occur once, no more pass than key collisions allow. The corpus is
// large enough to be counted in several partitions.
func TestRepeats(t *testing.T) {
	x := uint64(7)
	rand := func() uint64 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		return x * 0x9E3779B97F4A7C15
	}
	const parts, once, twice = 3, 200000, 20000
	type entry struct {
		h        uint64
		repeated bool
	}
	var logged [parts][]entry
	for range once {
		h := rand()
		p := int(h>>60) % parts
		logged[p] = append(logged[p], entry{h, false})
	}
	for i := range twice {
		h := rand()
		p, q := i%parts, (i/parts)%parts // the same part one time in three
		logged[p] = append(logged[p], entry{h, true})
		logged[q] = append(logged[q], entry{h, true})
	}
	n := once + 2*twice
	for _, workers := range []int{1, 2, 5} {
		sieve := newRepeatLog(parts, n)
		if got := 64 - sieve.shift; got < 2 {
			t.Fatalf("%d hashes make %d partition bits, want 2 or more", n, got)
		}
		for p := range parts {
			for _, e := range logged[p] {
				sieve.add(p, []uint64{e.h})
			}
		}
		bits := sieve.settle(workers)
		passed := 0
		for p := range parts {
			for _, e := range logged[p] {
				got := bits[p].next(e.h)
				if e.repeated && !got {
					t.Fatalf("%d workers: repeated hash %#x is read as single", workers, e.h)
				}
				if !e.repeated && got {
					passed++
				}
			}
		}
		// A single passes when another of the hashes of its partition
		// has its 30-bit key: p = 1-(1-2^-30)^(n/partitions). Allow five
		// standard deviations, and one.
		perPart := float64(n) / float64(uint64(1)<<(64-sieve.shift))
		pr := 1 - math.Pow(1-math.Pow(2, -30), perPart)
		limit := once*pr + 5*math.Sqrt(once*pr*(1-pr)) + 1
		if float64(passed) > limit {
			t.Errorf("%d workers: %d of %d single hashes pass, want at most %.0f", workers, passed, once, limit)
		}
	}
}
