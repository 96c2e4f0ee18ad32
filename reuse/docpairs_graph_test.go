package reuse

import (
	"cmp"
	"slices"
	"strings"
	"testing"
)

// scanGraph is a corpus's passages' graph as Scan makes it, with what
// the passages stage reads besides.
type scanGraph struct {
	g     *graph
	docs  []*docState
	ws    []when
	rank  []uint32
	opts  Options
	close func()
}

// graphOf returns the passages' graph of the corpus as Scan makes it: its
// candidates aligned, the links chained, the graph made of them all.
func (r *shardedRun) graphOf(t *testing.T) *scanGraph {
	st, links, opts := r.chainedScan(t)
	wide := opts.wideViews(links)
	if len(wide) == 0 {
		t.Fatal("no short line joins the link beside it: the corpus tests too little")
	}
	g := newGraph(links, makeViews(len(st.docs), links, wide, opts.Workers), opts.Workers)
	return &scanGraph{g: g, docs: st.docs, ws: st.when, rank: st.rank, opts: opts, close: st.spill.close}
}

// chainedScan runs Scan's stages on the corpus of r up to the evidence
// rule: it returns the corpus aligned, the links chained, and the
// options (two workers).
func (r *shardedRun) chainedScan(t *testing.T) (*aligned, []link, Options) {
	opts := Options{Workers: 2, KeepRuns: true} // as a distributed run keeps runs of passages
	in, blocks, err := takeAnalysed(r.source, &opts)
	if err != nil {
		t.Fatal(err)
	}
	st := alignAnalysed(in.docs, in.inOrder(), in.sp, blocks, opts)
	return st, chainLinks(st.found, opts), opts
}

// graphByPairs makes the passages' graph of the chained pairs as a
// distributed run does: each document's nodes from its own pairs
// (NodesOf), numbered in document order, then each pair's edges
// (PairEdges), given in reverse order.
func graphByPairs(t testing.TB, pairs []*PairAlignment, docs int) ([]node, []edge) {
	byDoc := make([][]*PairAlignment, docs)
	for _, p := range slices.Backward(pairs) {
		byDoc[p.A] = append(byDoc[p.A], p)
		byDoc[p.B] = append(byDoc[p.B], p)
	}
	dn := make([]*DocNodes, docs)
	first := make([]uint32, docs+1)
	var nodes []node
	for d := range docs {
		var err error
		if dn[d], err = NodesOf(uint32(d), byDoc[d]); err != nil {
			t.Fatal(err)
		}
		first[d+1] = first[d] + uint32(dn[d].Nodes())
		nodes = append(nodes, dn[d].nodes...)
	}
	// The sides of a pair, by where it is in each document's list.
	sides := func(d uint32, p *PairAlignment) []uint32 {
		return dn[d].Sides(slices.Index(byDoc[d], p))
	}
	var edges []edge
	for _, p := range slices.Backward(pairs) {
		es, err := PairEdges(p, sides(p.A, p), sides(p.B, p), first[p.A], first[p.B])
		if err != nil {
			t.Fatal(err)
		}
		edges = append(edges, es.edges...)
	}
	slices.SortFunc(edges, byNodes)
	return nodes, edges
}

// TestGraphByPairs: the graph made document by document and pair by pair
// from the chained pairs is the one Scan makes, node for node and edge
// for edge.
func TestGraphByPairs(t *testing.T) {
	ps := stagesOf(t)
	sg := ps.r.graphOf(t)
	sg.close()
	want := sg.g
	ch, _ := chained(t, ps.pairs, ps.alone) // its own: turned round below
	nodes, edges := graphByPairs(t, ch, len(want.first)-1)
	merged := 0
	for _, e := range edges {
		merged += int(e.matched)
	}
	t.Logf("%d nodes, %d edges (%d matched words)", len(nodes), len(edges), merged)
	if len(want.edges) < 100 {
		t.Fatalf("the graph has %d edges: the corpus tests too little", len(want.edges))
	}
	if !slices.Equal(nodes, want.nodes) {
		t.Errorf("%d nodes, want %d (or they differ)", len(nodes), len(want.nodes))
	}
	if !slices.Equal(edges, want.edges) {
		t.Errorf("%d edges, want %d (or they differ)", len(edges), len(want.edges))
	}
	// A link seen from B (its unit a of B), as a pair may hold: every
	// third pair's links turned round, the graph of their links in
	// joinChained's order the one to match.
	for i, p := range ch {
		if i%3 == 0 {
			for k, l := range p.links {
				l.da, l.db, l.ua, l.ub, l.la, l.lb = l.db, l.da, l.ub, l.ua, l.lb, l.la
				l.al.a0, l.al.a1, l.al.b0, l.al.b1 = l.al.b0, l.al.b1, l.al.a0, l.al.a1
				p.links[k] = l
			}
		}
	}
	var links []link
	for _, p := range ch {
		links = append(links, p.links...)
	}
	slices.SortStableFunc(links, func(x, y link) int { return cmp.Or(cmp.Compare(x.da, y.da), cmp.Compare(x.db, y.db)) })
	want = newGraph(links, makeViews(len(want.first)-1, links, corpusShortViews(links, DefaultMinAlign, DefaultMinWords), 2), 2)
	nodes, edges = graphByPairs(t, ch, len(want.first)-1)
	if !slices.Equal(nodes, want.nodes) || !slices.Equal(edges, want.edges) {
		t.Errorf("with links turned round: %d nodes and %d edges, want %d and %d (or they differ)", len(nodes), len(edges), len(want.nodes), len(want.edges))
	}
}

// TestGraphByPairsDamaged: pairs not chained, or not of the document,
// and sides that do not fit the pair, are errors.
func TestGraphByPairsDamaged(t *testing.T) {
	r := newShardedRun(t, seedDocs(), -1)
	pairs := r.aligned(t, r.shards(t, 0))
	ch, _ := chained(t, pairs, nil)
	p := ch[0]
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"not chained", second(NodesOf(pairs[0].A, pairs[:1])), "(aligned)"},
		{"another document's", second(NodesOf(p.B+1, []*PairAlignment{p})), "given the pair"},
		{"sides short", second(PairEdges(p, nil, nil, 0, 0)), "from 0 and 0 sides"},
	} {
		if tc.err == nil || !strings.Contains(tc.err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, tc.err, tc.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }
