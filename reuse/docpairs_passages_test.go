package reuse

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/corpus"
)

// TestPassagesByComponent: the passages stage run on each connected
// component of the graph alone (passagesOf), with its documents'
// analyses for the alignment, makes the clusters, the edges, the
// passages and the members' edges to their representatives that Scan
// makes of the whole graph.
func TestPassagesByComponent(t *testing.T) {
	r := stagesOf(t).r
	sg := r.graphOf(t)
	defer sg.close()
	g, opts := sg.g, sg.opts
	as, _, _ := r.forAlignment(t)
	comps, start := g.components()

	// Each component alone, in order.
	var got []*componentPassages
	large, extra := 0, 0
	withAligners(1, 1, &opts, func(al *aligner, _, _ int) {
		for c := range len(start) - 1 {
			ids := comps[start[c]:start[c+1]]
			var nodes []node
			var edges []edge
			var ds []uint32
			for _, n := range ids {
				nodes = append(nodes, g.nodes[n])
				ds = append(ds, g.nodes[n].doc)
				for _, e := range g.edgesOf(n) {
					if g.edges[e].x == n {
						edges = append(edges, g.edges[e])
					}
				}
			}
			slices.Sort(ds)
			var docs []componentDoc
			for _, d := range slices.Compact(ds) {
				docs = append(docs, componentDoc{doc: d, st: as[d].st, when: sg.ws[d], rank: sg.rank[d]})
			}
			cp, err := passagesOf(al, ids, nodes, edges, docs, &opts)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, cp)
			if len(ids) > smallComponent {
				large++
			}
			extra += len(cp.extra)
		}
	})

	// The whole graph, as Scan clusters it.
	cl := clusterNodes(g, sg.docs, sg.rank, &opts)
	if len(cl.extra) > 0 {
		g.addEdges(cl.extra, opts.Workers)
	}
	passages, pn := makePassages(g, cl.clusters, sg.docs, sg.ws, sg.rank, &opts)
	t.Logf("%d components (%d past %d nodes), %d passages, %d edges made on the way", len(got), large, smallComponent, len(passages), extra)
	if large == 0 || len(passages) < 100 {
		t.Errorf("the corpus tests too little")
	}
	var clusters [][]uint32
	var extras []edge
	var ps []passage
	var toRep [][]edge
	for _, cp := range got {
		clusters, extras = append(clusters, cp.clusters...), append(extras, cp.extra...)
		ps, toRep = append(ps, cp.passages...), append(toRep, cp.toRep...)
	}
	if !slices.EqualFunc(clusters, cl.clusters, slices.Equal) {
		t.Fatalf("%d clusters, want %d (or they differ)", len(clusters), len(cl.clusters))
	}
	if !slices.Equal(extras, cl.extra) {
		t.Errorf("%d edges made, want %d (or they differ)", len(extras), len(cl.extra))
	}
	for c, p := range passages {
		q := ps[c]
		if !slices.Equal(q.nodes, p.nodes) || q.rep != p.rep || q.origin != p.origin || q.order != p.order || !slices.Equal(q.docs, p.docs) {
			t.Errorf("passage %d: %+v, want %+v", c, q, p)
			continue
		}
		for i, m := range p.nodes {
			if m != p.rep && toRep[c][i] != pn.toRep[m] {
				t.Errorf("passage %d, member %d: edge to the representative %+v, want %+v", c, m, toRep[c][i], pn.toRep[m])
			}
		}
	}
}

// TestPassagesOfDamaged: a node of a document not given, or an edge of a
// node not given, is an error.
func TestPassagesOfDamaged(t *testing.T) {
	opts := Options{}
	if err := opts.fill(); err != nil {
		t.Fatal(err)
	}
	var al aligner
	nodes := []node{{doc: 3, t0: 0, t1: 10}, {doc: 5, t0: 0, t1: 10}}
	docs := []componentDoc{{doc: 3, st: &docState{}}, {doc: 5, st: &docState{}}}
	for _, tc := range []struct {
		name  string
		docs  []componentDoc
		edges []edge
		want  string
	}{
		{"document not given", docs[:1], nil, "node 8 of document 5"},
		{"edge of a node not given", docs, []edge{{x: 7, y: 9}}, "nodes 7 and 9"},
	} {
		_, err := passagesOf(&al, []uint32{7, 8}, nodes, tc.edges, tc.docs, &opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}

// componentsOf runs the passages stage component by component as a
// distributed run does, on the chained pairs of r: the graph made by
// document and by pair (NodesOf, PairEdges, JoinEdges), its components,
// each one's passages made without the analyses of its documents, and,
// if it needs them (ErrUnanalysed), again with them (PassagesOf); what
// each found carried through its encoding, in reverse order. It returns
// the number of components that needed their analyses, and of members
// aligned with their representative, which no edge joins them to. each,
// if not nil, is given each component in order: its nodes, its edges and
// what it found (after its encoding), and its documents.
func (r *shardedRun) componentsOf(t testing.TB, ch []*PairAlignment, each func([]GraphNode, *Edges, []ComponentDoc, *ComponentPassages)) ([]*ComponentPassages, int, int) {
	as, _, _ := r.forAlignment(t)
	var docs []corpus.Doc // numbered as as
	for i, d := range r.docs {
		var a Analysis
		if err := a.UnmarshalBinary(r.encoded[i]); err != nil {
			t.Fatal(err)
		}
		if a.Words() > 0 {
			docs = append(docs, d)
		}
	}
	rank := Ranks(docs)
	nodes, edges := graphByPairs(t, ch, len(docs))
	g := &graph{nodes: nodes}
	g.setEdges(edges, 1)
	comps, start := g.components()
	all := &Edges{edges: g.edges}
	var out []*ComponentPassages
	analysed, attached := 0, 0
	for c := range len(start) - 1 {
		ids := comps[start[c]:start[c+1]]
		var gns []GraphNode
		var ds []uint32
		for _, n := range ids {
			x := g.nodes[n]
			gns = append(gns, GraphNode{ID: n, Doc: x.doc, T0: x.t0, T1: x.t1})
			ds = append(ds, x.doc)
		}
		slices.Sort(ds)
		ds = slices.Compact(ds)
		cds := make([]ComponentDoc, len(ds))
		for i, d := range ds {
			cds[i] = ComponentDoc{Doc: d, Rank: rank[d], Published: docs[d].Published, DateOnly: docs[d].DateOnly}
		}
		es := all.Keep(func(i int) bool { x, _ := all.Nodes(i); _, in := slices.BinarySearch(ids, x); return in })
		cp, err := PassagesOf(gns, es, cds, Options{})
		if err == ErrUnanalysed {
			analysed++
			for i := range cds {
				cds[i].Analysis = as[cds[i].Doc]
			}
			cp, err = PassagesOf(gns, es, cds, Options{})
		}
		if err != nil {
			t.Fatal(err)
		}
		for k, p := range cp.c.passages {
			for i, m := range p.nodes {
				x, y := min(m, p.rep), max(m, p.rep)
				if m != p.rep && cp.c.toRep[k][i].matched > 0 && g.edgeBetween(m, p.rep) < 0 &&
					!slices.ContainsFunc(cp.c.extra, func(e edge) bool { return e.x == x && e.y == y }) {
					attached++
				}
			}
		}
		b, err := cp.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back ComponentPassages
		if err := back.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if each != nil {
			each(gns, es, cds, &back)
		}
		out = append(out, &back)
	}
	slices.Reverse(out)
	return out, analysed, attached
}

// TestScanPassagesAsScan: the passages made component by component
// (PassagesOf), joined by ScanPassages with the chained pairs, make the
// report Scan makes of the corpus, byte for byte.
func TestScanPassagesAsScan(t *testing.T) {
	ps := stagesOf(t)
	r, wb, shards := ps.r, ps.wb, ps.shards
	ch, _ := chained(t, ps.pairs, ps.alone)
	comps, analysed, _ := r.componentsOf(t, ch, nil)
	t.Logf("%d components, %d of them needed their documents' analyses", len(comps), analysed)
	if analysed == 0 || analysed == len(comps) {
		t.Errorf("the corpus tests PassagesOf's analyses too little")
	}
	got, err := ScanPassages(r.source, shards, ch, comps, Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	gb := reportJSON(t, got)
	got.Close()
	if !bytes.Equal(gb, wb) {
		t.Errorf("ScanPassages's report (%d bytes) is not Scan's (%d bytes)", len(gb), len(wb))
	}
}

// TestPassagesDamaged: component passages that do not fit the graph are
// errors.
func TestPassagesDamaged(t *testing.T) {
	r := newShardedRun(t, seedDocs(), -1)
	shards := r.shards(t, 0)
	ch, _ := chained(t, r.aligned(t, shards), nil)
	tests := []struct {
		name   string
		damage func([]*ComponentPassages) []*ComponentPassages
		want   string
	}{
		{"a component left out", func(cs []*ComponentPassages) []*ComponentPassages { return cs[1:] }, "no passages of the component"},
		{"no component", func(cs []*ComponentPassages) []*ComponentPassages { return nil }, "no passages of the component"},
		{"a component twice", func(cs []*ComponentPassages) []*ComponentPassages { return append(cs, cs[0]) }, "given twice"},
		{"a node past the graph", func(cs []*ComponentPassages) []*ComponentPassages {
			cs[0].c.clusters[0][0] = 1 << 30
			return cs
		}, "no component"},
		{"a member left out", func(cs []*ComponentPassages) []*ComponentPassages {
			for _, c := range cs {
				for i, ms := range c.c.clusters {
					if len(ms) > 2 {
						c.c.clusters[i] = slices.DeleteFunc(ms, func(m uint32) bool { return m != ms[0] && m != c.c.passages[i].rep })[:2]
						return cs
					}
				}
			}
			t.Error("no cluster of three")
			return cs
		}, "nodes in the passages"},
		{"a member twice", func(cs []*ComponentPassages) []*ComponentPassages {
			for _, c := range cs {
				for i, ms := range c.c.clusters {
					if len(ms) > 1 {
						ms[1] = ms[0] // the other left out: as many members
						c.c.clusters[i] = ms
						return cs
					}
				}
			}
			return cs
		}, "(or twice)"},
		{"an edge to the representative past its node", func(cs []*ComponentPassages) []*ComponentPassages {
			for _, c := range cs {
				for i, p := range c.c.passages {
					for j, m := range p.nodes {
						if m != p.rep {
							c.c.toRep[i][j].x1 += 1000
							return cs
						}
					}
				}
			}
			return cs
		}, "does not fit them"},
	}
	for _, tc := range tests {
		comps, _, _ := r.componentsOf(t, ch, nil)
		rep, err := ScanPassages(r.source, shards, ch, tc.damage(comps), Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
		if rep != nil {
			rep.Close()
		}
	}
}

// FuzzComponentPassages: a damaged encoding is an error, never a panic;
// one that decodes encodes back to the same bytes.
func FuzzComponentPassages(f *testing.F) {
	r := newShardedRun(f, seedDocs(), -1)
	ch, _ := chained(f, r.aligned(f, r.shards(f, 0)), nil)
	comps, _, _ := r.componentsOf(f, ch, nil)
	for _, c := range comps {
		b, _ := c.MarshalBinary()
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var c ComponentPassages
		if c.UnmarshalBinary(b) != nil {
			return
		}
		again, err := c.MarshalBinary()
		if err != nil || !bytes.Equal(again, b) {
			t.Errorf("decoded %d bytes, encoded back %d (%v)", len(b), len(again), err)
		}
	})
}

// attachedDocs is a paragraph of three sentences carried by 20
// documents (a star about the first, the origin), each signed; a document that
// copies its first sentence and edits the other two (every fourth word
// changed: no run of five words left to find); and one that copies
// those two edits and edits the first alike, so that it shares a
// candidate with the editor alone. Its copy of the second sentence is
// left out of the star, attaches to the editor's, and is aligned with
// the origin's, which no link joins it to.
func attachedDocs() []corpus.Doc {
	words := strings.Fields(`granite harbour lantern meadow quarry ribbon saddle timber velvet walnut
		anchor bramble cinder drizzle ember falcon gravel hollow juniper kettle
		ledger marble nettle orchard pebble quiver rafter sorrel thistle umber
		vessel willow yarrow zephyr amber beacon cobalt dapple fennel glacier`)
	sentence := func(k int) []string {
		s := make([]string, 20)
		for i := range s {
			s[i] = words[(k*7+i*3)%len(words)]
		}
		return s
	}
	edit := func(s []string) []string {
		out := slices.Clone(s)
		for i := 1; i < len(out); i += 4 {
			out[i] = "changed" + strings.Repeat("x", i%3)
		}
		return out
	}
	text := func(ss ...[]string) string {
		var b strings.Builder
		for _, s := range ss {
			b.WriteString(strings.ToUpper(s[0][:1]) + s[0][1:] + " " + strings.Join(s[1:], " ") + ". ")
		}
		return b.String()
	}
	s1, s2, s3 := sentence(0), sentence(1), sentence(2)
	when := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	var docs []corpus.Doc
	add := func(id, body string) {
		docs = append(docs, corpus.Doc{ID: id, Outlet: id, Published: when.Add(time.Duration(len(docs)) * time.Hour),
			Text: []byte(body)})
	}
	for i := range 20 {
		// Each copy ends each sentence with a word of its own: 20 texts
		// of each, so that their seeds are in more than maxSeedUnits
		// texts and pair no one (rewrites_alone.go); the second document
		// is not compared alone with the origin, which would find its
		// copy of the second sentence as a copy the candidates missed.
		tag := []string{"signed" + string(rune('a'+i))}
		add(fmt.Sprintf("copy%02d", i), text(append(s1, tag...), append(s2, tag...), append(s3, tag...)))
	}
	add("editor", text(s1, edit(s2), edit(s3)))
	add("second", text(edit(s1), edit(s2), edit(s3)))
	return docs
}

// TestScanPassagesAttached: a member of a passage that no link joins to
// its representative is aligned with it in its component, and
// ScanPassages takes that alignment: the report is Scan's, and without
// the alignment it is not.
func TestScanPassagesAttached(t *testing.T) {
	docs := attachedDocs()
	want, err := Scan(skipSource(docs, -1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	wb := reportJSON(t, want)
	r := newShardedRun(t, docs, -1)
	shards := r.shards(t, 4)
	pairs := r.aligned(t, shards)
	alone, _ := r.alone(t, pairs)
	ch, _ := chained(t, pairs, alone)
	comps, _, attached := r.componentsOf(t, ch, nil)
	t.Logf("%d components, %d members aligned with their representative", len(comps), attached)
	if attached == 0 {
		t.Fatal("no member aligned with its representative: the corpus tests nothing")
	}
	got, err := ScanPassages(r.source, shards, ch, comps, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if gb := reportJSON(t, got); !bytes.Equal(gb, wb) {
		t.Errorf("ScanPassages's report (%d bytes) is not Scan's (%d bytes)", len(gb), len(wb))
	}
	got.Close()
	// Without the alignments, a different report: the test can fail.
	for _, c := range comps {
		for k, p := range c.c.passages {
			for i, m := range p.nodes {
				if m != p.rep {
					c.c.toRep[k][i].matched = 0
				}
			}
		}
	}
	got, err = ScanPassages(r.source, shards, ch, comps, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if gb := reportJSON(t, got); bytes.Equal(gb, wb) {
		t.Error("without the members' alignments with their representatives, the same report")
	}
	got.Close()
}
