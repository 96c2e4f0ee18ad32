package reuse

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
)

// viewStages is the pair corpus's report as Scan makes it, with the
// context its documents' views are made of, and the same carried through
// the stages by document: its documents and analyses, node views and
// views. Made once for the tests that read it; none changes it.
type viewStages struct {
	sc    *scanContext
	ch    []*PairAlignment
	docs  []corpus.Doc
	as    []*Analysis
	byDoc [][]NodeView
	views []*DocView
}

var viewStagesOnce struct {
	sync.Once
	s *viewStages
}

// viewsOf returns the pair corpus's views, made by the first test that
// asks.
func viewsOf(t *testing.T) *viewStages {
	viewStagesOnce.Do(func() {
		ps := stagesOf(t)
		r := ps.r
		vs := &viewStages{sc: r.contextOf(t)}
		vs.ch, _ = chained(t, ps.pairs, ps.alone)
		vs.docs, vs.as = r.analysedDocs(t)
		vs.byDoc = r.nodeViews(t, vs.ch, vs.as)
		vs.views = r.viewsByComponent(t, vs.ch, vs.docs, vs.as, vs.byDoc)
		viewStagesOnce.s = vs
	})
	if viewStagesOnce.s == nil {
		t.Fatal("the pair corpus's views failed in an earlier test")
	}
	return viewStagesOnce.s
}

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
	st, links, opts := r.chainedScan(t)
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
// (TokenBytes), each side of each rewrite read where its document is
// (SideOf) and kept or dropped where the other is (RewriteOf), and the
// documents they name.
func (r *shardedRun) viewsByComponent(t *testing.T, ch []*PairAlignment, docs []corpus.Doc, as []*Analysis, byDoc [][]NodeView) []*DocView {
	rank := Ranks(docs)
	viewDoc := func(d uint32) ViewDoc {
		return ViewDoc{Doc: d, Rank: rank[d], ID: docs[d].ID, Published: docs[d].Published, DateOnly: docs[d].DateOnly}
	}
	rewrites := make([][]RewriteView, len(docs))
	dropped := 0
	for _, p := range slices.Backward(ch) {
		for _, rw := range p.Rewrites() {
			a, err := SideOf(rw.A, offsetsOf(t, as[rw.A]), rw.UA, byDoc[rw.A])
			if err != nil {
				t.Fatal(err)
			}
			b, err := SideOf(rw.B, offsetsOf(t, as[rw.B]), rw.UB, byDoc[rw.B])
			if err != nil {
				t.Fatal(err)
			}
			va, keepA := RewriteOf(a, b, rw.Sim)
			vb, keepB := RewriteOf(b, a, rw.Sim)
			if keepA != keepB {
				t.Fatalf("documents %d and %d: a rewrite kept on one side only", rw.A, rw.B)
			}
			if keepA {
				rewrites[rw.A], rewrites[rw.B] = append(rewrites[rw.A], va), append(rewrites[rw.B], vb)
			} else {
				dropped++
			}
		}
	}
	t.Logf("%d rewrites dropped, one passage holding both sides", dropped)
	if dropped == 0 {
		t.Errorf("the corpus tests RewriteOf too little")
	}
	out := make([]*DocView, len(docs))
	for d := range docs {
		rws := rewrites[d]
		var named []ViewDoc
		for _, v := range slices.Backward(byDoc[d]) { // in any order
			for _, m := range v.Partners {
				named = append(named, viewDoc(m.Doc))
			}
			for _, o := range v.Orphans {
				named = append(named, viewDoc(o.Far.Doc))
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

// nodeViews returns each document's node views, made component by
// component (ViewsOf), their passages numbered after the components
// before, each partner's bytes read from its own document's analysis in
// as (TokenBytes).
func (r *shardedRun) nodeViews(t *testing.T, ch []*PairAlignment, as []*Analysis) [][]NodeView {
	byDoc := make([][]NodeView, len(as))
	passages := int32(0)
	r.componentsOf(t, ch, func(nodes []GraphNode, edges *Edges, docs []ComponentDoc, cp *ComponentPassages) {
		vs, err := ViewsOf(nodes, edges, docs, cp)
		if err != nil {
			t.Fatal(err)
		}
		most := int32(-1)
		for _, v := range vs {
			most = max(most, v.Passage)
			v.Passage += passages
			far := func(m *Partner) {
				if m.NoBytes {
					return
				}
				o := offsetsOf(t, as[m.Doc])
				if m.B0, m.B1, err = o.Bytes(m.T0, m.T1); err != nil {
					t.Fatal(err)
				}
				if m.Quoted, err = o.Quoted(m.T0, m.T1); err != nil {
					t.Fatal(err)
				}
			}
			for i := range v.Partners {
				far(&v.Partners[i])
			}
			for i := range v.Orphans {
				far(&v.Orphans[i].Far)
			}
			byDoc[v.Doc] = append(byDoc[v.Doc], v)
		}
		passages += most + 1
	})
	return byDoc
}

// TestViewsByComponent: every document's view gathered from the
// components' node views, its partners' bytes read where their documents
// are (NewDocView), is the view Scan makes of the whole graph, and the
// document's report made of it where its analysis is (DocReport) is the
// report Scan makes of it.
func TestViewsByComponent(t *testing.T) {
	vs := viewsOf(t)
	sc, views, docs, as := vs.sc, vs.views, vs.docs, vs.as
	if len(views) != len(sc.rep.Documents) {
		t.Fatalf("%d views, want %d", len(views), len(sc.rep.Documents))
	}
	nodes, partners, noBytes, rewrites, orphans := 0, 0, 0, 0, 0
	for d, got := range views {
		var want DocView
		sc.x.viewOf(d, &want, nil)
		nodes, partners, rewrites, orphans = nodes+len(got.nodes), partners+len(got.partners), rewrites+len(got.rewrites), orphans+len(got.orphans)
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
	t.Logf("%d documents, %d nodes in passages, %d partners (%d without bytes), %d rewrites, %d orphans", len(views), nodes, partners, noBytes, rewrites, orphans)
	if nodes < 1000 || partners < 2*nodes || rewrites == 0 || orphans == 0 {
		t.Errorf("the corpus tests the views too little")
	}
}

// sameView reports whether two views hold the same (an empty list and
// none alike).
func sameView(a, b *DocView) bool {
	return a.self == b.self && slices.Equal(a.nodes, b.nodes) && slices.Equal(a.passages, b.passages) &&
		slices.Equal(a.partners, b.partners) && slices.Equal(a.rewrites, b.rewrites) && slices.Equal(a.orphans, b.orphans) && slices.Equal(a.docs, b.docs)
}

// TestDocViewDamaged: pieces of a view that do not fit its document, or
// that name documents not given, are errors, as are analyses without
// the tokens a view reads.
func TestDocViewDamaged(t *testing.T) {
	self := ViewDoc{Doc: 1, ID: "b"}
	other := ViewDoc{Doc: 2, ID: "c"}
	node := func() NodeView { return node1()[0] }
	if _, err := NewDocView(self, []NodeView{node()}, nil, []ViewDoc{other}); err != nil {
		t.Fatalf("a whole view: %v", err)
	}
	tests := []struct {
		name     string
		nodes    func() []NodeView
		rewrites []RewriteView
		docs     []ViewDoc
		want     string
	}{
		{"a node of another document", func() []NodeView { n := node(); n.Doc = 2; return []NodeView{n} }, nil, []ViewDoc{other}, "a node of document 2"},
		{"a node twice", func() []NodeView { return []NodeView{node(), node()} }, nil, []ViewDoc{other}, "given twice"},
		{"a node of no tokens", func() []NodeView { n := node(); n.T1 = n.T0; return []NodeView{n} }, nil, []ViewDoc{other}, "of tokens"},
		{"a node of no passage", func() []NodeView { n := node(); n.Passage = -1; return []NodeView{n} }, nil, []ViewDoc{other}, "in passage -1"},
		{"a partner's document not named", node1, nil, nil, "does not name"},
		{"a partner of its own document", func() []NodeView { n := node(); n.Partners[0].Doc = 1; return []NodeView{n} }, nil, []ViewDoc{other, self}, "does not name"},
		{"a passage of two sizes", func() []NodeView {
			a, b := node(), node()
			b.Node, b.T0, b.T1, b.Members = 6, 8, 16, 3
			return []NodeView{a, b}
		}, nil, []ViewDoc{other}, "two origins or sizes"},
		{"a rewrite's document not named", node1, []RewriteView{{Other: 4, T0: 0, T1: 8}}, []ViewDoc{other}, "does not name"},
	}
	for _, tc := range tests {
		_, err := NewDocView(self, tc.nodes(), tc.rewrites, tc.docs)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %q", tc.name, err, tc.want)
		}
	}

	// A view of more tokens than the document has, or rewrites past it.
	d := corpus.Doc{ID: "b", Text: []byte("Seven words of text in this document.")}
	a := Analyse(d)
	for _, tc := range []struct {
		name string
		v    func() (*DocView, error)
	}{
		{"a node past the text", func() (*DocView, error) { return NewDocView(self, []NodeView{node()}, nil, []ViewDoc{other}) }},
		{"a rewrite past the text", func() (*DocView, error) {
			return NewDocView(self, nil, []RewriteView{{Other: 2, T0: 3, T1: 12}}, []ViewDoc{other})
		}},
	} {
		v, err := tc.v()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := DocReport(d, a, v, Options{}); err == nil || !strings.Contains(err.Error(), "past") && !strings.Contains(err.Error(), "of its") {
			t.Errorf("%s: %v, want an error", tc.name, err)
		}
	}
	if _, err := DocReport(corpus.Doc{ID: "b", Text: []byte("Seven")}, a, &DocView{}, Options{}); err == nil {
		t.Error("an analysis of another text: no error")
	}
	for _, tc := range [][2]int32{{-1, 2}, {2, 2}, {0, 99}} {
		if _, _, err := a.TokenBytes(tc[0], tc[1]); err == nil {
			t.Errorf("TokenBytes(%d, %d): no error", tc[0], tc[1])
		}
		if _, err := offsetsOf(t, a).Quoted(tc[0], tc[1]); err == nil {
			t.Errorf("Quoted(%d, %d): no error", tc[0], tc[1])
		}
	}
	if _, err := SideOf(1, offsetsOf(t, a), 99, nil); err == nil {
		t.Error("SideOf a unit past the document's: no error")
	}
	enc, err := a.MarshalAlignment()
	if err != nil {
		t.Fatal(err)
	}
	var al Analysis
	if err := al.UnmarshalAlignment(enc); err != nil {
		t.Fatal(err)
	}
	if _, _, err := al.TokenBytes(0, 1); err == nil {
		t.Error("TokenBytes of an analysis for the alignment only: no error")
	}
}

// node1 is a node of document 1 in passage 3, with a partner in
// document 2.
func node1() []NodeView {
	return []NodeView{{Node: 5, Doc: 1, T0: 0, T1: 8, Passage: 3, Origin: -1, Members: 2,
		Partners: []Partner{{Node: 9, Doc: 2, T0: 0, T1: 8, B0: 0, B1: 40, Matched: 8}}}}
}

// offsetsOf returns the analysis's token offsets, carried through their
// encoding as a distributed run sends them.
func offsetsOf(t testing.TB, a *Analysis) *TokenOffsets {
	o, err := a.Offsets()
	if err != nil {
		t.Fatal(err)
	}
	b, err := o.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back TokenOffsets
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	return &back
}

// FuzzTokenOffsets: damaged token offsets are an error, never a panic,
// and those that decode encode as they came.
func FuzzTokenOffsets(f *testing.F) {
	for _, d := range seedDocs()[:3] {
		o, err := Analyse(d).Offsets()
		if err != nil {
			f.Fatal(err)
		}
		b, err := o.MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var o TokenOffsets
		if err := o.UnmarshalBinary(b); err != nil {
			return
		}
		again, err := o.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, b) {
			t.Error("decoded and encoded again, token offsets change")
		}
		o.Bytes(0, int32(o.st.toks.len()))
		o.Quoted(0, int32(o.st.toks.len()))
		SideOf(0, &o, 0, nil)
	})
}
