package reuse

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
)

// TestPassagesByMember: each passage's report made of its members, each
// read where its document is (MemberOf, from its node's view), is the
// passage's report Scan makes.
func TestPassagesByMember(t *testing.T) {
	vs := viewsOf(t)
	sc, docs, as := vs.sc, vs.docs, vs.as
	byPassage := make([][]MemberPart, len(sc.rep.Passages))
	for d, nvs := range vs.byDoc {
		for _, v := range slices.Backward(nvs) {
			m, err := MemberOf(docs[d], as[d], v)
			if err != nil {
				t.Fatal(err)
			}
			if int(m.Passage) >= len(byPassage) {
				t.Fatalf("a member of passage %d, of %d", m.Passage+1, len(byPassage))
			}
			byPassage[m.Passage] = append(byPassage[m.Passage], m)
		}
	}
	origins, widest := 0, 0
	for c, ms := range byPassage {
		got, err := PassageReport(ms)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, sc.rep.Passages[c]) {
			t.Errorf("passage %d:\n%+v\nwant\n%+v", c+1, got, sc.rep.Passages[c])
		}
		if got.Origin != "" {
			origins++
		}
		widest = max(widest, got.Reach.Documents)
	}
	t.Logf("%d passages, %d with an origin, the widest in %d documents", len(byPassage), origins, widest)
	if origins == 0 || widest < 10 {
		t.Errorf("the corpus tests PassageReport too little")
	}

	// Members that do not make one passage.
	ms := slices.Clone(byPassage[0])
	for _, tc := range []struct {
		name    string
		members func() []MemberPart
		want    string
	}{
		{"none", func() []MemberPart { return nil }, "no members"},
		{"one left out", func() []MemberPart { return ms[1:] }, "members given"},
		{"one twice", func() []MemberPart { return append(slices.Clone(ms), ms[0]) }, "given twice"},
		{"of two passages", func() []MemberPart {
			out := slices.Clone(ms)
			out[0].Passage++
			return out
		}, "disagree"},
		{"no representative", func() []MemberPart {
			out := slices.Clone(ms)
			for i := range out {
				out[i].Member.Representative = false
			}
			return out
		}, "0 representatives"},
	} {
		if _, err := PassageReport(tc.members()); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %q", tc.name, err, tc.want)
		}
	}
}

// TestPairsBySide: the pairs that the documents' reports made where
// their analyses are (DocReport, of the views gathered by component)
// name, each made of its two documents' sides (PairReport), are the
// pairs Scan reports.
func TestPairsBySide(t *testing.T) {
	vs := viewsOf(t)
	sc, views, docs, as := vs.sc, vs.views, vs.docs, vs.as
	fs := make([]*DocFindings, len(docs))
	var keys []uint64
	for d := range docs {
		var err error
		if fs[d], err = DocReport(docs[d], as[d], views[d], sc.opts); err != nil {
			t.Fatal(err)
		}
		for _, p := range fs[d].Partners() {
			keys = append(keys, uint64(min(uint32(d), p))<<32|uint64(max(uint32(d), p)))
		}
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	// The pairs read only the hashes shared with another document, as a
	// distributed run gives them (DocFindings.Shared).
	in := map[uint64]int{}
	all, kept := 0, 0
	for _, f := range fs {
		for _, h := range f.set {
			in[h]++
		}
	}
	for _, f := range fs {
		var shared []uint64
		for _, h := range f.set {
			if in[h] > 1 {
				shared = append(shared, h)
			}
		}
		all, kept = all+len(f.set), kept+len(shared)
		if err := f.Shared(shared); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d of %d shingle hashes shared", kept, all)
	if err := fs[0].Shared([]uint64{1, 2, 3}); err == nil {
		t.Error("hashes not of the document shared: no error")
	}
	if len(keys) != len(sc.rep.Pairs) {
		t.Fatalf("%d pairs, want %d", len(keys), len(sc.rep.Pairs))
	}
	rewritten := 0
	for i, k := range keys {
		a, b := uint32(k>>32), uint32(k)
		// Either order; one side through its encoding, the other made of
		// the sides of every pair, through theirs.
		got, err := PairReport(sideTrip(t, fs[b].Side(a)), sideTrip(t, fs[a].Sides()).With(b), sc.opts)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, sc.rep.Pairs[i]) {
			t.Errorf("pair %d (%d, %d):\n%+v\nwant\n%+v", i, a, b, got, sc.rep.Pairs[i])
		}
		if got.RewrittenA > 0 || got.RewrittenB > 0 {
			rewritten++
		}
	}
	t.Logf("%d pairs, %d with rewrites", len(keys), rewritten)
	if rewritten == 0 {
		t.Errorf("the corpus tests the pairs' rewrites too little")
	}
	if _, err := PairReport(fs[0].Side(1), fs[0].Side(1), sc.opts); err == nil {
		t.Error("a pair of one document's sides: no error")
	}
	if _, err := PairReport(fs[0].Side(1), fs[2].Side(0), sc.opts); err == nil {
		t.Error("a pair of sides of two pairs: no error")
	}
}

// TestReportByParts: the report joined (JoinReport) from the documents'
// reports made where their analyses are, the passages made of their
// members and the pairs made of their sides, all from the views gathered
// by component, is the report Scan makes, byte for byte.
func TestReportByParts(t *testing.T) {
	ps, vs := stagesOf(t), viewsOf(t)
	r := ps.r
	views, docs, as, byDoc := vs.views, vs.docs, vs.as, vs.byDoc
	var skipped []report.Skipped
	err := r.source(func(d corpus.Doc, a *Analysis) error {
		if a.Words() == 0 {
			skipped = append(skipped, report.Skipped{ID: d.ID, Path: d.Path, Reason: "no words to compare"})
		}
		return nil
	}, func(s corpus.Skip) error {
		skipped = append(skipped, report.Skipped{ID: s.ID, Path: s.Path, Reason: s.Reason})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{}
	reports := make([]report.ScanDocument, len(docs))
	fs := make([]*DocFindings, len(docs))
	var members [][]MemberPart
	for d := range docs {
		if fs[d], err = DocReport(docs[d], as[d], views[d], opts); err != nil {
			t.Fatal(err)
		}
		reports[d] = fs[d].Report
		for _, v := range byDoc[d] {
			m, err := MemberOf(docs[d], as[d], v)
			if err != nil {
				t.Fatal(err)
			}
			for int(m.Passage) >= len(members) {
				members = append(members, nil)
			}
			members[m.Passage] = append(members[m.Passage], m)
		}
	}
	passages := make([]report.Passage, len(members))
	for c, ms := range members {
		if passages[c], err = PassageReport(ms); err != nil {
			t.Fatal(err)
		}
	}
	var pairs []report.ScanPair
	for d := range docs {
		for _, p := range fs[d].Partners() {
			if p > uint32(d) || !slices.Contains(fs[p].Partners(), uint32(d)) { // each pair once
				pr, err := PairReport(fs[d].Side(p), fs[p].Side(uint32(d)), opts)
				if err != nil {
					t.Fatal(err)
				}
				pairs = append(pairs, pr)
			}
		}
	}
	slices.Reverse(pairs) // in any order
	got, err := JoinReport(reports, skipped, passages, pairs, opts)
	if err != nil {
		t.Fatal(err)
	}
	// A distributed run keeps runs of passages apart (passages_runs.go):
	// Scan's report with KeepRuns is the one to match, and Scan's own
	// joins the corpus's changelogs' runs.
	kept, err := ScanAnalysed(r.source, Options{KeepRuns: true})
	if err != nil {
		t.Fatal(err)
	}
	wb := reportJSON(t, kept)
	if gb := reportJSON(t, got); !bytes.Equal(gb, wb) {
		t.Errorf("the report joined of its parts (%d bytes) is not Scan's with KeepRuns (%d bytes)", len(gb), len(wb))
	}
	if bytes.Equal(wb, ps.wb) {
		t.Errorf("Scan's report is the same with runs of passages kept apart and joined")
	}
	t.Logf("%d documents, %d skipped, %d passages, %d pairs", len(reports), len(skipped), len(passages), len(pairs))
	if len(skipped) == 0 {
		t.Error("the corpus tests the inputs skipped too little")
	}
	if _, err := JoinReport(reports, skipped, passages[1:], pairs, opts); err == nil {
		t.Error("passages out of place: no error")
	}
}

// sideTrip returns s carried through its encoding.
func sideTrip(t testing.TB, s *PairSide) *PairSide {
	b, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back PairSide
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if again, err := back.MarshalBinary(); err != nil || !bytes.Equal(again, b) {
		t.Fatalf("a side through its encoding encodes as %d bytes, not %d (%v)", len(again), len(b), err)
	}
	return &back
}

// FuzzPairSide: a damaged side is an error, never a panic, and one that
// decodes encodes as it came.
func FuzzPairSide(f *testing.F) {
	r := newShardedRun(f, seedDocs(), -1)
	docs, as := r.analysedDocs(f)
	for d := range min(3, len(docs)) {
		v, err := NewDocView(ViewDoc{Doc: uint32(d), ID: docs[d].ID}, nil, nil, nil)
		if err != nil {
			f.Fatal(err)
		}
		fd, err := DocReport(docs[d], as[d], v, Options{})
		if err != nil {
			f.Fatal(err)
		}
		b, err := fd.Sides().MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var s PairSide
		if err := s.UnmarshalBinary(b); err != nil {
			return
		}
		again, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, b) {
			t.Errorf("decoded and encoded again, a side changes")
		}
		other := s.With(s.doc)
		other.doc, other.other = s.doc+1, s.doc
		if _, err := PairReport(s.With(s.doc+1), other, Options{}); err != nil && s.doc+1 != 0 {
			t.Errorf("a pair of a side decoded: %v", err)
		}
	})
}
