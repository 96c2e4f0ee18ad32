package reuse

import (
	"cmp"
	"slices"

	"github.com/copydesk/copydesk/internal/parallel"
)

// Rewrites: the second kind of reuse. A sentence that says what a
// sentence of another document says, reordered, put in the passive, its
// words swapped for synonyms or its clauses split, keeps most of its
// content words, in order, but no run of them long enough to align as a
// copy. Following Sanchez-Perez, Sidorov and Gelbukh (2014, the best
// text-alignment system of PAN 2014), sentence pairs are compared by the
// content stems they share, within document pairs already known to be
// related:
//
//   - Two documents that share a copy (a link that is evidence on its
//     own) are compared unit by unit, units copied with the other document
//     left out. Two that share none are compared only if enough of their
//     units share seeds (rewrites_alone.go), and their rewrites are kept
//     only if they retell the shorter document or cover half of it:
//     independent stories on one event say the same things in their own
//     words and share names and numbers (measured on the seeds, four
//     outlets on one event, same-event sentences that no one rewrote
//     score as high as light rewrites), so a sentence or two said alike is
//     not a rewrite, where a rewritten sentence between copied ones, a
//     rewritten lead above a copied story, or a story retold sentence by
//     sentence is.
//   - Every unit of one is compared with every unit of the other by
//     128-bit signatures of their content stems (mayRewrite) when the two
//     have at most maxUnitPairs unit pairs (news stories); longer
//     documents only within rewriteReach units of a unit pair they copy
//     (or whose units share seeds),
//     so that the cost grows with the document pairs that share a copy
//     and with their copies, never with the square of a document's length.
//     A rewrite in a long document far from any copy it shares with the
//     other is not looked for.
//   - A pair is rewritten (a rewrite on its own) when, over the units'
//     content words (evidence.go), it keeps in order at least half the
//     content words of the shorter unit, and at least two fifths of its
//     uncapitalised ones (at least minRewriteWords: names carry much of
//     two sentences on one event and prove little), and the sets of their
//     content stems have a Dice coefficient of at least minRewriteDice.
//     It is retold when it keeps minRewriteWords uncapitalised ones in
//     order and its Dice coefficient is at least minRetoldDice, on the
//     words or on their concepts (synonyms.go): a rewrite
//     only in a retelling, a chain of such pairs in the order of both
//     documents that covers half the shorter one (rewrites_chain.go).
//     Both units have at least minRewriteTokens tokens and
//     minRewriteContent content words, and lengths within a factor of
//     four.
//
// The thresholds were chosen on the hand-labelled pairs of
// testdata/rewrites.tsv (synonyms, reordering, voice, added attribution,
// split, merge, paraphrase, and independent same-topic sentences), on the
// stories of testdata/revised.jsonl (heavy revisions, and independent
// stories on the same events, where no sentence pair scores even retold:
// TestRetoldPrefilter) and on the seeds, where the sentences of stories
// that did not rewrite one another must not pass (TestRewriteScore). A rewrite is never counted as
// copied: the report lists it apart. A pair that scores as a rewrite but
// aligns as a copy (a run of words that is evidence on its own) is a copy
// that the candidates missed (no shared shingle, no aligned neighbour): it
// goes to the passages as one. A rewrite whose two units are mostly
// members of one passage (copies of one text through a third document)
// is dropped (inOnePassage).

const (
	minRewriteContent = 5    // content words of each unit
	minRewriteWords   = 2    // uncapitalised content words kept in order
	minRewriteDice    = 0.45 // of the two units' content stems
	minRetoldDice     = 0.40 // of the content stems of a retold pair (verdict)
	minRetelling      = 3    // retold pairs in order that make a retelling
)

// rewrite is a unit pair that says the same in other words: units ua and
// ub, tokens [ta0, ta1) of document da and [tb0, tb1) of db, with the
// similarity 2·(content words kept in order) / (content words of both).
type rewrite struct {
	da, db, ua, ub     uint32
	ta0, ta1, tb0, tb1 int32
	sim                float32
	alone              bool // between documents that share no copy (rewrites_alone.go)
}

// copies are what the aligned pieces that are evidence on their own
// copy: the document pairs they join, the unit pairs of the long ones, and
// each unit with the documents it is copied from or into.
type copies struct {
	docPairs []uint64   // da<<32 | db, da < db, sorted and distinct
	links    []pairLink // the copied unit pairs of long document pairs, sorted
	// unitDocs holds u<<32 | d for every unit u copied with a document
	// d, sorted and distinct; unit u's are unitDocs[at[u]:at[u+1]].
	unitDocs []uint64
	at       []uint32
}

// pairLink is a copied unit pair: unit ua of document pair da<<32 | db
// (da < db) copied with unit ub.
type pairLink struct {
	pair   uint64
	ua, ub uint32
}

// copiesOf returns the copies of the links.
func copiesOf(found, more [][]link, ut *unitTable, opts *Options) copies {
	parts := append(append(make([][]link, 0, len(found)+len(more)), found...), more...)
	// Two passes over the parts, in parallel: one counts what each part
	// adds, the other writes it in place.
	type tally struct{ pairs, links int }
	at := make([]tally, len(parts)+1)
	long := func(l *link) bool { return ut.units(l.da)*ut.units(l.db) > maxUnitPairs }
	parallel.Chunks(len(parts), 1, opts.Workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			for j := range parts[i] {
				if l := &parts[i][j]; opts.evidence(l.al.matched, l.al.content, min(l.la, l.lb)) {
					at[i+1].pairs++
					if long(l) {
						at[i+1].links++
					}
				}
			}
		}
	})
	for i := range parts {
		at[i+1].pairs += at[i].pairs
		at[i+1].links += at[i].links
	}
	total := at[len(parts)]
	c := copies{docPairs: make([]uint64, total.pairs), links: make([]pairLink, total.links), unitDocs: make([]uint64, 2*total.pairs)}
	parallel.Chunks(len(parts), 1, opts.Workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			p, k := at[i].pairs, at[i].links
			for j := range parts[i] {
				l := &parts[i][j]
				if !opts.evidence(l.al.matched, l.al.content, min(l.la, l.lb)) {
					continue
				}
				pl := pairLink{uint64(l.da)<<32 | uint64(l.db), l.ua, l.ub}
				if l.da > l.db {
					pl = pairLink{uint64(l.db)<<32 | uint64(l.da), l.ub, l.ua}
				}
				c.docPairs[p] = pl.pair
				if long(l) {
					c.links[k] = pl
					k++
				}
				c.unitDocs[2*p], c.unitDocs[2*p+1] = uint64(l.ua)<<32|uint64(l.db), uint64(l.ub)<<32|uint64(l.da)
				p++
			}
		}
	})
	parallel.SortFunc(c.links, func(x, y pairLink) int {
		return cmp.Or(cmp.Compare(x.pair, y.pair), cmp.Compare(x.ua, y.ua), cmp.Compare(x.ub, y.ub))
	}, opts.Workers)
	parallel.Sort(c.docPairs, opts.Workers)
	parallel.Sort(c.unitDocs, opts.Workers)
	c.docPairs, c.unitDocs = slices.Compact(c.docPairs), slices.Compact(c.unitDocs)
	c.at = make([]uint32, len(ut.unit)+1)
	for _, k := range c.unitDocs {
		c.at[k>>32+1]++
	}
	for u := range len(ut.unit) {
		c.at[u+1] += c.at[u]
	}
	return c
}

// linksOf returns the copied unit pairs of a long document pair.
func (c *copies) linksOf(pair uint64) []pairLink {
	lo, _ := slices.BinarySearchFunc(c.links, pair, func(l pairLink, p uint64) int { return cmp.Compare(l.pair, p) })
	hi := lo
	for hi < len(c.links) && c.links[hi].pair == pair {
		hi++
	}
	return c.links[lo:hi]
}

// copied reports whether unit u is copied with document d.
func (c *copies) copied(u, d uint32) bool {
	// A unit of a text carried widely is copied with every carrier:
	// searched, not scanned.
	_, ok := slices.BinarySearch(c.unitDocs[c.at[u]:c.at[u+1]], uint64(u)<<32|uint64(d))
	return ok
}

// newRewriteCtx makes what the rewrite stage reads: the copies, and
// whether each unit is long enough to be a rewrite. (The units'
// signatures are made for each document pair, not kept for the corpus:
// 32 bytes a unit would add a tenth to the heap while the stage runs.)
func newRewriteCtx(c copies, ut *unitTable, docs []*docState, opts *Options) *rewriteCtx {
	long := newBitset(len(ut.unit))
	// The chunks end on the bitset's 64-unit words.
	parallel.Chunks((len(ut.unit)+63)/64, 64, opts.Workers, func(_, lo, hi int) {
		for u := lo * 64; u < min(hi*64, len(ut.unit)); u++ {
			d, x := docs[ut.doc[u]], ut.unit[u]
			if x.end-x.start >= minRewriteTokens && d.content.count(x.start, x.end) >= minRewriteContent {
				long.set(u)
			}
		}
	})
	return &rewriteCtx{c: &c, ut: ut, docs: docs, long: long, opts: opts}
}

// linked returns the rewrites between the units of every two documents
// that share a copy, neither unit copied with the other document (as a
// link that is evidence on its own): the unit pairs whose signatures may
// be rewrites (mayRewrite) and whose content words pass score. Two
// documents of at most maxUnitPairs unit pairs (news stories) are compared
// unit by unit; longer ones only within rewriteReach units of a unit pair
// they copy, so that the cost grows with their copies, not with the square
// of their length. It returns the rewrites, and the links of those that
// align as copies. The rewrites of documents that the kept copies do not
// join, and of units that one passage holds, are taken out later
// (ofLinkedDocs, inOnePassage).
func (rc *rewriteCtx) linked() ([]rewrite, [][]link) {
	als := rc.opts.alignerSet()
	const chunk = 64
	n := len(rc.c.docPairs)
	missed := make([][]link, (n+chunk-1)/chunk)
	rws := parallel.Collect(n, chunk, rc.opts.Workers, func(w int, out []rewrite, lo, hi int) []rewrite {
		sc := rewriteScratch{al: &als[w], da: side{doc: ^uint32(0)}, db: side{doc: ^uint32(0)}}
		for k := lo; k < hi; k++ {
			p := rc.c.docPairs[k]
			out = rc.pair(out, p, rc.c.linksOf(p), false, &sc)
		}
		missed[lo/chunk] = sc.copies
		return out
	})
	return rws, missed
}

// minRewriteTokens is the fewest tokens of a unit that may be a rewrite.
const minRewriteTokens = 6

// maxUnitPairs is the most unit pairs of two documents compared one by
// one; longer documents are compared near their copies (rewriteReach).
const maxUnitPairs = 4096

// rewriteReach is how many units before and after a copied unit pair of
// two long documents the units are compared.
const rewriteReach = 2

// rewriteCtx is what the comparison of document pairs reads.
type rewriteCtx struct {
	c    *copies
	ut   *unitTable
	docs []*docState
	long bitset // the units long enough to be rewrites
	opts *Options
	// roots, if not nil, are the units' roots (candidates_roots.go):
	// the rewrites of documents that share no copy skip two units of one
	// root, of a third document.
	roots []uint64
}

// side is one document of the pair being compared: its units'
// signatures, and which of them are copied with the other document, each
// made when first asked (a long document is compared only near its
// copies).
type side struct {
	rc          *rewriteCtx
	doc, other  uint32 // doc ^0: none yet
	u0, u1      uint32 // its units
	sigs        []stemSig
	made        []bool  // sigs[i] is made (while doc stays)
	copiedState []uint8 // 0: not asked, 1: copied, 2: not (for other)
}

// load makes s document d's, compared with document other.
func (s *side) load(rc *rewriteCtx, d, other uint32) {
	n := int(rc.ut.first[d+1] - rc.ut.first[d])
	if s.doc != d {
		s.rc, s.doc, s.u0, s.u1 = rc, d, uint32(rc.ut.first[d]), uint32(rc.ut.first[d+1])
		s.sigs = slices.Grow(s.sigs[:0], n)[:n]
		s.made = slices.Grow(s.made[:0], n)[:n]
		clear(s.made)
	}
	s.other = other
	s.copiedState = slices.Grow(s.copiedState[:0], n)[:n]
	clear(s.copiedState)
}

// sig returns unit u's signature.
func (s *side) sig(u uint32) *stemSig {
	i := u - s.u0
	if !s.made[i] {
		s.sigs[i], s.made[i] = contentSig(s.rc.docs[s.doc], s.rc.ut.unit[u]), true
	}
	return &s.sigs[i]
}

// free reports whether unit u of the side may be a rewrite: long enough,
// and copied with none of the other document's units.
func (s *side) free(rc *rewriteCtx, u uint32) bool {
	if !rc.long.has(int32(u)) {
		return false
	}
	st := &s.copiedState[u-s.u0]
	if *st == 0 {
		*st = 2
		if rc.c.copied(u, s.other) {
			*st = 1
		}
	}
	return *st == 2
}

// pair appends the rewrites of one document pair, da<<32 | db: those
// that keep finds among the unit pairs that score as rewritten or retold.
// Long documents are compared only near the anchors, unit pairs of the
// document pair sorted by ua, then ub (their copies, or the units that
// seed the comparison of documents that share none); alone says they
// share none.
func (rc *rewriteCtx) pair(out []rewrite, pair uint64, anchors []pairLink, alone bool, sc *rewriteScratch) []rewrite {
	ut := rc.ut
	da, db := uint32(pair>>32), uint32(pair)
	sc.da.load(rc, da, db)
	sc.db.load(rc, db, da)
	sc.seqA.reset(int(ut.units(da)))
	sc.seqB.reset(int(ut.units(db)))
	sc.cands, sc.loose = sc.cands[:0], sc.loose[:0]
	a, b := &sc.da, &sc.db
	if ut.units(da)*ut.units(db) <= maxUnitPairs {
		sc.free = sc.free[:0]
		for ua := a.u0; ua < a.u1; ua++ {
			if a.free(rc, ua) {
				sc.free = append(sc.free, ua)
			}
		}
		for ub := b.u0; ub < b.u1; ub++ {
			if !b.free(rc, ub) {
				continue
			}
			sb := b.sig(ub)
			for _, ua := range sc.free {
				rc.tryOrHold(ua, ub, mayRewrite(a.sig(ua), sb), sc)
			}
		}
		return rc.keep(out, da, db, alone, sc)
	}
	// Long documents: the free units of b near an anchor, each with the
	// free units of a near the same anchor.
	sc.near = sc.near[:0]
	for _, l := range anchors {
		for j := -rewriteReach; j <= rewriteReach; j++ {
			ub := int64(l.ub) + int64(j)
			if ub < int64(b.u0) || ub >= int64(b.u1) || !b.free(rc, uint32(ub)) {
				continue
			}
			for i := -rewriteReach; i <= rewriteReach; i++ {
				ua := int64(l.ua) + int64(i)
				if ua >= int64(a.u0) && ua < int64(a.u1) && a.free(rc, uint32(ua)) {
					sc.near = append(sc.near, uint64(ub)<<32|uint64(ua))
				}
			}
		}
	}
	slices.Sort(sc.near)
	for _, k := range slices.Compact(sc.near) {
		ua, ub := uint32(k), uint32(k>>32)
		rc.tryOrHold(ua, ub, mayRewrite(a.sig(ua), b.sig(ub)), sc)
	}
	return rc.keep(out, da, db, alone, sc)
}

// tryOrHold tries units ua and ub if their signatures say they may be a
// rewrite, and holds them (sc.loose) if they may be only retold, or may be
// a rewrite and are not: keep scores those only if they may make a
// retelling.
func (rc *rewriteCtx) tryOrHold(ua, ub uint32, v verdict, sc *rewriteScratch) {
	if v == rewritten && rc.tryRewritten(ua, ub, sc) || v == unrelated {
		return
	}
	sc.loose = append(sc.loose, uint64(ua)<<32|uint64(ub))
}

// tryRewritten reports whether units ua and ub (both free) are a rewrite
// on their own, or can be nothing: a pair that is a rewrite and aligns as
// a copy is a copy the candidates missed, and its links go to the
// passages (sc.copies); any other rewrite is a candidate (sc.cands) for
// keep.
func (rc *rewriteCtx) tryRewritten(ua, ub uint32, sc *rewriteScratch) bool {
	if !rc.comparable(ua, ub) {
		return true
	}
	a, na, b, nb := rc.seqs(ua, ub, sc)
	sim, ok := sc.rewrittenSeqs(a, na, b, nb)
	if !ok {
		return false
	}
	if !rc.missedCopy(ua, ub, sc) {
		sc.cands = append(sc.cands, candidate{ua: ua, ub: ub, sim: float32(sim), v: rewritten})
	}
	return true
}

// tryRetold appends units ua and ub (both free, held by tryOrHold) to the
// candidates if they are retold.
func (rc *rewriteCtx) tryRetold(ua, ub uint32, sc *rewriteScratch) {
	if !rc.comparable(ua, ub) {
		return
	}
	a, na, b, nb := rc.seqs(ua, ub, sc)
	if sim, ok := sc.retoldSeqs(a, na, b, nb); ok {
		sc.cands = append(sc.cands, candidate{ua: ua, ub: ub, sim: float32(sim), v: retold})
	}
}

// comparable reports whether units ua and ub may say one thing in other
// words: lengths within a factor of four, and not the same words (a copy
// of a third's sentence).
func (rc *rewriteCtx) comparable(ua, ub uint32) bool {
	ut := rc.ut
	la, lb := ut.lenOf(ua), ut.lenOf(ub)
	return 4*min(la, lb) >= max(la, lb) && !slices.Equal(ut.stemsOf(ua), ut.stemsOf(ub))
}

// seqs returns the content stems of units ua and ub, and their
// uncapitalised ones, from the sides' caches.
func (rc *rewriteCtx) seqs(ua, ub uint32, sc *rewriteScratch) (a, na, b, nb []uint32) {
	ut := rc.ut
	a, na = sc.seqA.get(int(ua-sc.da.u0), rc.docs[ut.doc[ua]], ut.unit[ua])
	b, nb = sc.seqB.get(int(ub-sc.db.u0), rc.docs[ut.doc[ub]], ut.unit[ub])
	return a, na, b, nb
}

// missedCopy reports whether units ua and ub align as a copy, a copy that
// the candidates missed, and if so appends its links to sc.copies.
func (rc *rewriteCtx) missedCopy(ua, ub uint32, sc *rewriteScratch) bool {
	if !rc.aligns(sc.al, ua, ub) {
		return false
	}
	ut := rc.ut
	da, db := ut.doc[ua], ut.doc[ub]
	a, b := ut.unit[ua], ut.unit[ub]
	for _, x := range sc.al.found {
		sc.copies = append(sc.copies, link{da: da, db: db, ua: ua, ub: ub, la: a.end - a.start, lb: b.end - b.start, al: snap(x.piece, a, b, rc.docs[da], rc.docs[db])})
	}
	return true
}

// ofLinkedDocs keeps the rewrites of documents that the kept copy links
// (the chains') join: two documents that share no copy are not compared,
// for independent stories on one event say the same things in their own
// words.
func ofLinkedDocs(rws []rewrite, links []link) []rewrite {
	// (Rewrites alone were kept for covering half a document: coverHalf.)
	if len(rws) == 0 {
		return rws
	}
	keys := make([]uint64, 0, len(rws)) // da<<32 | db, da < db
	for _, r := range rws {
		keys = append(keys, uint64(r.da)<<32|uint64(r.db))
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	joined := make([]bool, len(keys))
	for _, l := range links {
		if i, ok := slices.BinarySearch(keys, uint64(min(l.da, l.db))<<32|uint64(max(l.da, l.db))); ok {
			joined[i] = true
		}
	}
	return slices.DeleteFunc(rws, func(r rewrite) bool {
		i, _ := slices.BinarySearch(keys, uint64(r.da)<<32|uint64(r.db))
		return !joined[i] && !r.alone
	})
}

// aligns reports whether units ua and ub align as a copy: a piece that is
// evidence on its own. Such a pair is a copy that the candidates missed
// (it shares no shingle, and no neighbour pair aligned), or two copies of
// a text each aligned with a third document's; its pieces are in
// al.found.
func (rc *rewriteCtx) aligns(al *aligner, ua, ub uint32) bool {
	ut := rc.ut
	a, b := ut.unit[ua], ut.unit[ub]
	al.found = al.align(al.found[:0], rc.docs[ut.doc[ua]].content, ut.stemsOf(ua), ut.stemsOf(ub), a.start, b.start, int32(rc.opts.MinAlign))
	for _, x := range al.found {
		if rc.opts.evidence(x.matched, x.content, min(a.end-a.start, b.end-b.start)) {
			return true
		}
	}
	return false
}

// rewriteScratch holds a goroutine's sequences, tables and sides.
type rewriteScratch struct {
	a, b, na, nb []uint32
	ca, cb       []uint32 // their concepts
	cna, cnb     []uint32
	row          []int32
	x, y         []uint32 // dice's sets
	near         []uint64 // unit pairs near copies: ub<<32 | ua
	da, db       side     // the documents compared
	free         []uint32 // a's free units
	seqA, seqB   seqCache // and their units' content stems
	al           *aligner
	copies       []link      // the pairs that align as copies (aligns)
	cands        []candidate // the document pair's rewritten and retold unit pairs
	loose        []uint64    // its unit pairs that may be only retold, ua<<32 | ub
	pairsBuf     []uint64    // longestChain's
	tailsUB      []uint32
	chain, tails []int32 // retelling's
	prev         []int32
	ra, rb       [][2]int32 // coverHalf's token ranges
	ca0, cb0     [][2]int32 // and of the copied units
	textsA       []uint64   // dropTwinned's: the units' texts
	textsB       []uint64
}
