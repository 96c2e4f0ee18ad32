package minhash

import (
	"fmt"
	"testing"
)

var sinkSig Signature

func randomFeatures(n int) []uint64 {
	state := uint64(n)
	f := make([]uint64, n)
	for i := range f {
		f[i] = splitmix(&state)
	}
	return f
}

// BenchmarkSign is keyed by set size: 30 (a sentence), 500 (a 3 KB news
// story at 6-word shingles) and 5000 features, 64 sets of each in turn
// (one set over and over is one the branch predictor learns).
func BenchmarkSign(b *testing.B) {
	for _, scheme := range []Scheme{FastSimilarity, OnePermutation, SuperMinHash, Classic} {
		for _, n := range []int{30, 500, 5000} {
			b.Run(fmt.Sprintf("%v/n=%d", scheme, n), func(b *testing.B) {
				s, err := NewSigner(Options{Scheme: scheme})
				if err != nil {
					b.Fatal(err)
				}
				var sets [64][]uint64
				for k := range sets {
					sets[k] = randomFeatures(n + k)[k:]
				}
				b.SetBytes(int64(8 * n))
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					sinkSig = s.Sign(sinkSig, sets[i%len(sets)])
				}
			})
		}
	}
}

// BenchmarkLSHAdd indexes n default-scheme signatures of 500-feature sets
// that each share half their features with the previous one.
func BenchmarkLSHAdd(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			sigs := chainSignatures(b, n)
			p, _ := OptimalParams(0.8, DefaultK, 0.5, 0.5)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				ix, _ := NewIndex(p)
				for id, s := range sigs {
					ix.Add(uint32(id), s)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/add")
		})
	}
}

func BenchmarkLSHQuery(b *testing.B) {
	const n = 10000
	sigs := chainSignatures(b, n)
	p, _ := OptimalParams(0.8, DefaultK, 0.5, 0.5)
	ix, _ := NewIndex(p)
	for id, s := range sigs {
		ix.Add(uint32(id), s)
	}
	b.ReportAllocs()
	b.ResetTimer()
	hits := uint64(0)
	for i := 0; i < b.N; i++ {
		hits += ix.Query(sigs[i%n]).GetCardinality()
	}
	b.ReportMetric(float64(hits)/float64(b.N), "candidates/query")
}

func chainSignatures(b *testing.B, n int) []Signature {
	b.Helper()
	s, _ := NewSigner(Options{})
	state := uint64(1)
	prev := randomFeatures(500)
	sigs := make([]Signature, n)
	for i := range sigs {
		next := append([]uint64(nil), prev[:250]...)
		for len(next) < 500 {
			next = append(next, splitmix(&state))
		}
		sigs[i] = s.Sign(nil, next)
		prev = next
	}
	return sigs
}

// BenchmarkIntersection measures Intersection on many different pairs of
// sets of one size, each sharing a tenth of its elements, so that the
// branch predictor cannot learn one pair's merge.
func BenchmarkIntersection(b *testing.B) {
	for _, n := range []int{40, 450, 4000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			const sets = 256
			all := make([][]uint64, sets)
			for i := range all {
				state := uint64(i) << 32 // a different seed each
				all[i] = make([]uint64, n)
				for k := range all[i] {
					all[i][k] = splitmix(&state)
				}
				if i > 0 {
					copy(all[i], all[i-1][:n/10])
				}
				all[i] = SortUnique(all[i])
			}
			b.SetBytes(int64(16 * n))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				sinkInt = Intersection(all[i%sets], all[(i*7+1)%sets])
				i++
			}
		})
	}
	// A short document with a long one: galloping, and the merge it
	// replaces, at ratios on both sides of gallopRatio.
	for _, ratio := range []int{2, 4, 16, 64, 1024} {
		state := uint64(ratio)
		long := make([]uint64, 64*1024)
		for k := range long {
			long[k] = splitmix(&state)
		}
		long = SortUnique(long)
		// Half of the short set is in the long one.
		short := make([]uint64, len(long)/ratio)
		for k := range short {
			short[k] = splitmix(&state)
			if k%2 == 0 {
				short[k] = long[k*ratio]
			}
		}
		short = SortUnique(short)
		b.Run(fmt.Sprintf("skew=%d/gallop", ratio), func(b *testing.B) {
			for b.Loop() {
				sinkInt = gallop(short, long)
			}
		})
		b.Run(fmt.Sprintf("skew=%d/merge", ratio), func(b *testing.B) {
			for b.Loop() {
				sinkInt = merge(short, long)
			}
		})
	}
}

var sinkInt int

// BenchmarkSet32 is keyed by set size, over 64 different feature arrays
// in turn (so that no branch learns one array).
func BenchmarkSet32(b *testing.B) {
	for _, n := range []int{30, 500, 5000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			var arrays [64][]uint64
			for k := range arrays {
				arrays[k] = randomFeatures(n + k)[k:]
			}
			var buf []uint32
			b.SetBytes(int64(8 * n))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				sinkSet, buf = Set32(arrays[i%len(arrays)], buf)
			}
		})
	}
}

var sinkSet []uint32

// BenchmarkCandidatePairs lists the candidate pairs of an index of n
// signatures of 500-feature sets, one in five a copy of the one before
// with a tenth of its features replaced, the rest distinct: the index of
// a corpus of mostly distinct documents, whose tables are larger than the
// caches. It reports the time per indexed id and the pairs listed.
func BenchmarkCandidatePairs(b *testing.B) {
	for _, n := range []int{20000, 100000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			s, _ := NewSigner(Options{})
			state := uint64(7)
			p, _ := RecallParams(0.5, DefaultK, 0.99)
			ix, _ := NewIndex(p)
			ix.Reserve(n)
			var prev []uint64
			for id := range n {
				next := make([]uint64, 500)
				for k := range next {
					next[k] = splitmix(&state)
					if id%5 == 0 && id > 0 && k%10 != 0 {
						next[k] = prev[k]
					}
				}
				ix.Add(uint32(id), s.Sign(nil, next))
				prev = next
			}
			b.ReportAllocs()
			b.ResetTimer()
			var pairs int
			for i := 0; i < b.N; i++ {
				pairs = len(ix.CandidatePairs(1))
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/id")
			b.ReportMetric(float64(pairs), "pairs")
		})
	}
}
