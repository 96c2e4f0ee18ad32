package reuse

import (
	"maps"
	"slices"
	"testing"

	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
)

// linkedDocs returns the pairs of document IDs that the aligned pieces
// of a corpus join, each "a|b" with a < b.
func linkedDocs(t *testing.T, docs []corpus.Doc) map[string]bool {
	t.Helper()
	st, err := alignCorpus(corpus.Docs(docs), filled(Options{}))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, part := range st.found {
		for _, l := range part {
			a, b := st.docs[l.da].doc.ID, st.docs[l.db].doc.ID
			out[min(a, b)+"|"+max(a, b)] = true
		}
	}
	return out
}

// TestExplainedCandidates: two copies of a story carried by 24 documents
// that made one edit alike by chance, and each edits of its own beside
// it, are not aligned with each other (the story explains them), nor is
// the reprint of one with the other; the reprint is aligned with the
// copy it reprinted, and names it as its source. Twins that changed
// nothing else are aligned: nothing shows they copied the story apart.
func TestExplainedCandidates(t *testing.T) {
	docs := benchmarks.TwinEditsCorpus()
	linked := linkedDocs(t, docs)
	for pair, want := range map[string]bool{
		"twin-a|twin-b": false, "reprint|twin-b": false, "reprint|twin-a": true,
		"story|twin-a": true, "story|twin-b": true, "reprint|story": true,
	} {
		if linked[pair] != want {
			t.Errorf("%s aligned: %v, want %v", pair, linked[pair], want)
		}
	}
	rep, err := Scan(corpus.Docs(docs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string][]string{} // each document's spans' sources
	for _, d := range rep.Documents {
		for _, s := range d.Spans {
			if s.Source != nil {
				sources[d.ID] = append(sources[d.ID], s.Source.Doc)
			}
		}
	}
	if !slices.Contains(sources["reprint"], "twin-a") || !slices.Equal(sources["twin-b"], []string{"story"}) || !slices.Equal(sources["twin-a"], []string{"story"}) {
		t.Errorf("sources %v: want twin-a among the reprint's, the story alone the twins'", sources)
	}

	// The twins without edits of their own beside the shared one.
	plain := slices.Clone(docs)
	for i, d := range plain {
		if d.ID == "twin-b" {
			a := plain[slices.IndexFunc(plain, func(d corpus.Doc) bool { return d.ID == "twin-a" })]
			plain[i].Text = a.Text
		}
	}
	if linked := linkedDocs(t, plain); !linked["twin-a|twin-b"] {
		t.Errorf("twins alike throughout not aligned (%v)", slices.Sorted(maps.Keys(linked)))
	}
}

// TestInferRoots: a unit with no root between two whose roots are two
// units apart in one document gets the unit between; not across
// documents, not from roots further apart or in two documents, and not
// from a root itself inferred.
func TestInferRoots(t *testing.T) {
	root := func(doc, unit uint32) uint64 { return uint64(doc)<<32 | uint64(unit) }
	// Documents 0 (units 0 to 5), 1 (6 to 8) and 2 (9 to 11).
	ut := &unitTable{doc: []uint32{0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2}, first: []int64{0, 6, 9, 12}}
	roots := []uint64{
		root(9, 50), noRoot, root(9, 52), noRoot, noRoot, root(9, 55), // one between; two, not
		root(9, 60), noRoot, root(8, 62), // roots in two documents
		root(9, 70), noRoot, root(9, 73), // three apart
	}
	want := slices.Clone(roots)
	want[1] = root(9, 51)
	inferRoots(roots, ut)
	if !slices.Equal(roots, want) {
		t.Errorf("roots %x, want %x", roots, want)
	}
	// Across documents: units 5 and 7 have roots two apart, 6 is not between.
	ut = &unitTable{doc: []uint32{0, 0, 1, 1}, first: []int64{0, 2, 4}}
	roots = []uint64{noRoot, root(9, 1), noRoot, root(9, 3)}
	inferRoots(roots, ut)
	if roots[2] != noRoot {
		t.Errorf("unit 2 got root %x from the other document's unit", roots[2])
	}
}
