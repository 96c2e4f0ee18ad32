package reuse

import (
	"cmp"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/copydesk/copydesk/internal/parallel"
)

// Candidates that an earlier third document explains. A text carried by
// more than starDocs documents makes a star of candidates about its
// earliest copy (candidates.go), but its copies also share, two by two,
// the shingles of what they changed alike: two outlets that made the
// same edit to a wire story by chance (the same word swapped in the same
// sentence) share a shingle that few others hold, and the candidates pair
// that sentence of theirs all with all. Each such pair of documents was
// then aligned and compared whole, sentence after sentence (extend,
// rewriteCtx.pair), though every sentence of both is aligned with the
// earliest copy already: a document pair's work for each coincidence,
// and the coincidences grow with the square of the copies
// (BenchmarkEditedReach).
//
// So each unit has a root: of the leaders of the stars it is in (as
// another document's unit, paired with the leader's), the earliest (least
// rank, then least unit); or, for a unit in no star between two whose
// roots are two units apart in one document, the unit between
// (inferRoots: a sentence edited until it shares no shingle with its
// source, which the candidates do not pair with it). And a document
// pair's candidates are left out when they are one unit pair (explained)
// whose two units have the same root, of a third document, and that were
// copied from it apart: at some place within two units of them (the same
// offset in both), the two documents have units with the same root, of
// the root's document, that differ (are not the same words), so one of
// them changed the root's text there and the other did not follow. A
// copy of a copy keeps its source's words around the edit they share (a
// reprint of an edited reprint, TestReprintOfReprint) and stays a
// candidate, as do two documents that share more than one unit pair, or
// units of a text in few documents (no star: complete linkage compares
// its copies all with all). The two documents remain members of the
// passages of the root's text, each through its own link with the root's
// document. The limit: a copy of a copy that shares one edited sentence
// with its source and edited a sentence beside it itself is taken for a
// copy of the root, its source there.

// The rewrites of documents that share no copy (rewrites_alone.go) skip
// seeded unit pairs of one root, of a third document, for the same
// reason: both are copies of the root's unit, and their rewrites would be
// in one passage (inOnePassage).

// noRoot is the root of a unit that is in no star but its own.
const noRoot = ^uint64(0)

// rootOffer receives, for each unit of a star but the leader's, the
// leader's unit it is paired with and the leader's document's rank: into
// a table by unit (the corpus's, safe for concurrent use), or into a
// list (a shard's).
type rootOffer struct {
	table []uint64 // by unit: the least rank<<32 | unit offered, noRoot if none
	list  []rootCand
}

// rootCand is a root offered to unit x: key is rank<<32 | unit.
type rootCand struct {
	x   uint32
	key uint64
}

// offer offers unit x the root lead, of a document of rank rank.
func (o *rootOffer) offer(x, lead, rank uint32) {
	key := uint64(rank)<<32 | uint64(lead)
	if o.table == nil {
		o.list = append(o.list, rootCand{x, key})
		return
	}
	p := &o.table[x]
	for {
		old := atomic.LoadUint64(p)
		if old <= key || atomic.CompareAndSwapUint64(p, old, key) {
			return
		}
	}
}

// newRootTable returns a table of the roots of units units, none offered
// yet.
func newRootTable(units int) []uint64 {
	t := make([]uint64, units)
	for i := range t {
		t[i] = noRoot
	}
	return t
}

// leastRoots returns the least of the candidates offered to each unit,
// as x<<32 | root unit, sorted by x; it sorts cands.
func leastRoots(cands []rootCand) []uint64 {
	slices.SortFunc(cands, func(a, b rootCand) int { return cmp.Or(cmp.Compare(a.x, b.x), cmp.Compare(a.key, b.key)) })
	var out []uint64
	for i, c := range cands {
		if i == 0 || c.x != cands[i-1].x {
			out = append(out, uint64(c.x)<<32|c.key&0xFFFFFFFF)
		}
	}
	return out
}

// rootDocs turns a table of keys rank<<32 | root unit into one of
// doc<<32 | root unit, in place: each root named with its document.
func rootDocs(table []uint64, unitDoc []uint32) []uint64 {
	for u, k := range table {
		if k != noRoot {
			r := uint32(k)
			table[u] = uint64(unitDoc[r])<<32 | uint64(r)
		}
	}
	return table
}

// inferRoots gives a unit with no root of its own the unit between its
// neighbours' roots, when they have roots two units apart in one
// document: a sentence between two copied sentences, edited so that it
// shares no shingle with its source, copies the sentence between theirs.
// It reads only the roots of each unit's own document, so a document
// pair's roots (PairAligner) infer what the corpus's do; ut numbers the
// units of roots.
func inferRoots(roots []uint64, ut *unitTable) {
	if roots == nil {
		return
	}
	had := newBitset(len(roots))
	for u, r := range roots {
		if r != noRoot {
			had.set(u)
		}
	}
	for u := 1; u+1 < len(roots); u++ {
		if had.has(int32(u)) || !had.has(int32(u-1)) || !had.has(int32(u+1)) || ut.doc[u-1] != ut.doc[u] || ut.doc[u+1] != ut.doc[u] {
			continue
		}
		if r0, r2 := roots[u-1], roots[u+1]; r0>>32 == r2>>32 && uint32(r2) == uint32(r0)+2 {
			roots[u] = r0 + 1
		}
	}
}

// sameRoot reports whether units ua and ub, of documents da and db (as
// numbered in the corpus), have the same root, of a third document; roots
// holds doc<<32 | unit by unit, or is nil (no roots known).
func sameRoot(roots []uint64, ua, ub, da, db uint32) bool {
	if roots == nil {
		return false
	}
	r := roots[ua]
	return r != noRoot && r == roots[ub] && uint32(r>>32) != da && uint32(r>>32) != db
}

// explained reports whether units ua and ub, the only candidate of their
// two documents, are explained by their root: the same root, of a third
// document, and copied from it apart. ut numbers the units (the corpus's,
// or a pair's own), and da and db are the documents as the corpus numbers
// them.
func explained(roots []uint64, ua, ub, da, db uint32, ut *unitTable) bool {
	if !sameRoot(roots, ua, ub, da, db) {
		return false
	}
	rd := roots[ua] >> 32
	fa, fb := ut.doc[ua], ut.doc[ub]
	for _, k := range [...]int64{-1, 1, -2, 2} {
		a, b := int64(ua)+k, int64(ub)+k
		if a < ut.first[fa] || a >= ut.first[fa+1] || b < ut.first[fb] || b >= ut.first[fb+1] {
			continue
		}
		r := roots[a]
		if r != noRoot && r == roots[b] && r>>32 == rd && !slices.Equal(ut.stemsOf(uint32(a)), ut.stemsOf(uint32(b))) {
			return true
		}
	}
	return false
}

// withoutExplained returns the candidate unit pairs all (sorted, of the
// units of ut) less those explained (explained: the only candidate of
// their two documents); all is overwritten.
func withoutExplained(all, roots []uint64, ut *unitTable, workers int) []uint64 {
	idx := newPairIndex(all, ut.doc)
	drop := make([]bool, len(all))
	parallel.Chunks(len(all), 1<<14, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			ua, ub := uint32(all[i]>>32), uint32(all[i])
			da, db := ut.doc[ua], ut.doc[ub]
			drop[i] = explained(roots, ua, ub, da, db, ut) && idx.onlyOfDocs(all[i], ut)
		}
	})
	n := 0
	for i, p := range all {
		if !drop[i] {
			all[n] = p
			n++
		}
	}
	return all[:n]
}

// onlyOfDocs reports whether pair is the only pair of the index between
// its two units' documents. It looks at the units of the first document
// nearest the pair's first: two documents that share more than one unit
// pair mostly share neighbours.
func (x pairIndex) onlyOfDocs(pair uint64, ut *unitTable) bool {
	ua, ub := int64(pair>>32), uint32(pair)
	da, db := ut.doc[ua], ut.doc[ub]
	lo, hi := uint64(ut.first[db]), uint64(ut.first[db+1])
	other := func(u int64) bool {
		run := x.pairs[x.first[u]:x.first[u+1]]
		i, _ := slices.BinarySearch(run, uint64(u)<<32|lo)
		for ; i < len(run) && run[i] < uint64(u)<<32|hi; i++ {
			if run[i] != pair {
				return true
			}
		}
		return false
	}
	first, end := ut.first[da], ut.first[da+1]
	for d := int64(0); ua-d >= first || ua+d < end; d++ {
		if ua-d >= first && other(ua-d) || d > 0 && ua+d < end && other(ua+d) {
			return false
		}
	}
	return true
}

// joinRoots returns the roots of every unit of ut (as doc<<32 | unit,
// noRoot if none) from the shards' (Shard.Roots): the least by rank.
func joinRoots(shards []Shard, ut *unitTable, rank []uint32) ([]uint64, error) {
	t := newRootTable(len(ut.unit))
	for i := range shards {
		for _, k := range shards[i].Roots {
			u, r := k>>32, uint32(k)
			if u >= uint64(len(t)) || int(r) >= len(ut.unit) || ut.doc[r] == ut.doc[u] {
				return nil, fmt.Errorf("reuse: a shard gives unit %d root %d, of %d units", u, r, len(ut.unit))
			}
			if key := uint64(rank[ut.doc[r]])<<32 | uint64(r); key < t[u] {
				t[u] = key
			}
		}
	}
	t = rootDocs(t, ut.doc)
	inferRoots(t, ut)
	return t, nil
}
