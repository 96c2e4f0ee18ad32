package reuse

// Alignment scores (Smith and Waterman 1981, local alignment with a linear
// gap cost): a matching word +1; a substituted, inserted or deleted word −1.
// So an aligned region keeps growing through edits as long as more than
// half of its words match, and a run of matches is never cut by one edit.
// Words match when their keys are equal (case, quote style, "U.S."/"US"
// folded) or when they differ only by a plural or possessive ending
// ("cooperations"/"cooperation"). Punctuation is not a token, so changed
// punctuation costs nothing.
const (
	scoreMatch    = 1
	scoreMismatch = -1
	scoreGap      = -1
)

// alignment is one aligned region of a unit pair, in document token indices:
// tokens [a0, a1) of document A with [b0, b1) of document B.
type alignment struct {
	a0, a1, b0, b1 int32
	matched        int32      // matched word pairs
	content        int32      // of which content words (evidence.go)
	pairs          [][2]int32 // the matched (A, B) token pairs, in order
}

// aligner holds the scratch of one goroutine.
type aligner struct {
	h      []int32
	dir    []uint8
	used   []bool // rows then columns excluded by earlier alignments
	found  []alignment
	bk, bs []uint64
}

const (
	dirStop = iota
	dirDiag
	dirUp   // A advances alone: a word of A deleted
	dirLeft // B advances alone: a word of B deleted
)

func match(x, y *token) bool { return x.key == y.key || x.stem == y.stem }

// align appends to dst the local alignments of the tokens a and b (whose
// first tokens have indices aBase and bBase in their documents) that score
// at least minScore: the best one, then the best that uses none of its
// words, and so on.
func (al *aligner) align(dst []alignment, a, b []token, aBase, bBase int32, minScore int32) []alignment {
	n, m := len(a), len(b)
	w := m + 1
	size := (n + 1) * w
	if cap(al.h) < size {
		al.h = make([]int32, size)
		al.dir = make([]uint8, size)
	}
	h, dir := al.h[:size], al.dir[:size]
	if cap(al.used) < n+m {
		al.used = make([]bool, n+m)
	}
	used := al.used[:n+m]
	clear(used)
	// The keys of B, copied out of the tokens for the inner loop.
	al.bk, al.bs = al.bk[:0], al.bs[:0]
	for j := range b {
		al.bk = append(al.bk, b[j].key)
		al.bs = append(al.bs, b[j].stem)
	}
	bk, bs := al.bk, al.bs
	pass := 0
	for ; ; pass++ {
		clear(h[:w])
		best, bi, bj := int32(0), 0, 0
		for i := 1; i <= n; i++ {
			row := i * w
			h[row] = 0
			if used[i-1] {
				clear(h[row : row+w])
				clear(dir[row : row+w])
				continue
			}
			ak, as := a[i-1].key, a[i-1].stem
			prev, cur := h[row-w:row], h[row:row+w]
			d := dir[row : row+w]
			for j := 1; j <= m; j++ {
				if pass > 0 && used[n+j-1] {
					cur[j], d[j] = 0, dirStop
					continue
				}
				s := int32(scoreMismatch)
				if bk[j-1] == ak || bs[j-1] == as {
					s = scoreMatch
				}
				v, dd := prev[j-1]+s, uint8(dirDiag)
				if u := prev[j] + scoreGap; u > v {
					v, dd = u, dirUp
				}
				if l := cur[j-1] + scoreGap; l > v {
					v, dd = l, dirLeft
				}
				if v <= 0 {
					v, dd = 0, dirStop
				}
				cur[j], d[j] = v, dd
				if v > best {
					best, bi, bj = v, i, j
				}
			}
		}
		if best < minScore {
			return dst
		}
		// Trace back from the best cell to where the score started.
		al1 := alignment{a1: aBase + int32(bi), b1: bBase + int32(bj)}
		i, j := bi, bj
		var pairs [][2]int32
		for i > 0 && j > 0 && dir[i*w+j] != dirStop {
			switch dir[i*w+j] {
			case dirDiag:
				if match(&a[i-1], &b[j-1]) {
					pairs = append(pairs, [2]int32{aBase + int32(i-1), bBase + int32(j-1)})
					al1.matched++
					if a[i-1].content {
						al1.content++
					}
				}
				i--
				j--
			case dirUp:
				i--
			case dirLeft:
				j--
			}
		}
		al1.a0, al1.b0 = aBase+int32(i), bBase+int32(j)
		for x, y := 0, len(pairs)-1; x < y; x, y = x+1, y-1 {
			pairs[x], pairs[y] = pairs[y], pairs[x]
		}
		al1.pairs = pairs
		dst = append(dst, al1)
		for x := i; x < bi; x++ {
			used[x] = true
		}
		for y := j; y < bj; y++ {
			used[n+y] = true
		}
		// Another alignment scores at most the words left on the
		// shorter side; skip the pass that cannot reach minScore.
		freeA, freeB := 0, 0
		for _, u := range used[:n] {
			if !u {
				freeA++
			}
		}
		for _, u := range used[n:] {
			if !u {
				freeB++
			}
		}
		if int32(min(freeA, freeB)) < minScore {
			return dst
		}
	}
}
