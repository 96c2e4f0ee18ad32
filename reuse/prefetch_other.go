//go:build !amd64 || purego

package reuse

import "unsafe"

// prefetch does nothing here: only amd64 has the assembly.
func prefetch(p unsafe.Pointer) {}
