package minhash

import (
	"slices"
	"testing"
)

// TestBuckets holds a band's table to a map of every key's ids, through
// growth from the smallest table and from one made to measure, with keys
// that repeat (buckets of one id, of a few listed, of many in a bitmap),
// key 0, and keys that differ only in their high bits or only in their
// low bits.
func TestBuckets(t *testing.T) {
	state := uint64(11)
	var keys []uint64
	for range 3000 {
		switch r := splitmix(&state); r % 4 {
		case 0:
			keys = append(keys, r%50) // small keys, key 0 among them, repeated
		case 1:
			keys = append(keys, (r%64)<<58) // high bits only
		case 2:
			keys = append(keys, r) // mostly once
		default:
			if len(keys) > 0 {
				keys = append(keys, keys[r%uint64(len(keys))]) // a key again
			}
		}
	}
	// Buckets at the edge of a list: as many ids as one holds, and one
	// more (the list turned into a bitmap).
	for n, k := range map[int]uint64{fewIDsInline: 1 << 40, fewIDsInline + 1: 1 << 41} {
		for range n {
			keys = append(keys, k)
		}
	}
	for _, room := range []int{0, len(keys)} {
		tb := newBuckets(room)
		want := map[uint64][]uint32{}
		for id, k := range keys {
			tb.add(k, uint32(id))
			want[k] = append(want[k], uint32(id))
		}
		if tb.n != len(want) {
			t.Errorf("room %d: %d keys held, want %d", room, tb.n, len(want))
		}
		if tb.n*4 > len(tb.keys)*3 {
			t.Errorf("room %d: %d keys in %d slots, more than three quarters", room, tb.n, len(tb.keys))
		}
		for k, ids := range want {
			bk, ok := tb.get(k)
			var got []uint32
			switch {
			case !ok:
			case bk.few != nil:
				got = bk.few
			case bk.more != nil:
				got = bk.more.ToArray()
			default:
				got = []uint32{bk.one}
			}
			if ok && bk.size() != uint64(len(ids)) {
				t.Fatalf("room %d: key %#x's bucket has size %d, want %d", room, k, bk.size(), len(ids))
			}
			if !slices.Equal(got, ids) {
				t.Fatalf("room %d: key %#x holds %v, want %v", room, k, got, ids)
			}
		}
		for _, k := range []uint64{1 << 57, 51, ^uint64(0)} {
			if _, ok := want[k]; !ok {
				if _, ok := tb.get(k); ok {
					t.Errorf("room %d: key %#x found, never added", room, k)
				}
			}
		}
	}
	empty := newBuckets(0)
	if _, ok := empty.get(0); ok {
		t.Errorf("an empty table found key 0")
	}
}

// TestIndexLastID checks that an id the table cannot hold is refused, by
// AddKeys and AddAllKeys alike.
func TestIndexLastID(t *testing.T) {
	ix, _ := NewIndex(Params{Bands: 2, Rows: 1})
	if err := ix.AddKeys(maxID+1, []uint64{1, 2}); err == nil {
		t.Errorf("AddKeys took id %d", maxID+1)
	}
	if err := ix.AddAllKeys(maxID, [][]uint64{{1, 2}, {3, 4}}, 1); err == nil {
		t.Errorf("AddAllKeys took ids up to %d", maxID+1)
	}
}
