package reuse

// The rewrites of documents that share no copy (rewrites_alone.go),
// spread over many workers as the alignment is (docpairs.go). The one
// count over the corpus they need, the texts each seed is in (a seed in
// more than maxSeedUnits texts seeds nothing), is a keyed grouping:
// each document's seeds are made where it is (Analysis.AppendSeeds),
// grouped by seed, and each seed's units paired (SeedPairs). The seeded
// unit pairs are then grouped by document pair; a pair that shares no
// copy and has enough of them (Seeded) is compared on a worker with its
// two documents' analyses (PairAligner.Alone), and ScanRewritten joins
// what the pairs found with the alignment's.

import (
	"cmp"
	"slices"

	"github.com/copydesk/copydesk/report"
)

// Seed is a seed of a unit (AppendSeeds): Key is seed<<32 | unit, and
// Text the hash of the unit's text, which copies of one sentence share.
type Seed struct {
	Key  uint64
	Text uint32
}

// AppendSeeds appends to dst the seeds of the document's units, its units
// numbered from first (as its postings are): the pairs of content words'
// concepts by which documents that share no copy are found to say the
// same things (rewrites_alone.go).
func (a *Analysis) AppendSeeds(dst []Seed, first uint32) []Seed {
	var seeds []uint32
	for i, u := range a.st.units {
		seeds = unitSeeds(seeds[:0], a.st, u)
		if len(seeds) == 0 {
			continue
		}
		text := unitText(a.st.stems[u.start:u.end])
		for _, s := range seeds {
			dst = append(dst, Seed{uint64(s)<<32 | uint64(first+uint32(i)), text})
		}
	}
	return dst
}

// SeedPairs returns the unit pairs that seeds pair: seeds holds every
// seed (AppendSeeds) of each of its seed values, in any order (it sorts
// seeds); the units of a seed in at most maxSeedUnits texts are paired
// (copies of one sentence through the one of the document of least rank,
// the earliest published: Ranks), each two of different documents
// (docOf), ua<<32 | ub with ua < ub, sorted and distinct. Whether their
// documents share a copy is not asked here.
func SeedPairs(seeds []Seed, docOf func(u uint32) uint32, rank []uint32) []uint64 {
	slices.SortFunc(seeds, func(x, y Seed) int { return cmp.Compare(x.Key, y.Key) })
	seeds = slices.CompactFunc(seeds, func(x, y Seed) bool { return x.Key == y.Key })
	keys := make([]uint64, len(seeds))
	for i, s := range seeds {
		keys[i] = s.Key
	}
	var out []uint64
	keep := func(ua, ub uint32) bool { return docOf(ua) != docOf(ub) }
	rankOf := func(u uint32) uint32 { return rank[docOf(u)] }
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j]>>32 == keys[i]>>32 {
			j++
		}
		at := i
		out = appendSeedPairs(out, keys[i:j], keep, func(x int) uint32 { return seeds[at+x].Text }, rankOf)
		i = j
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Seeded reports whether two documents of unitsA and unitsB units that
// share no copy and n seeded unit pairs (SeedPairs, distinct) are to be
// compared (PairAligner.Alone): at least a quarter as many as the shorter
// has units.
func Seeded(n, unitsA, unitsB int) bool { return enough(n, uint64(unitsA), uint64(unitsB)) }

// Alone compares two documents of a corpus that share no copy, as Scan
// compares those with enough seeded unit pairs (Seeded): documents
// da < db with analyses a and b, their units numbered from firstA and
// firstB, their seeded unit pairs anchors (ua<<32 | ub, ua of a, ub of b,
// sorted and distinct) and the roots of a's units and then b's (as
// AlignPair's). It returns their rewrites, if they retell the shorter
// document or cover half of it, and the unit pairs that align as copies.
// Anchors whose two units have one root, of a third document, do not
// count: if too few are left, nothing is compared (as Scan seeds no such
// pair). opts must be the scan's.
func (pa *PairAligner) Alone(a, b *Analysis, da, db, firstA, firstB uint32, anchors, roots []uint64, opts Options) (*PairAlignment, error) {
	run, local, err := pa.start(a, b, da, db, firstA, firstB, anchors, roots, &opts)
	if err != nil {
		return nil, err
	}
	roots = run.rootsOf(roots)
	n := len(local)
	local = slices.DeleteFunc(local, func(p uint64) bool { return sameRoot(roots, uint32(p>>32), uint32(p), da, db) })
	if len(local) < n && !enough(len(local), uint64(run.na), uint64(run.ut.units(1))) {
		p := run.found(nil)
		p.alone = true
		return p, nil
	}
	rc := newRewriteCtx(copiesOf(nil, nil, run.ut, &opts), run.ut, run.docs, &opts)
	links := make([]pairLink, len(local))
	for i, p := range local {
		links[i] = pairLink{pair: 0<<32 | 1, ua: uint32(p >> 32), ub: uint32(p)}
	}
	sc := rewriteScratch{al: &pa.al[0], da: side{doc: ^uint32(0)}, db: side{doc: ^uint32(0)}}
	rws := rc.pair(nil, 0<<32|1, links, true, &sc)
	p := run.found(rws, [][]link{sc.copies})
	p.alone = true
	return p, nil
}

// ScanRewritten is ScanAligned with the rewrites of documents that share
// no copy found already, pair by pair (PairAligner.Alone: alone, in any
// order; those that found nothing may be left out): the report is the
// one ScanAnalysed makes of src.
func ScanRewritten(src AnalysedSource, shards []Shard, pairs, alone []*PairAlignment, opts Options) (*report.Scan, error) {
	return scanJoined(src, shards, opts, joinAlignments(pairs, alone, true), nil)
}

// sortPairs sorts pair alignments by their documents.
func sortPairs(pairs []*PairAlignment) {
	slices.SortFunc(pairs, func(x, y *PairAlignment) int { return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B)) })
}
