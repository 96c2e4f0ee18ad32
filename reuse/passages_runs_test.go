package reuse

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
)

// gitLog is a changelog as git log writes it, of entries from lo to hi:
// an Author and a Date line, a subject of a few words (each its own) and, for every
// other entry, a Signed-off-by line, the authors taking turns, as in the
// changelogs of /usr/share/doc's GnuTLS packages.
func gitLog(lo, hi int) string {
	authors := []string{"Daiki Ueno <ueno@gnu.org>", "Zoltan Fridrich <zfridric@redhat.com>", "Hubert Kario <hkario@redhat.com>"}
	subjects := []string{"doc update for the %d", "fix leak %d in the record layer", "tests: check option %d", "Release 3.%d",
		"nettle: check RSA modulus size %d in bits", "handshake: drop dead branch %d"}
	var b strings.Builder
	for i := lo; i < hi; i++ {
		a := authors[i%len(authors)]
		fmt.Fprintf(&b, "Author: %s\nDate:   Mon Aug %d 1%d:%02d:%02d 2022 +0900\n\n    ", a, 1+i%28, i%10, (i*7)%60, (i*13)%60)
		b.WriteString(fmt.Sprintf(subjects[i%len(subjects)], i) + "\n")
		if i%2 == 0 {
			b.WriteString("    \n    Signed-off-by: " + a + "\n")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestJoinRuns: three copies of a changelog of short lines, each line a
// node of its own, are one passage of three members, not a passage a
// line or two (as they were, and are with KeepRuns: a stretch of GnuTLS's
// changelog made 978); a fourth document that carries ten of its entries
// splits it where its copy starts and ends (and where a repeated line of
// it is aligned elsewhere), and is a member of passages of four alone.
func TestJoinRuns(t *testing.T) {
	log := gitLog(0, 30)
	excerpt := gitLog(10, 20)
	trio := []corpus.Doc{{ID: "a", Text: []byte(log)}, {ID: "b", Text: []byte(log)}, {ID: "c", Text: []byte(log)}}
	notes := corpus.Doc{ID: "notes", Text: []byte("The release notes quote the entries of the month, as they were written.\n\n" + excerpt +
		"Nothing else changed in the month, the maintainers wrote in their own words.\n")}
	scan := func(docs []corpus.Doc, opts Options) *report.Scan {
		rep, err := Scan(corpus.Docs(docs), opts)
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, 0, rep, docs)
		return rep
	}
	covered := func(rep *report.Scan, d string) (n int) {
		for _, p := range rep.Passages {
			for _, m := range p.Members {
				if m.Doc == d {
					n += m.End - m.Start
				}
			}
		}
		return n
	}
	for _, workers := range []int{1, 2} {
		rep := scan(trio, Options{Workers: workers})
		kept := scan(trio, Options{Workers: workers, KeepRuns: true})
		if rep.Params.Runs != "joined" || kept.Params.Runs != "kept" {
			t.Errorf("params' runs %q and, with KeepRuns, %q", rep.Params.Runs, kept.Params.Runs)
		}
		if len(rep.Passages) != 1 || len(rep.Passages[0].Members) != 3 || len(kept.Passages) < 30 {
			t.Errorf("workers %d: three copies: %d passages (%d kept apart), want one of three members", workers, len(rep.Passages), len(kept.Passages))
		}
		for _, d := range []string{"a", "b", "c"} {
			if c := covered(rep, d); c < len(strings.TrimSpace(log))-1 {
				t.Errorf("workers %d: %s: the passage covers %d bytes of %d", workers, d, c, len(log))
			}
		}
		docs := append(slices.Clone(trio), notes)
		rep = scan(docs, Options{Workers: workers})
		kept = scan(docs, Options{Workers: workers, KeepRuns: true})
		if 4*len(rep.Passages) > len(kept.Passages) {
			t.Errorf("workers %d: with the notes: %d passages, %d kept apart", workers, len(rep.Passages), len(kept.Passages))
		}
		for _, p := range rep.Passages {
			for _, m := range p.Members {
				if m.Doc == "notes" && len(p.Members) != 4 {
					t.Errorf("workers %d: the notes in a passage of %d members", workers, len(p.Members))
				}
			}
		}
		for _, d := range []string{"a", "b", "c"} {
			// Between two passages: the white space after a line's last word.
			if c := covered(rep, d); c < len(strings.TrimSpace(log))-8*len(rep.Passages) {
				t.Errorf("workers %d: %s: passages cover %d bytes of %d", workers, d, c, len(log))
			}
		}
		if c, want := covered(rep, "notes"), len(excerpt); c < want*9/10 || c > want {
			t.Errorf("workers %d: the notes' members cover %d bytes, want about the excerpt's %d", workers, c, want)
		}
	}
}

// TestJoinRunsNone: passages that do not continue one another in every
// member are left as they are, graph and all.
func TestJoinRunsNone(t *testing.T) {
	mk := func(gap int32) (*graph, []passage, passageNodes) {
		g := &graph{nodes: []node{{doc: 0, t0: 0, t1: 5}, {doc: 0, t0: 5, t1: 9}, {doc: 1, t0: 0, t1: 5}, {doc: 1, t0: 5 + gap, t1: 9 + gap}}, first: []int{0, 2, 4}}
		g.setEdges([]edge{{x: 0, y: 2, matched: 5, x1: 5, y1: 5}, {x: 1, y: 3, matched: 4, x0: 5, x1: 9, y0: 5 + gap, y1: 9 + gap}}, 1)
		passages := []passage{{nodes: []uint32{0, 2}, rep: 0, docs: []uint32{0, 1}}, {nodes: []uint32{1, 3}, rep: 1, docs: []uint32{0, 1}}}
		pn := passageNodes{of: []int32{0, 1, 0, 1}, toRep: make([]edge, 4)}
		pn.toRep[2], pn.toRep[3] = g.edges[0], g.edges[1]
		return g, passages, pn
	}
	// Document 1's second node starts a token after its first ends.
	if g, passages, pn := mk(1); true {
		if g2, ps, _ := joinRuns(g, passages, pn, 1); g2 != g || len(ps) != 2 {
			t.Errorf("a gap in one member: %d passages, want 2", len(ps))
		}
	}
	// Without the gap, the two are one, and so are their nodes.
	g, passages, pn := mk(0)
	g2, ps, pn2 := joinRuns(g, passages, pn, 1)
	if len(ps) != 1 || len(g2.nodes) != 2 || g2.nodes[0] != (node{doc: 0, t0: 0, t1: 9}) || g2.nodes[1] != (node{doc: 1, t0: 0, t1: 9}) {
		t.Fatalf("no gap: %d passages, nodes %v", len(ps), g2.nodes)
	}
	if e := pn2.toRep[1]; e.matched != 9 || e.x0 != 0 || e.x1 != 9 || e.y0 != 0 || e.y1 != 9 {
		t.Errorf("the member's edge to the representative: %+v, want both edges summed", e)
	}
	if len(g2.edges) != 1 || g2.edges[0].matched != 9 || len(g2.edgesOf(0)) != 1 || len(g2.edgesOf(1)) != 1 || g2.first[1] != 1 || g2.first[2] != 2 {
		t.Errorf("edges %+v (first %v), want one of 9 matched words", g2.edges, g2.first)
	}
	if ps[0].rep != 0 || pn2.of[0] != 0 || pn2.of[1] != 0 {
		t.Errorf("passage %+v, of %v", ps[0], pn2.of)
	}
	// A member that is not word for word its representative: not joined.
	g, passages, pn = mk(0)
	pn.toRep[3].matched = 3
	if _, ps, _ := joinRuns(g, passages, pn, 1); len(ps) != 2 {
		t.Errorf("an edited member: %d passages, want 2", len(ps))
	}
	// Representatives in two documents: not joined.
	g, passages, pn = mk(0)
	passages[1].rep = 3
	pn.toRep[1], pn.toRep[3] = g.edges[1], edge{}
	if _, ps, _ := joinRuns(g, passages, pn, 1); len(ps) != 2 {
		t.Errorf("representatives in two documents: %d passages, want 2", len(ps))
	}
}
