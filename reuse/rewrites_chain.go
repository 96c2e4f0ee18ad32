package reuse

import (
	"cmp"
	"math"
	"slices"
)

// Retellings: a document told again sentence by sentence in other words.
// A heavy revision keeps each sentence's facts and many of its content
// words but moves its clauses, so that few of them stay in order: one
// such pair alone is no better evidence than two independent stories'
// sentences on one event, which share names, numbers and a verb or two
// (score gives both the verdict retold). What tells them apart is the
// document around them (Sanchez-Perez, Sidorov and Gelbukh 2014 extend
// their seeds into passages for the same reason): a revision's retold
// sentences follow one another in the order of the source's and cover
// most of it, where independent stories' say alike a sentence here and
// there. So a document pair's retold pairs are rewrites only when the
// longest chain of its candidates in the order of both documents has at
// least minRetelling pairs and covers half of the words of the shorter
// document that are in no unit copied with the other (both sides): measured
// on testdata/revised.jsonl, ten stories each with a heavy revision and
// an independent story on the same event, and on the seeds.

// candidate is a unit pair of the document pair being compared that
// scored as rewritten or retold.
type candidate struct {
	ua, ub uint32
	sim    float32
	v      verdict
}

// keep appends the rewrites among the candidates of documents da and db
// (sc.cands): every pair that scored as rewritten, and the retold pairs
// of a retelling that are no missed copy. alone says the two share no
// copy: then the rewrites are kept only if they cover half of the shorter
// document (a story retold in other words, or a rewritten sentence sent
// on its own), for independent stories on one event share a sentence or
// two said alike.
func (rc *rewriteCtx) keep(out []rewrite, da, db uint32, alone bool, sc *rewriteScratch) []rewrite {
	if len(sc.loose) > 0 && rc.mayRetell(sc, da, db) {
		for _, k := range sc.loose {
			rc.tryRetold(uint32(k>>32), uint32(k), sc)
		}
	}
	rc.dropTwinned(da, db, sc)
	if len(sc.cands) == 0 {
		return out
	}
	retelling := false
	if chain := sc.retelling(); len(chain) >= minRetelling {
		retelling = rc.coverHalf(sc, true, da, db, true)
	}
	n, j := 0, 0 // the kept candidates, compacted in place; the next of the chain
	for i, c := range sc.cands {
		inChain := j < len(sc.chain) && sc.chain[j] == int32(i)
		if inChain {
			j++
		}
		if c.v == retold && !(retelling && inChain) {
			continue
		}
		if c.v == retold && rc.missedCopy(c.ua, c.ub, sc) {
			continue
		}
		sc.cands[n] = c
		n++
	}
	sc.cands = sc.cands[:n]
	if n == 0 || alone && !retelling && !rc.coverHalf(sc, false, da, db, false) {
		return out
	}
	ut := rc.ut
	for _, c := range sc.cands {
		a, b := ut.unit[c.ua], ut.unit[c.ub]
		out = append(out, rewrite{da: da, db: db, ua: c.ua, ub: c.ub,
			ta0: a.start, ta1: a.end, tb0: b.start, tb1: b.end, sim: c.sim, alone: alone})
	}
	return out
}

// retelling sorts the candidates by ua, then ub, and returns the longest
// chain of them in the order of both documents (ua and ub increasing), as
// their indices in sc.chain: the longest increasing subsequence of ub over
// the candidates sorted by ua, then ub descending (so that two of one ua
// are never both taken), by patience sorting.
func (sc *rewriteScratch) retelling() []int32 {
	cs := sc.cands
	slices.SortFunc(cs, func(x, y candidate) int {
		return cmp.Or(cmp.Compare(x.ua, y.ua), cmp.Compare(y.ub, x.ub))
	})
	tails := sc.tails[:0] // tails[k]: the candidate ending the best chain of k+1
	prev := slices.Grow(sc.prev[:0], len(cs))[:len(cs)]
	for i, c := range cs {
		k, _ := slices.BinarySearchFunc(tails, c.ub, func(t int32, ub uint32) int { return cmp.Compare(cs[t].ub, ub) })
		prev[i] = -1
		if k > 0 {
			prev[i] = tails[k-1]
		}
		if k == len(tails) {
			tails = append(tails, int32(i))
		} else {
			tails[k] = int32(i)
		}
	}
	sc.tails, sc.prev = tails, prev
	chain := sc.chain[:0]
	if len(tails) > 0 {
		for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
			chain = append(chain, i)
		}
	}
	slices.Reverse(chain)
	sc.chain = chain
	return chain
}

// coverHalf reports whether the candidates (those of sc.chain, by index,
// if chainOnly; else all) cover half of the shorter document's tokens in
// both documents; of the tokens in no unit copied with the other, if
// withCopies: a retelling covers most of what two documents do not copy.
func (rc *rewriteCtx) coverHalf(sc *rewriteScratch, chainOnly bool, da, db uint32, withCopies bool) bool {
	ut := rc.ut
	ra, rb := sc.ra[:0], sc.rb[:0]
	add := func(c candidate) {
		a, b := ut.unit[c.ua], ut.unit[c.ub]
		ra, rb = append(ra, [2]int32{a.start, a.end}), append(rb, [2]int32{b.start, b.end})
	}
	if chainOnly {
		for _, i := range sc.chain {
			add(sc.cands[i])
		}
	} else {
		for _, c := range sc.cands {
			add(c)
		}
	}
	sc.ra, sc.rb = ra, rb
	return rc.halfOfRest(sc, da, db, withCopies)
}

// halfOfRest reports whether the token ranges sc.ra (of document da) and
// sc.rb (of db) cover half of the shorter document, less its units copied
// with the other if withCopies.
func (rc *rewriteCtx) halfOfRest(sc *rewriteScratch, da, db uint32, withCopies bool) bool {
	wa, wb := tokensIn(sc.ra, nil), tokensIn(sc.rb, nil)
	na, nb := rc.docs[da].toks.len(), rc.docs[db].toks.len()
	if withCopies {
		sc.ca0, sc.cb0 = rc.copiedUnits(sc.ca0[:0], da, db), rc.copiedUnits(sc.cb0[:0], db, da)
		na -= tokensIn(sc.ca0, nil)
		nb -= tokensIn(sc.cb0, nil)
	}
	return 2*min(wa, wb) >= min(na, nb)
}

// mayRetell reports whether the document pair's candidates and the unit
// pairs held as maybe retold (sc.loose) could make a retelling: a chain
// of minRetelling of them, and their units covering half of what the
// shorter document does not copy, as coverHalf asks of a chain. Most
// document pairs cannot, and their held pairs are not scored.
func (rc *rewriteCtx) mayRetell(sc *rewriteScratch, da, db uint32) bool {
	if len(sc.cands)+len(sc.loose) < minRetelling || sc.longestChain() < minRetelling {
		return false
	}
	ut := rc.ut
	ra, rb := sc.ra[:0], sc.rb[:0]
	add := func(ua, ub uint32) {
		a, b := ut.unit[ua], ut.unit[ub]
		ra, rb = append(ra, [2]int32{a.start, a.end}), append(rb, [2]int32{b.start, b.end})
	}
	for _, c := range sc.cands {
		add(c.ua, c.ub)
	}
	for _, k := range sc.loose {
		add(uint32(k>>32), uint32(k))
	}
	sc.ra, sc.rb = ra, rb
	return rc.halfOfRest(sc, da, db, true)
}

// longestChain returns the length of the longest chain of the
// candidates and the held pairs in the order of both documents.
func (sc *rewriteScratch) longestChain() int {
	ps := sc.pairsBuf[:0] // ua<<32 | (^ub): by ua, then ub descending
	for _, c := range sc.cands {
		ps = append(ps, uint64(c.ua)<<32|uint64(^c.ub))
	}
	for _, k := range sc.loose {
		ps = append(ps, k&^0xFFFFFFFF|uint64(^uint32(k)))
	}
	slices.Sort(ps)
	tails := sc.tailsUB[:0]
	for _, p := range ps {
		ub := ^uint32(p)
		k, _ := slices.BinarySearch(tails, ub)
		if k == len(tails) {
			tails = append(tails, ub)
		} else {
			tails[k] = ub
		}
	}
	sc.pairsBuf, sc.tailsUB = ps, tails
	return len(tails)
}

// copiedUnits appends the token ranges of the units of document d copied
// with document other.
func (rc *rewriteCtx) copiedUnits(dst [][2]int32, d, other uint32) [][2]int32 {
	ut := rc.ut
	for u := ut.first[d]; u < ut.first[d+1]; u++ {
		if rc.c.copied(uint32(u), other) {
			x := ut.unit[u]
			dst = append(dst, [2]int32{x.start, x.end})
		}
	}
	return dst
}

// dropTwinned drops the candidates of documents da and db one of whose
// units has a twin in the other document: a unit of the very same words
// (stems). A line both print word for word is copied, however short
// (under the shortest copy reported), not said in other words as another
// line: two changelogs that are one, each listing "seqlock: Allow KASAN
// to fail optimizing" and "seqlock: Allow UBSAN_ALIGNMENT to fail
// optimizing", had each line a rewrite of the other's twin (comparable
// leaves out the pair of twins). It reads the units' texts only if there
// are candidates.
func (rc *rewriteCtx) dropTwinned(da, db uint32, sc *rewriteScratch) {
	if len(sc.cands) == 0 {
		return
	}
	ut := rc.ut
	sc.textsA, sc.textsB = unitTexts(sc.textsA[:0], ut, da), unitTexts(sc.textsB[:0], ut, db)
	sc.cands = slices.DeleteFunc(sc.cands, func(c candidate) bool {
		return hasTwin(sc.textsB, ut, c.ua) || hasTwin(sc.textsA, ut, c.ub)
	})
}

// unitTexts appends the texts of document d's units to dst, each
// unitText<<32 | unit, sorted.
func unitTexts(dst []uint64, ut *unitTable, d uint32) []uint64 {
	for u := uint32(ut.first[d]); u < uint32(ut.first[d+1]); u++ {
		dst = append(dst, uint64(unitText(ut.stemsOf(u)))<<32|uint64(u))
	}
	slices.Sort(dst)
	return dst
}

// hasTwin reports whether unit u has a twin among the units whose texts
// are texts (unitTexts).
func hasTwin(texts []uint64, ut *unitTable, u uint32) bool {
	stems := ut.stemsOf(u)
	h := uint64(unitText(stems)) << 32
	i, _ := slices.BinarySearch(texts, h)
	for ; i < len(texts) && texts[i]&^math.MaxUint32 == h; i++ {
		if slices.Equal(ut.stemsOf(uint32(texts[i])), stems) {
			return true
		}
	}
	return false
}
