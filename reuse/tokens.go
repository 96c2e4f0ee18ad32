package reuse

import (
	"cmp"
	"math/bits"
	"slices"
)

// A document's tokens as the later stages read them: their bytes in its
// text (tokenRanges, kept compact), and bitsets of their properties.

// token is a token's bytes in its document's text.
type token struct {
	start, end int32
}

// tokenRanges holds the byte ranges of a document's tokens in about one
// and a third bytes a token, where a slice of tokens takes eight: a byte
// for each (its step: its gap from the end of the one before in 3 bits,
// its size in 5), the start of every markEvery-th token, and the exact
// range of the few tokens whose gap or size does not fit its bits (a long
// word or a URL, a dash between spaces, a stretch of blanked boilerplate
// before it), listed apart by index: about one token in a hundred in
// English news, licence and documentation files. Only the alignment's
// edges and the report read the ranges, a token at a time, walking from
// the mark before it.
type tokenRanges struct {
	n     int
	steps []uint8  // gap<<5 | size; wideMark: see wide
	marks []uint32 // the start of token k·markEvery
	wide  []wideToken
}

// wideToken is token i's range, one whose step is wideMark.
type wideToken struct{ i, start, end int32 }

// The most a step holds: a token's gap (at a mark, where the gap is not
// needed, any) and its size; wideMark, whose size is past them, marks a
// token listed in wide.
const (
	maxStepGap  = 7
	maxStepSize = 30
	wideMark    = 0xFF
)

// markEvery is how many tokens apart tokenRanges keeps a start.
const markEvery = 16

func makeTokenRanges(toks []token) tokenRanges {
	r := tokenRanges{n: len(toks), steps: make([]uint8, len(toks)), marks: make([]uint32, (len(toks)+markEvery-1)/markEvery)}
	prevEnd := int32(0)
	for i, t := range toks {
		mark := i%markEvery == 0
		if mark {
			r.marks[i/markEvery] = uint32(t.start)
		}
		gap, size := t.start-prevEnd, t.end-t.start
		switch {
		case size < 0 || size > maxStepSize:
			r.steps[i] = wideMark
			r.wide = append(r.wide, wideToken{int32(i), t.start, t.end})
		case mark:
			r.steps[i] = uint8(size)
		case gap >= 0 && gap <= maxStepGap:
			r.steps[i] = uint8(gap<<5 | size)
		default:
			r.steps[i] = wideMark
			r.wide = append(r.wide, wideToken{int32(i), t.start, t.end})
		}
		prevEnd = t.end
	}
	return r
}

// len returns the number of tokens.
func (r *tokenRanges) len() int { return r.n }

// at returns token i.
func (r *tokenRanges) at(i int32) token {
	k := i &^ (markEvery - 1)
	return r.walk(k, r.step(k, token{}), i)
}

// walk returns token i, given token k (t) at or before it.
func (r *tokenRanges) walk(k int32, t token, i int32) token {
	for k < i {
		k++
		st := r.steps[k]
		if st == wideMark || k%markEvery == 0 {
			t = r.step(k, t)
			continue
		}
		t.start = t.end + int32(st>>5)
		t.end = t.start + int32(st&31)
	}
	return t
}

// span returns the bytes of tokens [t0, t1): the start of the first and
// the end of the last, walking on from the first when the last is near.
func (r *tokenRanges) span(t0, t1 int32) (start, end int32) {
	first := r.at(t0)
	last := first
	if t1-1-t0 <= 2*markEvery {
		last = r.walk(t0, first, t1-1)
	} else {
		last = r.at(t1 - 1)
	}
	return first.start, last.end
}

// step returns token i, given token i-1 (prev), which a token at a mark
// or a wide one does not need.
func (r *tokenRanges) step(i int32, prev token) token {
	st := r.steps[i]
	switch {
	case st == wideMark:
		return r.wideAt(i)
	case i%markEvery == 0:
		s := int32(r.marks[i/markEvery])
		return token{s, s + int32(st&31)}
	}
	s := prev.end + int32(st>>5)
	return token{s, s + int32(st&31)}
}

// tokenCursor reads a document's token ranges a step at a time when they
// are asked for in increasing order, and from the mark before otherwise.
type tokenCursor struct {
	r *tokenRanges
	i int32 // the token in t; -1 for none
	t token
}

func newTokenCursor(r *tokenRanges) tokenCursor { return tokenCursor{r: r, i: -1} }

// at returns token i.
func (c *tokenCursor) at(i int32) token {
	if c.i < 0 || i < c.i || i-c.i > markEvery {
		c.i, c.t = i, c.r.at(i)
		return c.t
	}
	for c.i < i {
		c.i++
		c.t = c.r.step(c.i, c.t)
	}
	return c.t
}

// wideAt returns the range of token i, one listed in wide.
func (r *tokenRanges) wideAt(i int32) token {
	k, _ := slices.BinarySearchFunc(r.wide, i, func(t wideToken, i int32) int { return cmp.Compare(t.i, i) })
	return token{r.wide[k].start, r.wide[k].end}
}

// bitset holds a bit per token of a document.
type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) set(i int)        { b[i>>6] |= 1 << (i & 63) }
func (b bitset) has(i int32) bool { return b[i>>6]&(1<<(i&63)) != 0 }

// count returns the number of bits set in [lo, hi).
func (b bitset) count(lo, hi int32) int {
	n := 0
	for w := lo >> 6; lo < hi; w++ {
		n += bits.OnesCount64(b.word(w, lo, hi))
		lo = (w + 1) << 6
	}
	return n
}

// word returns word w of the bitset with the bits outside [lo, hi) clear,
// for a w that holds lo.
func (b bitset) word(w, lo, hi int32) uint64 {
	x := b[w] >> (lo & 63) << (lo & 63)
	if end := (w + 1) << 6; hi < end {
		x &= 1<<(hi&63) - 1
	}
	return x
}
