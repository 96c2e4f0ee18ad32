package reuse

import (
	"cmp"
	"math"
	"slices"

	"github.com/copydesk/copydesk/internal/parallel"
)

// chainLinks keeps the aligned pieces of each document pair that are
// evidence of reuse. Overlapping pieces are resolved in favour of the one
// with more matched words (each word of A is aligned with at most one
// stretch of B). Pieces in the same order in both documents and at most
// MaxGap words apart form a chain, a passage copied sentence by sentence,
// and a chain is evidence when it has at least MinWords matched words, of
// which MinContent content words; its pieces are kept, each on its own, so
// that passages are clustered sentence by sentence.
func chainLinks(found [][]link, opts Options) []link {
	// A counting sort by document A, each worker counting and placing a
	// run of parts (the order stays the parts' order), then each
	// document's links sorted and chained on their own, in parallel.
	n := 0
	for _, part := range found {
		for _, l := range part {
			n = max(n, int(l.da)+1)
		}
	}
	w := max(1, min(opts.Workers, len(found)))
	partsOf := func(k int) [][]link { return found[len(found)*k/w : len(found)*(k+1)/w] }
	counts := make([][]int32, w)
	parallel.Chunks(w, 1, w, func(_, k, _ int) {
		c := make([]int32, n)
		for _, part := range partsOf(k) {
			for _, l := range part {
				c[l.da]++
			}
		}
		counts[k] = c
	})
	// start[d] is where document d's links begin; each worker's counts
	// become where its links of d go.
	start := make([]int32, n+1)
	for d := range n {
		at := start[d]
		for _, c := range counts {
			at, c[d] = at+c[d], at
		}
		start[d+1] = at
	}
	byA := make([]link, start[n])
	parallel.Chunks(w, 1, w, func(_, k, _ int) {
		fill := counts[k]
		for _, part := range partsOf(k) {
			for _, l := range part {
				byA[fill[l.da]] = l
				fill[l.da]++
			}
		}
	})
	counts = nil
	// Each document's kept links are written over the head of its own
	// run, then the runs are closed up: no array beside byA.
	kept := make([]int32, n)
	scratch := make([]disjoint, max(opts.Workers, 1)) // each goroutine's
	parallel.Chunks(n, 64, opts.Workers, func(w, lo, hi int) {
		for d := lo; d < hi; d++ {
			run := byA[start[d]:start[d+1]]
			kept[d] = int32(len(chainDoc(run[:0], &scratch[w], run, opts)))
		}
	})
	at := 0
	for d := range n {
		at += copy(byA[at:], byA[start[d]:start[d]+kept[d]])
	}
	return byA[:at]
}

// chainDoc appends to out the links of one document A (found) that
// chainLinks keeps; sc is scratch. out may be found[:0]: what it appends
// never passes what it has still to read.
func chainDoc(out []link, sc *disjoint, found []link, opts Options) []link {
	sc.sortLinks(found)
	for i := 0; i < len(found); {
		j := i
		for j < len(found) && found[j].db == found[i].db {
			j++
		}
		kept := sc.keep(found[i:j], &opts)
		slices.SortFunc(kept, func(x, y link) int { return cmpInt(int(x.al.a0), int(y.al.a0)) })
		gap := int32(opts.MaxGap)
		for s := 0; s < len(kept); {
			c := kept[s].al
			lenA, lenB := kept[s].la, kept[s].lb
			e := s + 1
			for ; e < len(kept); e++ {
				n := kept[e]
				if n.al.a0-c.a1 > gap || n.al.b0 < c.b1 || n.al.b0-c.b1 > gap {
					break
				}
				if n.ua != kept[e-1].ua {
					lenA += n.la
				}
				if n.ub != kept[e-1].ub {
					lenB += n.lb
				}
				c.a1, c.b1 = n.al.a1, n.al.b1
				c.matched += n.al.matched
				c.content += n.al.content
			}
			if opts.evidence(c.matched, c.content, min(lenA, lenB)) {
				out = append(out, kept[s:e]...)
			}
			s = e
		}
		// A passage a document prints again is evidence where it is
		// printed: each of its repeats is kept on its own.
		out = append(out, sc.repeats...)
		i = j
	}
	return out
}

// disjoint picks, from the links of one document pair, those that overlap
// no link picked before them in either document, in order: a bit a token
// of each document marks the words taken, so that the pick costs the
// links' lengths, not the square of their number (two copies of a
// two-megabyte licence file share ten thousand sentences).
type disjoint struct {
	kept    []link
	repeats []link  // keep's copies of a passage a document prints again
	in      []uint8 // how each link of the call is kept, if it is
	a, b    cover
	keys    []linkKey // sortLinks' scratch
	tmp     []link
}

// linkKey is a link's place in sortLinks' order, and its index.
type linkKey struct {
	hi, lo uint64
	i      uint32
}

// sortLinks sorts one document's links by partner, most matched words
// first, then by where they start in A and in B (ties in input order):
// through 24-byte keys compared as two numbers, not the 56-byte links by
// their fields.
func (d *disjoint) sortLinks(ls []link) {
	keys := d.keys[:0]
	for i, l := range ls {
		keys = append(keys, linkKey{
			hi: uint64(l.db)<<32 | uint64(math.MaxUint32-uint32(l.al.matched)),
			lo: uint64(uint32(l.al.a0))<<32 | uint64(uint32(l.al.b0)),
			i:  uint32(i),
		})
	}
	slices.SortFunc(keys, func(x, y linkKey) int {
		if x.hi != y.hi {
			return cmp.Compare(x.hi, y.hi)
		}
		if x.lo != y.lo {
			return cmp.Compare(x.lo, y.lo)
		}
		return cmp.Compare(x.i, y.i)
	})
	d.tmp = append(d.tmp[:0], ls...)
	for k, key := range keys {
		ls[k] = d.tmp[key.i]
	}
	d.keys = keys
}

// keep returns the links of ls, in order, that overlap, in either
// document, none kept before them: a passage copied once, each word of A
// with one stretch of B. It also sets d.repeats to the copies of a
// passage one document prints more than once (a licence for each of
// three components, a pull quote that repeats a sentence of the story):
// of the links left, in order, those whose words in A are in no link
// kept, then those whose words in B are in none, each near-verbatim (its
// matched words at least 4/5 of either unit) and evidence on its own
// (opts), so that each place the passage is printed is linked to the
// other document's copy. A word of A is so in at most one link of the
// first two passes, and a word of B in at most one of the first and the
// last: the links kept are bounded by the two documents' words, and two
// documents that each print a passage many times add no repeats past the
// first pass. Both results are valid until the next call.
func (d *disjoint) keep(ls []link, opts *Options) []link {
	const first, again = 1, 2 // d.in: kept in the first pass, a repeat
	d.kept, d.repeats = d.kept[:0], d.repeats[:0]
	d.in = append(d.in[:0], make([]uint8, len(ls))...)
	take := func(i int, l link, as uint8) {
		d.a.mark(l.al.a0, l.al.a1, true)
		d.b.mark(l.al.b0, l.al.b1, true)
		d.in[i] = as
	}
	for i, l := range ls {
		if !d.a.any(l.al.a0, l.al.a1) && !d.b.any(l.al.b0, l.al.b1) {
			take(i, l, first)
		}
	}
	repeat := func(l link) bool {
		return 5*l.al.matched >= 4*max(l.la, l.lb) && opts.evidence(l.al.matched, l.al.content, min(l.la, l.lb))
	}
	for i, l := range ls {
		if d.in[i] == 0 && repeat(l) && !d.a.any(l.al.a0, l.al.a1) {
			take(i, l, again)
		}
	}
	for i, l := range ls {
		if d.in[i] == 0 && repeat(l) && !d.b.any(l.al.b0, l.al.b1) {
			take(i, l, again)
		}
	}
	for i, l := range ls {
		switch d.in[i] {
		case first:
			d.kept = append(d.kept, l)
		case again:
			d.repeats = append(d.repeats, l)
		default:
			continue
		}
		d.a.mark(l.al.a0, l.al.a1, false)
		d.b.mark(l.al.b0, l.al.b1, false)
	}
	return d.kept
}

// cover is a bit a token, grown as marked.
type cover []uint64

// words calls fn with each word of c that tokens [lo, hi) fall in, and
// the mask of their bits there, up to the end of c.
func (c cover) words(lo, hi int32, fn func(w int, mask uint64) bool) {
	for w := int(lo >> 6); w <= int((hi-1)>>6) && w < len(c); w++ {
		mask := ^uint64(0)
		if w == int(lo>>6) {
			mask &= ^uint64(0) << (lo & 63)
		}
		if w == int((hi-1)>>6) {
			mask &= ^uint64(0) >> (63 - (hi-1)&63)
		}
		if !fn(w, mask) {
			return
		}
	}
}

// any reports whether a token of [lo, hi) is marked.
func (c cover) any(lo, hi int32) bool {
	found := false
	c.words(lo, hi, func(w int, mask uint64) bool {
		found = c[w]&mask != 0
		return !found
	})
	return found
}

// mark sets (or clears) the bits of tokens [lo, hi).
func (c *cover) mark(lo, hi int32, on bool) {
	if lo >= hi {
		return
	}
	if n := int((hi + 63) >> 6); n > len(*c) {
		*c = append(*c, make(cover, n-len(*c))...)
	}
	s := *c
	s.words(lo, hi, func(w int, mask uint64) bool {
		if on {
			s[w] |= mask
		} else {
			s[w] &^= mask
		}
		return true
	})
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
