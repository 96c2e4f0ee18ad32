package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

func TestLimitMemory(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1)) // restored after

	t.Setenv("GOMEMLIMIT", "8GiB")
	debug.SetMemoryLimit(math.MaxInt64)
	if got := limitMemory(); got != 0 || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		t.Errorf("with GOMEMLIMIT set, limitMemory set %d, want none", got)
	}

	t.Setenv("GOMEMLIMIT", "")
	got := limitMemory()
	if runtime.GOOS != "linux" {
		return
	}
	phys := physicalMemory()
	if phys <= 0 {
		t.Fatalf("physicalMemory() = %d on linux", phys)
	}
	if got <= 0 || got > phys/10*9 || debug.SetMemoryLimit(-1) != got {
		t.Errorf("limitMemory() = %d, runtime limit %d; want a limit set at most 9/10 of %d", got, debug.SetMemoryLimit(-1), phys)
	}
}
