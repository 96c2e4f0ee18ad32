package report

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// sinkRenumbering keeps the benchmark's result alive.
var sinkRenumbering renumbering

// BenchmarkSortPassages sorts n passages given in random order, as a scan
// of a few hundred thousand documents hands them to Sort: most of reach 2
// or 3 and tens of words, so that many tie on both and are ordered by
// their first member's document.
func BenchmarkSortPassages(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, uint64(n)))
			ps := make([]Passage, n)
			for i := range ps {
				ps[i] = Passage{ID: i + 1, Reach: Reach{Documents: 2 + int(r.ExpFloat64()*2)}, Words: 8 + r.IntN(50),
					Members: []Member{{Doc: fmt.Sprintf("n%07d", r.IntN(n)), Start: r.IntN(3000)}}}
			}
			rep := &Scan{}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				rep.Passages = slices.Clone(ps)
				b.StartTimer()
				sinkRenumbering = rep.sortPassages()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/passage")
		})
	}
}
