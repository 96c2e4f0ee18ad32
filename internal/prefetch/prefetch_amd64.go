//go:build amd64 && !purego

package prefetch

import "unsafe"

// Line asks for the cache line at p (PREFETCHT0, prefetch_amd64.s),
// without waiting for it and without faulting.
//
//go:noescape
func Line(p unsafe.Pointer)
