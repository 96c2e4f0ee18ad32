package parallel

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSort: Sort(x) = slices.Sort(x), for sizes around its
// cut-offs and any number of workers.
func TestSort(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 100, 1023, 1024, 5000, 1 << 15, 1<<15 + 1, 3<<14 + 7, 200003} {
		for _, w := range []int{1, 2, 3, 8} {
			x := make([]uint64, n)
			for i := range x {
				x[i] = r.Uint64() % uint64(n+1) // with repeats
			}
			want := slices.Clone(x)
			slices.Sort(want)
			Sort(x, w)
			if !slices.Equal(x, want) {
				t.Fatalf("Sort(%d values, %d workers) is not sorted", n, w)
			}
		}
	}
}

// TestSortFunc: SortFunc(x) = slices.SortFunc(x) for structs ordered
// by a key with repeats and then their place (a total order, as SortFunc
// asks), at sizes around its cut-offs (one part, parts that merge
// unevenly) and any number of workers; and MergeFunc takes a's first of
// two that compare equal.
func TestSortFunc(t *testing.T) {
	type item struct {
		key uint32
		at  int
	}
	cmpItems := func(a, b item) int {
		if a.key != b.key {
			return int(a.key) - int(b.key)
		}
		return a.at - b.at
	}
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 100, 1<<12 - 1, 1 << 12, 1<<12 + 1, 3<<11 + 5, 5<<11 + 3, 100003} {
		for _, w := range []int{1, 2, 3, 8} {
			x := make([]item, n)
			for i := range x {
				x[i] = item{uint32(r.IntN(n/4 + 1)), i}
			}
			want := slices.Clone(x)
			slices.SortFunc(want, cmpItems)
			SortFunc(x, cmpItems, w)
			if !slices.Equal(x, want) {
				t.Fatalf("SortFunc(%d items, %d workers) differs from slices.SortFunc", n, w)
			}
		}
	}
	a, b := []item{{1, 0}, {2, 1}}, []item{{1, 2}, {3, 3}}
	byKey := func(x, y item) int { return int(x.key) - int(y.key) }
	got := make([]item, 4)
	MergeFunc(got, a, b, byKey)
	if want := []item{{1, 0}, {1, 2}, {2, 1}, {3, 3}}; !slices.Equal(got, want) {
		t.Errorf("MergeFunc = %v, want %v", got, want)
	}
}

// TestRadixSort: RadixSort(x) = slices.Sort(x), for values spread over all
// bytes, over the low bytes only, pairs of ids, pairs most of whose first
// ids are one (a part that the spread by the top digit leaves larger than
// the cache, spread again), and all equal; at sizes sorted by LSD alone and
// by a spread first.
func TestRadixSort(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var buf []uint64
	for _, n := range []int{0, 1, 1000, 1024, 100000, 300007, 4097} { // the last with a larger buffer than it needs
		for kind, gen := range []func() uint64{
			r.Uint64,
			func() uint64 { return r.Uint64() % 100000 },
			func() uint64 { return uint64(r.IntN(400000))<<32 | uint64(r.IntN(400000)) },
			func() uint64 {
				if r.IntN(10) > 0 {
					return 7<<32 | uint64(r.IntN(1<<30))
				}
				return uint64(r.IntN(400000))<<32 | uint64(r.IntN(400000))
			},
			func() uint64 { return 42 },
		} {
			x := make([]uint64, n)
			for i := range x {
				x[i] = gen()
			}
			want := slices.Clone(x)
			slices.Sort(want)
			y := slices.Clone(x)
			RadixSort(x)
			if !slices.Equal(x, want) {
				t.Fatalf("RadixSort(%d values of kind %d) is not sorted", n, kind)
			}
			// With a buffer handed on from the sorts before (too small,
			// or larger than needed).
			buf = RadixSortBuf(y, buf)
			if !slices.Equal(y, want) {
				t.Fatalf("RadixSortBuf(%d values of kind %d, buffer of %d) is not sorted", n, kind, cap(buf))
			}
		}
	}
}

// BenchmarkSort sorts unit pairs (two 22-bit ids, as candidatePairs makes
// on a corpus of some hundred thousand documents) by size: the largest do
// not fit the second-level cache.
func BenchmarkSort(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{1 << 14, 1 << 17, 1 << 20, 1 << 23} {
		x := make([]uint64, n)
		for i := range x {
			x[i] = uint64(r.IntN(4000000))<<32 | uint64(r.IntN(4000000))
		}
		y := make([]uint64, len(x))
		var buf []uint64
		b.Run(fmt.Sprintf("n=%d/radix", n), func(b *testing.B) {
			b.SetBytes(8 * int64(len(x)))
			for b.Loop() {
				copy(y, x)
				buf = RadixSortBuf(y, buf)
			}
		})
		b.Run(fmt.Sprintf("n=%d/parallel", n), func(b *testing.B) {
			b.SetBytes(8 * int64(len(x)))
			for b.Loop() {
				copy(y, x)
				Sort(y, 2)
			}
		})
		b.Run(fmt.Sprintf("n=%d/pdq", n), func(b *testing.B) {
			b.SetBytes(8 * int64(len(x)))
			for b.Loop() {
				copy(y, x)
				slices.Sort(y)
			}
		})
	}
}

// TestChunks: every index is visited once, by a goroutine numbered below
// workers, and Collect keeps chunk order whatever the number of workers.
func TestChunks(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000} {
		for _, w := range []int{1, 2, 5} {
			seen := make([]int32, n)
			Chunks(n, 3, w, func(g, lo, hi int) {
				if g < 0 || g >= w {
					t.Errorf("goroutine %d of %d", g, w)
				}
				for i := lo; i < hi; i++ {
					seen[i]++
				}
			})
			for i, c := range seen {
				if c != 1 {
					t.Fatalf("n %d, %d workers: index %d visited %d times", n, w, i, c)
				}
			}
			got := Collect(n, 3, w, func(_ int, dst []int, lo, hi int) []int {
				for i := lo; i < hi; i++ {
					dst = append(dst, i)
				}
				return dst
			})
			if len(got) != n || !slices.IsSorted(got) {
				t.Fatalf("n %d, %d workers: Collect gave %d values, in order %v", n, w, len(got), slices.IsSorted(got))
			}
		}
	}
}

// TestConcat: the parts in order, in a slice of their total length, and
// each part let go, for any number of goroutines.
func TestConcat(t *testing.T) {
	for _, workers := range []int{1, 2, 3, 8} {
		parts := [][]int{{1, 2}, nil, {3}, {}, {4, 5, 6}, {7}, {8, 9}}
		got := Concat(parts, workers)
		if want := []int{1, 2, 3, 4, 5, 6, 7, 8, 9}; !slices.Equal(got, want) || cap(got) != len(want) {
			t.Errorf("workers %d: Concat = %v (cap %d), want %v", workers, got, cap(got), want)
		}
		for i, p := range parts {
			if p != nil {
				t.Errorf("workers %d: part %d kept", workers, i)
			}
		}
	}
}

// TestGroup: Group's order and starts are those of a stable sort of the
// indices by key (brute force), for any number of goroutines, with empty
// groups and inputs large enough to be cut into parts.
func TestGroup(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, m := range []int{0, 1, 100, 1 << 15, 100000} {
		for _, n := range []int{1, 7, 5000} {
			keys := make([]int, m)
			for i := range keys {
				keys[i] = r.IntN(n)
			}
			want := make([]int32, m)
			for i := range want {
				want[i] = int32(i)
			}
			slices.SortStableFunc(want, func(a, b int32) int { return keys[a] - keys[b] })
			for _, w := range []int{1, 2, 8} {
				order, start := Group(m, n, func(i int) int { return keys[i] }, w)
				if !slices.Equal(order, want) {
					t.Fatalf("m %d, n %d, %d workers: order differs from a stable sort", m, n, w)
				}
				if len(start) != n+1 || start[n] != int32(m) {
					t.Fatalf("m %d, n %d, %d workers: %d starts, last %d", m, n, w, len(start), start[len(start)-1])
				}
				for k := range n {
					for _, i := range order[start[k]:start[k+1]] {
						if keys[i] != k {
							t.Fatalf("m %d, n %d, %d workers: index %d (key %d) in group %d", m, n, w, i, keys[i], k)
						}
					}
				}
			}
		}
	}
}

// BenchmarkConcat lays 1M uint64s from 300 parts end to end on 1 and 2
// goroutines.
func BenchmarkConcat(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			const n, nParts = 1 << 20, 300
			src := make([]uint64, n)
			b.SetBytes(8 * n)
			b.ReportAllocs()
			for b.Loop() {
				parts := make([][]uint64, nParts)
				for i := range parts {
					parts[i] = src[i*n/nParts : (i+1)*n/nParts]
				}
				sinkConcat = Concat(parts, workers)
			}
		})
	}
}

var sinkConcat []uint64
