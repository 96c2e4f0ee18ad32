package reuse

import "math/bits"

// lcsTable bounds the words an alignment of two units can match by the
// length of the longest common subsequence of their stems: a match in an
// alignment is a pair of equal stems (align.go), and an alignment's
// matches are in order on both sides. It is computed bit-parallel (Allison
// and Dix 1986, "A bit-string longest-common-subsequence algorithm";
// Hyyrö 2004): one row of the LCS table is a bit vector over the tokens of
// the loaded unit, and each token of the other unit updates it with an
// addition and three logical operations, some fifty times cheaper than the
// alignment itself. Load one unit, then measure it against many.
//
// The stems are looked up in an open-addressing table probed linearly and
// without wrapping (the table runs on past its last home slot). When every
// stem sits in its home slot or the next, as in nearly every unit, a lookup
// reads both slots and keeps the mask whose key matches, with no branch to
// mispredict: slots not in use have empty masks.
type lcsTable struct {
	unit  int64            // the unit loaded, or -1
	n     int              // its length in tokens
	near  bool             // every stem in its home slot or the next
	free  [lcsWords]uint64 // tokens of the loaded unit not dropped
	key   [lcsSlots + MaxUnit]uint32
	mask  [lcsSlots + MaxUnit][lcsWords]uint64
	used  [lcsSlots + MaxUnit]bool
	slots []int // slots in use
}

const (
	lcsWords = (MaxUnit + 63) / 64
	lcsSlots = 256 // home slots: a power of two above 2·MaxUnit
)

func newLCSTable() *lcsTable { return &lcsTable{unit: -1} }

func lcsSlot(h uint32) int { return int(h>>24^h) & (lcsSlots - 1) }

// load makes the table measure against the stems a of unit id (at most
// MaxUnit); it does nothing when that unit is already loaded.
func (t *lcsTable) load(id int64, a []uint32) {
	if t.unit == id && id >= 0 {
		return
	}
	for _, s := range t.slots {
		t.used[s] = false
		t.mask[s] = [lcsWords]uint64{}
	}
	t.slots = t.slots[:0]
	t.unit, t.n, t.near = id, len(a), true
	t.free = [lcsWords]uint64{}
	for j := range a {
		t.free[j>>6] |= 1 << (j & 63)
	}
	for j := range a {
		h := a[j]
		s := lcsSlot(h)
		for t.used[s] && t.key[s] != h {
			s++
		}
		if !t.used[s] {
			t.used[s], t.key[s] = true, h
			t.slots = append(t.slots, s)
			if s > lcsSlot(h)+1 {
				t.near = false
			}
		}
		t.mask[s][j>>6] |= 1 << (j & 63)
	}
}

// find returns the slot of stem h, or -1.
func (t *lcsTable) find(h uint32) int {
	s := lcsSlot(h)
	for t.used[s] && t.key[s] != h {
		s++
	}
	if !t.used[s] {
		return -1
	}
	return s
}

// b2u is 1 for true and 0 for false.
func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// drop removes token j of the loaded unit from the table, so that it
// matches nothing.
func (t *lcsTable) drop(j int) { t.free[j>>6] &^= 1 << (j & 63) }

// lcs returns the length of the longest common subsequence of the stems of
// the loaded unit and the stems b.
func (t *lcsTable) lcs(b []uint32) int { return t.lcsRows(b, nil) }

// lcsRows is lcs over the stems of b not marked in skip (nil: none).
func (t *lcsTable) lcsRows(b []uint32, skip []bool) int {
	if t.n <= 64 {
		return t.lcsRows64(b, skip)
	}
	var v [lcsWords]uint64
	for w := range v {
		v[w] = ^uint64(0)
	}
	for i := range b {
		if skip != nil && skip[i] {
			continue
		}
		s := t.find(b[i])
		if s < 0 {
			continue
		}
		mk := &t.mask[s]
		var carry uint64
		for w := range v {
			u := v[w] & mk[w] & t.free[w]
			var sum uint64
			sum, carry = bits.Add64(v[w], u, carry)
			v[w] = sum | (v[w] &^ u)
		}
	}
	n := 0
	for w := range v {
		lo := w * 64
		if lo >= t.n {
			break
		}
		k := min(64, t.n-lo)
		mask := ^uint64(0)
		if k < 64 {
			mask = 1<<k - 1
		}
		n += k - bits.OnesCount64(v[w]&mask)
	}
	return n
}

// lcsRows64 is lcsRows for a loaded unit of at most 64 tokens, most of
// them: one word per row, no carry between words.
func (t *lcsTable) lcsRows64(b []uint32, skip []bool) int {
	v := ^uint64(0)
	free := t.free[0]
	switch {
	case t.near && skip == nil:
		for _, h := range b {
			s := lcsSlot(h)
			m := t.mask[s][0]&-b2u(t.key[s] == h) | t.mask[s+1][0]&-b2u(t.key[s+1] == h)
			u := v & m & free
			v = (v + u) | (v &^ u)
		}
	default:
		for i, h := range b {
			if skip != nil && skip[i] {
				continue
			}
			s := t.find(h)
			if s < 0 {
				continue
			}
			u := v & t.mask[s][0] & free
			v = (v + u) | (v &^ u)
		}
	}
	mask := ^uint64(0)
	if t.n < 64 {
		mask = 1<<t.n - 1
	}
	return t.n - bits.OnesCount64(v&mask)
}
