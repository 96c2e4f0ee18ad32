package corpus_test

import (
	"testing"

	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
)

// BenchmarkLineKeys reads the candidate furniture lines of generated news
// articles (LineKeys, as a scan reads every document of an outlet) and
// only their tail lines (TailLines, a document of none).
func BenchmarkLineKeys(b *testing.B) {
	docs := benchmarks.NewGenerator(1).NewsCorpus(2000)
	size := 0
	for _, d := range docs {
		size += len(d.Text)
	}
	var lines []corpus.LineKey
	for _, bc := range []struct {
		name string
		read func([]corpus.LineKey, []byte) []corpus.LineKey
	}{{"all", corpus.LineKeys}, {"tails", corpus.TailLines}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				for _, d := range docs {
					lines = bc.read(lines[:0], d.Text)
					n += len(lines)
				}
			}
			b.ReportMetric(float64(n)/float64(b.N*len(docs)), "lines/doc")
		})
	}
}
