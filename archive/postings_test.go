package archive

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// TestAppendRoaring holds appendRoaring to roaring's own serialization,
// and appendArrays to its reading, on id sets of every shape: empty, one,
// across containers, and a container too full for an array.
func TestAppendRoaring(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	sets := [][]uint32{nil, {7}, {0, 65535, 65536, 1 << 31}}
	for range 50 {
		var ids []uint32
		for range r.IntN(300) {
			ids = append(ids, r.Uint32N(1<<20))
		}
		sets = append(sets, ids)
	}
	var dense []uint32
	for i := range uint32(5000) {
		dense = append(dense, 70000+i)
	}
	sets = append(sets, dense)
	for _, ids := range sets {
		slices.Sort(ids)
		ids = slices.Compact(ids)
		want, err := roaring.BitmapOf(ids...).ToBytes()
		if err != nil {
			t.Fatal(err)
		}
		got := appendRoaring(nil, ids)
		if !bytes.Equal(got, want) {
			t.Fatalf("%d ids: appendRoaring differs from roaring's ToBytes", len(ids))
		}
		back, ok := appendArrays(nil, got)
		if ok != (len(ids) != len(dense)) || ok && !slices.Equal(back, ids) && len(ids) > 0 {
			t.Fatalf("%d ids: appendArrays read %d ids, ok %v", len(ids), len(back), ok)
		}
	}
}

// TestPostingsMerger checks the merger against roaring's OR, with array
// operands, a bitmap-container operand and repeats, in either order.
func TestPostingsMerger(t *testing.T) {
	var dense []uint32
	for i := range uint32(6000) {
		dense = append(dense, i*3)
	}
	operands := [][]uint32{{5, 9, 70000}, {9, 10}, dense, {1 << 30}}
	want := roaring.New()
	for _, o := range operands {
		want.AddMany(o)
	}
	for _, newer := range []bool{true, false} {
		m, err := merger.Merge([]byte{kindPostings, 1, 2, 3, 4, 5}, appendRoaring(nil, operands[0]))
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range operands[1:] {
			if newer {
				err = m.MergeNewer(appendRoaring(nil, o))
			} else {
				err = m.MergeOlder(appendRoaring(nil, o))
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		v, _, err := m.Finish(true)
		if err != nil {
			t.Fatal(err)
		}
		got := roaring.New()
		if err := got.UnmarshalBinary(v); err != nil || !got.Equals(want) {
			t.Errorf("merged %d ids, want %d (%v)", got.GetCardinality(), want.GetCardinality(), err)
		}
	}
	if _, err := merger.Merge([]byte{kindPostings}, []byte("not a bitmap")); err == nil {
		t.Error("the merger took a damaged operand")
	}
}

// TestShortPostings round-trips short lists, and checks that the merger
// writes one up to maxShort ids and a roaring bitmap past that.
func TestShortPostings(t *testing.T) {
	for _, ids := range [][]uint32{nil, {0}, {1, 2, 300, 1<<32 - 1}} {
		v := appendPostings(nil, ids)
		got, ok := appendIDs(nil, v)
		if !ok || !slices.Equal(got, ids) || v[0] != shortList {
			t.Errorf("%v: %x read as %v, %v", ids, v, got, ok)
		}
	}
	for _, bad := range [][]byte{{shortList, 0x80}, {shortList, 5, 0}, {shortList, 0xff, 0xff, 0xff, 0xff, 0x0f, 1}} {
		if got, ok := appendIDs(nil, bad); ok {
			t.Errorf("%x read as %v", bad, got)
		}
	}
	for _, n := range []int{maxShort, maxShort + 1} {
		ids := make([]uint32, n)
		for i := range ids {
			ids[i] = uint32(i * 7)
		}
		m, _ := merger.Merge([]byte{kindPostings}, appendPostings(nil, ids[:n/2]))
		m.MergeNewer(appendPostings(nil, ids[n/2:]))
		v, _, _ := m.Finish(true)
		bm, err := readPostings(v)
		if (v[0] == shortList) != (n <= maxShort) || err != nil || !slices.Equal(bm.ToArray(), ids) {
			t.Errorf("%d ids merged: first byte %d, %v", n, v[0], err)
		}
	}
}

// FuzzAppendIDs feeds appendIDs any bytes: it never panics; what it reads
// is in order, and what it reads as roaring's arrays, roaring reads as the
// same set of ids.
func FuzzAppendIDs(f *testing.F) {
	f.Add(appendRoaring(nil, []uint32{1, 2, 70000}))
	f.Add(appendPostings(nil, []uint32{1, 2, 70000}))
	f.Add([]byte{0x3a, 0x30, 0, 0, 1, 0, 0, 0})
	f.Fuzz(func(t *testing.T, v []byte) {
		ids, ok := appendIDs(nil, v)
		if !ok {
			return
		}
		if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
			t.Fatalf("read %v: not in order", ids)
		}
		if v[0] == shortList {
			return
		}
		var bm roaring.Bitmap
		if _, err := bm.FromBuffer(v); err != nil {
			return // roaring is stricter about what follows the containers
		}
		want := bm.ToArray() // in the order of the containers' keys, which damaged bytes may not sort
		slices.Sort(want)
		slices.Sort(ids)
		if ids = slices.Compact(ids); !slices.Equal(ids, slices.Compact(want)) {
			t.Errorf("read %v, roaring %v", ids, want)
		}
	})
}
