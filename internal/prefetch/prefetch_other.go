//go:build !amd64 || purego

package prefetch

import "unsafe"

// Line does nothing here: only amd64 has the assembly.
func Line(p unsafe.Pointer) {}
