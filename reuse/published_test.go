package reuse

import (
	"slices"
	"testing"
	"time"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
)

// TestOriginOf: a passage's origin is the member published before every
// other; a date covers its whole day, an equal time ties, and a missing
// time leaves the order unknown.
func TestOriginOf(t *testing.T) {
	at := func(s string) when {
		if s == "" {
			return whenOf(&corpus.Doc{})
		}
		if len(s) == 10 {
			tm, _ := time.Parse(time.DateOnly, s)
			return whenOf(&corpus.Doc{Published: tm, DateOnly: true})
		}
		tm, _ := time.Parse(time.RFC3339, s)
		return whenOf(&corpus.Doc{Published: tm})
	}
	for _, tc := range []struct {
		times  []string
		origin int32
		order  string
	}{
		{[]string{"2026-03-03T09:00:00Z", "2026-03-03T10:00:00Z"}, 0, report.OrderOrigin},
		{[]string{"2026-03-03T10:00:00Z", "2026-03-03T09:00:00Z", "2026-03-04"}, 1, report.OrderOrigin},
		{[]string{"2026-03-03T09:00:00Z", "2026-03-03T09:00:00Z"}, -1, report.OrderTied},
		{[]string{"2026-03-03", "2026-03-03T09:00:00Z"}, -1, report.OrderTied},  // the day holds the time
		{[]string{"2026-03-02", "2026-03-03T00:00:00Z"}, 0, report.OrderOrigin}, // the day before
		{[]string{"2026-03-03T23:59:59Z", "2026-03-04"}, 0, report.OrderOrigin}, // before the day
		{[]string{"2026-03-03", "2026-03-03"}, -1, report.OrderTied},            // the same day
		{[]string{"2026-03-03T09:00:00Z", ""}, -1, report.OrderUnknown},         // one time missing
		{[]string{"", "2026-03-03T09:00:00Z", "2026-03-01"}, -1, report.OrderUnknown},
	} {
		var ws []when
		var docs []uint32
		for i, s := range tc.times {
			ws = append(ws, at(s))
			docs = append(docs, uint32(i))
		}
		if origin, order := originOf(docs, ws); origin != tc.origin || order != tc.order {
			t.Errorf("%v: origin %d (%s), want %d (%s)", tc.times, origin, order, tc.origin, tc.order)
		}
	}
	// The lead of a time over the next day is the rest of its day.
	if l := at("2026-03-03T22:00:00Z").lead(at("2026-03-04")); l != 7200 {
		t.Errorf("lead of 22:00 over the next day = %d s, want 7200", l)
	}
	// Ranks: earliest first, unknown last, then input order.
	got := ranks([]when{at(""), at("2026-03-03T10:00:00Z"), at("2026-03-03"), at("2026-03-03T10:00:00Z")})
	if want := []uint32{3, 1, 0, 2}; !slices.Equal(got, want) {
		t.Errorf("ranks = %v, want %v", got, want)
	}
}
