package reuse

import (
	"fmt"
	"slices"
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

// TestIdenticalPairs: two identical documents, a header that twenty
// others print over other notices and a permission notice that twenty
// others print under other headers, are candidates unit by unit, which
// the shingles' and the units' texts' stars, each pairing a copy with its
// leader only, do not make; so the scan finds each wholly copied from the
// other, the header's short lines too, which no pair with a leader holds
// as evidence (candidates_texts.go). Only identical documents are paired
// so: a third that differs by one word is not.
func TestIdenticalPairs(t *testing.T) {
	docs := identicalCorpus()
	const x, y, z = 40, 41, 42
	c := stageCandidates(t, docs, 2)
	ut := c.ut
	between := func(pairs []uint64, a, b uint32) (n int) {
		for _, p := range pairs {
			if da, db := ut.doc[p>>32], ut.doc[uint32(p)]; da == a && db == b || da == b && db == a {
				n++
			}
		}
		return n
	}
	units := int(ut.first[x+1] - ut.first[x])
	if n := between(unionPairs(c.shingles, c.texts), x, y); n != 0 {
		t.Fatalf("the shingles and texts pair x and y %d times: the corpus tests nothing", n)
	}
	if n := between(c.identical, x, y); n != units {
		t.Errorf("identical documents x and y paired %d times, want once a unit (%d)", n, units)
	}
	if n := between(c.identical, x, z) + between(c.identical, y, z); n != 0 {
		t.Errorf("z, one word apart, paired %d times as identical", n)
	}
	for _, p := range c.identical {
		if a, b := ut.stemsOf(uint32(p>>32)), ut.stemsOf(uint32(p)); !slices.Equal(a, b) {
			t.Errorf("identical documents pair units %d and %d, which differ", p>>32, uint32(p))
		}
	}
	rep, err := Scan(corpus.Docs(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range rep.Documents[x : y+1] {
		if own := ownWords(d); len(own) > 0 {
			t.Errorf("%s keeps as its own %q", d.ID, own)
		}
		other := map[string]string{"x": "y", "y": "x"}[d.ID]
		if len(d.Spans) != 1 || d.Spans[0].Source == nil || d.Spans[0].Source.Doc != other {
			t.Errorf("%s: %d spans, want one, copied from %s", d.ID, len(d.Spans), other)
		}
	}
}

// identicalCorpus is TestIdenticalPairs' corpus: forty documents, then x
// and y, identical, and z, one word apart from them.
func identicalCorpus() []corpus.Doc {
	header := "This package was downloaded from\nhttps://xorg.freedesktop.org/releases/individual/lib/\n\nCopyright 1993, 1998  The Open Group\n\n"
	notice := "Permission to use, copy, modify, distribute, and sell this software and its documentation for any purpose is hereby granted without fee, provided that the above copyright notice appear in all copies.\n\n" +
		"The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.\n"
	var docs []corpus.Doc
	for i := range 20 {
		docs = append(docs, corpus.Doc{ID: fmt.Sprintf("a%02d", i), Text: []byte(fmt.Sprintf("Copyright %d, %d The Group of Package %d\n\n%s", 1980+i, 1990+i, i, notice))},
			corpus.Doc{ID: fmt.Sprintf("b%02d", i), Text: []byte(fmt.Sprintf("%sPackage %d is yours to use under the terms set out in the file named COPYING %d in its source.\n", header, i, i))})
	}
	return append(docs, corpus.Doc{ID: "x", Text: []byte(header + notice)}, corpus.Doc{ID: "y", Text: []byte(header + notice)},
		corpus.Doc{ID: "z", Text: []byte(strings.Replace(header, "1998", "1999", 1) + notice)})
}
