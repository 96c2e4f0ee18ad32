package reuse

import (
	"slices"
	"strings"
	"testing"
)

// TestPassagesByComponent: the passages stage run on each connected
// component of the graph alone (passagesOf), with its documents'
// analyses for the alignment, makes the clusters, the edges, the
// passages and the members' edges to their representatives that Scan
// makes of the whole graph.
func TestPassagesByComponent(t *testing.T) {
	r, _, _ := pairCorpus(t)
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
		g.setEdges(append(g.edges, cl.extra...), opts.Workers)
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
