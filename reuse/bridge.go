package reuse

import (
	"cmp"
	"slices"

	"github.com/copydesk/copydesk/internal/parallel"
)

// bridge returns the links of the short units (fewer tokens than
// MinAlign, which align with nothing on their own) that lie between two
// aligned pairs of the same two documents and are the same words in both:
// the "This affects at least arm64." or "Closes: #1125678." between two
// sentences copied whole, which two copies of a changelog or a list print
// alike. Without them such a copy is cut into spans at every short line,
// and the short lines count as each document's own words. The run of
// short units must start right after a link that ends at the end of both
// its units and end right before one that starts at the start of both,
// with as many units between them in each document; its unit pairs, taken
// in order, that are the same stems are linked: words the two documents
// print alike where the copy runs on. A short line that differs, a run at
// a copy's edge, and a run with a line more on one side stay out. Each
// link is walked from once, over the short units after it on its
// diagonal: the cost is the links' number and the short units'.
func bridge(parts [][]link, ut *unitTable, docs []*docState, opts *Options) []link {
	minLen := uint32(opts.MinAlign)
	short := func(u int64) bool { return ut.lenOf(uint32(u)) < minLen }
	// The runs from every link that ends its units, each with the pair
	// that must close it.
	type run struct {
		from  link
		n     int32  // short unit pairs
		close uint64 // ua<<32 | ub of the pair after them
	}
	runs := parallel.Collect(len(parts), 16, opts.Workers, func(_ int, runs []run, lo, hi int) []run {
		for _, part := range parts[lo:hi] {
			for _, l := range part {
				if l.al.a1 != ut.unit[l.ua].end || l.al.b1 != ut.unit[l.ub].end {
					continue
				}
				endA, endB := ut.first[l.da+1], ut.first[l.db+1]
				ua, ub := int64(l.ua)+1, int64(l.ub)+1
				for ua < endA && ub < endB && short(ua) && short(ub) {
					ua, ub = ua+1, ub+1
				}
				if n := ua - int64(l.ua) - 1; n > 0 && ua < endA && ub < endB && !short(ua) && !short(ub) {
					runs = append(runs, run{from: l, n: int32(n), close: uint64(ua)<<32 | uint64(ub)})
				}
			}
		}
		return runs
	})
	if len(runs) == 0 {
		return nil
	}
	// The closing pairs that a link starts at the start of both units.
	closes := make([]uint64, len(runs))
	for i, r := range runs {
		closes[i] = r.close
	}
	slices.Sort(closes)
	closes = slices.Compact(closes)
	closed := make([]bool, len(closes))
	for _, part := range parts {
		for _, l := range part {
			if i, ok := slices.BinarySearch(closes, uint64(l.ua)<<32|uint64(l.ub)); ok &&
				l.al.a0 == ut.unit[l.ua].start && l.al.b0 == ut.unit[l.ub].start {
				closed[i] = true
			}
		}
	}
	var out []link
	for _, r := range runs {
		if i, _ := slices.BinarySearch(closes, r.close); !closed[i] {
			continue
		}
		for k := range r.n {
			ua, ub := r.from.ua+1+uint32(k), r.from.ub+1+uint32(k)
			a, b := ut.unit[ua], ut.unit[ub]
			if a.end == a.start || !slices.Equal(ut.stemsOf(ua), ut.stemsOf(ub)) {
				continue
			}
			out = append(out, link{da: r.from.da, db: r.from.db, ua: ua, ub: ub, la: a.end - a.start, lb: b.end - b.start,
				al: piece{a0: a.start, a1: a.end, b0: b.start, b1: b.end, matched: a.end - a.start,
					content: int32(docs[r.from.da].content.count(a.start, a.end))}})
		}
	}
	// In pair order, each once (two links of one unit pair cannot both
	// end its units, but the order must not depend on the parts').
	slices.SortFunc(out, func(x, y link) int { return cmp.Compare(uint64(x.ua)<<32|uint64(x.ub), uint64(y.ua)<<32|uint64(y.ub)) })
	return slices.CompactFunc(out, func(x, y link) bool { return x.ua == y.ua && x.ub == y.ub })
}
