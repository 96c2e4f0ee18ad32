package reuse

import (
	"testing"

	"github.com/copydesk/copydesk/benchmarks"
)

var sinkState *docState

// BenchmarkAnalyse measures the per-document work of Scan (tokens, keys,
// sentences, shingles, quotation marks, attribution cues) on generated
// news-sized documents.
func BenchmarkAnalyse(b *testing.B) {
	docs := benchmarks.NewGenerator(3).SyndicationCorpus(500, benchmarks.Strengths[1]).Docs
	size := 0
	for _, d := range docs {
		size += len(d.Text)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	a := newAnalyser()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			sinkState = a.analyse(d)
		}
	}
}
