package reuse

import (
	"strings"
	"testing"

	"github.com/copydesk/copydesk/corpus"
)

// TestNeighboursUnless: every neighbour's unless is the diagonal step on
// or back, the two pairs extend asks about once a link.
func TestNeighboursUnless(t *testing.T) {
	for _, d := range neighbours {
		if d.unless != [2]int64{1, 1} && d.unless != [2]int64{-1, -1} {
			t.Errorf("neighbour %v: unless %v is neither diagonal step", d.step, d.unless)
		}
		if d.unless[0]*d.step[0] <= 0 {
			t.Errorf("neighbour %v: unless %v points the other way", d.step, d.unless)
		}
	}
}

// TestExtendOverShortLines: extension (extend.go) goes on from a sentence
// copied whole over what a copy carries between its sentences: short
// units in both documents (a heading), which it steps over along the
// diagonal, and a unit copied whole that is too short to be evidence on
// its own (a copyright line), which it extends from. The sentences after
// them are edited so that they share no shingle with their source: only
// extension finds them. Before, "licence texts under each of a package's
// files" in the machine's copyright files stopped at every heading and
// copyright line: the gcc-12 packages' identical copyright files came out
// 10% original each.
func TestExtendOverShortLines(t *testing.T) {
	first := "The runtime support library is distributed under the terms of the permissive licence below, which applies to every file of the directory."
	after := []string{
		"This library is free software; you can redistribute it and modify it under the terms of the licence published by the foundation.",
		"This library is distributed in the hope that it will be useful, but without any warranty, not even the implied warranty of fitness.",
	}
	// b's copy of the sentences after has every fifth word changed: no
	// run of six words (the shingle) survives.
	var edited []string
	for _, s := range after {
		words := strings.Fields(s)
		for i := 4; i < len(words); i += 5 {
			words[i] = "other" + strings.Trim(words[i], ",.;")
		}
		edited = append(edited, strings.Join(words, " "))
	}
	for _, c := range []struct{ name, between string }{
		{"a heading", "\n\ngcc/m2/gm2-libs-ch:\n\n"},
		{"a copyright line", "\n\nCopyright (C) 2002-2019 Free Software Foundation.\n\n"},
		{"both", "\n\ngcc/m2/gm2-libs-ch:\nCopyright (C) 2002-2019 Free Software Foundation.\n\n"},
	} {
		a := first + c.between + strings.Join(after, " ") + "\n"
		b := first + c.between + strings.Join(edited, " ") + "\n"
		in := []corpus.Doc{{ID: "a", Text: []byte(a)}, {ID: "b", Text: []byte(b)}}
		// The extension stage itself links every unit of a that can align
		// (the rewrite stage, later, would find some as missed copies).
		if missed := unlinkedAfterExtend(t, in); len(missed) > 0 {
			t.Errorf("%s: after extension, a's units %q are linked with nothing", c.name, missed)
		}
		rep, err := Scan(corpus.Docs(in), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range rep.Documents {
			// Every sentence is found; the copy's edits lie inside it.
			if own := ownWords(d); len(own) != 0 {
				t.Errorf("%s: %s's own words %q, want none", c.name, d.ID, own)
			}
		}
	}
}

// stagedCandidates is a corpus run through Scan's stages up to the
// candidates (stageCandidates).
type stagedCandidates struct {
	opts     Options
	docs     []*docState
	ut       *unitTable
	shingles []uint64 // the candidate pairs of the shingles' runs
	texts    []uint64 // and of the texts' (candidates_texts.go)
	// and of identical documents' (candidates_texts.go)
	identical []uint64
}

// stageCandidates runs Scan's stages up to the candidates on in, with the
// given number of workers.
func stageCandidates(t *testing.T, in []corpus.Doc, workers int) *stagedCandidates {
	c := &stagedCandidates{opts: Options{Workers: workers}}
	if err := c.opts.fill(); err != nil {
		t.Fatal(err)
	}
	sp, docs, _, blocks, err := readCorpus(corpus.Docs(in), c.opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sp.close)
	_, rank := publication(docs)
	c.docs, c.ut = docs, layoutUnits(docs, blocks, workers)
	ps := makePostings(docs, c.ut, c.opts.Shingle, workers)
	var lists unitLists
	c.shingles, _ = candidatePairs(ps.sorted, ps.start, rank, len(c.ut.unit), &lists, workers)
	c.texts = textPairs(ps.texts, c.ut.doc, rank, &lists, workers)
	c.identical = identicalPairs(ps.docTexts, c.ut.first, rank, &lists, workers)
	return c
}

// unlinkedAfterExtend runs Scan's stages up to extension on docs and
// returns the text of the units of the first document, of at least
// MinAlign tokens, that no link of the candidates or of extension holds.
func unlinkedAfterExtend(t *testing.T, in []corpus.Doc) []string {
	c := stageCandidates(t, in, 1)
	opts, docs, ut := c.opts, c.docs, c.ut
	all := unionPairs(unionPairs(c.shingles, c.texts), c.identical)
	cands, deferred := boundPairs(all, ut, &opts)
	found := alignPairs(cands, ut, docs, &opts, false)
	more := extend(found, all, cands, deferred, ut, docs, &opts)
	linked := map[uint32]bool{}
	for _, part := range append(found, more...) {
		for _, l := range part {
			linked[l.ua] = true
		}
	}
	var missed []string
	for u := ut.first[0]; u < ut.first[1]; u++ {
		if ut.lenOf(uint32(u)) >= uint32(opts.MinAlign) && !linked[uint32(u)] {
			x := ut.unit[u]
			s, e := docs[0].toks.span(x.start, x.end)
			missed = append(missed, string(in[0].Text[s:e]))
		}
	}
	return missed
}
