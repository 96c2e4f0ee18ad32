package reuse

import (
	"cmp"
	"slices"
	"time"

	"github.com/copydesk/copydesk/corpus"
)

// when is the time a document was published, as an interval of Unix
// nanoseconds [lo, hi]: an instant has lo == hi, a date-only publication
// covers its whole day (UTC). A day is neither before nor after a time
// within it, so two documents are ordered only when their intervals do not
// touch: where the order is unknown, nothing is guessed.
type when struct {
	lo, hi int64
	known  bool
}

// whenOf returns when d was published.
func whenOf(d *corpus.Doc) when {
	if d.Published.IsZero() {
		return when{}
	}
	lo := d.Published.UnixNano()
	if d.DateOnly {
		return when{lo: lo, hi: lo + int64(24*time.Hour) - 1, known: true}
	}
	return when{lo: lo, hi: lo, known: true}
}

// before reports whether x is known to come before y.
func (x when) before(y when) bool { return x.known && y.known && x.hi < y.lo }

// lead is how long before y x surely came (y's earliest moment less x's
// latest), in whole seconds; only meaningful when x.before(y).
func (x when) lead(y when) int64 { return (y.lo - x.hi) / int64(time.Second) }

// publication returns when each document was published, and its rank.
func publication(docs []*docState) ([]when, []uint32) {
	ws := make([]when, len(docs))
	for i, d := range docs {
		ws[i] = whenOf(&d.doc)
	}
	return ws, ranks(ws)
}

// ranks orders documents for the leaders of candidate stars and passages:
// by publication (the earliest moment each may have appeared), documents of
// unknown time after all others, then by input order. rank[d] is document
// d's place.
func ranks(ws []when) []uint32 {
	order := make([]int, len(ws))
	for i := range order {
		order[i] = i
	}
	// Input order breaks ties: the order of a stable sort, at the cost of
	// an unstable one (a stable sort of 300,000 takes a tenth of a second).
	slices.SortFunc(order, func(a, b int) int {
		x, y := ws[a], ws[b]
		switch {
		case x.known != y.known:
			if x.known {
				return -1
			}
			return 1
		case x.known && x.lo != y.lo:
			return cmp.Compare(x.lo, y.lo)
		}
		return cmp.Compare(a, b)
	})
	rank := make([]uint32, len(ws))
	for r, d := range order {
		rank[d] = uint32(r)
	}
	return rank
}
