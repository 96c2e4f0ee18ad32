package reuse

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/corpus"
)

// TestComponents checks graph.components against a breadth-first search
// on random graphs: two nodes are in one component exactly when a path
// joins them, each component lists its nodes in increasing order, and
// nodes with no edge are in none.
func TestComponents(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		n := 1 + r.IntN(40)
		g := &graph{nodes: make([]node, n)}
		var edges []edge
		for range r.IntN(2 * n) {
			x, y := uint32(r.IntN(n)), uint32(r.IntN(n))
			if x != y {
				edges = append(edges, edge{x: min(x, y), y: max(x, y)})
			}
		}
		g.setEdges(edges, 2)
		comps, start := g.components()
		// The oracle: each node's component by search.
		adj := make([][]uint32, n)
		for _, e := range g.edges {
			adj[e.x], adj[e.y] = append(adj[e.x], e.y), append(adj[e.y], e.x)
		}
		label := make([]int, n)
		for i := range label {
			label[i] = -1
		}
		for s := range n {
			if label[s] >= 0 {
				continue
			}
			label[s] = s
			for q := []uint32{uint32(s)}; len(q) > 0; q = q[1:] {
				for _, y := range adj[q[0]] {
					if label[y] < 0 {
						label[y] = s
						q = append(q, y)
					}
				}
			}
		}
		seen := make([]bool, n)
		for c := 0; c+1 < len(start); c++ {
			group := comps[start[c]:start[c+1]]
			if len(group) < 2 || !slices.IsSorted(group) {
				t.Fatalf("component %d: nodes %v, want two or more, in order", c, group)
			}
			want := label[group[0]]
			for _, m := range group {
				if seen[m] || label[m] != want {
					t.Fatalf("component %d holds node %d, seen before %v or of another component", c, m, seen[m])
				}
				seen[m] = true
			}
		}
		for m := range n {
			if seen[m] != (len(adj[m]) > 0) {
				t.Fatalf("node %d with %d edges: in a component %v", m, len(adj[m]), seen[m])
			}
		}
	}
}

// TestStarComponent: a component of a hub joined to many spokes, some in
// one document, makes one star around the hub with one node per
// document, and attach puts the spokes left out in the hub's cluster.
func TestStarComponent(t *testing.T) {
	const spokes = 200
	g := &graph{nodes: []node{{doc: 0}}}
	var edges []edge
	for i := 1; i <= spokes; i++ {
		g.nodes = append(g.nodes, node{doc: uint32(1 + i/2)}) // two nodes a document
		edges = append(edges, edge{x: 0, y: uint32(i), matched: int32(10 + i%7)})
	}
	g.setEdges(edges, 2)
	rank := make([]uint32, 2+spokes/2)
	for i := range rank {
		rank[i] = uint32(i)
	}
	nodes, _ := g.components()
	stars := starComponent(g, rank, nodes)
	if len(stars) != 1 || stars[0][0] != 0 || len(stars[0]) != 1+len(rank)-1 {
		t.Fatalf("stars %v: want one around node 0 with a node of each of %d documents", len(stars), len(rank)-1)
	}
	docs := map[uint32]bool{}
	for _, m := range stars[0] {
		if docs[g.nodes[m].doc] {
			t.Fatalf("document %d twice in the star", g.nodes[m].doc)
		}
		docs[g.nodes[m].doc] = true
	}
	all := attach(g, nodes, stars)
	if len(all) != 1 || len(all[0]) != spokes+1 {
		t.Errorf("after attach: %d clusters, the first of %d nodes; want one of %d", len(all), len(all[0]), spokes+1)
	}
}

// TestAddEdges: adding edges to a graph's merges them into its sorted
// edges, the graph then the one setEdges makes of all of them laid end to
// end (a brute-force sort), with edges in either orientation, between
// nodes already joined (summed) and not, and none at all.
func TestAddEdges(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	randomEdges := func(n, m int) []edge {
		var edges []edge
		for range m {
			x, y := uint32(r.IntN(n)), uint32(r.IntN(n))
			if x == y {
				continue
			}
			t0 := int32(r.IntN(100))
			edges = append(edges, edge{x: x, y: y, matched: int32(1 + r.IntN(9)), x0: t0, x1: t0 + 5, y0: t0 + 1, y1: t0 + 7})
		}
		return edges
	}
	for range 100 {
		n := 2 + r.IntN(30)
		base, extra := randomEdges(n, r.IntN(3*n)), randomEdges(n, r.IntN(n))
		want := &graph{nodes: make([]node, n)}
		want.setEdges(append(slices.Clone(base), extra...), 2)
		got := &graph{nodes: make([]node, n)}
		got.setEdges(slices.Clone(base), 2)
		got.addEdges(extra, 2)
		if !slices.Equal(got.edges, want.edges) || !slices.Equal(got.start, want.start) || !slices.Equal(got.adj, want.adj) {
			t.Fatalf("%d nodes, %d edges and %d added: edges %v\nwant %v", n, len(base), len(extra), got.edges, want.edges)
		}
	}
}

// TestMemberSimilarityBelowMinAlign: a passage's member that its
// representative does not align with at MinAlign, joined to the passage
// through another member, has its similarity to the representative from
// their best alignment however weak, not 0, and its span lists no match
// that shares nothing (editedTwice). The report made in parts
// (TestReportByParts, pairCorpus) says the same.
func TestMemberSimilarityBelowMinAlign(t *testing.T) {
	rep, err := Scan(corpus.Docs(editedTwice()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Passages) != 1 || len(rep.Passages[0].Members) != 5 {
		t.Fatalf("%d passages (want one of five members): %+v", len(rep.Passages), rep.Passages)
	}
	for _, m := range rep.Passages[0].Members {
		if m.Similarity <= 0 || m.Similarity > 1 {
			t.Errorf("member %s: similarity %v to the representative", m.Doc, m.Similarity)
		}
	}
	for _, d := range rep.Documents {
		for _, s := range d.Spans {
			for _, m := range s.Matches {
				if m.Similarity <= 0 {
					t.Errorf("%s's span matches %s with similarity %v", d.ID, m.Doc, m.Similarity)
				}
			}
		}
	}
}

// editedTwice returns five documents: three carry a 36-word sentence, a
// fourth has every other word of its second half changed (V1), a fifth is
// V1 with every other word of the first half changed too (V2). V2 and the
// sentence match one word in two all along, an alignment that never
// scores MinAlign, so V2 joins the passage through V1 alone.
func editedTwice() []corpus.Doc {
	words := strings.Fields("harbour council approved funding plans yesterday after engineers warned bridge " +
		"cables corroded beyond repair leaving commuters stranded during winter storms while ferry operators " +
		"raised fares sharply prompting residents petition regional transport authority demanding cheaper " +
		"crossings tonight")
	edit := func(w []string, from int, tag string) []string {
		w = slices.Clone(w)
		for i := from; i < from+16; i += 2 {
			w[i] = fmt.Sprintf("%s%d", tag, i)
		}
		return w
	}
	v1 := edit(words, 19, "quay")
	v2 := edit(v1, 1, "moor")
	var docs []corpus.Doc
	for i, w := range [][]string{words, words, words, v1, v2} {
		docs = append(docs, corpus.Doc{ID: fmt.Sprint("edited-", i), Text: []byte(strings.Join(w, " ") + ".")})
	}
	return docs
}

// TestStarCoverage: a star takes in the neighbours whose edge to its
// centre matches half the words of both or more, so that a passage's
// members carry its text; the others make stars of their own. A hub of
// 18 words has twenty copies, and five short nodes of 5 words that match
// its first 5 and each other (a command line that the twenty run on from
// into the sentence after it: passages_short.go). Seen in 3,000 of this
// machine's man pages: "$ gcloud config unset compute/region" in 70
// members of the passage "Alternatively, the region can be stored in the
// environment variable CLOUDSDK_COMPUTE_REGION", at similarity 0.22.
func TestStarCoverage(t *testing.T) {
	g := &graph{nodes: []node{{doc: 0, t0: 0, t1: 18}}}
	var edges []edge
	for i := uint32(1); i <= 25; i++ {
		n, matched := node{doc: i, t0: 0, t1: 18}, int32(18)
		if i > 20 {
			n.t1, matched = 5, 5
			for j := uint32(21); j < i; j++ {
				edges = append(edges, edge{x: j, y: i, matched: 5, x0: 0, x1: 5, y0: 0, y1: 5})
			}
		}
		g.nodes = append(g.nodes, n)
		edges = append(edges, edge{x: 0, y: i, matched: matched, x0: 0, x1: matched, y0: 0, y1: matched})
	}
	g.setEdges(edges, 2)
	rank := make([]uint32, 26)
	for i := range rank {
		rank[i] = uint32(i)
	}
	nodes, _ := g.components()
	got := attach(g, nodes, starComponent(g, rank, nodes))
	want := [][]uint32{{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, {21, 22, 23, 24, 25}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("clusters %v, want %v", got, want)
	}
}
