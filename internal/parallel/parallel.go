// Package parallel runs loops over index ranges on several goroutines, and
// sorts in parallel (integer keys by radix, anything else by comparison):
// the helpers behind copydesk's stages, which hold no package state, so
// that any caller (the scan, the report writer, an archive, a distributed
// run) can use them.
//
// Results never depend on the number of goroutines: work is cut into
// chunks of a size the caller chooses, and what the chunks produce is put
// back in chunk order.
package parallel

import (
	"math/bits"
	"slices"
	"sync"
	"unsafe"
)

// Chunks calls fn(w, lo, hi) for the chunks [lo, hi) of [0, n), of the
// given size (the last may be shorter), on at most workers goroutines. w,
// in [0, workers), is the number of the goroutine running the chunk, so
// that fn can keep scratch space per goroutine in a slice indexed by w.
// Chunks are handed out in order, each to the next free goroutine.
func Chunks(n, chunk, workers int, fn func(w, lo, hi int)) {
	chunk = max(chunk, 1)
	nChunks := (n + chunk - 1) / chunk
	if nChunks <= 1 || workers <= 1 {
		for c := 0; c < nChunks; c++ {
			fn(0, c*chunk, min((c+1)*chunk, n))
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
		wg.Go(func() {
			for c := range next {
				fn(w, c*chunk, min((c+1)*chunk, n))
			}
		})
	}
	wg.Wait()
}

// Group sorts the indices [0, m) by key into n groups (a counting sort),
// on at most workers goroutines: order[start[k]:start[k+1]] are the
// indices whose key is k, in increasing order. Each goroutine counts and
// places a run of the indices with a count a group of its own (so at
// most a few of them: the counts take workers × n int32s). key must be in
// [0, n), and m less than 2^31.
func Group(m, n int, key func(i int) int, workers int) (order, start []int32) {
	parts := max(1, min(workers, 4, m>>14))
	run := func(p int) (int, int) { return m * p / parts, m * (p + 1) / parts }
	counts := make([][]int32, parts)
	Chunks(parts, 1, workers, func(_, p, _ int) {
		c := make([]int32, n)
		lo, hi := run(p)
		for i := lo; i < hi; i++ {
			c[key(i)]++
		}
		counts[p] = c
	})
	// Each part's counts become where its indices of each group go.
	start = make([]int32, n+1)
	for k := range n {
		at := start[k]
		for _, c := range counts {
			at, c[k] = at+c[k], at
		}
		start[k+1] = at
	}
	order = make([]int32, m)
	Chunks(parts, 1, workers, func(_, p, _ int) {
		fill := counts[p]
		lo, hi := run(p)
		for i := lo; i < hi; i++ {
			k := key(i)
			order[fill[k]] = int32(i)
			fill[k]++
		}
	})
	return order, start
}

// Collect calls fn over the chunks of [0, n) as Chunks does, each with an
// empty slice to append to, and returns what the chunks appended, in chunk
// order.
func Collect[T any](n, chunk, workers int, fn func(w int, dst []T, lo, hi int) []T) []T {
	chunk = max(chunk, 1)
	out := make([][]T, (n+chunk-1)/chunk)
	Chunks(n, chunk, workers, func(w, lo, hi int) {
		out[lo/chunk] = fn(w, nil, lo, hi)
	})
	return Concat(out, workers)
}

// Concat returns the parts laid end to end in one slice made to measure,
// copied on workers goroutines, letting go of each part (parts[i] = nil)
// once it is copied.
func Concat[T any](parts [][]T, workers int) []T {
	at := make([]int, len(parts)+1) // part i goes to all[at[i]:at[i+1]]
	for i, p := range parts {
		at[i+1] = at[i] + len(p)
	}
	all := make([]T, at[len(parts)])
	if len(all) < concatAlone {
		workers = 1
	}
	Chunks(len(parts), 1, workers, func(_, i, _ int) {
		copy(all[at[i]:], parts[i])
		parts[i] = nil
	})
	return all
}

// concatAlone is the most elements Concat copies on one goroutine: fewer
// are copied sooner than goroutines start.
const concatAlone = 1 << 15

// Sort sorts x: its parts by radix on their own goroutines, then merged
// pairwise, also in parallel.
func Sort(x []uint64, workers int) {
	const least = 1 << 14 // smaller slices are sorted on one goroutine
	if workers <= 1 || len(x) < 2*least {
		RadixSort(x)
		return
	}
	parts := min(workers, len(x)/least)
	bounds := make([]int, parts+1)
	for i := range bounds {
		bounds[i] = len(x) * i / parts
	}
	// The parts are sorted with the merges' buffer as theirs.
	buf := make([]uint64, len(x))
	Chunks(parts, 1, workers, func(_, p, _ int) {
		RadixSortBuf(x[bounds[p]:bounds[p+1]], buf[bounds[p]:bounds[p+1]:bounds[p+1]])
	})
	// Merge pairs of neighbouring runs until one is left.
	src, dst := x, buf
	for len(bounds) > 2 {
		var nb []int
		runs := len(bounds) - 1
		Chunks((runs+1)/2, 1, workers, func(_, r, _ int) {
			lo, mid := bounds[2*r], bounds[min(2*r+1, runs)]
			hi := bounds[min(2*r+2, runs)]
			Merge(dst[lo:hi], src[lo:mid], src[mid:hi])
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

// SortFunc sorts x by cmp on at most workers goroutines: each part of x
// by slices.SortFunc on a goroutine of its own, then the parts merged
// pairwise, also in parallel (MergeFunc); a short x on one goroutine.
// cmp must order x totally (two elements that compare equal alike in
// every way a caller can tell): the result is then slices.SortFunc's,
// whatever the number of workers.
func SortFunc[T any](x []T, cmp func(a, b T) int, workers int) {
	const least = 1 << 11 // smaller parts are not worth a goroutine
	if workers <= 1 || len(x) < 2*least {
		slices.SortFunc(x, cmp)
		return
	}
	parts := min(workers, len(x)/least)
	part := (len(x) + parts - 1) / parts
	Chunks(len(x), part, workers, func(_, lo, hi int) { slices.SortFunc(x[lo:hi], cmp) })
	src, dst := x, make([]T, len(x))
	for ; part < len(x); part *= 2 {
		Chunks(len(x), 2*part, workers, func(_, lo, hi int) {
			mid := min(lo+part, hi)
			MergeFunc(dst[lo:hi], src[lo:mid], src[mid:hi], cmp)
		})
		src, dst = dst, src
	}
	if &src[0] != &x[0] {
		copy(x, src)
	}
}

// MergeFunc merges a and b, each sorted by cmp, into dst, which has room
// for both; of two that compare equal, a's comes first.
func MergeFunc[T any](dst, a, b []T, cmp func(x, y T) int) {
	i, j := 0, 0
	for k := range dst[:len(a)+len(b)] {
		if j == len(b) || i < len(a) && cmp(a[i], b[j]) <= 0 {
			dst[k], i = a[i], i+1
		} else {
			dst[k], j = b[j], j+1
		}
	}
}

// Merge merges the sorted a and b into dst, which has room for both.
func Merge(dst, a, b []uint64) {
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

// RadixSort sorts x: a radix sort by digits of radixBits bits, placed
// over only the bits in which some values differ (for pairs of 32-bit ids
// hi<<32|lo, the low bits of each half: four passes rather than eight
// bytes' six). A slice larger than the second-level cache holds (with its
// buffer) is first spread by its most significant digit, and each part
// sorted by least significant digit first: an LSD pass over a large slice
// writes to 2¹¹ places far apart, and misses the cache and the TLB at
// nearly every value, where the parts' passes stay in the cache. Short
// slices are left to slices.Sort.
func RadixSort(x []uint64) { RadixSortBuf(x, nil) }

// RadixSortBuf is RadixSort with a buffer of the caller's (used if it is
// large enough), and returns the buffer it used, for the next call.
func RadixSortBuf(x, buf []uint64) []uint64 {
	if len(x) < 1<<10 {
		slices.Sort(x)
		return buf
	}
	or, and := uint64(0), ^uint64(0)
	for _, v := range x {
		or |= v
		and &= v
	}
	varying := or ^ and
	if varying == 0 {
		return buf // all equal
	}
	if cap(buf) < len(x) {
		buf = make([]uint64, len(x))
	}
	radixSort(x, buf[:len(x)], varying)
	return buf
}

// radixCached is the most values an LSD radix sort is left to: with its
// buffer, a megabyte, within the second-level cache.
const radixCached = 1 << 16

// radixSort sorts x, whose values differ only in the bits of varying,
// with buf (as long as x) as scratch.
func radixSort(x, buf []uint64, varying uint64) {
	if len(x) < 1<<10 {
		slices.Sort(x) // fewer values than counters
		return
	}
	if len(x) <= radixCached || bits.OnesCount64(varying) <= radixBits {
		if lsd(x, buf, varying) {
			copy(x, buf)
		}
		return
	}
	// Spread x over buf by its top m varying bits, into parts of at most
	// about radixCached values and at least about a thousand, m chosen
	// where it saves the parts a pass; sort each part there with x's
	// place as its scratch, and copy it back.
	m := msdBits(len(x), bits.OnesCount64(varying))
	sh := uint(64-bits.LeadingZeros64(varying)) - uint(m)
	mask := uint64(1)<<m - 1
	var ends [1 << radixBits]int
	for _, v := range x {
		ends[v>>sh&mask]++
	}
	at := 0
	for d := range 1 << m {
		at, ends[d] = at+ends[d], at
	}
	for _, v := range x {
		d := v >> sh & mask
		buf[ends[d]] = v
		ends[d]++
	}
	rest := varying & (1<<sh - 1)
	lo := 0
	for _, hi := range ends[:1<<m] {
		radixSort(buf[lo:hi], x[lo:hi], rest)
		copy(x[lo:hi], buf[lo:hi])
		lo = hi
	}
}

// msdBits is the width of the digit that spreads n values with b varying
// bits into parts: enough for parts of at most radixCached values, not so
// many that they hold fewer than 2¹⁰, and, within those, the width that
// leaves the parts a whole number of digits (one pass fewer).
func msdBits(n, b int) int {
	least := bits.Len(uint(n-1) / radixCached)
	most := max(least, min(radixBits, bits.Len(uint(n)>>10)-1))
	for m := most; m > least; m-- {
		if (b-m)%radixBits == 0 {
			return m
		}
	}
	return least
}

// lsd sorts x by its varying bits, digit by digit from the lowest (each
// digit starts at the lowest varying bit the ones before it left), passing
// the values back and forth between x and buf, and reports whether the
// sorted values ended in buf.
func lsd(x, buf []uint64, varying uint64) (inBuf bool) {
	src, dst := x, buf
	var count [1 << radixBits]int
	for v := varying; v != 0; {
		sh := uint(bits.TrailingZeros64(v))
		if sh+radixBits < 64 {
			v &^= 1<<(sh+radixBits) - 1
		} else {
			v = 0
		}
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
		inBuf = !inBuf
	}
	return inBuf
}

// radixBits is the width of RadixSort's digits: 2¹¹ counters fit the
// first-level cache.
const (
	radixBits = 11
	radixMask = 1<<radixBits - 1
)

// Prefault writes a zero to every page of the freshly made slice x (whose
// elements must all be zero), in parallel chunks of consecutive pages, and
// so maps its memory before it is used. The first write to a page of
// memory new to the process costs a page fault; a large table written in
// no local order (hash counts, a scatter into buckets) or by several
// goroutines at once faults on nearly every write, which on a virtual
// machine is several times slower than faulting the pages in order first.
// Slices under 16 MiB are left alone.
func Prefault[E any](x []E, workers int) {
	var zero E
	size := int(unsafe.Sizeof(zero))
	if size == 0 || len(x)*size < 16<<20 {
		return
	}
	step := max(1, 4096/size)
	Chunks(len(x), (8<<20)/size, workers, func(_, lo, hi int) {
		for i := lo; i < hi; i += step {
			x[i] = zero
		}
	})
}
