package reuse

import (
	"reflect"
	"slices"
	"testing"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
)

// scanContext is a corpus's report as Scan makes it, with the context
// its documents' views are made of (docContext).
type scanContext struct {
	rep  *report.Scan
	x    *docContext
	opts Options
}

// contextOf runs Scan's stages on the corpus of r up to the documents'
// reports, and makes them.
func (r *shardedRun) contextOf(t *testing.T) *scanContext {
	opts := Options{Workers: 2}
	in, blocks, err := takeAnalysed(r.source, &opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(in.sp.close)
	st := alignAnalysed(in.docs, in.inOrder(), in.sp, blocks, opts)
	links := chainLinks(st.found, opts)
	rewrites := ofLinkedDocs(slices.Clone(st.rewrites), links)
	rep := &report.Scan{}
	x, err := passagesReport(rep, st, links, rewrites, &opts)
	if err != nil {
		t.Fatal(err)
	}
	documentsReport(rep, st, x, &opts)
	return &scanContext{rep: rep, x: x, opts: opts}
}

// analysedDocs returns the documents of r with words, numbered as a scan
// numbers them, their IDs renamed as it renames them, and their analyses.
func (r *shardedRun) analysedDocs(t testing.TB) ([]corpus.Doc, []*Analysis) {
	var docs []corpus.Doc
	var as []*Analysis
	var ids corpus.IDs
	for i, d := range r.docs {
		a := &Analysis{}
		if err := a.UnmarshalBinary(r.encoded[i]); err != nil {
			t.Fatal(err)
		}
		ids.Rename(&d)
		if a.Words() > 0 {
			docs, as = append(docs, d), append(as, a)
		}
	}
	return docs, as
}

// viewsByComponent gathers every document's view as a distributed run
// does: each component's node views (ViewsOf, on the components
// componentsOf makes), their passages numbered after the components
// before, each partner's bytes read from its own document's analysis
// (TokenBytes), and the documents they name; the rewrites are given.
func (r *shardedRun) viewsByComponent(t *testing.T, ch []*PairAlignment, rewrites func(d uint32) []RewriteView) []*DocView {
	docs, as := r.analysedDocs(t)
	rank := Ranks(docs)
	viewDoc := func(d uint32) ViewDoc {
		return ViewDoc{Doc: d, Rank: rank[d], ID: docs[d].ID, Published: docs[d].Published, DateOnly: docs[d].DateOnly}
	}
	byDoc := make([][]NodeView, len(docs))
	passages := int32(0)
	r.componentsOf(t, ch, func(nodes []GraphNode, edges *Edges, cp *ComponentPassages) {
		vs, err := ViewsOf(nodes, edges, cp)
		if err != nil {
			t.Fatal(err)
		}
		most := int32(-1)
		for _, v := range vs {
			most = max(most, v.Passage)
			v.Passage += passages
			for i := range v.Partners {
				m := &v.Partners[i]
				if m.NoBytes {
					continue
				}
				if m.B0, m.B1, err = as[m.Doc].TokenBytes(m.T0, m.T1); err != nil {
					t.Fatal(err)
				}
			}
			byDoc[v.Doc] = append(byDoc[v.Doc], v)
		}
		passages += most + 1
	})
	out := make([]*DocView, len(docs))
	for d := range docs {
		rws := rewrites(uint32(d))
		var named []ViewDoc
		for _, v := range slices.Backward(byDoc[d]) { // in any order
			for _, m := range v.Partners {
				named = append(named, viewDoc(m.Doc))
			}
		}
		for _, rw := range rws {
			named = append(named, viewDoc(rw.Other))
		}
		var err error
		if out[d], err = NewDocView(viewDoc(uint32(d)), byDoc[d], rws, named); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// rewritesOf returns the document's sides of the rewrites of x.
func (x *docContext) rewritesOf(d uint32) []RewriteView {
	var out []RewriteView
	for _, r := range slices.Backward(x.rewrites[d]) {
		out = append(out, RewriteView{Other: r.other, T0: r.t0, T1: r.t1, B0: r.b0, B1: r.b1, OT0: r.ot0, OT1: r.ot1, OB0: r.ob0, OB1: r.ob1, Sim: r.sim})
	}
	return out
}

// TestViewsByComponent: every document's view gathered from the
// components' node views, its partners' bytes read where their documents
// are (NewDocView), is the view Scan makes of the whole graph, and the
// document's report made of it where its analysis is (DocReport) is the
// report Scan makes of it.
func TestViewsByComponent(t *testing.T) {
	ps := stagesOf(t)
	r := ps.r
	sc := r.contextOf(t)
	ch, _ := chained(t, ps.pairs, ps.alone)
	views := r.viewsByComponent(t, ch, sc.x.rewritesOf)
	docs, as := r.analysedDocs(t)
	if len(views) != len(sc.rep.Documents) {
		t.Fatalf("%d views, want %d", len(views), len(sc.rep.Documents))
	}
	nodes, partners, noBytes, rewrites := 0, 0, 0, 0
	for d, got := range views {
		var want DocView
		sc.x.viewOf(d, &want, nil)
		nodes, partners, rewrites = nodes+len(got.nodes), partners+len(got.partners), rewrites+len(got.rewrites)
		for _, m := range got.partners {
			if m.b0 == 0 && m.b1 == 0 {
				noBytes++
			}
		}
		if !sameView(got, &want) {
			t.Errorf("document %d: view\n%+v\nwant\n%+v", d, *got, want)
			continue
		}
		f, err := DocReport(docs[d], as[d], got, sc.opts)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(f.Report, sc.rep.Documents[d]) {
			t.Errorf("document %d: report\n%+v\nwant\n%+v", d, f.Report, sc.rep.Documents[d])
		}
	}
	t.Logf("%d documents, %d nodes in passages, %d partners (%d without bytes), %d rewrites", len(views), nodes, partners, noBytes, rewrites)
	if nodes < 1000 || partners < 2*nodes || rewrites == 0 {
		t.Errorf("the corpus tests the views too little")
	}
}

// sameView reports whether two views hold the same (an empty list and
// none alike).
func sameView(a, b *DocView) bool {
	return a.self == b.self && slices.Equal(a.nodes, b.nodes) && slices.Equal(a.passages, b.passages) &&
		slices.Equal(a.partners, b.partners) && slices.Equal(a.rewrites, b.rewrites) && slices.Equal(a.docs, b.docs)
}
