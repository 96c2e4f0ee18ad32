package reuse

import (
	"math/bits"
	"slices"
)

// The rewrite test of two units (rewrites.go): their signatures first,
// then their content words in order.

// stemSig is a unit's content stems in 128 bits, one bit each, and apart
// those of its words that are not capitalised (contentSig).
type stemSig struct{ all, plain [2]uint64 }

// mayRewrite is score's quick test: most unit pairs share too few content
// words to be rewrites, or even retold, which their signatures tell with
// no sort and no table. The signatures are of the words, not of their
// concepts: of concepts, they let through so many more pairs that the
// stage took half again as long on the 20k news corpus, and found no more
// rewrites on the labelled sets; synonyms count only in the pairs that
// the words let through. It returns the best
// verdict score may give. Each of score's tests for a rewrite is asked of
// the bits with one shared stem more allowed for (two stems on one bit
// make a unit's count smaller, and the number of shared stems bounds the
// words kept in order only while no stem repeats); the test for retold is
// asked with none, for with one more the 20k news corpus sent eleven times
// as many pairs to score, to find retold a few pairs more (one of the
// seeds' 76). TestRewriteScoreSeeds counts what it loses. (Signatures of
// 64 bits, or an 8-bit hash of each word in order to bound the words kept
// in order, made the stage slower: more pairs pass, or each costs more
// than the words it saves reading.)
func mayRewrite(a, b *stemSig) verdict {
	plain := bits.OnesCount64(a.plain[0]&b.plain[0]) + bits.OnesCount64(a.plain[1]&b.plain[1])
	if plain < minRewriteWords {
		return unrelated
	}
	na, nb := pop128(a.all), pop128(b.all)
	shared := bits.OnesCount64(a.all[0]&b.all[0]) + bits.OnesCount64(a.all[1]&b.all[1])
	if dice := 2 * float64(shared+1) / float64(na+nb); 5*(plain+1) >= 2*min(pop128(a.plain), pop128(b.plain)) && 2*(shared+1) >= min(na, nb) && dice >= minRewriteDice {
		return rewritten
	}
	if 2*float64(shared) >= minRetoldDice*float64(na+nb) {
		return retold
	}
	return unrelated
}

// pop128 counts the bits of x.
func pop128(x [2]uint64) int { return bits.OnesCount64(x[0]) + bits.OnesCount64(x[1]) }

// contentSig returns the signature of the content stems of unit x of
// document d.
func contentSig(d *docState, x unit) (sig stemSig) {
	// The content words, a bitset word at a time.
	for w, lo := x.start>>6, x.start; lo < x.end; w, lo = w+1, (w+1)<<6 {
		for c := d.content.word(w, lo, x.end); c != 0; c &= c - 1 {
			t := w<<6 | int32(bits.TrailingZeros64(c))
			h := d.stems[t] * 0x9E3779B1 >> 25 // 7 bits
			sig.all[h>>6] |= 1 << (h & 63)
			if !d.capital.has(t) {
				sig.plain[h>>6] |= 1 << (h & 63)
			}
		}
	}
	return sig
}

// contentSeq appends the stems of the content words of unit x of
// document d to all, and of those not capitalised to plain, in order.
func contentSeq(all, plain []uint32, d *docState, x unit) ([]uint32, []uint32) {
	for w, lo := x.start>>6, x.start; lo < x.end; w, lo = w+1, (w+1)<<6 {
		for c := d.content.word(w, lo, x.end); c != 0; c &= c - 1 {
			t := w<<6 | int32(bits.TrailingZeros64(c))
			all = append(all, d.stems[t])
			if !d.capital.has(t) {
				plain = append(plain, d.stems[t])
			}
		}
	}
	return all, plain
}

// verdict is what score makes of two units.
type verdict uint8

const (
	unrelated verdict = iota
	// retold: they share the content words of a rewrite but keep too few
	// of them in order to be one on their own; a rewrite only among
	// others in the same order, in a document retold sentence by sentence
	// (retelling, rewrites_chain.go).
	retold
	rewritten // a rewrite on its own
)

// score returns what unit xa of document da and unit xb of db are to
// each other, and their similarity: 2 × content words kept in order /
// content words of both.
func (sc *rewriteScratch) score(da, db *docState, xa, xb unit) (float64, verdict) {
	sc.a, sc.na = contentSeq(sc.a[:0], sc.na[:0], da, xa)
	sc.b, sc.nb = contentSeq(sc.b[:0], sc.nb[:0], db, xb)
	return sc.scoreSeqs(sc.a, sc.na, sc.b, sc.nb)
}

// scoreSeqs is score on the units' content stems (a, b) and their
// uncapitalised ones (na, nb), as contentSeq makes them: rewrittenSeqs,
// or else retoldSeqs.
func (sc *rewriteScratch) scoreSeqs(a, na, b, nb []uint32) (float64, verdict) {
	if sim, ok := sc.rewrittenSeqs(a, na, b, nb); ok {
		return sim, rewritten
	}
	if sim, ok := sc.retoldSeqs(a, na, b, nb); ok {
		return sim, retold
	}
	return 0, unrelated
}

// rewrittenSeqs reports whether the units are a rewrite on their own, on
// their words, and their similarity; its cheapest tests first, for most
// pairs asked are not.
func (sc *rewriteScratch) rewrittenSeqs(a, na, b, nb []uint32) (float64, bool) {
	if min(len(a), len(b)) < minRewriteContent {
		return 0, false
	}
	if plain := sc.lcs(na, nb); plain < minRewriteWords || 5*plain < 2*min(len(na), len(nb)) {
		return 0, false
	}
	inOrder := sc.lcs(a, b)
	if 2*inOrder < min(len(a), len(b)) || sc.dice(a, b) < minRewriteDice {
		return 0, false
	}
	return 2 * float64(inOrder) / float64(len(a)+len(b)), true
}

// retoldSeqs reports whether the units are retold, on their words or on
// their concepts (synonyms.go), and their similarity. Words swapped for
// synonyms make a sentence retold, never a rewrite on its own, for two
// stories on one event that each put a third's statement in their own
// words swap them too.
func (sc *rewriteScratch) retoldSeqs(a, na, b, nb []uint32) (float64, bool) {
	if min(len(a), len(b)) < minRewriteContent {
		return 0, false
	}
	if sim, ok := sc.retoldOf(a, na, b, nb); ok {
		return sim, true
	}
	// Their concepts can make them retold only if a word of one is a
	// synonym of a word of the other.
	sc.ca, sc.cb = conceptsOf(sc.ca[:0], a), conceptsOf(sc.cb[:0], b)
	if !synonymsIn(a, sc.ca, b, sc.cb) {
		return 0, false
	}
	sc.cna, sc.cnb = conceptsOf(sc.cna[:0], na), conceptsOf(sc.cnb[:0], nb)
	return sc.retoldOf(sc.ca, sc.cna, sc.cb, sc.cnb)
}

// synonymsIn reports whether a word of a (of concepts ca) and a word of b
// (of concepts cb) are other words of one concept.
func synonymsIn(a, ca, b, cb []uint32) bool {
	for i, c := range ca {
		if c == a[i] {
			continue
		}
		for j, d := range cb {
			if d == c && b[j] != a[i] {
				return true
			}
		}
	}
	return false
}

// retoldOf is retoldSeqs' test of the sequences as they are: at least
// minRewriteWords uncapitalised words in order, and a Dice coefficient of
// at least minRetoldDice.
func (sc *rewriteScratch) retoldOf(a, na, b, nb []uint32) (float64, bool) {
	if sc.lcs(na, nb) < minRewriteWords || sc.dice(a, b) < minRetoldDice {
		return 0, false
	}
	return 2 * float64(sc.lcs(a, b)) / float64(len(a)+len(b)), true
}

// conceptsOf appends the concepts of the stems to dst.
func conceptsOf(dst, stems []uint32) []uint32 {
	for _, s := range stems {
		dst = append(dst, concept(s))
	}
	return dst
}

// seqCache holds the content stems of one document's units, made as they
// are asked for (contentSeq): a unit is compared with many of the other
// document's.
type seqCache struct {
	all, plain []uint32
	at         [][4]int32 // each unit's all[at[0]:at[1]] and plain[at[2]:at[3]]; at[1] < 0: not made
}

// reset empties the cache for n units.
func (q *seqCache) reset(n int) {
	q.all, q.plain = q.all[:0], q.plain[:0]
	q.at = slices.Grow(q.at[:0], n)[:n]
	for i := range q.at {
		q.at[i][1] = -1
	}
}

// get returns the content stems of unit x of document d, the i-th unit of
// the cache's document.
func (q *seqCache) get(i int, d *docState, x unit) (all, plain []uint32) {
	at := &q.at[i]
	if at[1] < 0 {
		a0, p0 := len(q.all), len(q.plain)
		q.all, q.plain = contentSeq(q.all, q.plain, d, x)
		*at = [4]int32{int32(a0), int32(len(q.all)), int32(p0), int32(len(q.plain))}
	}
	return q.all[at[0]:at[1]], q.plain[at[2]:at[3]]
}

// lcs is the length of the longest common subsequence of a and b.
func (sc *rewriteScratch) lcs(a, b []uint32) int {
	sc.row = slices.Grow(sc.row[:0], len(b)+1)[:len(b)+1]
	clear(sc.row)
	for _, x := range a {
		diag := int32(0) // row[j] of the row before
		for j, y := range b {
			up := sc.row[j+1]
			switch {
			case x == y:
				sc.row[j+1] = diag + 1
			case sc.row[j] > up:
				sc.row[j+1] = sc.row[j]
			}
			diag = up
		}
	}
	return int(sc.row[len(b)])
}

// dice is the Dice coefficient of the sets of a and b's elements.
func (sc *rewriteScratch) dice(a, b []uint32) float64 {
	x, y := append(sc.x[:0], a...), append(sc.y[:0], b...)
	slices.Sort(x)
	slices.Sort(y)
	x, y = slices.Compact(x), slices.Compact(y)
	sc.x, sc.y = x, y
	n := 0
	eachCommon(x, y, func(int) { n++ })
	return 2 * float64(n) / float64(len(x)+len(y))
}
