//go:build !linux

package main

// physicalMemory returns the machine's memory in bytes: unknown here, so
// no limit is set unless GOMEMLIMIT sets one.
func physicalMemory() int64 { return 0 }
