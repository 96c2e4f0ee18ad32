package minhash

import (
	"math/bits"
	"unsafe"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/copydesk/copydesk/internal/prefetch"
)

// buckets is one band's buckets: the ids that share each band key. It is
// an open-addressing hash table with linear probing (Knuth, TAOCP vol. 3,
// 6.4, algorithm L), its slot chosen by Fibonacci hashing of the key (the
// high bits of key × 2⁶⁴/φ), so that keys a caller made by hand, not by
// AppendBandKeys, spread too. A slot is a key and a value:
//
//   - 0: the slot is empty;
//   - below 2³¹: the bucket holds one id, the value less one;
//   - 2³¹ + i: the bucket holds more, all in more[i].
//
// Most buckets hold one id, kept in the slot; a bitmap is made only when a
// second id arrives. One probe finds a key's slot for reading or adding,
// where a Go map took two (a lookup, then a store), and the table holds 12
// bytes a slot. It is kept at most three quarters full.
//
// Ids are below maxID. Reads may run concurrently; an add may not run
// with anything.
type buckets struct {
	keys  []uint64
	vals  []uint32
	shift uint // 64 − log2(len(keys))
	n     int  // keys held
	more  []*roaring.Bitmap
}

// maxID bounds the ids the index takes: an id is kept in a slot plus one,
// below the flag of a bitmap's number.
const maxID = 1<<31 - 2

const bitmapFlag = 1 << 31

// newBuckets returns a table with room for n keys before it grows.
func newBuckets(n int) buckets {
	size := 8
	for size*3/4 < n {
		size *= 2
	}
	return buckets{keys: make([]uint64, size), vals: make([]uint32, size), shift: uint(64 - bits.TrailingZeros(uint(size)))}
}

// slot returns the slot of key: where it is, or the empty slot where it
// would go.
func (t *buckets) slot(key uint64) int {
	mask := len(t.keys) - 1
	i := t.home(key)
	for t.vals[i] != 0 && t.keys[i] != key {
		i = (i + 1) & mask
	}
	return i
}

// home is the slot where the search for key starts (Fibonacci hashing).
func (t *buckets) home(key uint64) int { return int((key * 0x9E3779B97F4A7C15) >> t.shift) }

// warm asks for the cache lines of key's home slot, ahead of a get or an
// add of key: a large index's tables are far larger than the caches, and
// a lookup waits on two misses (its key and its value) that warm lets
// overlap with other work.
func (t *buckets) warm(key uint64) {
	if len(t.keys) > 0 {
		i := t.home(key)
		prefetch.Line(unsafe.Pointer(&t.vals[i]))
		prefetch.Line(unsafe.Pointer(&t.keys[i]))
	}
}

// get returns the bucket of key: its one id, or its bitmap; ok is false if
// no id has key.
func (t *buckets) get(key uint64) (one uint32, more *roaring.Bitmap, ok bool) {
	if t.n == 0 {
		return 0, nil, false
	}
	v := t.vals[t.slot(key)]
	switch {
	case v == 0:
		return 0, nil, false
	case v&bitmapFlag != 0:
		return 0, t.more[v&^bitmapFlag], true
	}
	return v - 1, nil, true
}

// add puts id in the bucket of key.
func (t *buckets) add(key uint64, id uint32) {
	if (t.n+1)*4 > len(t.keys)*3 {
		t.grow()
	}
	i := t.slot(key)
	switch v := t.vals[i]; {
	case v == 0:
		t.keys[i], t.vals[i] = key, id+1
		t.n++
	case v&bitmapFlag == 0:
		t.vals[i] = bitmapFlag | uint32(len(t.more))
		t.more = append(t.more, roaring.BitmapOf(v-1, id))
	default:
		t.more[v&^bitmapFlag].Add(id)
	}
}

// grow doubles the table.
func (t *buckets) grow() {
	old := *t
	*t = newBuckets(len(old.keys)) // room for len(old.keys)*3/4 and more
	t.n, t.more = old.n, old.more
	for i, v := range old.vals {
		if v != 0 {
			j := t.slot(old.keys[i])
			t.keys[j], t.vals[j] = old.keys[i], v
		}
	}
}
