package reuse

import (
	"unsafe"

	"github.com/copydesk/copydesk/internal/parallel"
)

// repeats is a filter of the hashes that occur more than once in a
// corpus: one bit per slot of a table indexed by a hash's low bits, set
// when two or more hashes fell in the slot. A hash that occurs once (in
// one unit of one document) pairs no units and is in no intersection, and
// in a corpus of edited copies three postings in four are such hashes
// (every edit makes K hashes of its own), so the postings leave them out.
// The filter has no false negatives: a hash that occurs twice sets its
// slot's bit. A slot shared by two hashes that occur once each keeps both,
// which costs two useless postings and changes nothing else. The table has
// eight slots per hash or more, so about one hash in nine is kept wrongly.
//
// Each part of the corpus counts its own hashes into a repeatCounts, with
// no atomics; newRepeats folds the parts' counts into the filter.
type repeats struct {
	mask uint64   // slots - 1
	bits []uint64 // the slots' bits
}

// has reports whether h may occur more than once.
func (r *repeats) has(h uint64) bool {
	i := h & r.mask
	return r.bits[i>>6]&(1<<(i&63)) != 0
}

// repeatCounts is one part's count of the hashes in each slot, saturating
// at two: for every word of slots, the bits of those seen once or more and
// those seen twice or more, side by side (one cache line).
type repeatCounts struct {
	mask  uint64
	words [][2]uint64
}

// repeatSlots is the number of slots for n hashes: a power of two, at
// least 8n.
func repeatSlots(n int) uint64 {
	s := uint64(1 << 12)
	for s < 8*uint64(n) {
		s <<= 1
	}
	return s
}

// newRepeatCounts returns an empty count of slots slots, its memory
// mapped by a pass in order (parallel.Prefault) before the counts write it
// in no order.
func newRepeatCounts(slots uint64) *repeatCounts {
	c := &repeatCounts{mask: slots - 1, words: make([][2]uint64, slots/64)}
	parallel.Prefault(c.words, 1)
	return c
}

// addAll counts the hashes hs, asking for each one's slot some hashes
// ahead: the slots are scattered over a table of megabytes.
func (c *repeatCounts) addAll(hs []uint64) {
	for i, h := range hs {
		if i+repeatAhead < len(hs) {
			prefetch(unsafe.Pointer(&c.words[(hs[i+repeatAhead]&c.mask)>>6]))
		}
		c.add(h)
	}
}

// repeatAhead is how many hashes ahead addAll and the filter's users
// prefetch.
const repeatAhead = 8

// warm asks for the slot of h.
func (r *repeats) warm(h uint64) { prefetch(unsafe.Pointer(&r.bits[(h&r.mask)>>6])) }

// add counts h.
func (c *repeatCounts) add(h uint64) {
	i := h & c.mask
	w, b := &c.words[i>>6], uint64(1)<<(i&63)
	w[1] |= w[0] & b
	w[0] |= b
}

// newRepeats folds the counts of the parts (all of the same size) into the
// filter, on the given number of goroutines.
func newRepeats(parts []*repeatCounts, workers int) *repeats {
	r := &repeats{mask: parts[0].mask, bits: make([]uint64, len(parts[0].words))}
	parallel.Prefault(r.bits, workers)
	parallel.Chunks(len(r.bits), 1<<12, workers, func(_, lo, hi int) {
		for w := lo; w < hi; w++ {
			var once, twice uint64
			for _, c := range parts {
				x := c.words[w]
				twice |= once&x[0] | x[1]
				once |= x[0]
			}
			r.bits[w] = twice
		}
	})
	return r
}
