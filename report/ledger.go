package report

import (
	"cmp"
	"slices"
	"time"
)

// The outlet ledger: what each outlet published of its own, what it
// took from whom, and who took from it, read off the documents' spans and
// rewrites and the passages' origins. It is derived from the rest of the
// report (Ledger), so that a report read back gives the same ledger.

// OutletRow is one outlet's line of the ledger. Shares are of its
// documents' words.
type OutletRow struct {
	// Outlet is the outlet's name; "" gathers the documents of no known
	// outlet.
	Outlet    string `json:"outlet"`
	Documents int    `json:"documents"`
	Words     int    `json:"words"`
	// Original is the share of its words that it published first or
	// alone: each document's original words (original_fraction), and
	// those a document took from another of the same outlet where the
	// outlet published them first (the origin of the passage is its
	// own: an update of its story), or no other outlet carries them.
	// Words taken from the outlet's own document count as copied from the
	// origin's outlet where that is another, as shared (no outlet named)
	// where no origin is known and others carry them too, and the outlet
	// is never in its own lists.
	Original float64 `json:"original"`
	// Copied is the share in prose spans taken from a document published
	// earlier (a source known to be earlier); Shared the share in prose
	// spans it shares with others in an unknown order (a source of
	// unknown order, or one published after it that it did not originate:
	// without times, every prose span); Quoted the share in quoted spans
	// (statements and readouts that every outlet quotes), Rewritten the
	// share in rewrites of a document published earlier or at an unknown
	// time.
	Copied    float64 `json:"copied"`
	Shared    float64 `json:"shared"`
	Quoted    float64 `json:"quoted"`
	Rewritten float64 `json:"rewritten"`
	// CopiedFrom are the outlets its copied spans came from, CopiedBy
	// those whose copied spans came from it, SharedWith the sources of
	// its shared spans: by words, most first, at most ledgerTop each.
	CopiedFrom []OutletWords `json:"copied_from"`
	CopiedBy   []OutletWords `json:"copied_by"`
	SharedWith []OutletWords `json:"shared_with"`
	// MedianDelaySeconds is how long after a passage's origin, in
	// another outlet's document, its copies appeared, the median over its
	// spans whose times are both known to the second; nil when none are.
	MedianDelaySeconds *int64 `json:"median_delay_seconds"`
}

// OutletWords is a number of words of an outlet.
type OutletWords struct {
	Outlet string `json:"outlet"`
	Words  int    `json:"words"`
}

// How a span's words count in the ledger and the HTML documents table
// (Span.counted).
type spanCount int

const (
	countedOwn    spanCount = iota // prose published there first: no source
	countedQuoted                  // quoted
	countedCopied                  // prose from a source known to be earlier
	countedShared                  // prose from a source of unknown order, or later
)

// counted says how the span's words count: quoted, copied from an
// earlier document, shared in an unknown order, or its document's own.
func (s *Span) counted() spanCount {
	switch {
	case s.Quoted:
		return countedQuoted
	case s.Source == nil:
		return countedOwn
	case s.Source.Earlier:
		return countedCopied
	}
	return countedShared
}

// ledgerTop is the most outlets a row's CopiedFrom, CopiedBy and
// SharedWith list.
const ledgerTop = 5

// Ledger returns the outlet ledger of the report: a row per outlet, by
// words copied from it (most first), then by words it shares in an
// unknown order (most first: without times, the outlets that share the
// most come first), then name. Archived documents (in a report of
// documents checked against an archive) count only as the sources of the
// others' words.
func (r *Scan) Ledger() []OutletRow {
	doc := make(map[string]*ScanDocument, len(r.Documents))
	for i := range r.Documents {
		doc[r.Documents[i].ID] = &r.Documents[i]
	}
	origin := make(map[int]string, len(r.Passages)) // passage id -> its origin, when one is known
	oneOutlet := map[int]bool{}                     // passage ids carried by one outlet only
	for _, p := range r.Passages {
		if p.Order == OrderOrigin {
			origin[p.ID] = p.Origin
		}
		if p.Reach.Outlets == 1 {
			oneOutlet[p.ID] = true
		}
	}
	type tally struct {
		row                      OutletRow
		original, copied, shared float64 // words
		quoted, rewritten        float64
		from, by, with           map[string]int
		delays                   []int64
	}
	rows := map[string]*tally{}
	get := func(outlet string) *tally {
		t := rows[outlet]
		if t == nil {
			t = &tally{row: OutletRow{Outlet: outlet}, from: map[string]int{}, by: map[string]int{}, with: map[string]int{}}
			rows[outlet] = t
		}
		return t
	}
	for i := range r.Documents {
		d := &r.Documents[i]
		if d.Archived { // a checked document's partner: it counts only as a source
			continue
		}
		t := get(d.Outlet)
		t.row.Documents++
		t.row.Words += d.Words
		t.original += d.OriginalFraction * float64(d.Words)
		t.rewritten += d.RewrittenFraction * float64(d.Words)
		for _, s := range d.Spans {
			o := doc[origin[firstPassage(&s)]] // its first passage's origin, when one is known
			switch c := s.counted(); {
			case c == countedQuoted:
				t.quoted += float64(s.Words)
			case c != countedOwn && d.Outlet != "" && sourceOutlet(doc, &s) == d.Outlet:
				// Taken from a document of its own outlet: the outlet's
				// own where the passage's origin is (an update of its
				// story) or where no other outlet carries it, copied
				// from the origin's outlet where that is another, shared
				// (with no outlet named) where no origin is known.
				switch {
				case o != nil && o.Outlet == d.Outlet, o == nil && oneOutlet[firstPassage(&s)]:
					t.original += float64(s.Words)
				case o != nil:
					t.copied += float64(s.Words)
					t.from[o.Outlet] += s.Words
					get(o.Outlet).by[d.Outlet] += s.Words
				default:
					t.shared += float64(s.Words)
				}
			case c == countedCopied:
				t.copied += float64(s.Words)
				if src := doc[s.Source.Doc]; src != nil {
					t.from[src.Outlet] += s.Words
					get(src.Outlet).by[d.Outlet] += s.Words
				}
			case c == countedShared:
				t.shared += float64(s.Words)
				if src := doc[s.Source.Doc]; src != nil {
					t.with[src.Outlet] += s.Words
				}
			}
			// Behind another outlet's origin: an outlet's update of its own
			// story is no delay in taking it up.
			if o != nil && o != d && (d.Outlet == "" || o.Outlet != d.Outlet) {
				if delay, ok := secondsBetween(o.Published, d.Published); ok {
					t.delays = append(t.delays, delay)
				}
			}
		}
	}
	out := make([]OutletRow, 0, len(rows))
	for _, t := range rows {
		row := t.row
		if row.Words > 0 {
			w := float64(row.Words)
			row.Original, row.Copied, row.Shared = round4(t.original/w), round4(t.copied/w), round4(t.shared/w)
			row.Quoted, row.Rewritten = round4(t.quoted/w), round4(t.rewritten/w)
		}
		row.CopiedFrom, row.CopiedBy, row.SharedWith = topOutlets(t.from), topOutlets(t.by), topOutlets(t.with)
		if len(t.delays) > 0 {
			slices.Sort(t.delays)
			m := t.delays[(len(t.delays)-1)/2]
			row.MedianDelaySeconds = &m
		}
		out = append(out, row)
	}
	slices.SortFunc(out, func(a, b OutletRow) int {
		return cmp.Or(cmp.Compare(wordsOf(b.CopiedBy), wordsOf(a.CopiedBy)), cmp.Compare(wordsOf(b.SharedWith), wordsOf(a.SharedWith)),
			cmp.Compare(a.Outlet, b.Outlet))
	})
	return out
}

// sourceOutlet is the outlet of the span's source document, "" if it has
// none or the report does not hold it.
func sourceOutlet(doc map[string]*ScanDocument, s *Span) string {
	if s.Source == nil || doc[s.Source.Doc] == nil {
		return ""
	}
	return doc[s.Source.Doc].Outlet
}

// firstPassage is the passage of the span's first piece, 0 if none.
func firstPassage(s *Span) int {
	if len(s.Pieces) == 0 {
		return 0
	}
	return s.Pieces[0].Passage
}

// ForLedger returns what Ledger reads of the document: its ID, outlet,
// publication, words and shares, and of each span its start, words,
// quotation, source document and whether it is earlier, and first
// piece's passage. A report joined on one worker from documents reported
// on many (a Beam run) holds that of each document, not its text and
// spans whole, to make the ledger.
func (d *ScanDocument) ForLedger() ScanDocument {
	out := ScanDocument{ID: d.ID, Outlet: d.Outlet, Published: d.Published, Archived: d.Archived, Words: d.Words,
		OriginalFraction: d.OriginalFraction, RewrittenFraction: d.RewrittenFraction}
	if len(d.Spans) > 0 {
		out.Spans = make([]Span, len(d.Spans))
	}
	for i, s := range d.Spans {
		out.Spans[i] = Span{Start: s.Start, Words: s.Words, Quoted: s.Quoted}
		if s.Source != nil {
			out.Spans[i].Source = &Source{Doc: s.Source.Doc, Earlier: s.Source.Earlier}
		}
		if len(s.Pieces) > 0 {
			out.Spans[i].Pieces = []Piece{{Passage: s.Pieces[0].Passage}}
		}
	}
	return out
}

// topOutlets returns the ledgerTop outlets of the most words, then by name.
func topOutlets(words map[string]int) []OutletWords {
	out := make([]OutletWords, 0, len(words))
	for o, w := range words {
		out = append(out, OutletWords{o, w})
	}
	slices.SortFunc(out, func(a, b OutletWords) int {
		return cmp.Or(cmp.Compare(b.Words, a.Words), cmp.Compare(a.Outlet, b.Outlet))
	})
	return out[:min(len(out), ledgerTop)]
}

// wordsOf sums the words of the outlets.
func wordsOf(ws []OutletWords) int {
	n := 0
	for _, w := range ws {
		n += w.Words
	}
	return n
}

// secondsBetween returns the seconds from the time a to the time b (each
// as a document's published), if both are times to the second, not days.
func secondsBetween(a, b string) (int64, bool) {
	ta, err1 := time.Parse(time.RFC3339, a)
	tb, err2 := time.Parse(time.RFC3339, b)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return int64(tb.Sub(ta) / time.Second), true
}

// Reused returns the share of document doc's words that its pair with
// document with says are copied or rewritten (shared and rewritten, on
// doc's side), or 0 if the report lists no such pair.
func (r *Scan) Reused(doc, with string) float64 {
	for _, p := range r.Pairs {
		switch {
		case p.A == doc && p.B == with:
			return p.SharedA + p.RewrittenA
		case p.B == doc && p.A == with:
			return p.SharedB + p.RewrittenB
		}
	}
	return 0
}
