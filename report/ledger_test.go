package report

import (
	"slices"
	"testing"
)

// TestLedgerOrder: a prose span counts as copied, and its source's outlet
// in copied_from and copied_by, only where the source is known to be
// published earlier. A source of unknown order, or one published later
// (every copy the span's alignment reached came out after it), makes the
// words shared, with that outlet in shared_with: without times, no outlet
// copied from another, and two wires that carry each other's paragraph
// are not each the other's copier.
func TestLedgerOrder(t *testing.T) {
	span := func(words int, src string, earlier, later bool) Span {
		return Span{Words: words, Source: &Source{Doc: src, Earlier: earlier, Later: later}}
	}
	rep := &Scan{Documents: []ScanDocument{
		{ID: "ap", Outlet: "AP", Words: 100, OriginalFraction: 0.8,
			Spans: []Span{span(20, "rt", false, false)}},
		{ID: "rt", Outlet: "Reuters", Words: 100, OriginalFraction: 0.7,
			Spans: []Span{span(20, "ap", false, false), span(10, "blog", false, true)}},
		{ID: "blog", Outlet: "Blog", Words: 50, OriginalFraction: 0.2,
			Spans: []Span{span(30, "ap", true, false), span(10, "rt", true, false), {Words: 5, Quoted: true, Source: &Source{Doc: "ap", Earlier: true}}}},
	}}
	rows := map[string]OutletRow{}
	for _, r := range rep.Ledger() {
		rows[r.Outlet] = r
	}
	for _, c := range []struct {
		outlet            string
		copied, shared    float64
		from, by, shared_ []OutletWords
	}{
		{"AP", 0, 0.2, nil, []OutletWords{{"Blog", 30}}, []OutletWords{{"Reuters", 20}}},
		{"Reuters", 0, 0.3, nil, []OutletWords{{"Blog", 10}}, []OutletWords{{"AP", 20}, {"Blog", 10}}},
		{"Blog", 0.8, 0, []OutletWords{{"AP", 30}, {"Reuters", 10}}, nil, nil},
	} {
		r := rows[c.outlet]
		if r.Copied != c.copied || r.Shared != c.shared || !slices.Equal(r.CopiedFrom, c.from) || !slices.Equal(r.CopiedBy, c.by) || !slices.Equal(r.SharedWith, c.shared_) {
			t.Errorf("%s: copied %v shared %v from %v by %v shared with %v; want %v %v %v %v %v",
				c.outlet, r.Copied, r.Shared, r.CopiedFrom, r.CopiedBy, r.SharedWith, c.copied, c.shared, c.from, c.by, c.shared_)
		}
	}
	// ForLedger keeps what the ledger reads: the same rows from the join.
	join := &Scan{}
	for i := range rep.Documents {
		join.Documents = append(join.Documents, rep.Documents[i].ForLedger())
	}
	for _, r := range join.Ledger() {
		if w := rows[r.Outlet]; w.Copied != r.Copied || w.Shared != r.Shared || !slices.Equal(w.CopiedFrom, r.CopiedFrom) || !slices.Equal(w.SharedWith, r.SharedWith) {
			t.Errorf("%s from ForLedger: %+v, want %+v", r.Outlet, r, w)
		}
	}
}

// TestLedgerOrderUnknown: without times, the outlets that share the most
// words come first, not the first by name.
func TestLedgerOrderUnknown(t *testing.T) {
	span := func(words int, src string) Span { return Span{Words: words, Source: &Source{Doc: src}} }
	rep := &Scan{Documents: []ScanDocument{
		{ID: "a", Outlet: "A", Words: 50, Spans: []Span{span(5, "b")}},
		{ID: "b", Outlet: "B", Words: 50, Spans: []Span{span(5, "a")}},
		{ID: "c", Outlet: "C", Words: 50, Spans: []Span{span(20, "b")}},
	}}
	var got []string
	for _, r := range rep.Ledger() {
		got = append(got, r.Outlet)
	}
	if want := []string{"C", "A", "B"}; !slices.Equal(got, want) {
		t.Errorf("ledger order %q, want %q", got, want)
	}
}

// TestLedgerOwnOutlet: words a document takes from another of its own
// outlet are the outlet's own where it published them first (an update
// of its story: AP's second version is not AP "copying from AP"), copied
// from the origin's outlet where another published them first, and
// shared, with no outlet named, where no origin is known. No outlet is
// in its own lists.
func TestLedgerOwnOutlet(t *testing.T) {
	span := func(words int, src string, earlier bool, passage int) Span {
		return Span{Words: words, Source: &Source{Doc: src, Earlier: earlier}, Pieces: []Piece{{Passage: passage}}}
	}
	rep := &Scan{
		Documents: []ScanDocument{
			{ID: "rt", Outlet: "Reuters", Words: 100, OriginalFraction: 1, Published: "2026-03-03T09:00:00Z"},
			{ID: "ap1", Outlet: "AP", Words: 100, OriginalFraction: 0.8, Spans: []Span{span(20, "rt", true, 2)}, Published: "2026-03-03T10:00:00Z"},
			// AP's update: 50 words of its own first version, 20 of
			// those it took from Reuters, 10 it shares with itself and
			// Reuters in no known order, 5 that AP alone carries in no
			// known order.
			{ID: "ap2", Outlet: "AP", Words: 100, OriginalFraction: 0.15, Published: "2026-03-03T15:00:00Z",
				Spans: []Span{span(50, "ap1", true, 1), span(20, "ap1", true, 2), span(10, "ap1", false, 3), span(5, "ap1", false, 4)}},
		},
		Passages: []Passage{
			{ID: 1, Order: OrderOrigin, Origin: "ap1", Reach: Reach{Documents: 2, Outlets: 1}},
			{ID: 2, Order: OrderOrigin, Origin: "rt", Reach: Reach{Documents: 3, Outlets: 2}},
			{ID: 3, Order: OrderUnknown, Reach: Reach{Documents: 3, Outlets: 2}},
			{ID: 4, Order: OrderUnknown, Reach: Reach{Documents: 2, Outlets: 1}},
		},
	}
	rows := map[string]OutletRow{}
	for _, r := range rep.Ledger() {
		rows[r.Outlet] = r
	}
	ap := rows["AP"]
	// Original: 80 + 15 + 50 + 5 of 200 words; copied: 20 + 20 from
	// Reuters; shared: 10.
	if ap.Original != 0.75 || ap.Copied != 0.2 || ap.Shared != 0.05 ||
		!slices.Equal(ap.CopiedFrom, []OutletWords{{"Reuters", 40}}) || len(ap.CopiedBy) != 0 || len(ap.SharedWith) != 0 {
		t.Errorf("AP: %+v", ap)
	}
	if rt := rows["Reuters"]; !slices.Equal(rt.CopiedBy, []OutletWords{{"AP", 40}}) {
		t.Errorf("Reuters copied by %v, want AP 40", rt.CopiedBy)
	}
	// AP's delay is behind Reuters' origin (1 h, 6 h: the median the
	// lower), not behind its own first version (5 h).
	if ap.MedianDelaySeconds == nil || *ap.MedianDelaySeconds != 3600 {
		t.Errorf("AP's median delay %v, want 3600 s", ap.MedianDelaySeconds)
	}
	// What the join of a Beam run holds (ForLedger, ForOrder) makes the
	// same rows.
	join := &Scan{}
	for i := range rep.Documents {
		join.Documents = append(join.Documents, rep.Documents[i].ForLedger())
	}
	for i := range rep.Passages {
		join.Passages = append(join.Passages, rep.Passages[i].ForOrder())
	}
	for _, r := range join.Ledger() {
		if w := rows[r.Outlet]; w.Original != r.Original || w.Shared != r.Shared || !slices.Equal(w.CopiedFrom, r.CopiedFrom) {
			t.Errorf("%s from ForLedger and ForOrder: %+v, want %+v", r.Outlet, r, w)
		}
	}
}
