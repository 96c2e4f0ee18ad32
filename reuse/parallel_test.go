package reuse

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortParallel: sortParallel(x) = slices.Sort(x), for sizes around its
// cut-offs and any number of workers.
func TestSortParallel(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 100, 1023, 1024, 5000, 1 << 15, 1<<15 + 1, 3<<14 + 7, 200003} {
		for _, w := range []int{1, 2, 3, 8} {
			x := make([]uint64, n)
			for i := range x {
				x[i] = r.Uint64() % uint64(n+1) // with repeats
			}
			want := slices.Clone(x)
			slices.Sort(want)
			sortParallel(x, w)
			if !slices.Equal(x, want) {
				t.Fatalf("sortParallel(%d values, %d workers) is not sorted", n, w)
			}
		}
	}
}

// TestRadixSort: radixSort(x) = slices.Sort(x), for values spread over all
// bytes, over the low bytes only, and all equal.
func TestRadixSort(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 1000, 1024, 4097, 100000} {
		for kind, gen := range []func() uint64{
			r.Uint64,
			func() uint64 { return r.Uint64() % 100000 },
			func() uint64 { return uint64(r.IntN(400000))<<32 | uint64(r.IntN(400000)) },
			func() uint64 { return 42 },
		} {
			x := make([]uint64, n)
			for i := range x {
				x[i] = gen()
			}
			want := slices.Clone(x)
			slices.Sort(want)
			radixSort(x)
			if !slices.Equal(x, want) {
				t.Fatalf("radixSort(%d values of kind %d) is not sorted", n, kind)
			}
		}
	}
}

func BenchmarkSortPairs(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	x := make([]uint64, 1<<21)
	for i := range x {
		x[i] = uint64(r.IntN(400000))<<32 | uint64(r.IntN(400000))
	}
	y := make([]uint64, len(x))
	b.SetBytes(8 * int64(len(x)))
	b.Run("radix", func(b *testing.B) {
		for b.Loop() {
			copy(y, x)
			radixSort(y)
		}
	})
	b.Run("pdq", func(b *testing.B) {
		for b.Loop() {
			copy(y, x)
			slices.Sort(y)
		}
	})
}
