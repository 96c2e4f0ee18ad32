package reuse

import (
	"math/bits"
	"slices"

	"github.com/copydesk/copydesk/internal/parallel"
)

// neighbours are the unit pairs tried next to an aligned pair (i, j): the
// next and previous sentences of both, and one sentence further on either
// side, for a sentence inserted or dropped by the copy. Copied text runs on:
// an edited sentence that shares no K-word run with its source is still
// found when the sentence next to it is. Each neighbour names the one
// whose being a candidate makes it needless (the diagonal step in its
// direction, for the steps over an inserted or dropped sentence), or
// itself: always the diagonal step on or back (TestNeighboursUnless).
var neighbours = []neighbour{
	{[2]int64{1, 1}, [2]int64{1, 1}}, {[2]int64{-1, -1}, [2]int64{-1, -1}},
	{[2]int64{1, 2}, [2]int64{1, 1}}, {[2]int64{2, 1}, [2]int64{1, 1}},
	{[2]int64{-1, -2}, [2]int64{-1, -1}}, {[2]int64{-2, -1}, [2]int64{-1, -1}},
}

// neighbour is a step from an aligned pair to a neighbour pair, and the
// step whose pair's being a candidate makes it needless (neighbours).
type neighbour struct{ step, unless [2]int64 }

// stepFrom returns the unit pair that d steps to from link l. A unit
// shorter than the least alignment score aligns with nothing: a diagonal
// step goes on over such units in both documents, as many on each side
// (a heading, a "Closes: #1125678."), to the next two that can align
// (jumped; bridge.go links the short ones between if alike). False if
// the step leaves either document or ends at a short unit.
func stepFrom(ut *unitTable, l link, d neighbour, minLen uint32) (ua, ub int64, jumped, ok bool) {
	in := func(ua, ub int64) bool {
		return ua >= ut.first[l.da] && ua < ut.first[l.da+1] && ub >= ut.first[l.db] && ub < ut.first[l.db+1]
	}
	short := func(u int64) bool { return ut.lenOf(uint32(u)) < minLen }
	ua, ub = int64(l.ua)+d.step[0], int64(l.ub)+d.step[1]
	for d.step == d.unless && in(ua, ub) && short(ua) && short(ub) {
		ua, ub, jumped = ua+d.step[0], ub+d.step[1], true
	}
	return ua, ub, jumped, in(ua, ub) && !short(ua) && !short(ub)
}

// pairIndex is a sorted set of unit pairs ua<<32|ub, with the first pair of
// every unit ua.
type pairIndex struct {
	pairs   []uint64
	first   []int32  // pairs[first[u]:first[u+1]] have ua == u
	unitDoc []uint32 // the document of every unit
}

func newPairIndex(pairs []uint64, unitDoc []uint32) pairIndex {
	return newIndex(pairs, len(unitDoc), unitDoc)
}

// newIndex indexes keys hi<<32|lo with hi below n.
func newIndex(pairs []uint64, n int, unitDoc []uint32) pairIndex {
	first := make([]int32, n+1)
	i := 0
	for u := range first {
		for i < len(pairs) && pairs[i]>>32 < uint64(u) {
			i++
		}
		first[u] = int32(i)
	}
	return pairIndex{pairs, first, unitDoc}
}

// has reports whether the index holds pair.
func (x pairIndex) has(pair uint64) bool {
	u := pair >> 32
	if u+1 >= uint64(len(x.first)) {
		return false
	}
	_, ok := slices.BinarySearch(x.pairs[x.first[u]:x.first[u+1]], pair)
	return ok
}

// nextTo reports whether the index holds a pair of the same two documents
// within two units of pair on both sides, other than pair itself.
func (x pairIndex) nextTo(pair uint64) bool {
	ua, ub := int64(pair>>32), int64(uint32(pair))
	for u := max(ua-2, 0); u <= min(ua+2, int64(len(x.first))-2); u++ {
		run := x.pairs[x.first[u]:x.first[u+1]]
		i, _ := slices.BinarySearch(run, uint64(u)<<32|uint64(max(ub-2, 0)))
		for ; i < len(run) && run[i] <= uint64(u)<<32|uint64(ub+2); i++ {
			if run[i] != pair && x.unitDoc[u] == x.unitDoc[ua] && x.unitDoc[uint32(run[i])] == x.unitDoc[ub] {
				return true
			}
		}
	}
	return false
}

// runSet is a set of keys kept as sorted runs, each more than twice as
// long as the next (a logarithmic merge, as in an LSM tree): adding a
// sorted run of n keys costs about n log(size) moves, where one sorted
// array would copy the whole set each time, and a lookup is a binary
// search per run (a few runs).
type runSet struct{ runs [][]uint64 }

// has reports whether k is in the set.
func (s *runSet) has(k uint64) bool {
	for _, r := range s.runs {
		if _, ok := slices.BinarySearch(r, k); ok {
			return true
		}
	}
	return false
}

// add adds the keys of run (sorted, distinct, none in the set), which it
// keeps.
func (s *runSet) add(run []uint64) {
	for n := len(s.runs); n > 0 && len(s.runs[n-1]) <= 2*len(run); n-- {
		merged := make([]uint64, len(s.runs[n-1])+len(run))
		parallel.Merge(merged, s.runs[n-1], run)
		run, s.runs = merged, s.runs[:n-1]
	}
	s.runs = append(s.runs, run)
}

// without removes from the sorted x the keys in the set: for each run, by
// one pass over both when x is about as long, else by binary search.
func (s *runSet) without(x []uint64) []uint64 {
	for _, r := range s.runs {
		if len(x)*bits.Len(uint(len(r))) < len(r) {
			x = slices.DeleteFunc(x, func(k uint64) bool {
				_, ok := slices.BinarySearch(r, k)
				return ok
			})
			continue
		}
		out, j := x[:0], 0
		for _, v := range x {
			for j < len(r) && r[j] < v {
				j++
			}
			if j == len(r) || r[j] != v {
				out = append(out, v)
			}
		}
		x = out
	}
	return x
}

// extend aligns the neighbours (neighbours) of every aligned unit pair
// that is evidence on its own, starting from found (the candidates'
// links), round after round until a round aligns nothing: copied text runs
// on, so an edited sentence that shares no K-word run with its source is
// still found beside one that does (seed and extend). A pair already a
// candidate, or whose two units are both aligned with the other document
// already, is not tried. Then the deferred candidates (boundPairs) next to
// another candidate or to an aligned neighbour pair of the same two
// documents are aligned. It returns the links of the rounds and of the
// deferred pairs, in chunks; deferred is overwritten.
func extend(found [][]link, all, cands, deferred []uint64, ut *unitTable, docs []*docState, opts *Options) [][]link {
	candIdx := newPairIndex(cands, ut.doc)
	// linked holds unit<<32|doc for every unit aligned with a document:
	// those of the candidates indexed, those of later rounds in more.
	keys := parallel.Collect(len(found), 16, opts.Workers, func(_ int, _ []uint64, lo, hi int) []uint64 {
		keys := make([]uint64, 0, 2*linkCount(found[lo:hi]))
		for _, part := range found[lo:hi] {
			for _, l := range part {
				keys = append(keys, uint64(l.ua)<<32|uint64(l.db), uint64(l.ub)<<32|uint64(l.da))
			}
		}
		return keys
	})
	parallel.Sort(keys, opts.Workers)
	linked := newIndex(slices.Compact(keys), len(ut.unit), nil)
	var more runSet
	// anyLinked marks the units linked with some document: most units
	// next to an aligned pair are linked with none, and this bit set, a
	// bit per unit, answers for them without a search.
	anyLinked := make([]uint64, (len(ut.unit)+63)/64)
	for _, k := range linked.pairs {
		anyLinked[k>>38] |= 1 << (k >> 32 & 63)
	}
	isLinked := func(u, doc int64) bool {
		if anyLinked[u>>6]&(1<<(u&63)) == 0 {
			return false
		}
		k := uint64(u)<<32 | uint64(doc)
		return linked.has(k) || more.has(k)
	}
	minLen := uint32(opts.MinAlign)
	var tried runSet      // the neighbour pairs tried in all rounds so far
	var extended []uint64 // and those aligned
	var out [][]link
	for round := found; linkCount(round) > 0; {
		next := parallel.Collect(len(round), 16, opts.Workers, func(_ int, _ []uint64, lo, hi int) []uint64 {
			next := make([]uint64, 0, len(neighbours)*linkCount(round[lo:hi]))
			for _, part := range round[lo:hi] {
				for _, l := range part {
					// Extend only from a pair that is evidence on its own,
					// not from a stock phrase, or from two units the same
					// words whole (a copyright line between a file list
					// and a licence, which the copy runs on over).
					if !opts.evidence(l.al.matched, l.al.content, min(l.la, l.lb)) && !l.whole() {
						continue
					}
					// Every neighbour's unless is the pair one sentence on
					// in both documents, or one back: asked once each.
					on := candIdx.has(uint64(int64(l.ua)+1)<<32 | uint64(int64(l.ub)+1))
					back := candIdx.has(uint64(int64(l.ua)-1)<<32 | uint64(int64(l.ub)-1))
					for _, d := range neighbours {
						// Skip a candidate (aligned already), a step over a
						// sentence beside a candidate (the copy goes on
						// there, with nothing inserted or dropped), and a
						// pair whose sentences are both aligned with the
						// other document.
						ua, ub, jumped, ok := stepFrom(ut, l, d, minLen)
						if !ok {
							continue
						}
						key := uint64(ua)<<32 | uint64(ub)
						unless := back
						if d.unless[0] > 0 {
							unless = on
						}
						if unless || (d.step != d.unless || jumped) && candIdx.has(key) ||
							isLinked(ua, int64(l.db)) && isLinked(ub, int64(l.da)) {
							continue
						}
						next = append(next, key)
					}
				}
			}
			return next
		})
		parallel.Sort(next, opts.Workers)
		next = tried.without(slices.Compact(next))
		tried.add(slices.Clone(next))
		round = alignPairs(next, ut, docs, opts, true)
		var added []uint64
		for _, part := range round {
			for _, l := range part {
				added = append(added, uint64(l.ua)<<32|uint64(l.db), uint64(l.ub)<<32|uint64(l.da))
				anyLinked[l.ua>>6] |= 1 << (l.ua & 63)
				anyLinked[l.ub>>6] |= 1 << (l.ub & 63)
				extended = append(extended, uint64(l.ua)<<32|uint64(l.ub))
			}
		}
		parallel.Sort(added, opts.Workers)
		if added = more.without(slices.Compact(added)); len(added) > 0 {
			more.add(added)
		}
		out = append(out, round...)
	}
	// The deferred pairs next to another candidate or an aligned
	// neighbour pair of the same documents.
	allIdx := newPairIndex(all, ut.doc)
	slices.Sort(extended)
	extIdx := newPairIndex(slices.Compact(extended), ut.doc)
	// The deferred pairs are sorted, like the runs of tried: one merge
	// takes the tried ones out, where a search a pair would miss the
	// cache at every step.
	deferred = tried.without(deferred)
	late := parallel.Collect(len(deferred), 4096, opts.Workers, func(_ int, late []uint64, lo, hi int) []uint64 {
		for _, c := range deferred[lo:hi] {
			if allIdx.nextTo(c) || extIdx.nextTo(c) {
				late = append(late, c)
			}
		}
		return late
	})
	return append(out, alignPairs(late, ut, docs, opts, false)...)
}

// whole reports whether the link matches every word of both its units.
func (l link) whole() bool { return l.al.matched == l.la && l.la == l.lb }
