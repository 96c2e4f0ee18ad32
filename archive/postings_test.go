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

// group makes a bucket value of one group: residue res, postings p.
func group(res uint32, p []byte) []byte { return appendGroup(nil, 0, res, p) }

// groups reads a bucket value into its groups' postings, by residue.
func groups(t *testing.T, v []byte) map[uint32][]uint32 {
	t.Helper()
	out := map[uint32][]uint32{}
	var last int64 = -1
	err := eachGroup(v, func(res uint32, p []byte) error {
		if int64(res) <= last {
			t.Errorf("residue %d after %d", res, last)
		}
		last = int64(res)
		bm, err := readPostings(p)
		if err != nil {
			return err
		}
		out[res] = bm.ToArray()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPostingsMerger checks the merger against roaring's OR, group by
// group, with array operands, a bitmap-container operand and repeats, in
// either order, in groups of residues that come and go.
func TestPostingsMerger(t *testing.T) {
	var dense []uint32
	for i := range uint32(6000) {
		dense = append(dense, i*3)
	}
	type op struct {
		res uint32
		ids []uint32
	}
	operands := [][]op{
		{{0, []uint32{5, 9, 70000}}, {7, []uint32{1}}},
		{{7, []uint32{9, 10}}},
		{{3, dense}, {1<<residueBits - 1, []uint32{2}}},
		{{0, []uint32{1 << 30}}, {3, []uint32{1}}, {7, dense[:100]}},
	}
	value := func(o []op) []byte {
		var v []byte
		prev := uint32(0)
		for _, g := range o {
			v = appendGroup(v, prev, g.res, appendRoaring(nil, g.ids))
			prev = g.res
		}
		return v
	}
	for n := 1; n <= len(operands); n++ { // runs of 1 to 4 operands
		want := map[uint32]*roaring.Bitmap{}
		for _, o := range operands[:n] {
			for _, g := range o {
				if want[g.res] == nil {
					want[g.res] = roaring.New()
				}
				want[g.res].AddMany(g.ids)
			}
		}
		mergeAll(t, operands[:n], value, want)
	}
	for _, bad := range [][]byte{[]byte("not a bucket"), group(1, []byte("not a bitmap")), {1, 0}, {1, 9, 0}} {
		if _, err := merger.Merge([]byte{kindPostings}, bad); err == nil {
			t.Errorf("the merger took a damaged operand %q", bad)
		}
	}
}

// mergeAll merges the operands, newer and then older, and checks the
// groups merged against want.
func mergeAll[O any](t *testing.T, operands []O, value func(O) []byte, want map[uint32]*roaring.Bitmap) {
	t.Helper()
	for _, newer := range []bool{true, false} {
		m, err := merger.Merge([]byte{kindPostings, 1, 2, 3}, value(operands[0]))
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range operands[1:] {
			if newer {
				err = m.MergeNewer(value(o))
			} else {
				err = m.MergeOlder(value(o))
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		v, _, err := m.Finish(true)
		if err != nil {
			t.Fatal(err)
		}
		got := groups(t, v)
		if len(got) != len(want) {
			t.Errorf("%d groups, want %d", len(got), len(want))
		}
		for res, bm := range want {
			if !slices.Equal(got[res], bm.ToArray()) {
				t.Errorf("%d operands, residue %d: merged %d ids, want %d", len(operands), res, len(got[res]), bm.GetCardinality())
			}
		}
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
		m, _ := merger.Merge([]byte{kindPostings}, group(5, appendPostings(nil, ids[:n/2])))
		m.MergeNewer(group(5, appendPostings(nil, ids[n/2:])))
		v, _, _ := m.Finish(true)
		var p []byte
		eachGroup(v, func(_ uint32, g []byte) error { p = g; return nil })
		bm, err := readPostings(p)
		if (p[0] == shortList) != (n <= maxShort) || err != nil || !slices.Equal(bm.ToArray(), ids) {
			t.Errorf("%d ids merged: first byte %d, %v", n, p[0], err)
		}
	}
}

// FuzzBucket feeds the merger any bytes as a bucket: it never panics,
// and what it takes it writes back as the same groups, in order.
func FuzzBucket(f *testing.F) {
	f.Add(append(group(3, appendPostings(nil, []uint32{1, 2})), appendGroup(nil, 0, 9, appendRoaring(nil, []uint32{1, 2, 70000}))...))
	f.Add(group(0, appendPostings(nil, nil)))
	f.Add([]byte{1, 3, 0, 1, 1})
	f.Fuzz(func(t *testing.T, v []byte) {
		m, err := merger.Merge([]byte{kindPostings}, v)
		if err != nil {
			return
		}
		out, _, err := m.Finish(true)
		if err != nil {
			t.Fatalf("Finish: %v", err)
		}
		in := map[uint32][]uint32{}
		eachGroup(v, func(res uint32, p []byte) error {
			bm, _ := readPostings(p)
			in[res] = append(in[res], bm.ToArray()...)
			return nil
		})
		got := groups(t, out)
		for res, ids := range in {
			slices.Sort(ids)
			if ids = slices.Compact(ids); !slices.Equal(got[res], ids) && len(ids) > 0 {
				t.Errorf("residue %d: %v written as %v", res, ids, got[res])
			}
		}
	})
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
