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
//   - 2³¹ + 2i: the bucket holds two to fewIDsInline ids, listed in
//     few[i·fewIDsInline:] in the order added, fewN[i] of them;
//   - 2³¹ + 2i + 1: the bucket holds more, all in more[i].
//
// Most buckets hold one id, kept in the slot; a bucket of a few (a text
// and its few copies) lists them in one shared array, where a bitmap
// apiece cost six allocations; a bitmap is made only when a bucket
// outgrows its list, which is then left unused. One probe finds a key's
// slot for reading or adding, where a Go map took two (a lookup, then a
// store), and the table holds 12 bytes a slot. It is kept at most three
// quarters full.
//
// Ids are below maxID. Reads may run concurrently; an add may not run
// with anything.
type buckets struct {
	keys  []uint64
	vals  []uint32
	shift uint     // 64 − log2(len(keys))
	n     int      // keys held
	few   []uint32 // the lists, fewIDsInline places each
	fewN  []uint8  // each list's ids; 0: a list left for a bitmap
	more  []*roaring.Bitmap
}

// maxID bounds the ids the index takes: an id is kept in a slot plus one,
// below the flag of a list's or a bitmap's number.
const maxID = 1<<31 - 2

const bitmapFlag = 1 << 31

// fewIDsInline is the most ids a bucket lists before it takes a bitmap.
const fewIDsInline = 8

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

// bucket is the ids of one key as get finds them: one, a few listed, or
// a bitmap.
type bucket struct {
	one  uint32
	few  []uint32        // two or more ids, in the order added; nil if not listed
	more *roaring.Bitmap // nil if not a bitmap
}

// size returns the number of ids in the bucket.
func (b bucket) size() uint64 {
	switch {
	case b.few != nil:
		return uint64(len(b.few))
	case b.more != nil:
		return b.more.GetCardinality()
	}
	return 1
}

// appendFrom appends the bucket's ids from from up to dst, in no order,
// using it to walk a bitmap.
func (b bucket) appendFrom(dst []uint32, from uint32, it *roaring.IntIterator) []uint32 {
	switch {
	case b.few != nil:
		for _, id := range b.few {
			if id >= from {
				dst = append(dst, id)
			}
		}
	case b.more != nil:
		it.Initialize(b.more)
		it.AdvanceIfNeeded(from)
		for it.HasNext() {
			dst = append(dst, it.Next())
		}
	case b.one >= from:
		dst = append(dst, b.one)
	}
	return dst
}

// orInto adds the bucket's ids to bm.
func (b bucket) orInto(bm *roaring.Bitmap) {
	switch {
	case b.few != nil:
		bm.AddMany(b.few)
	case b.more != nil:
		bm.Or(b.more)
	default:
		bm.Add(b.one)
	}
}

// get returns the bucket of key; ok is false if no id has key.
func (t *buckets) get(key uint64) (b bucket, ok bool) {
	v := t.value(key)
	return t.bucketOf(v), v != 0
}

// value returns the slot value of key (see buckets), 0 if no id has key:
// a caller may take a bucket of one id from it without bucketOf.
func (t *buckets) value(key uint64) uint32 {
	if t.n == 0 {
		return 0
	}
	return t.vals[t.slot(key)]
}

// bucketOf returns the bucket of a slot value other than 0.
func (t *buckets) bucketOf(v uint32) bucket {
	switch {
	case v&bitmapFlag == 0:
		return bucket{one: v - 1}
	case v&1 == 0:
		i := int(v&^bitmapFlag) >> 1
		return bucket{few: t.few[i*fewIDsInline : i*fewIDsInline+int(t.fewN[i])]}
	}
	return bucket{more: t.more[v&^bitmapFlag>>1]}
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
		k := len(t.fewN)
		t.few = append(t.few, make([]uint32, fewIDsInline)...)
		t.few[k*fewIDsInline], t.few[k*fewIDsInline+1] = v-1, id
		t.fewN = append(t.fewN, 2)
		t.vals[i] = bitmapFlag | uint32(k)<<1
	case v&1 == 0:
		k := int(v&^bitmapFlag) >> 1
		if n := int(t.fewN[k]); n < fewIDsInline {
			t.few[k*fewIDsInline+n] = id
			t.fewN[k]++
			return
		}
		bm := roaring.BitmapOf(t.few[k*fewIDsInline : (k+1)*fewIDsInline]...)
		bm.Add(id)
		t.fewN[k] = 0
		t.vals[i] = bitmapFlag | uint32(len(t.more))<<1 | 1
		t.more = append(t.more, bm)
	default:
		t.more[v&^bitmapFlag>>1].Add(id)
	}
}

// grow doubles the table.
func (t *buckets) grow() {
	old := *t
	*t = newBuckets(len(old.keys)) // room for len(old.keys)*3/4 and more
	t.n, t.few, t.fewN, t.more = old.n, old.few, old.fewN, old.more
	for i, v := range old.vals {
		if v != 0 {
			j := t.slot(old.keys[i])
			t.keys[j], t.vals[j] = old.keys[i], v
		}
	}
}
