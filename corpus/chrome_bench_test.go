package corpus_test

import (
	"testing"

	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/internal/seeds"
)

// BenchmarkChrome finds the page chrome of generated news articles (no
// chrome but a copyright line now and then, the common case) and of the
// seeds (RFE/RL's page with its chrome among them).
func BenchmarkChrome(b *testing.B) {
	var news [][]byte
	for _, d := range benchmarks.NewGenerator(3).NewsCorpus(200) {
		news = append(news, d.Text)
	}
	var seedTexts [][]byte
	for _, s := range seeds.All() {
		seedTexts = append(seedTexts, s.Text)
	}
	for _, bc := range []struct {
		name  string
		texts [][]byte
	}{{"news", news}, {"seeds", seedTexts}} {
		b.Run(bc.name, func(b *testing.B) {
			size := 0
			for _, t := range bc.texts {
				size += len(t)
			}
			b.SetBytes(int64(size))
			n := 0
			for b.Loop() {
				for _, t := range bc.texts {
					n += len(corpus.Chrome(t))
				}
			}
			sinkRanges = n
		})
	}
}

var sinkRanges int
