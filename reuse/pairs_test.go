package reuse

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
)

// TestEachCommon: eachCommon names every index of b whose element is in
// a, once, in order, whether it merges or searches either list.
func TestEachCommon(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	list := func(n, values int) []uint32 {
		var x []uint32
		for range n {
			x = append(x, uint32(r.IntN(values)))
		}
		slices.Sort(x)
		return slices.Compact(x)
	}
	for round := range 500 {
		na, nb := r.IntN(40), r.IntN(40)
		switch round % 3 {
		case 1:
			nb = 200 + r.IntN(400) // a searched in b
		case 2:
			na = 200 + r.IntN(400) // b searched in a
		}
		a, b := list(na, 300), list(nb, 300)
		var want, got []int
		for k, x := range b {
			if slices.Contains(a, x) {
				want = append(want, k)
			}
		}
		eachCommon(a, b, func(k int) { got = append(got, k) })
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: eachCommon(%v, %v) named %v, want %v", round, a, b, got, want)
		}
	}
}

// TestBridges: two aligned stretches of a pair are one when the words
// between them are few in both documents, or about as many in both (a
// sentence edited past alignment in both), not when one document added a
// sentence of its own.
func TestBridges(t *testing.T) {
	for _, c := range []struct {
		gapA, gapB int32
		want       bool
	}{
		{0, 0, true}, {4, 0, true}, {0, 4, true}, {5, 0, true}, {12, 0, true},
		{13, 0, false}, {0, 25, false}, {20, 20, true}, {30, 18, true},
		{40, 40, true}, {41, 41, false}, {40, 27, false},
	} {
		if got := bridges(c.gapA, c.gapB, 4); got != c.want {
			t.Errorf("bridges(%d, %d) = %v, want %v", c.gapA, c.gapB, got, c.want)
		}
	}
}

// TestPairPassageInsertion: a document that copies two sentences with a
// sentence of its own between them has two passages with the source, one
// for each; where both have a sentence of about one length between the two
// (a sentence edited past recognition, as the generated corpora's heavy
// edits make them) the stretch is one.
func TestPairPassageInsertion(t *testing.T) {
	s1 := "The ministry said the closure would affect about forty thousand commuters every day and that buses would replace the trains."
	s3 := "Critics said the project had been delayed for years and that the cost had doubled since it was first announced in parliament."
	own := "Our reporter waited at the central station for three hours on Tuesday morning and counted only two buses in all that time."
	mid := "Officials warned that the works on the northern line could take until the end of next spring to finish completely."
	other := "A spokesman for the rail union declined to discuss the plans when he was reached by telephone late on Monday."
	for _, c := range []struct {
		name     string
		a, b     string
		passages int
	}{
		{"own sentence added", s1 + " " + own + " " + s3, s1 + " " + s3, 2},
		{"middle sentence replaced in both", s1 + " " + mid + " " + s3, s1 + " " + other + " " + s3, 1},
	} {
		rep, err := Scan(corpus.Docs([]corpus.Doc{{ID: "a", Text: []byte(c.a)}, {ID: "b", Text: []byte(c.b)}}), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Pairs) != 1 || len(rep.Pairs[0].Passages) != c.passages {
			t.Errorf("%s: pairs %+v, want one with %d passages", c.name, rep.Pairs, c.passages)
		}
	}
}

// TestAllPairsPassages: with AllPairs, every two documents that share a
// passage are a pair, and each pair lists the stretch they share, though
// a span names only its source and Partners matches.
func TestAllPairsPassages(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	var docs []corpus.Doc
	for i := range 10 {
		text := benchmarks.OwnText(r, 2) + "\n\n" + benchmarks.WireParagraph + "\n\n" + benchmarks.OwnText(r, 2)
		docs = append(docs, corpus.Doc{ID: fmt.Sprintf("d%02d", i), Text: []byte(text)})
	}
	rep, err := Scan(corpus.Docs(docs), Options{AllPairs: true, Partners: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Pairs) != 45 {
		t.Fatalf("%d pairs, want 45", len(rep.Pairs))
	}
	for _, p := range rep.Pairs {
		if len(p.Passages) == 0 {
			t.Errorf("pair %s~%s lists no passage", p.A, p.B)
		}
	}
}
