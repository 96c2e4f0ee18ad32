//go:build amd64 && !purego

package reuse

import "unsafe"

// prefetch asks for the cache line at p ahead of its use
// (prefetch_amd64.s): the scan visits units and tokens in no local order,
// and a loop that knows its next item's address can have its memory on
// the way while it works on the current one.
//
//go:noescape
func prefetch(p unsafe.Pointer)
