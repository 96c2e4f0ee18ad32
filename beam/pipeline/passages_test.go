package pipeline

import (
	"encoding/binary"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/reuse"
)

// TestIndexPublished: when each document was published survives the
// index: a moment, a day, unknown, and a moment before 1970.
func TestIndexPublished(t *testing.T) {
	moment := time.Date(2017, 12, 17, 14, 3, 5, 123456789, time.UTC)
	day := time.Date(2017, 12, 17, 0, 0, 0, 0, time.UTC)
	early := time.Date(1912, 4, 15, 2, 20, 0, 0, time.UTC)
	var entries []indexEntry
	for i, p := range []time.Time{moment, day, {}, early} {
		e := indexEntry{File: "a.jsonl", Seq: i, Units: 1, DateOnly: i == 1}
		if !p.IsZero() {
			e.Published, _ = p.MarshalBinary()
		}
		entries = append(entries, e)
	}
	x, err := decodeIndex(indexOf(t, entries))
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Time{moment, day, {}, early}
	for d := range want {
		if !x.published[d].Equal(want[d]) || x.dateOnly[d] != (d == 1) {
			t.Errorf("document %d: published %v (a day: %v), want %v (%v)", d, x.published[d], x.dateOnly[d], want[d], d == 1)
		}
	}
}

// TestComponents: Components's stages, run here as the runner would
// (each block's ends, labels and messages grouped by block), label every
// node of a graph with its component's least node, as union-find does:
// a small graph, stars and cliques (which the rounds settle alone), and
// paths longer than the rounds reach, in several blocks (which the
// union-find of the pairs left settles; without it they would not be).
func TestComponents(t *testing.T) {
	type graph struct {
		name  string
		n     uint32
		edges [][2]uint32
		pairs bool // the rounds leave pairs to join
	}
	graphs := []graph{{name: "small", n: 7, edges: [][2]uint32{{1, 3}, {3, 5}, {0, 6}, {2, 6}}}}
	stars := graph{name: "stars and cliques", n: 3000}
	for c := uint32(0); c < 30; c++ {
		center := c*100 + 57 // not the least node of its star
		for x := c * 100; x < c*100+60; x++ {
			if x != center {
				stars.edges = append(stars.edges, [2]uint32{min(x, center), max(x, center)})
			}
		}
		for x := c*100 + 60; x < c*100+70; x++ {
			for y := x + 1; y < c*100+70; y++ {
				stars.edges = append(stars.edges, [2]uint32{x, y})
			}
		}
	}
	paths := graph{name: "paths", n: 5000, pairs: true}
	for x := uint32(1); x < 5000; x++ {
		if x%700 != 0 { // paths of 700 nodes
			paths.edges = append(paths.edges, [2]uint32{x - 1, x})
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	random := graph{name: "random", n: 4000, pairs: true} // wide components too
	for range 3000 {
		x, y := rng.Uint32N(4000), rng.Uint32N(4000)
		if x != y {
			random.edges = append(random.edges, [2]uint32{min(x, y), max(x, y)})
		}
	}
	graphs = append(graphs, stars, paths, random)
	for _, g := range graphs {
		got, pairs := runComponents(t, g.n, g.edges)
		parent := make([]uint32, g.n)
		for i := range parent {
			parent[i] = uint32(i)
		}
		var find func(uint32) uint32
		find = func(x uint32) uint32 {
			if parent[x] != x {
				parent[x] = find(parent[x])
			}
			return parent[x]
		}
		for _, e := range g.edges {
			if a, b := find(e[0]), find(e[1]); a != b {
				parent[max(a, b)] = min(a, b)
			}
		}
		for x := range g.n {
			if got[x] != find(x) {
				t.Fatalf("%s: node %d labelled %d, its component's least node is %d", g.name, x, got[x], find(x))
			}
		}
		if (pairs > 0) != g.pairs {
			t.Errorf("%s: %d pairs of labels left to join", g.name, pairs)
		}
		t.Logf("%s: %d nodes, %d edges, %d pairs of labels joined", g.name, g.n, len(g.edges), pairs)
	}
}

// TestComponentsOfNothing: with no chained pair there is no node, no
// count of nodes, and the union-find, which runs anyway, emits nothing.
func TestComponentsOfNothing(t *testing.T) {
	emitted := 0
	if err := joinLabelsFn(0, iterOf([]byte{}), iterOf(), func([]byte) { emitted++ }); err != nil || emitted > 0 {
		t.Errorf("no node: error %v, %d elements emitted", err, emitted)
	}
}

// runComponents runs Components's stages on the graph of n nodes (one
// document) and returns each node's label, read by sideLabels, and the
// pairs of labels the rounds left.
func runComponents(t *testing.T, n uint32, edges [][2]uint32) ([]uint32, int) {
	ctx := t.Context()
	firsts := binary.AppendUvarint(binary.AppendUvarint(nil, 1), uint64(n))
	type byKey map[int][][]byte
	to := func(m byKey) func(int, []byte) { return func(k int, b []byte) { m[k] = append(m[k], b) } }
	ends := byKey{}
	for _, e := range edges {
		bx, by := nodeBlock(e[0], n), nodeBlock(e[1], n)
		to(ends)(bx, binary.AppendUvarint(binary.AppendUvarint(nil, uint64(e[0])), uint64(e[1])))
		to(ends)(by, binary.AppendUvarint(binary.AppendUvarint(nil, uint64(e[1])), uint64(e[0])))
	}
	labels, msgs := byKey{}, byKey{}
	for block, parts := range ends {
		if err := (&startLabelsFn{}).ProcessElement(ctx, block, iterOf(parts...), iterOf(firsts), to(labels), to(msgs)); err != nil {
			t.Fatal(err)
		}
	}
	for round := range labelRounds {
		next, nextMsgs := byKey{}, byKey{}
		fn := &roundFn{All: round == labelRounds-1}
		for block, parts := range ends {
			if err := fn.ProcessElement(ctx, block, iterOf(parts...), iterOf(labels[block]...), iterOf(msgs[block]...), iterOf(firsts), to(next), to(nextMsgs)); err != nil {
				t.Fatal(err)
			}
		}
		labels, msgs = next, nextMsgs
	}
	pairs := byKey{}
	for block := range 1 << alignBits {
		if err := (&checkFn{}).ProcessElement(ctx, block, iterOf(labels[block]...), iterOf(msgs[block]...), iterOf(firsts), to(pairs)); err != nil {
			t.Fatal(err)
		}
	}
	count := 0
	for _, p := range pairs[0] {
		r := reader{b: p}
		for len(r.b) > 0 {
			r.uv()
			r.uv()
			count++
		}
	}
	var side [][]byte
	if err := joinLabelsFn(0, iterOf(pairs[0]...), iterOf(firsts), func(b []byte) { side = append(side, b) }); err != nil {
		t.Fatal(err)
	}
	for block := range 1 << alignBits {
		for _, b := range labels[block] {
			tagLabelsFn(block, b, func(b []byte) { side = append(side, b) })
		}
	}
	var label []uint32
	if err := sideLabels(&label, iterOf(side...)); err != nil {
		t.Fatal(err)
	}
	return label, count
}

// iterOf iterates over bs, as Beam gives a group's values.
func iterOf(bs ...[]byte) func(*[]byte) bool {
	return func(b *[]byte) bool {
		if len(bs) == 0 {
			return false
		}
		*b, bs = bs[0], bs[1:]
		return true
	}
}

// TestPassagesStagesDamaged: what does not fit the index, the nodes'
// counts or the components is an error, not a panic.
func TestPassagesStagesDamaged(t *testing.T) {
	index := testIndex(t) // 3 documents
	firsts := binary.AppendUvarint(nil, 3)
	for _, n := range []uint64{2, 1, 2} {
		firsts = binary.AppendUvarint(firsts, n)
	}
	labels := binary.AppendUvarint([]byte{0}, 5) // five nodes, each its own
	none := func(int, []byte) {}
	for _, tc := range []struct {
		name string
		run  func() error
		want string
	}{
		{"chained pairs cut short", func() error { return pairsToDocsFn(0, []byte{9, 2}, none) }, "damaged batch"},
		{"nodes of a document past the index", func() error {
			return firstNodesFn(0, iterOf([]byte{7, 1}), iterOf(index), func([]byte) {})
		}, "document 7"},
		{"counts of nodes cut short", func() error { var f []uint32; return sideFirsts(&f, iterOf([]byte{3, 1})) }, "damaged counts"},
		{"a pair without its sides", func() error {
			batch := append([]byte{10}, []byte{3, 0, 1, 0, 3, 4, 6, 8, 0, 0}...) // chained with MinAlign 6, MinWords 8
			return (&edgesFn{}).ProcessElement(t.Context(), 0, iterOf(batch), iterOf(), iterOf(firsts), func([]byte) {}, none)
		}, "without their nodes"},
		{"an edge past the nodes", func() error {
			return (&startLabelsFn{}).ProcessElement(t.Context(), 1, iterOf([]byte{1, 9}), iterOf(firsts), none, none)
		}, "of 5 nodes"},
		{"an edge in another block", func() error {
			return (&startLabelsFn{}).ProcessElement(t.Context(), 3, iterOf([]byte{1, 2}), iterOf(firsts), none, none)
		}, "in block 3"},
		{"a label for a node without edges", func() error {
			return (&roundFn{}).ProcessElement(t.Context(), 1, iterOf([]byte{1, 2}), iterOf(), iterOf([]byte{4, 0}), iterOf(firsts), none, none)
		}, "no edge in its block"},
		{"label pairs past the nodes", func() error {
			return joinLabelsFn(0, iterOf([]byte{1, 7}), iterOf(firsts), func([]byte) {})
		}, "of 5 nodes"},
		{"label pairs and no node", func() error {
			return joinLabelsFn(0, iterOf([]byte{}, []byte{1, 2}), iterOf(), func([]byte) {})
		}, "no node"},
		{"no count of components' nodes", func() error { var l []uint32; return sideLabels(&l, iterOf([]byte{1, 3, 1})) }, "0 counts"},
		{"nodes not the document's count", func() error {
			return (&routeNodesFn{}).ProcessElement([]byte{0, 1, 0, 3}, iterOf(firsts), iterOf(labels), none)
		}, "not its count"},
		{"a component past its node", func() error {
			var l []uint32
			return sideLabels(&l, iterOf(labels, []byte{1, 3, 4}))
		}, "damaged components"},
		{"a document without its analysis", func() error {
			fn := &componentsFn{Analysed: true}
			c := &component{nodes: []reuse.GraphNode{{ID: 0, Doc: 0, T0: 0, T1: 3}}}
			pending := c.appendPending(nil, &reuse.Edges{})
			return fn.ProcessElement(t.Context(), 0, iterOf(pending), iterOf(), iterOf(index), iterOf(labels), none, none, none)
		}, "without its analysis"},
	} {
		if err := tc.run(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}
