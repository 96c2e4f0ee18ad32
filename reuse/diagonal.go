package reuse

// The first pass of an alignment (align.go) is scored anti-diagonal by
// anti-diagonal where the CPU has the vector instructions for it
// (diagonal_amd64.s): the cells (i, j) with i+j = k depend only on the two
// anti-diagonals before, not on each other, so eight are computed at once
// (Wozniak 1997, "Using video-oriented instructions to speed up sequence
// comparison"). The scores are the same as row by row, cell for cell, and
// so is the best cell chosen and the trace back from it.
//
// Anti-diagonal k is stored at d[k*stride:], cell (i, k-i) at index i.
// Every anti-diagonal keeps a zero just outside its cells on both sides,
// the matrix's border, and stride leaves room for the eight-cell tail
// that the kernel writes past the last cell.

// scores is a score matrix, stored row by row or by anti-diagonals: cell
// (i, j) is cells[index(i, j)], and its neighbours (i-1, j-1), (i-1, j)
// and (i, j-1) are at the offsets diag, up and left from it.
type scores struct {
	cells                []int32
	rowStride, colStride int // index(i, j) = i·rowStride + j·colStride
	diag, up, left       int
}

func (m scores) index(i, j int) int { return i*m.rowStride + j*m.colStride }

func (m scores) at(i, j int) int32 { return m.cells[m.index(i, j)] }

// rowScores is the matrix h stored row by row, w cells a row.
func rowScores(h []int32, w int) scores {
	return scores{cells: h, rowStride: w, colStride: 1, diag: -w - 1, up: -w, left: -1}
}

// diagScores is the matrix d stored by anti-diagonals, stride cells
// apart: cell (i, j) at (i+j)·stride + i.
func diagScores(d []int32, stride int) scores {
	return scores{cells: d, rowStride: stride + 1, colStride: stride, diag: -2*stride - 1, up: -stride - 1, left: -stride}
}

// scoreDiagonals scores the first pass of as against bs by anti-diagonals
// into al.diag and returns the best score and its first cell in row
// order (1-based), as the row-by-row pass does.
func (al *aligner) scoreDiagonals(as, bs []uint32) (m scores, best int32, bi, bj int) {
	n, w := len(as), len(bs)
	// The stems, padded for the kernel's whole chunks; B reversed, so
	// that along an anti-diagonal both are read forwards, and padded in
	// front too, since a chunk may start before an anti-diagonal's first
	// cell.
	const pad = 16
	al.pa = append(append(al.pa[:0], as...), make([]uint32, pad)...)
	al.rb = append(al.rb[:0], make([]uint32, pad)...)
	for j := w - 1; j >= 0; j-- {
		al.rb = append(al.rb, bs[j])
	}
	al.rb = append(al.rb, make([]uint32, pad)...)
	stride := n + 1 + pad
	size := (n + w + 1) * stride
	if cap(al.diag) < size {
		al.diag = make([]int32, size)
	}
	d := al.diag[:size]
	clear(d[:2*stride])
	if cap(al.diagMax) < n+w+1 {
		al.diagMax = make([]int32, n+w+1)
	}
	dmax := al.diagMax[:n+w+1]
	best = diagonalScores(&d[0], stride, &al.pa[0], &al.rb[pad], n, w, &dmax[0])
	m = diagScores(d, stride)
	if best == 0 {
		return m, 0, 0, 0
	}
	// The first best cell in row order: the least (i, j) on the
	// anti-diagonals that reach best.
	bi, bj = n+1, 0
	for k := 2; k <= n+w; k++ {
		if dmax[k] != best {
			continue
		}
		lo, hi := max(1, k-w), min(n, k-1)
		for i := lo; i <= min(hi, bi); i++ {
			if d[k*stride+i] == best {
				if i < bi || k-i < bj {
					bi, bj = i, k-i
				}
				break
			}
		}
	}
	return m, best, bi, bj
}
