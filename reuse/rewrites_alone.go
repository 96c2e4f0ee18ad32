package reuse

import (
	"slices"

	"github.com/copydesk/copydesk/internal/parallel"
)

// Rewrites between documents that share no copy. Two documents that share
// no copy are compared only where a unit of one and a unit of the other
// share seeds: the two least (by hash) of each unit's pairs of adjacent
// content stems, taken unordered, so that a clause moved or a voice
// changed keeps them. A seed in more than maxSeedUnits units is a stock
// pair ("Vladimir Putin", "White House") and seeds nothing. A seeded pair
// that aligns as a copy is a copy the candidates missed (a sentence edited
// so that no K-word run survives) and joins the links; one that scores as
// a rewrite is kept only if the two documents' rewrites of each other
// cover at least half the words of the shorter one: the same text told
// again in other words (a revised answer, a rewritten sentence sent on its
// own), where two independent stories on one event share a sentence or
// two said alike.

// maxSeedUnits is the most units a seed pairs.
const maxSeedUnits = 16

// alone returns the rewrites between documents that share no copy, and
// the links of the seeded pairs that align as copies.
func (rc *rewriteCtx) alone() ([]rewrite, [][]link) {
	pairs := rc.enoughSeeds(rc.seededPairs())
	als := make([]aligner, rc.opts.Workers)
	const chunk = 256
	missed := make([][]link, (len(pairs)+chunk-1)/chunk)
	rws := parallel.Collect(len(pairs), chunk, rc.opts.Workers, func(w int, out []rewrite, lo, hi int) []rewrite {
		sc := rewriteScratch{al: &als[w]}
		for _, p := range pairs[lo:hi] {
			out = rc.tryAlone(out, uint32(p>>32), uint32(p), &sc)
		}
		missed[lo/chunk] = sc.copies
		return out
	})
	return coverHalf(rws, rc.docs), missed
}

// seededPairs returns the unit pairs of documents that share no copy and
// share a seed, ua<<32 | ub with ua < ub, sorted and distinct.
func (rc *rewriteCtx) seededPairs() []uint64 {
	ut, docs := rc.ut, rc.docs
	keys := parallel.Collect(len(docs), 64, rc.opts.Workers, func(_ int, out []uint64, lo, hi int) []uint64 {
		var seeds []uint32
		for d := lo; d < hi; d++ {
			ds := docs[d]
			for u := ut.first[d]; u < ut.first[d+1]; u++ {
				seeds = unitSeeds(seeds[:0], ds, ut.unit[u])
				for _, s := range seeds {
					out = append(out, uint64(s)<<32|uint64(u))
				}
			}
		}
		return out
	})
	parallel.Sort(keys, rc.opts.Workers)
	pairs := parallel.Collect(len(keys), 1<<14, rc.opts.Workers, func(_ int, out []uint64, lo, hi int) []uint64 {
		// Each run of one seed is read by the chunk it starts in.
		for lo > 0 && lo < hi && keys[lo]>>32 == keys[lo-1]>>32 {
			lo++
		}
		for i := lo; i < hi; {
			j := i + 1
			for j < len(keys) && keys[j]>>32 == keys[i]>>32 {
				j++
			}
			if j-i <= maxSeedUnits {
				for x := i; x < j; x++ {
					for y := x + 1; y < j; y++ {
						ua, ub := uint32(keys[x]), uint32(keys[y])
						if da, db := ut.doc[ua], ut.doc[ub]; da != db && !rc.c.share(da, db) {
							out = append(out, uint64(ua)<<32|uint64(ub))
						}
					}
				}
			}
			i = j
		}
		return out
	})
	parallel.Sort(pairs, rc.opts.Workers)
	return slices.Compact(pairs)
}

// enoughSeeds keeps the seeded unit pairs (sorted) of the document pairs
// with at least a quarter as many seeded unit pairs as the shorter
// document has units: rewrites that cover half of it are seeded about
// that often (34 of the 52 labelled rewrites of testdata/rewrites.tsv
// share one of their two least seeds), where two documents that say one
// or two things alike are seeded once or twice.
func (rc *rewriteCtx) enoughSeeds(pairs []uint64) []uint64 {
	ut := rc.ut
	docPair := func(p uint64) uint64 { return uint64(ut.doc[uint32(p>>32)])<<32 | uint64(ut.doc[uint32(p)]) }
	keys := make([]uint64, len(pairs))
	parallel.Chunks(len(pairs), 1<<14, rc.opts.Workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			keys[i] = docPair(pairs[i])
		}
	})
	parallel.Sort(keys, rc.opts.Workers)
	var enough []uint64
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		if need := min(ut.units(uint32(keys[i]>>32)), ut.units(uint32(keys[i]))) / 4; uint64(j-i) >= max(need, 1) {
			enough = append(enough, keys[i])
		}
		i = j
	}
	return slices.DeleteFunc(pairs, func(p uint64) bool {
		_, ok := slices.BinarySearch(enough, docPair(p))
		return !ok
	})
}

// unitSeeds appends the seeds of unit x of document d: the two least
// hashes of its pairs of adjacent content stems, unordered.
func unitSeeds(dst []uint32, d *docState, x unit) []uint32 {
	if x.end-x.start < minRewriteTokens {
		return dst
	}
	const none = ^uint32(0)
	least, next := none, none
	prev, n := uint32(0), 0
	for t := x.start; t < x.end; t++ {
		if !d.content.has(t) {
			continue
		}
		s := d.stems[t]
		if n++; n > 1 && s != prev {
			lo, hi := min(s, prev), max(s, prev)
			switch h := uint32((uint64(lo)*0x9E3779B97F4A7C15 ^ uint64(hi)*0xC2B2AE3D27D4EB4F) >> 32); {
			case h < least:
				least, next = h, least
			case h > least && h < next:
				next = h
			}
		}
		prev = s
	}
	if n < minRewriteContent {
		return dst
	}
	for _, h := range [2]uint32{least, next} {
		if h != none {
			dst = append(dst, h)
		}
	}
	return dst
}

// share reports whether documents a and b share a copy.
func (c *copies) share(a, b uint32) bool {
	_, ok := slices.BinarySearch(c.docPairs, uint64(min(a, b))<<32|uint64(max(a, b)))
	return ok
}

// tryAlone appends the rewrite of seeded units ua and ub, if they are one,
// or their links if they align as a copy.
func (rc *rewriteCtx) tryAlone(out []rewrite, ua, ub uint32, sc *rewriteScratch) []rewrite {
	ut := rc.ut
	if !rc.long.has(int32(ua)) || !rc.long.has(int32(ub)) {
		return out
	}
	if sa, sb := contentSig(rc.docs[ut.doc[ua]], ut.unit[ua]), contentSig(rc.docs[ut.doc[ub]], ut.unit[ub]); !mayRewrite(&sa, &sb) {
		return out
	}
	if la, lb := ut.lenOf(ua), ut.lenOf(ub); min(la, lb) < minRewriteTokens || 4*min(la, lb) < max(la, lb) {
		return out
	}
	da, db := ut.doc[ua], ut.doc[ub]
	a, b := ut.unit[ua], ut.unit[ub]
	sim, ok := sc.score(rc.docs[da], rc.docs[db], a, b)
	if !ok {
		return out
	}
	if rc.aligns(sc.al, ua, ub) {
		for _, x := range sc.al.found {
			sc.copies = append(sc.copies, link{da: da, db: db, ua: ua, ub: ub, la: a.end - a.start, lb: b.end - b.start, al: snap(x.piece, a, b, rc.docs[da], rc.docs[db])})
		}
		return out
	}
	return append(out, rewrite{da: da, db: db, ua: ua, ub: ub,
		ta0: a.start, ta1: a.end, tb0: b.start, tb1: b.end, sim: float32(sim), alone: true})
}

// coverHalf keeps the rewrites (sorted by unit pair, so by document pair)
// of the document pairs whose rewrites of each other cover at least half
// of the shorter document's words.
func coverHalf(rws []rewrite, docs []*docState) []rewrite {
	slices.SortFunc(rws, func(x, y rewrite) int {
		if x.da != y.da {
			return int(x.da) - int(y.da)
		}
		if x.db != y.db {
			return int(x.db) - int(y.db)
		}
		return int(x.ua) - int(y.ua)
	})
	out := rws[:0]
	for i := 0; i < len(rws); {
		j := i + 1
		for j < len(rws) && rws[j].da == rws[i].da && rws[j].db == rws[i].db {
			j++
		}
		var ra, rb [][2]int32
		for _, r := range rws[i:j] {
			ra, rb = append(ra, [2]int32{r.ta0, r.ta1}), append(rb, [2]int32{r.tb0, r.tb1})
		}
		wa, wb := tokensIn(ra, nil), tokensIn(rb, nil)
		na, nb := docs[rws[i].da].toks.len(), docs[rws[i].db].toks.len()
		if 2*min(wa, wb) >= min(na, nb) {
			out = append(out, rws[i:j]...)
		}
		i = j
	}
	return out
}
