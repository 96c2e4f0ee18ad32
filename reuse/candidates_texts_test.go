package reuse

import (
	"fmt"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/corpus"
)

// TestTextPairs: two documents that print a sentence word for word are
// candidates for it even when every shingle of it is in more than
// starDocs documents that print it inside a longer sentence, whose
// leader's star pairs each copy with the leader only (a stock licence
// clause): the text's own run pairs them (candidates_texts.go). The
// shingles alone do not; and the pairs the texts add are only such.
func TestTextPairs(t *testing.T) {
	clause := "you can redistribute it and modify it under the terms of the licence that the foundation published"
	var docs []corpus.Doc
	for i := range 20 {
		docs = append(docs, corpus.Doc{ID: fmt.Sprintf("a%02d", i),
			Text: []byte(fmt.Sprintf("Package %d is free software: %s, in its version %d or any later one.", i, clause, i%3+2))})
	}
	same := "You " + strings.TrimPrefix(clause, "you ") + "."
	docs = append(docs, corpus.Doc{ID: "x", Text: []byte("The first tool. " + same)}, corpus.Doc{ID: "y", Text: []byte("Another one here. " + same)})
	c := stageCandidates(t, docs, 2)
	ut, shingles, texts := c.ut, c.shingles, c.texts
	// The pairs of x's units with y's.
	xy := func(pairs []uint64) (n int) {
		for _, p := range pairs {
			if ut.doc[p>>32] == 20 && ut.doc[uint32(p)] == 21 {
				n++
			}
		}
		return n
	}
	if n := xy(shingles); n != 0 {
		t.Fatalf("the shingles pair x and y %d times: the corpus tests nothing", n)
	}
	if n := xy(unionPairs(shingles, texts)); n != 1 {
		t.Errorf("with the texts, x and y are paired %d times, want once (the sentence they share)", n)
	}
	for _, p := range texts {
		a, b := ut.stemsOf(uint32(p>>32)), ut.stemsOf(uint32(p))
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("texts pair units %d and %d, which differ", p>>32, uint32(p))
		}
	}
	// And the scan finds the sentence shared by x and y.
	rep, err := Scan(corpus.Docs(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range rep.Documents[20:] {
		if own := strings.Join(ownWords(d), " "); strings.Contains(own, "foundation") {
			t.Errorf("%s keeps as its own %q", d.ID, own)
		}
	}
}
