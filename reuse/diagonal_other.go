//go:build !amd64 || purego

package reuse

// haveDiagonals reports whether diagonalScores runs here: only on amd64
// with AVX2, and not with the purego build tag.
const haveDiagonals = false

func diagonalScores(d *int32, stride int, pa, rb *uint32, n, w int, dmax *int32) int32 {
	panic("reuse: diagonalScores without AVX2")
}
