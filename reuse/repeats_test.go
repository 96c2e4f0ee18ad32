package reuse

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/copydesk/copydesk/internal/parallel"
)

// TestRepeats: every hash that occurs twice, in one part or in two, is
// read back as repeated, in the order each part logged it; of the hashes
// that occur once, no more pass than key collisions allow. The corpus is
// large enough to be counted in several partitions.
func TestRepeats(t *testing.T) {
	rand := randomHashes(7)
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

// randomHashes returns a generator of hash-like values (xorshift, then a
// multiplication that spreads its bits), from a seed other than 0.
func randomHashes(seed uint64) func() uint64 {
	x := seed
	return func() uint64 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		return x * 0x9E3779B97F4A7C15
	}
}

var sinkRepeats int

// BenchmarkRepeats logs and counts n random hashes, a tenth of them
// twice, in two parts, and reports the nanoseconds a hash of each pass:
// the log's (add), whose partitions number n/2¹⁶ (2¹⁰ at 64M, as many
// as a scan of 150,000 news articles makes), and the count's (settle).
// -short leaves 64M out.
func BenchmarkRepeats(b *testing.B) {
	sizes := []int{1 << 20, 1 << 23, 1 << 26}
	if testing.Short() {
		sizes = sizes[:2]
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("hashes=%d", n), func(b *testing.B) {
			rand := randomHashes(uint64(n))
			hs := make([]uint64, n)
			for i := range hs {
				if i%10 == 9 {
					hs[i] = hs[i/2]
					continue
				}
				hs[i] = rand()
			}
			b.SetBytes(int64(8 * n))
			b.ReportAllocs()
			b.ResetTimer()
			var add, settle time.Duration
			for range b.N {
				start := time.Now()
				sieve := newRepeatLog(2, n)
				parallel.Chunks(2, 1, 2, func(_, p, _ int) {
					part := hs[n*p/2 : n*(p+1)/2]
					for i := 0; i < len(part); i += 64 { // a unit's hashes at a time
						sieve.add(p, part[i:min(i+64, len(part))])
					}
				})
				mid := time.Now()
				bits := sieve.settle(2)
				settle += time.Since(mid)
				add += mid.Sub(start)
				sinkRepeats = bits[0].count()
			}
			b.ReportMetric(float64(add.Nanoseconds())/float64(b.N*n), "add-ns/hash")
			b.ReportMetric(float64(settle.Nanoseconds())/float64(b.N*n), "settle-ns/hash")
		})
	}
}
