package reuse

import (
	"cmp"
	"math/bits"
	"slices"

	"github.com/copydesk/copydesk/internal/parallel"
)

// Rewrites between documents that share no copy. Two documents that share
// no copy are compared only if enough of their units share seeds: of each
// unit's pairs of content words' concepts (synonyms.go), taken unordered,
// the two least (by hash) of the adjacent ones and the least of the others
// at most seedReach content words apart, so that a clause
// moved, a voice changed or a word swapped for a synonym keeps some of
// them. A seed in more than maxSeedUnits texts is a stock pair ("Vladimir
// Putin", "White House", in many sentences) and seeds nothing; copies of
// one sentence are one text (unitText), seeded through the earliest
// published of them, so that a story carried by any number of documents
// is still found rewritten. Enough is a quarter of the
// shorter document's units (enoughSeeds). Such a document pair is then
// compared as two that share a copy are (rewriteCtx.pair), its seeded
// unit pairs standing for the copies near which long documents are
// compared. A pair that aligns as a copy is a copy the candidates missed
// (a sentence edited so that no K-word run survives) and joins the links;
// the rewrites are kept if they make a retelling (rewrites_chain.go) or
// cover half the words of the shorter document: the same text told again
// in other words (a revised answer, a rewritten sentence sent on its own),
// where two independent stories on one event share a sentence or two said
// alike.
//
// Measured on testdata/revised.jsonl and answers.jsonl, and on the 20k
// news corpus's time in the stage: two seeds a unit of adjacent words
// found eight of the ten stories' revisions; three, all ten and four of
// the five answers' (a third more time); two of adjacent words and one of
// words up to six apart, all fifteen (a quarter more again), as did three
// and two (half more again) or three of words up to sixteen apart.

// maxSeedUnits is the most texts (units, copies of one sentence counted
// once) a seed pairs.
const maxSeedUnits = 16

// seedReach is how far apart, in content words, the two words of a seed
// may be.
const seedReach = 6

// alone returns the rewrites between documents that share no copy, and
// the links of the unit pairs that align as copies: the document pairs
// with enough seeded unit pairs are compared as pair compares those that
// share a copy, the seeded unit pairs their anchors.
func (rc *rewriteCtx) alone(rank []uint32) ([]rewrite, [][]link) {
	anchors := rc.anchorsOf(rc.enoughSeeds(rc.seededPairs(rank)))
	var pairs []uint64 // their document pairs, sorted, with where their anchors start
	var at []int
	for i, l := range anchors {
		if i == 0 || l.pair != anchors[i-1].pair {
			pairs, at = append(pairs, l.pair), append(at, i)
		}
	}
	at = append(at, len(anchors))
	als := rc.opts.alignerSet()
	const chunk = 64
	missed := make([][]link, (len(pairs)+chunk-1)/chunk)
	rws := parallel.Collect(len(pairs), chunk, rc.opts.Workers, func(w int, out []rewrite, lo, hi int) []rewrite {
		sc := rewriteScratch{al: &als[w], da: side{doc: ^uint32(0)}, db: side{doc: ^uint32(0)}}
		for k := lo; k < hi; k++ {
			out = rc.pair(out, pairs[k], anchors[at[k]:at[k+1]], true, &sc)
		}
		missed[lo/chunk] = sc.copies
		return out
	})
	return rws, missed
}

// anchorsOf returns the seeded unit pairs (ua<<32 | ub, ua < ub) as links
// of their document pairs, sorted by document pair, then ua, then ub.
func (rc *rewriteCtx) anchorsOf(pairs []uint64) []pairLink {
	ut := rc.ut
	out := make([]pairLink, len(pairs))
	for i, p := range pairs {
		ua, ub := uint32(p>>32), uint32(p)
		out[i] = pairLink{uint64(ut.doc[ua])<<32 | uint64(ut.doc[ub]), ua, ub}
	}
	slices.SortFunc(out, func(x, y pairLink) int {
		return cmp.Or(cmp.Compare(x.pair, y.pair), cmp.Compare(x.ua, y.ua), cmp.Compare(x.ub, y.ub))
	})
	return out
}

// seededPairs returns the unit pairs of documents that share no copy and
// share a seed, ua<<32 | ub with ua < ub, sorted and distinct; rank is
// each document's place in time (ranks).
func (rc *rewriteCtx) seededPairs(rank []uint32) []uint64 {
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
		keep := func(ua, ub uint32) bool {
			da, db := ut.doc[ua], ut.doc[ub]
			return da != db && !rc.c.share(da, db) && !sameRoot(rc.roots, ua, ub, da, db)
		}
		var run []uint64
		textOf := func(i int) uint32 {
			u := uint32(run[i])
			x := ut.unit[u]
			return unitText(docs[ut.doc[u]].stems[x.start:x.end])
		}
		rankOf := func(u uint32) uint32 { return rank[ut.doc[u]] }
		for i := lo; i < hi; {
			j := i + 1
			for j < len(keys) && keys[j]>>32 == keys[i]>>32 {
				j++
			}
			run = keys[i:j]
			out = appendSeedPairs(out, run, keep, textOf, rankOf)
			i = j
		}
		return out
	})
	parallel.Sort(pairs, rc.opts.Workers)
	return slices.Compact(pairs)
}

// appendSeedPairs appends the unit pairs that one seed's run of keys
// (seed<<32 | unit, sorted) seeds, those that keep accepts. A run of more
// than maxSeedUnits units is first taken down to one unit of each text
// (textOf(i): the text of run[i]'s unit, unitText), the one of least
// rankOf (the earliest published document's), so that copies of one
// sentence, however many documents carry it, seed as one; a seed still
// in more than maxSeedUnits texts is a stock pair and seeds nothing.
func appendSeedPairs(out, run []uint64, keep func(ua, ub uint32) bool, textOf func(i int) uint32, rankOf func(u uint32) uint32) []uint64 {
	var firsts [maxSeedUnits]uint64
	var texts [maxSeedUnits]uint32
	if len(run) > maxSeedUnits {
		n := 0
		for i, k := range run {
			t := textOf(i)
			if j := slices.Index(texts[:n], t); j >= 0 {
				if rankOf(uint32(k)) < rankOf(uint32(firsts[j])) {
					firsts[j] = k
				}
				continue
			}
			if n == maxSeedUnits {
				return out
			}
			firsts[n], texts[n] = k, t
			n++
		}
		run = firsts[:n]
		slices.Sort(run)
	}
	for x := range run {
		for y := x + 1; y < len(run); y++ {
			if ua, ub := uint32(run[x]), uint32(run[y]); keep(ua, ub) {
				out = append(out, uint64(ua)<<32|uint64(ub))
			}
		}
	}
	return out
}

// unitText is a hash of a unit's stems: the units of one text (a sentence
// and its copies) share it. Two texts share it by chance with probability
// 2⁻³², and then only the first of them seeds through a seed in more than
// maxSeedUnits units.
func unitText(stems []uint32) uint32 {
	h := uint64(len(stems))
	for _, s := range stems {
		h = (h ^ uint64(s)) * 0x9E3779B97F4A7C15
	}
	return uint32(h >> 32)
}

// enough reports whether two documents of unitsA and unitsB units with n
// seeded unit pairs have enough of them to be compared (enoughSeeds).
func enough(n int, unitsA, unitsB uint64) bool {
	return uint64(n) >= max(min(unitsA, unitsB)/4, 1)
}

// enoughSeeds keeps the seeded unit pairs (sorted) of the document pairs
// with at least a quarter as many seeded unit pairs as the shorter
// document has units: rewrites that cover half of it are seeded about
// that often (46 of the 52 labelled rewrites of testdata/rewrites.tsv
// share a seed), where two documents that say one or two things alike are
// seeded once or twice.
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
	var kept []uint64
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		if enough(j-i, ut.units(uint32(keys[i]>>32)), ut.units(uint32(keys[i]))) {
			kept = append(kept, keys[i])
		}
		i = j
	}
	return slices.DeleteFunc(pairs, func(p uint64) bool {
		_, ok := slices.BinarySearch(kept, docPair(p))
		return !ok
	})
}

// unitSeeds appends the seeds of unit x of document d: the two least
// hashes of the pairs of its adjacent content words' concepts, and the
// least of the other pairs at most seedReach apart (each pair unordered).
func unitSeeds(dst []uint32, d *docState, x unit) []uint32 {
	if x.end-x.start < minRewriteTokens {
		return dst
	}
	var cs [MaxUnit]uint32
	n := 0
	for w, lo := x.start>>6, x.start; lo < x.end; w, lo = w+1, (w+1)<<6 {
		for c := d.content.word(w, lo, x.end); c != 0; c &= c - 1 {
			cs[n] = concept(d.stems[w<<6|int32(bits.TrailingZeros64(c))])
			n++
		}
	}
	if n < minRewriteContent {
		return dst
	}
	// The two least hashes of the adjacent pairs, and the least of the
	// others.
	const none = ^uint32(0)
	near1, near2, far := none, none, none
	for i := range n {
		a := cs[i]
		for j := i + 1; j < min(n, i+1+seedReach); j++ {
			b := cs[j]
			if a == b {
				continue
			}
			h := uint32((uint64(min(a, b))*0x9E3779B97F4A7C15 ^ uint64(max(a, b))*0xC2B2AE3D27D4EB4F) >> 32)
			switch {
			case j > i+1:
				far = min(far, h)
			case h < near1:
				near1, near2 = h, near1
			case h < near2 && h != near1:
				near2 = h
			}
		}
	}
	for _, h := range [...]uint32{near1, near2} {
		if h != none {
			dst = append(dst, h)
		}
	}
	if far != none && far != near1 && far != near2 {
		dst = append(dst, far)
	}
	return dst
}

// share reports whether documents a and b share a copy.
func (c *copies) share(a, b uint32) bool {
	_, ok := slices.BinarySearch(c.docPairs, uint64(min(a, b))<<32|uint64(max(a, b)))
	return ok
}
