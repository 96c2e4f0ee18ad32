package benchmarks

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/dupes"
	"github.com/copydesk/copydesk/minhash"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/shingle"
)

var (
	sinkHashes []uint64
	sinkReport *report.Dupes
)

var sizes = []int{300, 3000, 30000}

// BenchmarkShingle is tokenising, sentence splitting, normalising and
// hashing: the floor every analysis pays.
func BenchmarkShingle(b *testing.B) {
	for _, size := range sizes {
		b.Run(fmt.Sprintf("bytes=%d", size), func(b *testing.B) {
			text := NewGenerator(1).Article(size)
			var sh shingle.Shingler
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				sinkHashes = sh.AppendHashes(sinkHashes[:0], text)
			}
		})
	}
}

// BenchmarkFloorRatio measures, in one run, the floor (tokenise and
// xxhash each shingle once) and the whole per-document indexing path
// (floor + signature + LSH add) over the same documents, and reports
// (signature + LSH) / floor, the cost the MinHash layer adds, for each
// scheme. Target: at most 0.5 extra (a ratio of the whole to the floor of
// at most 1.5) on 3 KB documents.
func BenchmarkFloorRatio(b *testing.B) {
	for _, size := range sizes {
		for _, scheme := range []minhash.Scheme{minhash.FastSimilarity, minhash.OnePermutation, minhash.Classic} {
			b.Run(fmt.Sprintf("bytes=%d/%v", size, scheme), func(b *testing.B) {
				g := NewGenerator(2)
				docs := make([][]byte, 200)
				total := 0
				for i := range docs {
					docs[i] = g.Article(size)
					total += len(docs[i])
				}
				var sh shingle.Shingler
				signer, _ := minhash.NewSigner(minhash.Options{Scheme: scheme})
				params, _ := minhash.RecallParams(0.8, minhash.DefaultK, dupes.MinRecall)
				var sig minhash.Signature
				b.SetBytes(int64(total))
				b.ReportAllocs()
				var floor, rest time.Duration
				for i := 0; i < b.N; i++ {
					ix, _ := minhash.NewIndex(params)
					for id, d := range docs {
						t0 := time.Now()
						sinkHashes = sh.AppendHashes(sinkHashes[:0], d)
						t1 := time.Now()
						sig = signer.Sign(sig, sinkHashes)
						ix.Add(uint32(id), sig)
						rest += time.Since(t1)
						floor += t1.Sub(t0)
					}
				}
				b.ReportMetric(float64(rest)/float64(floor), "(sig+lsh)/floor")
				b.ReportMetric(float64(floor+rest)/float64(floor), "whole/floor")
				b.ReportMetric(float64(floor.Nanoseconds())/float64(b.N*len(docs)), "floor-ns/doc")
			})
		}
	}
}

// BenchmarkDupesCorpus runs the whole dupes pipeline on a generated corpus
// of 20,000 3 KB articles, a fifth of them lightly edited reprints.
func BenchmarkDupesCorpus(b *testing.B) {
	const n = 20000
	docs := NewGenerator(3).DupesCorpus(n)
	total := 0
	for _, d := range docs {
		total += len(d.Text)
	}
	src := corpus.Docs(docs)
	b.SetBytes(int64(total))
	b.ReportAllocs()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < b.N; i++ {
		rep, err := dupes.Find(src, dupes.Options{})
		if err != nil {
			b.Fatal(err)
		}
		sinkReport = rep
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(len(sinkReport.Pairs)), "pairs")
}
