package benchmarks

import (
	"fmt"
	"testing"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/reuse"
)

func TestAccuracyQuick(t *testing.T) {
	for _, s := range Strengths {
		l := NewGenerator(7).SyndicationCorpus(400, s)
		rep, err := reuse.Scan(corpus.Docs(l.Docs), reuse.Options{})
		if err != nil {
			t.Fatal(err)
		}
		a := Score(l, rep)
		fmt.Printf("%-8s words P %.3f R %.3f  pairs P %.3f R %.3f  %+v\n", s.Name, a.WordPrecision(), a.WordRecall(), a.PairPrecision(), a.PairRecall(), a)
	}
}
