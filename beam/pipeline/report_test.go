package pipeline

import (
	"encoding/binary"
	"reflect"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/reuse"
)

// recIter iterates over records, as Beam gives a group's values.
func recIter(rs ...docRecord) func(*docRecord) bool {
	return func(r *docRecord) bool {
		if len(rs) == 0 {
			return false
		}
		*r, rs = rs[0], rs[1:]
		return true
	}
}

// TestReportStagesDamaged: what Report's stages are given that does not
// fit (a document not in its block, a view of a component not counted,
// an ask of a document not there, a pair that lacks a side, members of
// another group, pieces of the report out of place) is an error, not a
// panic.
func TestReportStagesDamaged(t *testing.T) {
	none := func(int, []byte) {}
	v := reuse.NodeView{Node: 3, Doc: 1, T0: 0, T1: 9, Passage: 0, Origin: -1, Order: "tied", Members: 2, RepWords: 9,
		Partners: []reuse.Partner{{Node: 5, Doc: 2, T0: 0, T1: 9, Matched: 9}}}
	view := appendNodeView(nil, &v)
	counted := binary.AppendUvarint(binary.AppendUvarint(binary.AppendUvarint(nil, 1), 8), 1) // one component, of node 8
	doc := reuse.ViewDoc{Doc: 2, Rank: 1, ID: "b"}
	offsets := appendViewDoc(binary.AppendUvarint(nil, 2), &doc)
	member := func(passage int32) []byte {
		m := appendMember(nil, &reuse.MemberPart{Node: 3, Doc: 1, Passage: passage, Origin: -1, Members: 1, Order: "tied"})
		return append(binary.AppendUvarint(nil, uint64(len(m))), m...)
	}
	for _, tc := range []struct {
		name string
		run  func() error
		want string
	}{
		{"no IDs renamed", func() error {
			fn := &recordsFn{}
			return fn.ProcessElement(t.Context(), Record{}, iterOf(testIndex(t)), iterOf(), func(int, docRecord) {}, none, none)
		}, "no IDs renamed"},
		{"a view of a component not counted", func() error {
			return (&numberFn{}).ProcessElement(0, append(binary.AppendUvarint(nil, 4), view...), iterOf(counted), none)
		}, "not counted"},
		{"an ask of a document not in the block", func() error {
			ask := appendFarAsk(nil, farAsk{doc: 7, t0: 0, t1: 3, asker: 1, node: 3})
			return resolveFn(t.Context(), groupOf(7), iterOf(), iterOf(), iterOf(ask), iterOf(), none)
		}, "is not there"},
		{"offsets of a document of another block", func() error {
			return resolveFn(t.Context(), groupOf(2)+1, iterOf(offsets), iterOf(), iterOf(), iterOf(), none)
		}, "damaged token offsets"},
		{"a record of another block", func() error {
			fn := &documentFn{}
			return fn.ProcessElement(t.Context(), groupOf(1)+1, recIter(docRecord{Doc: 1}), iterOf(), iterOf(), iterOf(), none, none, none, none)
		}, "in block"},
		{"a partner without its bytes", func() error {
			_, _, err := fillBytes(1, []reuse.NodeView{v}, nil)
			return err
		}, "no bytes"},
		{"a member of another group", func() error {
			return (&passageFn{}).ProcessElement(t.Context(), groupOf(5)+1, iterOf(member(5)), none, none)
		}, "not of group"},
		{"a pair that lacks a side", func() error {
			k := pairKey(1, 2)
			rec := binary.AppendUvarint(nil, uint64(k))
			return (&pairFn{Final: true}).ProcessElement(t.Context(), pairGroup(k),
				iterOf(append(binary.AppendUvarint(nil, uint64(len(rec))), rec...)), iterOf(), none, none, none)
		}, "lacks a side"},
		{"an ask for the side of a document not there", func() error {
			ask := binary.AppendUvarint(binary.AppendUvarint(nil, 1), 2)
			return answerFn(t.Context(), groupOf(1), iterOf(), iterOf(append([]byte{byte(len(ask))}, ask...)), none)
		}, "not there"},
		{"a document out of place", func() error {
			d := append(binary.AppendUvarint(nil, 3), "{}"...)
			return (&joinFn{}).ProcessElement(t.Context(), 0, iterOf(append([]byte{byte(len(d))}, d...)), iterOf(), iterOf(), iterOf(), func([]byte) {}, func(int, []byte) {})
		}, "document 3, of 1"},
		{"a plan of the files naming a passage twice", func() error {
			return (&linesFn{Per: 2}).ProcessElement(t.Context(), 1, iterOf(), iterOf(appendFilePlan(nil, 4, 0, []int{2, 2})))
		}, "or twice"},
		{"no plan of the files", func() error {
			return (&linesFn{Per: 2}).ProcessElement(t.Context(), 1, iterOf(), iterOf())
		}, "no plan"},
		{"a file past the documents", func() error {
			return (&linesFn{Per: 2}).ProcessElement(t.Context(), 3, iterOf(), iterOf(appendFilePlan(nil, 4, 0, []int{1})))
		}, "a file 3 of lines"},
		{"a document in another's file", func() error {
			d := append(binary.AppendUvarint(nil, 2), "{}"...)
			return (&linesFn{Per: 2}).ProcessElement(t.Context(), 1, iterOf(append([]byte{byte(len(d))}, d...)), iterOf(appendFilePlan(nil, 4, 0, []int{1})))
		}, "line 2 in file 1"},
		{"a document missing from its file", func() error {
			d := append(binary.AppendUvarint(nil, 0), "{}"...)
			return (&linesFn{Per: 2}).ProcessElement(t.Context(), 1, iterOf(append([]byte{byte(len(d))}, d...)), iterOf(appendFilePlan(nil, 4, 0, []int{1})))
		}, "line 1 is not in file 1"},
		{"a passage's line the plan does not number", func() error {
			line := append(binary.AppendUvarint(nil, 5), "{}"...)
			return (&passageFilesFn{Per: 2}).ProcessElement(t.Context(), 1, append([]byte{byte(len(line))}, line...), iterOf(appendFilePlan(nil, 4, 0, []int{1})), func(int, []byte) {})
		}, "not in the plan"},
		{"a pair's line the join did not rank", func() error {
			line := append(binary.AppendUvarint(nil, 7), "{}"...)
			return (&pairFilesFn{Per: 2}).ProcessElement(t.Context(), 1, iterOf(), iterOf(append([]byte{byte(len(line))}, line...)), iterOf(appendFilePlan(nil, 4, 1, []int{1})), func(int, []byte) {})
		}, "did not rank"},
	} {
		if err := tc.run(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.want)
		}
	}
}

// TestLedgerDocTrip: what the ledger reads of a document comes through
// its encoding as ForLedger keeps it, fractions to the bit.
func TestLedgerDocTrip(t *testing.T) {
	full := report.ScanDocument{ID: "a", Outlet: "o", Published: "2017-12-17T10:00:00Z", Archived: true, Words: 90, Text: "not kept",
		OriginalFraction: 1.0 / 3, RewrittenFraction: 0.1,
		Spans: []report.Span{
			{Start: 3, End: 9, Words: 4, Source: &report.Source{Doc: "b", Start: 1}, Pieces: []report.Piece{{Passage: 2}, {Passage: 5}}},
			{Start: 12, Quoted: true},
		}}
	want := full.ForLedger()
	r := reader{b: appendLedgerDoc(nil, &full)}
	got := r.ledgerDoc()
	if r.err != nil || len(r.b) > 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("%+v (%v, %d bytes left), want %+v", got, r.err, len(r.b), want)
	}
}

// TestFileName: a report's files are named after it, numbered before its
// extension, so that in order of their names they are in order.
func TestFileName(t *testing.T) {
	for _, c := range []struct {
		name string
		i, n int
		want string
	}{
		{"report.jsonl", 2, 10, "report-00002-of-00010.jsonl"},
		{"gs://bucket/out/report.ndjson", 0, 3, "gs://bucket/out/report-00000-of-00003.ndjson"},
		{"out.d/report", 1, 2, "out.d/report-00001-of-00002"},
	} {
		if got := FileName(c.name, c.i, c.n); got != c.want {
			t.Errorf("FileName(%q, %d, %d) = %q, want %q", c.name, c.i, c.n, got, c.want)
		}
	}
	if a, b := FileName("r.jsonl", 9, 11), FileName("r.jsonl", 10, 11); a >= b {
		t.Errorf("%s sorts after %s", a, b)
	}
}
