package dupes

import (
	"fmt"
	"testing"

	"github.com/copydesk/copydesk/corpus"
)

// BenchmarkNearCopies runs Find on one story carried by n documents in a
// row, each with its own dateline and a word replaced (so that no two
// sets are identical), after 100 documents of their own: a wire story as
// a day's feed delivers it. Its time a document must not grow with n,
// however many of the copies share a block of gather.
func BenchmarkNearCopies(b *testing.B) {
	for _, n := range []int{1000, 4000, 16000} {
		b.Run(fmt.Sprintf("copies=%d", n), func(b *testing.B) {
			docs := generatedCorpus(100)
			story := string(docs[0].Text)
			bytes := 0
			for i := range n {
				text := fmt.Sprintf("CITY%05d (Outlet %d) — %s", i, i, story)
				docs = append(docs, corpus.Doc{ID: fmt.Sprintf("copy%05d", i), Text: editWords([]byte(text), 40+i%200)})
			}
			for _, d := range docs {
				bytes += len(d.Text)
			}
			b.SetBytes(int64(bytes))
			b.ReportAllocs()
			for b.Loop() {
				rep, err := Find(corpus.Docs(docs), Options{Threshold: 0.5})
				if err != nil {
					b.Fatal(err)
				}
				if len(rep.Clusters) == 0 || len(rep.Clusters[0].Members) < n {
					b.Fatalf("largest cluster %v, want the %d copies", rep.Clusters[:min(1, len(rep.Clusters))], n)
				}
				sink = rep
			}
			b.ReportMetric(float64(len(docs))*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

var sink any
