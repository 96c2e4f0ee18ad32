package report

import (
	"slices"
	"strings"
	"testing"
)

// TestRestrict cuts a report of four documents, whose passages chain
// a–b, b–c and c–d, down to a: the passage a is in (numbered 1), a, and b
// (archived, with its span of that passage alone); not c or d, their
// passages or their pairs.
func TestRestrict(t *testing.T) {
	span := func(start int, passages ...int) Span {
		s := Span{Start: start, End: start + 10, Matches: []Match{}}
		for _, p := range passages {
			s.Pieces = append(s.Pieces, Piece{Passage: p, Start: start, End: start + 10})
		}
		return s
	}
	r := &Scan{
		Documents: []ScanDocument{
			{ID: "a", Spans: []Span{span(0, 2)}},
			{ID: "b", Spans: []Span{span(0, 2), span(20, 3), span(40, 2, 3)}},
			{ID: "c", Spans: []Span{span(0, 3), span(20, 4)}},
			{ID: "d", Spans: []Span{span(0, 4)}},
		},
		Passages: []Passage{
			{ID: 1, Members: []Member{{Doc: "c"}, {Doc: "d"}}},
			{ID: 2, Members: []Member{{Doc: "a"}, {Doc: "b"}}},
			{ID: 3, Members: []Member{{Doc: "b"}, {Doc: "c"}}},
		},
		Pairs:   []ScanPair{{A: "a", B: "b"}, {A: "b", B: "c"}, {A: "c", B: "d"}},
		Skipped: []Skipped{{ID: "a~2"}, {ID: "a"}},
	}
	for i := range r.Documents {
		r.Documents[i].Text = strings.Repeat("x", 60)
	}
	r.Restrict(map[string]bool{"a": true})
	var ids []string
	for _, d := range r.Documents {
		ids = append(ids, d.ID)
		if d.Archived != (d.ID != "a") {
			t.Errorf("%s: archived %v", d.ID, d.Archived)
		}
	}
	if !slices.Equal(ids, []string{"a", "b"}) {
		t.Fatalf("documents %v, want a and b", ids)
	}
	if len(r.Passages) != 1 || r.Passages[0].ID != 1 || r.Passages[0].Members[0].Doc != "a" {
		t.Errorf("passages %+v, want a–b's alone, as 1", r.Passages)
	}
	b := r.Documents[1]
	if len(b.Spans) != 2 || b.Spans[0].Start != 0 || b.Spans[1].Start != 40 || len(b.Spans[1].Pieces) != 1 || b.Spans[1].Pieces[0].Passage != 1 {
		t.Errorf("b's spans %+v, want those at 0 and 40 with passage 1's pieces alone", b.Spans)
	}
	if a := r.Documents[0]; a.Spans[0].Pieces[0].Passage != 1 {
		t.Errorf("a's piece names passage %d, want 1", a.Spans[0].Pieces[0].Passage)
	}
	if len(r.Pairs) != 1 || r.Pairs[0].B != "b" {
		t.Errorf("pairs %+v, want a–b alone", r.Pairs)
	}
	if len(r.Skipped) != 1 || r.Skipped[0].ID != "a" {
		t.Errorf("skipped %+v, want a's alone", r.Skipped)
	}
	if err := r.check(); err != nil {
		t.Errorf("the restricted report is not whole: %v", err)
	}
}
