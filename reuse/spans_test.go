package reuse

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/corpus"
)

// TestClosest: closest returns the k first elements of a full sort, in
// order, for k small and large against the list, with ties in the first
// key broken by the second.
func TestClosest(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	type item struct{ key, id int }
	order := func(a, b item) int {
		if a.key != b.key {
			return b.key - a.key // greater keys first, as closer ranks similarity
		}
		return a.id - b.id
	}
	for round := range 400 {
		n, k := r.IntN(300), 1+r.IntN(8)
		if round%4 == 0 {
			k = 1 + r.IntN(400)
		}
		var s []item
		for i := range n {
			s = append(s, item{r.IntN(20), i})
		}
		want := slices.Clone(s)
		slices.SortFunc(want, order)
		want = want[:min(k, n)]
		if got := closest(s, k, order); !slices.Equal(got, want) {
			t.Fatalf("round %d, k %d of %d: %v, want %v", round, k, n, got, want)
		}
	}
}

// TestSourceOfUnknownOrder: with no times, a span's source is the closest
// member, and of equally close ones the document that shares the most of
// the span's document: a licence printed twice names its twin as the
// source of every sentence, in one span, not, sentence by sentence, an
// older version read first that carries some of them alike (as GPL named
// GPL-1 for half its sentences and GPL-3 for the rest, in 33 spans).
func TestSourceOfUnknownOrder(t *testing.T) {
	sentences := []string{
		"This licence lets you copy and share the program with anyone you choose to give it to.",
		"You may charge a fee for the physical act of transferring a copy of the program.",
		"Each copy you give away must carry this notice and the disclaimer of warranty below it.",
		"If you change the program, mark your changed files and the date of every change clearly.",
		"The source code of a work means the preferred form of the work for making changes to it.",
		"Object code means any form of the work that is not source code, such as a binary built from it.",
		"You may convey object code provided you also convey the source code under these same terms.",
		"No author or distributor accepts responsibility for the consequences of using the program.",
		"These terms end automatically if you break them, and your rights under them end as well.",
		"A new version of this licence may be published from time to time by the foundation.",
	}
	current := strings.Join(sentences, " ")
	older := strings.Join([]string{sentences[0], sentences[1], sentences[2],
		"Modified copies must say who changed them and when, in a notice at the top of each file.",
		"Binaries may be shared only together with the full text of their sources, on request.",
		sentences[7], sentences[8],
		"Revised versions of this document are published by the foundation now and then."}, " ")
	// "a-older" is read first: of equally close sources, the earlier rank.
	rep, err := Scan(corpus.Docs([]corpus.Doc{
		{ID: "a-older", Text: []byte(older)}, {ID: "b-current", Text: []byte(current)}, {ID: "c-copy", Text: []byte(current)},
	}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range rep.Documents[1:] {
		twin := map[string]string{"b-current": "c-copy", "c-copy": "b-current"}[d.ID]
		var sources []string
		for _, s := range d.Spans {
			if s.Source == nil {
				sources = append(sources, "(none)")
				continue
			}
			sources = append(sources, s.Source.Doc)
		}
		if len(d.Spans) != 1 || sources[0] != twin {
			t.Errorf("%s: spans' sources %q, want one span, from %s", d.ID, sources, twin)
		}
	}
}
