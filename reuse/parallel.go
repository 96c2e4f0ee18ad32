package reuse

import (
	"math/bits"
	"slices"
	"sync"
)

// parallel calls fn over [0, n) in chunks of 256, on the given number of
// goroutines, each with its own aligner.
func parallel(n, workers int, fn func(al *aligner, lo, hi int)) {
	parallelChunks(n, 256, workers, fn)
}

// parallelChunks calls fn over [0, n) in chunks of the given size, on the
// given number of goroutines, each with its own aligner.
func parallelChunks(n, chunk, workers int, fn func(al *aligner, lo, hi int)) {
	nChunks := (n + chunk - 1) / chunk
	if nChunks <= 1 || workers <= 1 {
		var al aligner
		for c := 0; c < nChunks; c++ {
			fn(&al, c*chunk, min((c+1)*chunk, n))
		}
		return
	}
	next := make(chan int, nChunks)
	for c := 0; c < nChunks; c++ {
		next <- c
	}
	close(next)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, nChunks); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var al aligner
			for c := range next {
				fn(&al, c*chunk, min((c+1)*chunk, n))
			}
		}()
	}
	wg.Wait()
}

// parallelCollect calls fn over [0, n) in chunks of the given size, in
// parallel, and returns what the chunks appended, in chunk order.
func parallelCollect[T any](n, chunk, workers int, fn func(al *aligner, dst []T, lo, hi int) []T) []T {
	out := make([][]T, (n+chunk-1)/chunk)
	parallelChunks(n, chunk, workers, func(al *aligner, lo, hi int) {
		out[lo/chunk] = fn(al, nil, lo, hi)
	})
	total := 0
	for _, o := range out {
		total += len(o)
	}
	all := make([]T, 0, total)
	for _, o := range out {
		all = append(all, o...)
	}
	return all
}

// sortParallel sorts x: its parts on their own goroutines, then merged.
func sortParallel(x []uint64, workers int) {
	const least = 1 << 14 // smaller slices are sorted on one goroutine
	if workers <= 1 || len(x) < 2*least {
		radixSort(x)
		return
	}
	parts := min(workers, len(x)/least)
	bounds := make([]int, parts+1)
	for i := range bounds {
		bounds[i] = len(x) * i / parts
	}
	parallelChunks(parts, 1, workers, func(_ *aligner, p, _ int) {
		radixSort(x[bounds[p]:bounds[p+1]])
	})
	// Merge pairs of neighbouring runs until one is left.
	buf := make([]uint64, len(x))
	src, dst := x, buf
	for len(bounds) > 2 {
		var nb []int
		runs := len(bounds) - 1
		parallelChunks((runs+1)/2, 1, workers, func(_ *aligner, r, _ int) {
			lo, mid := bounds[2*r], bounds[min(2*r+1, runs)]
			hi := bounds[min(2*r+2, runs)]
			merge(dst[lo:hi], src[lo:mid], src[mid:hi])
		})
		for i := 0; i < len(bounds); i += 2 {
			nb = append(nb, bounds[i])
		}
		if nb[len(nb)-1] != len(x) {
			nb = append(nb, len(x))
		}
		bounds = nb
		src, dst = dst, src
	}
	if &src[0] != &x[0] {
		copy(x, src)
	}
}

// merge merges the sorted a and b into dst, which has room for both.
func merge(dst, a, b []uint64) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if b[j] < a[i] {
			dst[k] = b[j]
			j++
		} else {
			dst[k] = a[i]
			i++
		}
		k++
	}
	k += copy(dst[k:], a[i:])
	copy(dst[k:], b[j:])
}

// radixSort sorts x: a least-significant-digit radix sort by digits of
// radixBits bits, placed over only the bits in which some values differ
// (for unit pairs ua<<32|ub, the low bits of each half: four passes
// rather than eight bytes' six). Short slices are left to slices.Sort.
func radixSort(x []uint64) {
	if len(x) < 1<<10 {
		slices.Sort(x)
		return
	}
	or, and := uint64(0), ^uint64(0)
	for _, v := range x {
		or |= v
		and &= v
	}
	varying := or ^ and
	if varying == 0 {
		return // all equal
	}
	// The digits: each starts at the lowest varying bit the ones before
	// it left.
	var shifts []uint
	for v := varying; v != 0; {
		sh := uint(bits.TrailingZeros64(v))
		shifts = append(shifts, sh)
		if sh+radixBits >= 64 {
			break
		}
		v &^= 1<<(sh+radixBits) - 1
	}
	buf := make([]uint64, len(x))
	src, dst := x, buf
	var count [1 << radixBits]int
	for _, sh := range shifts {
		clear(count[:])
		for _, v := range src {
			count[v>>sh&radixMask]++
		}
		at := 0
		for d := range count {
			at, count[d] = at+count[d], at
		}
		for _, v := range src {
			d := v >> sh & radixMask
			dst[count[d]] = v
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &x[0] {
		copy(x, src)
	}
}

// radixBits is the width of radixSort's digits: 2¹¹ counters fit the
// first-level cache.
const (
	radixBits = 11
	radixMask = 1<<radixBits - 1
)
