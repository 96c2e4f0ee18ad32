package reuse

import "github.com/copydesk/copydesk/internal/parallel"

// withAligners calls fn over the chunks of [0, n) as parallel.Chunks
// does with opts.Workers goroutines, with an aligner for each
// (Options.alignerSet): the scratch space of alignments and their bounds.
func withAligners(n, chunk int, opts *Options, fn func(al *aligner, lo, hi int)) {
	als := opts.alignerSet()
	parallel.Chunks(n, chunk, opts.Workers, func(w, lo, hi int) { fn(&als[w], lo, hi) })
}

// alignerSet returns an aligner for each worker: the options' own, if
// set (PairAligner's, kept from pair to pair), or new ones.
func (o *Options) alignerSet() []aligner {
	if len(o.aligners) >= max(o.Workers, 1) {
		return o.aligners
	}
	return make([]aligner, max(o.Workers, 1))
}
