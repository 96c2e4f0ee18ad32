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
// its units, or at the start of both documents, and end right before one
// that starts at the start of both (the next such pair on the diagonal),
// or at the end of both documents, with as many units between them in
// each document; a run at the documents' start or end (a header, a short
// headline, a sign-off that two copies print alike) only if all its pairs
// are the same stems, and one at their end only if it is quoted as the
// link before it is (quotedAs); its unit pairs, taken in order, that are the same
// stems are linked: words the two documents print alike where the copy
// runs on. A short line that differs, a run at a copy's edge, and a run
// with a line more on one side stay out. Each link is walked from once,
// over the short units after it on its diagonal, with a search a unit:
// the cost is the links' number and the short units'.
func bridge(parts [][]link, ut *unitTable, docs []*docState, opts *Options) []link {
	minLen := uint32(opts.MinAlign)
	short := func(u int64) bool { return ut.lenOf(uint32(u)) < minLen }
	// The links a run may follow: those that end both their units, with
	// a short unit after each. (A corpus with none may still have runs
	// at the documents' start: heads, below.)
	openers := parallel.Collect(len(parts), 16, opts.Workers, func(_ int, out []link, lo, hi int) []link {
		for _, part := range parts[lo:hi] {
			for _, l := range part {
				if l.al.a1 == ut.unit[l.ua].end && l.al.b1 == ut.unit[l.ub].end &&
					int64(l.ua)+1 < ut.first[l.da+1] && int64(l.ub)+1 < ut.first[l.db+1] && short(int64(l.ua)+1) && short(int64(l.ub)+1) {
					out = append(out, l)
				}
			}
		}
		return out
	})
	// The pairs that a link starts at the start of both units, with a
	// short unit before each: those that may close a run; and those of
	// the documents' first units, which no run from their start passes.
	closers := parallel.Collect(len(parts), 16, opts.Workers, func(_ int, out []uint64, lo, hi int) []uint64 {
		for _, part := range parts[lo:hi] {
			for _, l := range part {
				first := int64(l.ua) == ut.first[l.da] && int64(l.ub) == ut.first[l.db]
				if l.al.a0 == ut.unit[l.ua].start && l.al.b0 == ut.unit[l.ub].start && (first ||
					int64(l.ua) > ut.first[l.da] && int64(l.ub) > ut.first[l.db] && short(int64(l.ua)-1) && short(int64(l.ub)-1)) {
					out = append(out, uint64(l.ua)<<32|uint64(l.ub))
				}
			}
		}
		return out
	})
	parallel.Sort(closers, opts.Workers)
	closers = slices.Compact(closers)
	closes := func(ua, ub int64) bool {
		_, ok := slices.BinarySearch(closers, uint64(ua)<<32|uint64(ub))
		return ok
	}
	same := func(ua, ub uint32) bool { return slices.Equal(ut.stemsOf(ua), ut.stemsOf(ub)) }
	// alike appends the links of the pairs (ua+k, ub+k), k from 0 below
	// n, that are the same stems; at the documents' start (edge), only if
	// every pair is: two documents the same up to their copy.
	alike := func(out []link, ua, ub uint32, n int64, edge bool) []link {
		for k := range uint32(n) {
			if edge && !same(ua+k, ub+k) {
				return out
			}
		}
		for k := range uint32(n) {
			if ut.lenOf(ua+k) > 0 && same(ua+k, ub+k) {
				out = append(out, wholeLink(ut, docs, ua+k, ub+k))
			}
		}
		return out
	}
	out := parallel.Collect(len(openers), 256, opts.Workers, func(_ int, out []link, lo, hi int) []link {
		for _, l := range openers[lo:hi] {
			endA, endB := ut.first[l.da+1], ut.first[l.db+1]
			ua, ub := int64(l.ua)+1, int64(l.ub)+1
			for ua < endA && ub < endB && !closes(ua, ub) && short(ua) && short(ub) {
				ua, ub = ua+1, ub+1
			}
			// Closed by a link, or by the end of both documents (a tail
			// quoted as the link's units are: see quotedAs).
			switch n := ua - int64(l.ua) - 1; {
			case ua < endA && ub < endB && closes(ua, ub):
				out = alike(out, l.ua+1, l.ub+1, n, false)
			case ua == endA && ub == endB && quotedAs(ut, docs, l.ua, n) && quotedAs(ut, docs, l.ub, n):
				out = alike(out, l.ua+1, l.ub+1, n, true)
			}
		}
		return out
	})
	// The runs before the first link of two documents, from the start of
	// both: each closer with as many units before it in each document
	// walks back over them.
	heads := parallel.Collect(len(closers), 1024, opts.Workers, func(_ int, out []link, lo, hi int) []link {
		for _, c := range closers[lo:hi] {
			ua, ub := int64(c>>32), int64(uint32(c))
			fa, fb := ut.first[ut.doc[ua]], ut.first[ut.doc[ub]]
			if ua-fa != ub-fb {
				continue
			}
			n := int64(1)
			for ua-n >= fa && short(ua-n) && short(ub-n) && (n == 1 || !closes(ua-n+1, ub-n+1)) {
				n++
			}
			if ua-n+1 == fa && !closes(fa, fb) {
				out = alike(out, uint32(fa), uint32(fb), n-1, true)
			}
		}
		return out
	})
	out = append(out, heads...)
	// In pair order, each once (two links of one unit pair cannot both
	// end its units, but the order must not depend on the parts').
	slices.SortFunc(out, func(x, y link) int { return cmp.Compare(uint64(x.ua)<<32|uint64(x.ub), uint64(y.ua)<<32|uint64(y.ub)) })
	return slices.CompactFunc(out, func(x, y link) bool { return x.ua == y.ua && x.ub == y.ub })
}

// shortRuns returns the links of the runs of short units (each fewer
// tokens than MinAlign, so that none aligns on its own) that two
// documents print alike, one after another in both: the field lines of a
// machine-readable copyright file, a list of names, a table, whose every
// line is short. Two identical short units share the shingle of their
// whole text, so they are a candidate pair (all, sorted), unless that
// shingle is in so many documents that it pairs each with its leader only
// (a stock line, "License: GPL-2"). A run is the pairs one after another
// on the diagonal whose units are short and the same stems, candidates or
// not; it is linked, unit pair by unit pair, if its words pass the
// evidence rule together (MinWords, MinContent: a stock line or two, "All
// rights reserved.", do not) and two of its pairs within two units of
// each other are candidates (so that Live, which asks as much of a
// document pair, never says no to one that has a run). Each run is
// walked once, from its first pair, by its first candidate: the cost is
// the candidates' number and the runs' lengths, with a search a pair.
func shortRuns(all []uint64, ut *unitTable, docs []*docState, opts *Options) []link {
	minLen := uint32(opts.MinAlign)
	// alike reports whether (ua, ub), of the documents da and db, are two
	// short units that are the same stems.
	alike := func(ua, ub int64, da, db uint32) bool {
		if ua < ut.first[da] || ua >= ut.first[da+1] || ub < ut.first[db] || ub >= ut.first[db+1] {
			return false
		}
		la, lb := ut.lenOf(uint32(ua)), ut.lenOf(uint32(ub))
		return la < minLen && la == lb && la > 0 && slices.Equal(ut.stemsOf(uint32(ua)), ut.stemsOf(uint32(ub)))
	}
	cand := func(ua, ub int64) bool {
		_, ok := slices.BinarySearch(all, uint64(ua)<<32|uint64(ub))
		return ok
	}
	// Where each run starts, found from its first candidate: a candidate
	// with one before it in the run leaves the run to that one.
	starts := parallel.Collect(len(all), 4096, opts.Workers, func(_ int, out []uint64, lo, hi int) []uint64 {
	pairs:
		for _, p := range all[lo:hi] {
			ua, ub := int64(p>>32), int64(uint32(p))
			da, db := ut.doc[ua], ut.doc[ub]
			if !alike(ua, ub, da, db) {
				continue
			}
			for alike(ua-1, ub-1, da, db) {
				if ua, ub = ua-1, ub-1; cand(ua, ub) {
					continue pairs
				}
			}
			out = append(out, uint64(ua)<<32|uint64(ub))
		}
		return out
	})
	return parallel.Collect(len(starts), 1024, opts.Workers, func(_ int, out []link, lo, hi int) []link {
		for _, p := range starts[lo:hi] {
			ua, ub := int64(p>>32), int64(uint32(p))
			da, db := ut.doc[ua], ut.doc[ub]
			n, words, content := int64(0), int32(0), int32(0)
			last, beside := int64(-3), false // the last candidate's place in the run
			for ; alike(ua+n, ub+n, da, db); n++ {
				a := ut.unit[ua+n]
				words += a.end - a.start
				content += int32(docs[da].content.count(a.start, a.end))
				if cand(ua+n, ub+n) {
					beside = beside || n-last <= 2
					last = n
				}
			}
			if !beside || !opts.evidence(words, content, words) {
				continue
			}
			for k := range n {
				out = append(out, wholeLink(ut, docs, uint32(ua+k), uint32(ub+k)))
			}
		}
		return out
	})
}

// quotedAs reports whether the n units after unit u are all quoted, or
// all not, as u's first word is (docState.quoted: inside quotation
// marks or on a line quoted as e-mail quotes). A reply that quotes the
// message it answers ends, as that message does, in its sender's
// signature and the list's footer, alike but its own, after the quote:
// that tail follows a quoted link and is not quoted.
func quotedAs(ut *unitTable, docs []*docState, u uint32, n int64) bool {
	ds := docs[ut.doc[u]]
	q := ds.quoted.has(ut.unit[u].start)
	for k := range uint32(n) {
		if x := ut.unit[u+1+k]; x.end > x.start && ds.quoted.has(x.start) != q {
			return false
		}
	}
	return true
}

// wholeLink is the link of two units that are the same words, every one
// matched.
func wholeLink(ut *unitTable, docs []*docState, ua, ub uint32) link {
	a, b := ut.unit[ua], ut.unit[ub]
	da := ut.doc[ua]
	return link{da: da, db: ut.doc[ub], ua: ua, ub: ub, la: a.end - a.start, lb: b.end - b.start,
		al: piece{a0: a.start, a1: a.end, b0: b.start, b1: b.end, matched: a.end - a.start,
			content: int32(docs[da].content.count(a.start, a.end))}}
}
