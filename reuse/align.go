package reuse

import (
	"slices"
	"sync"
)

// Alignment scores (Smith and Waterman 1981, local alignment with a linear
// gap cost): a matching word +1; a substituted, inserted or deleted word −1.
// So an aligned region keeps growing through edits as long as more than
// half of its words match, and a run of matches is never cut by one edit.
// Words match when their stems are equal: keys (case, quote style,
// "U.S."/"US" folded) without a plural or possessive ending, so that
// "cooperations" matches "cooperation". Punctuation is not a token, so
// changed punctuation costs nothing.
const (
	scoreMatch    = 1
	scoreMismatch = -1
	scoreGap      = -1
)

// alignment is one aligned region of a unit pair, in document token indices:
// tokens [a0, a1) of document A with [b0, b1) of document B. Its matched
// (A, B) token pairs, in order, are in a pairStore (pairStore.pairs) when
// the aligner that made it keeps them (useStore); a scan reads only the
// regions and their counts (its piece), and keeps none.
type alignment struct {
	piece
	slab, off uint32 // where the pairs are in their store
}

// piece is an aligned region and its counts: what a link keeps of an
// alignment.
type piece struct {
	a0, a1, b0, b1 int32
	matched        int32 // matched word pairs
	content        int32 // of which content words (evidence.go)
}

// pairStore holds the matched pairs of a scan's alignments, in slabs of
// thousands of alignments' pairs each, handed out to the aligners. An
// alignment names its pairs by slab and offset rather than by a slice, so
// that alignments and the links that hold them contain no pointers: the
// collector neither scans the hundreds of thousands of them nor puts write
// barriers on copying them. The zero value is an empty store; slabs are
// handed out under a lock, and a slab is written by one aligner only.
type pairStore struct {
	mu    sync.Mutex
	slabs [][][2]int32
}

// pairs returns the matched pairs of an alignment kept in s.
func (s *pairStore) pairs(x alignment) [][2]int32 { return s.at(x.slab, x.off, x.matched) }

// at returns the n pairs at offset off of slab.
func (s *pairStore) at(slab, off uint32, n int32) [][2]int32 {
	return s.slabs[slab][off : off+uint32(n)]
}

// newSlab adds a slab of n pairs and returns its number and the slab.
func (s *pairStore) newSlab(n int) (uint32, [][2]int32) {
	slab := make([][2]int32, n)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slabs = append(s.slabs, slab)
	return uint32(len(s.slabs) - 1), slab
}

// aligner holds the scratch of one goroutine.
type aligner struct {
	h       []int32
	rowUsed []bool
	colKeep []int32 // per column: -1 while free, 0 once used (ANDed into scores)
	found   []alignment
	trace   [][2]int32 // the pairs of the trace back being made
	store   *pairStore // where the pairs of alignments made are kept
	slab    uint32     // the number of the store's slab being filled
	cur     [][2]int32 // that slab
	used    int        // and the pairs in it
	pa, rb  []uint32   // scoreDiagonals' stems: A padded, B reversed and padded
	diag    []int32    // scoreDiagonals' matrix
	diagMax []int32    // and its anti-diagonals' maxima
	lcs     *lcsTable  // candidate bounds: loaded with the A side
	cols    *lcsTable  // alignment: loaded with the B side
	// unanalysed says alignNodes was asked to align a node of a document
	// whose analysis is not at hand (PassagesOf).
	unanalysed bool
}

// useStore makes the aligner keep its alignments' pairs in s.
func (al *aligner) useStore(s *pairStore) {
	if al.store != s {
		al.store, al.slab, al.cur, al.used = s, 0, nil, 0
	}
}

// keep copies the pairs of x (x.matched of them) into the aligner's slab
// of its store, and records where they are in x; an aligner with no store
// keeps nothing.
func (al *aligner) keep(x *alignment, pairs [][2]int32) {
	if al.store == nil {
		return
	}
	if al.cur == nil || len(al.cur)-al.used < len(pairs) {
		al.slab, al.cur = al.store.newSlab(max(1<<12, len(pairs)))
		al.used = 0
	}
	copy(al.cur[al.used:], pairs)
	x.slab, x.off = al.slab, uint32(al.used)
	al.used += len(pairs)
}

// bound returns the LCS bound (lcs.go) of unit a (id ua) and unit b, given
// by their stems: the most words an alignment of them can match.
func (al *aligner) bound(ua int64, a, b []uint32) int32 {
	if al.lcs == nil {
		al.lcs = newLCSTable()
	}
	al.lcs.load(ua, a)
	return int32(al.lcs.lcs(b))
}

// align appends to dst the local alignments of two runs of tokens, given
// by their stems as and bs (whose first tokens have indices aBase and bBase
// in their documents), that score at least minScore: the best one, then
// the best that uses none of its words, and so on. Of the tokens a, the
// run of A, it reads only which are content words. Ties go to the first best cell in row order, and the
// trace back prefers a diagonal step, then a step up, then left.
//
// The score matrix is kept whole for the trace back (at most MaxUnit²
// cells); the direction of each step is recomputed from the scores rather
// than stored. Before each further pass, the longest common subsequence of
// the words still free (lcs.go) bounds what it could match, and a pass that
// cannot reach minScore is skipped.
func (al *aligner) align(dst []alignment, content bitset, as, bs []uint32, aBase, bBase int32, minScore int32) []alignment {
	return al.alignUpTo(dst, content, as, bs, aBase, bBase, minScore, 0)
}

// alignUpTo is align, stopping after the first most alignments (0: all).
func (al *aligner) alignUpTo(dst []alignment, content bitset, as, bs []uint32, aBase, bBase int32, minScore int32, most int) []alignment {
	n, m := len(as), len(bs)
	first := len(dst)
	if n == 0 || m == 0 {
		return dst
	}
	if n == m && slices.Equal(as, bs) {
		// The same words, as a verbatim copy has: the one alignment is
		// the diagonal, which the score matrix would trace.
		if int32(n) < minScore {
			return dst
		}
		return append(dst, al.verbatim(content, int32(n), aBase, bBase))
	}
	w := m + 1
	size := (n + 1) * w
	if cap(al.h) < size {
		al.h = make([]int32, size)
	}
	h := al.h[:size]
	if cap(al.rowUsed) < n {
		al.rowUsed = make([]bool, n)
	}
	rowUsed := al.rowUsed[:n]
	clear(rowUsed)
	if cap(al.colKeep) < w {
		al.colKeep = make([]int32, w)
	}
	colKeep := al.colKeep[:w]
	for j := range colKeep {
		colKeep[j] = -1
	}
	if al.cols == nil {
		al.cols = newLCSTable()
	}
	freeA, freeB := n, m // words not yet in an alignment
	clear(h[:w])
	for pass := 0; ; pass++ {
		var al1 alignment
		var i, j, bi, bj int
		if pass == 0 && haveDiagonals {
			var mat scores
			var best int32
			mat, best, bi, bj = al.scoreDiagonals(as, bs)
			if best < minScore {
				return dst
			}
			al1, i, j, al.trace = traceBack(mat, content, as, bs, bi, bj, aBase, bBase, al.trace[:0])
		} else {
			var best int32
			best, bi, bj = scoreByRows(h, w, as, bs, rowUsed, colKeep, pass)
			if best < minScore {
				return dst
			}
			al1, i, j, al.trace = traceBack(rowScores(h, w), content, as, bs, bi, bj, aBase, bBase, al.trace[:0])
		}
		al.keep(&al1, al.trace)
		dst = append(dst, al1)
		if len(dst)-first == most {
			return dst
		}
		// Another alignment matches only free words of both sides, in
		// order: skip the pass if there are too few of them, or if their
		// LCS cannot reach minScore. The LCS table is loaded only now,
		// since most pairs end here.
		freeA, freeB = freeA-(bi-i), freeB-(bj-j)
		if int32(min(freeA, freeB)) < minScore {
			return dst
		}
		if pass == 0 {
			al.cols.load(-1, bs)
		}
		for x := i; x < bi; x++ {
			rowUsed[x] = true
		}
		for y := j; y < bj; y++ {
			colKeep[y+1] = 0
			al.cols.drop(y)
		}
		if int32(al.cols.lcsRows(as, rowUsed)) < minScore {
			return dst
		}
	}
}

// verbatim is the alignment of n tokens at aBase with the same words at
// bBase: the diagonal, every word matched.
func (al *aligner) verbatim(content bitset, n, aBase, bBase int32) alignment {
	pairs := al.trace[:0]
	al1 := alignment{piece: piece{a0: aBase, a1: aBase + n, b0: bBase, b1: bBase + n, matched: n}}
	for i := range n {
		pairs = append(pairs, [2]int32{aBase + i, bBase + i})
		if content.has(aBase + i) {
			al1.content++
		}
	}
	al.trace = pairs
	al.keep(&al1, pairs)
	return al1
}

// scoreByRows fills the score matrix h (rows of w = len(bs)+1 cells) of
// one pass, row by row, and returns its best score and the first cell
// holding it in row order. The first pass scores two rows at a time; a
// later one skips the rows used (rowUsed) and zeroes the columns used
// (colKeep 0).
func scoreByRows(h []int32, w int, as, bs []uint32, rowUsed []bool, colKeep []int32, pass int) (best int32, bi, bj int) {
	n, m := len(as), len(bs)
	for i := 1; i <= n; i++ {
		cur := h[i*w : i*w+w]
		if pass == 0 && i < n {
			// Two rows at once: their dependency chains overlap.
			next := h[(i+1)*w : (i+2)*w]
			cur[0], next[0] = 0, 0
			max1, max2 := scoreRows2(cur[1:], next[1:], h[(i-1)*w:i*w], bs[:m], as[i-1], as[i])
			if max1 > best {
				best, bi, bj = max1, i, 1+slices.Index(cur[1:], max1)
			}
			if max2 > best {
				best, bi, bj = max2, i+1, 1+slices.Index(next[1:], max2)
			}
			i++
			continue
		}
		if rowUsed[i-1] {
			clear(cur)
			continue
		}
		prev := h[(i-1)*w : i*w]
		ai := as[i-1]
		cur[0] = 0
		var rowMax int32
		if pass == 0 {
			rowMax = scoreRow(cur[1:], prev[:m], prev[1:], bs[:m], ai)
		} else {
			rowMax = scoreRowKeep(cur[1:], prev[:m], prev[1:], colKeep[1:], bs[:m], ai)
		}
		if rowMax > best {
			best, bi, bj = rowMax, i, 1+slices.Index(cur[1:], rowMax)
		}
	}
	return best, bi, bj
}

// traceBack traces the alignment back from the best cell (bi, bj) of the
// score matrix h to where its score started, appending its matched pairs
// to pairs, in order. It returns the alignment, the cell where the trace
// stopped, and pairs.
func traceBack(h scores, content bitset, as, bs []uint32, bi, bj int, aBase, bBase int32, pairs [][2]int32) (alignment, int, int, [][2]int32) {
	al1 := alignment{piece: piece{a1: aBase + int32(bi), b1: bBase + int32(bj)}}
	i, j := bi, bj
	x := h.index(i, j)
	cells := h.cells
	for i > 0 && j > 0 && cells[x] > 0 {
		v := cells[x]
		s := int32(scoreMismatch)
		if as[i-1] == bs[j-1] {
			s = scoreMatch
		}
		diag, up, left := cells[x+h.diag]+s, cells[x+h.up]+scoreGap, cells[x+h.left]+scoreGap
		switch {
		case diag >= up && diag >= left && diag == v:
			if s == scoreMatch {
				pairs = append(pairs, [2]int32{aBase + int32(i-1), bBase + int32(j-1)})
				al1.matched++
				if content.has(aBase + int32(i-1)) {
					al1.content++
				}
			}
			i--
			j--
			x += h.diag
		case up >= left:
			i--
			x += h.up
		default:
			j--
			x += h.left
		}
	}
	al1.a0, al1.b0 = aBase+int32(i), bBase+int32(j)
	slices.Reverse(pairs)
	return al1, i, j, pairs
}

// scoreRow computes one row of the score matrix, columns 1..m: c from the
// row above (diag, shifted by one column, and up), the B stems cb and the A
// stem ai; it returns the row's maximum. It is a function of its own so
// that its loop keeps everything in registers, and its slices are lined up
// so that the loop has no bounds checks. The maximum is kept without a
// branch; only a row that beats the best so far is searched for its first
// maximal cell (align), so ties still go to the first in row order.
//
//go:noinline
func scoreRow(c, diag, up []int32, cb []uint32, ai uint32) int32 {
	diag, up, cb = diag[:len(c)], up[:len(c)], cb[:len(c)]
	left, rowMax := int32(0), int32(0)
	for j := range c {
		s := int32(scoreMismatch)
		if cb[j] == ai {
			s = scoreMatch
		}
		// left is added last: it is the loop's only carried dependency.
		v := max(max(diag[j]+s, up[j]+scoreGap, 0), left+scoreGap)
		c[j] = v
		left = v
		rowMax = max(rowMax, v)
	}
	return rowMax
}

// scoreRows2 is scoreRow for two rows, c1 and c2 below it, from the row
// prev above both (all m+1 columns); a1 and a2 are their A stems. The two
// rows' dependency chains run side by side.
//
//go:noinline
func scoreRows2(c1, c2, prev []int32, cb []uint32, a1, a2 uint32) (max1, max2 int32) {
	c2, cb = c2[:len(c1)], cb[:len(c1)]
	up := prev[1:]
	up = up[:len(c1)]
	// d is the cell up and left of row 1's next cell; row 2's is row 1's
	// last cell, left1.
	d, left1, left2 := prev[0], int32(0), int32(0)
	for j := range c1 {
		b := cb[j]
		u := up[j]
		v1 := max(max(d+matchScore(b == a1), u+scoreGap, 0), left1+scoreGap)
		v2 := max(max(left1+matchScore(b == a2), v1+scoreGap, 0), left2+scoreGap)
		c1[j], c2[j] = v1, v2
		d, left1, left2 = u, v1, v2
		max1, max2 = max(max1, v1), max(max2, v2)
	}
	return max1, max2
}

// matchScore is scoreMatch for true and scoreMismatch for false, without a
// branch or a constant to select from.
func matchScore(eq bool) int32 {
	x := int32(0)
	if eq {
		x = 1
	}
	return 2*x - 1 // scoreMatch = 1, scoreMismatch = -1
}

// scoreRowKeep is scoreRow for a later pass: keep is -1 for a free column
// and 0 for a used one, whose cells score 0.
//
//go:noinline
func scoreRowKeep(c, diag, up, keep []int32, cb []uint32, ai uint32) int32 {
	diag, up, keep, cb = diag[:len(c)], up[:len(c)], keep[:len(c)], cb[:len(c)]
	left, rowMax := int32(0), int32(0)
	for j := range c {
		s := int32(scoreMismatch)
		if cb[j] == ai {
			s = scoreMatch
		}
		v := max(max(diag[j]+s, up[j]+scoreGap, 0), left+scoreGap) & keep[j]
		c[j] = v
		left = v
		rowMax = max(rowMax, v)
	}
	return rowMax
}

// link is one aligned piece between a unit of document da and a unit of
// document db (da < db), in token indices of each document.
type link struct {
	da, db uint32
	ua, ub uint32 // the aligned units (corpus-wide ids)
	la, lb int32  // their lengths in tokens
	al     piece
}

// warmAhead is how many pairs ahead of the one being worked on a loop
// prefetches.
const warmAhead = 2

// alignAll runs fn over the candidates with the given number of goroutines
// and returns the links found, in candidate order.
func alignAll(cands []uint64, opts *Options, warm func([]uint64, int), fn func(*aligner, []link, uint64) []link) [][]link {
	const chunk = 256
	out := make([][]link, (len(cands)+chunk-1)/chunk)
	withAligners(len(cands), chunk, opts, func(al *aligner, lo, hi int) {
		// About a link a candidate; a chunk that found far fewer (pairs
		// of neighbours, most of which fail their bound) is copied to
		// measure.
		dst := make([]link, 0, hi-lo)
		for k := lo; k < hi; k++ {
			warm(cands, k)
			dst = fn(al, dst, cands[k])
		}
		if cap(dst) > 2*len(dst)+16 {
			dst = slices.Clone(dst)
		}
		out[lo/chunk] = dst
	})
	return out
}

// linkCount is the number of links in parts.
func linkCount(parts [][]link) int {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	return n
}

// alignPairs aligns the unit pairs, in parallel, and returns the links
// found, in pair order (in chunks). A neighbour pair (neighbour true) shares no shingle, or it would
// be a candidate: it is aligned only if its LCS bound reaches the
// alignment's minimum score.
func alignPairs(pairs []uint64, ut *unitTable, docs []*docState, opts *Options, neighbour bool) [][]link {
	minScore := int32(opts.MinAlign)
	return alignAll(pairs, opts, ut.warm, func(al *aligner, dst []link, pair uint64) []link {
		ua, ub := uint32(pair>>32), uint32(pair)
		if neighbour && al.bound(int64(ua), ut.stemsOf(ua), ut.stemsOf(ub)) < minScore {
			return dst
		}
		da, db := ut.doc[ua], ut.doc[ub]
		a, b := ut.unit[ua], ut.unit[ub]
		al.found = al.align(al.found[:0], docs[da].content, ut.stemsOf(ua), ut.stemsOf(ub), a.start, b.start, minScore)
		for _, x := range al.found {
			dst = append(dst, link{da: da, db: db, ua: ua, ub: ub, la: a.end - a.start, lb: b.end - b.start, al: snap(x.piece, a, b, docs[da], docs[db])})
		}
		return dst
	})
}

// snap returns the piece aligned in units a and b as the copy of the whole
// of both when it covers at least four fifths of each and the two are
// within a fifth of one length: a sentence copied with edits, whose edited
// edges the local alignment leaves out. An edge that holds an attribution
// phrase (cues: "..., the readout said") is not taken in, and the piece's
// counts stay those of the words it matched. A clause quoted inside a
// longer sentence is not snapped. Measured on the seeds (003's "It
// stressed that the cooperation “serves as an example...” is its own
// lead-in to a quote) and on the generated corpora: snapping at half,
// not four fifths, took such lead-ins in.
func snap(x piece, a, b unit, da, db *docState) piece {
	la, lb := a.end-a.start, b.end-b.start
	if 5*(x.a1-x.a0) < 4*la || 5*(x.b1-x.b0) < 4*lb || 5*min(la, lb) < 4*max(la, lb) {
		return x
	}
	if !da.cueIn(a.start, x.a0) && !db.cueIn(b.start, x.b0) {
		x.a0, x.b0 = a.start, b.start
	}
	if !da.cueIn(x.a1, a.end) && !db.cueIn(x.b1, b.end) {
		x.a1, x.b1 = a.end, b.end
	}
	return x
}

// cueIn reports whether an attribution phrase of the document starts in
// tokens [t0, t1).
func (d *docState) cueIn(t0, t1 int32) bool {
	for _, c := range d.cues {
		if t0 <= c.tok && c.tok < t1 {
			return true
		}
	}
	return false
}
