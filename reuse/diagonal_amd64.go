//go:build amd64 && !purego

package reuse

import "golang.org/x/sys/cpu"

// haveDiagonals reports whether diagonalScores runs here (AVX2).
var haveDiagonals = cpu.X86.HasAVX2

// diagonalScores scores a matrix by anti-diagonals (diagonal_amd64.s).
//
//go:noescape
func diagonalScores(d *int32, stride int, pa, rb *uint32, n, w int, dmax *int32) int32
