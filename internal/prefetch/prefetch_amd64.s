//go:build amd64 && !purego

#include "textflag.h"

// func Line(p unsafe.Pointer)
//
// Asks for the cache line at p (PREFETCHT0), without waiting for it and
// without faulting.
TEXT ·Line(SB), NOSPLIT, $0-8
	MOVQ p+0(FP), AX
	PREFETCHT0 (AX)
	RET
