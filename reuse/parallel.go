package reuse

import "github.com/copydesk/copydesk/internal/parallel"

// withAligners calls fn over the chunks of [0, n) as parallel.Chunks
// does, with an aligner for each goroutine: the scratch space of
// alignments and their bounds.
func withAligners(n, chunk, workers int, fn func(al *aligner, lo, hi int)) {
	als := make([]aligner, max(workers, 1))
	parallel.Chunks(n, chunk, workers, func(w, lo, hi int) { fn(&als[w], lo, hi) })
}
