package reuse

// The chains stage (chains.go) of a run spread over many workers,
// document pair by document pair. chainLinks reads one document pair at
// a time: a document's links are taken partner by partner, and a link is
// kept or not by the links of its own pair alone. So once the alignment
// of a pair (PairAligner.Align) and its comparison alone
// (PairAligner.Alone) meet, ChainPair keeps the pair's evidence on a
// worker of its own, and ScanChained joins what the pairs kept, in the
// order chainLinks would have kept it, and runs the passages and the
// report.

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/copydesk/copydesk/report"
)

// ChainPair runs the chains stage on one document pair: of the aligned
// pieces that its alignment (aligned, PairAligner.Align's) and its
// comparison alone (alone, PairAligner.Alone's) found, it keeps those
// that are evidence of reuse, and of their rewrites those the report
// keeps: the aligned ones if any piece is kept, and every one found
// alone. Either may be nil (a pair that found nothing), not both. opts
// must be the scan's. The result is to be given to ScanChained, or left
// out if Empty.
func ChainPair(aligned, alone *PairAlignment, opts Options) (*PairAlignment, error) {
	if err := opts.fill(); err != nil {
		return nil, err
	}
	p := cmp.Or(aligned, alone)
	switch {
	case p == nil:
		return nil, errors.New("reuse: no pair alignment to chain")
	case aligned != nil && aligned.kind() != alignedKind:
		return nil, fmt.Errorf("reuse: documents %d and %d %s, want aligned", aligned.A, aligned.B, aligned.kind())
	case alone != nil && alone.kind() != aloneKind:
		return nil, fmt.Errorf("reuse: documents %d and %d %s, want compared alone", alone.A, alone.B, alone.kind())
	case aligned != nil && alone != nil && (aligned.A != alone.A || aligned.B != alone.B ||
		aligned.firstA != alone.firstA || aligned.firstB != alone.firstB):
		return nil, fmt.Errorf("reuse: documents %d and %d chained with %d and %d", aligned.A, aligned.B, alone.A, alone.B)
	}
	out := &PairAlignment{A: p.A, B: p.B, firstA: p.firstA, firstB: p.firstB, chained: true,
		minAlign: int32(opts.MinAlign), minWords: int32(opts.MinWords)}
	var found []link // in chainLinks' order: the alignment's, then those found alone
	if aligned != nil {
		out.shares = aligned.shares
		found = append(found, aligned.links...)
	}
	if alone != nil {
		found = append(found, alone.links...)
	}
	var sc disjoint
	var run []link
	for _, da := range []uint32{p.A, p.B} {
		run = run[:0]
		for _, l := range found {
			if l.da == da {
				run = append(run, l)
			}
		}
		out.links = chainDoc(out.links, &sc, run, opts)
	}
	if aligned != nil && len(out.links) > 0 {
		out.rewrites = append(out.rewrites, aligned.rewrites...)
	}
	if alone != nil {
		out.rewrites = append(out.rewrites, alone.rewrites...)
	}
	return out, nil
}

// ScanChained is ScanRewritten with the chains stage run already, pair by
// pair (ChainPair: pairs, in any order; the empty ones may be left out):
// the report is the one ScanAnalysed makes of src.
func ScanChained(src AnalysedSource, shards []Shard, pairs []*PairAlignment, opts Options) (*report.Scan, error) {
	return scanJoined(src, shards, opts, func(ut *unitTable, _ []*docState, _ []uint64, _ *Options) ([][]link, []rewrite, bool, error) {
		links, rws, err := joinChained(pairs, ut)
		return [][]link{links}, rws, true, err
	}, nil)
}

// joinChained returns the links of the chained pairs in chainLinks'
// order (by document A, then by document B, each pair's as ChainPair
// kept them), and their rewrites in the order ofLinkedDocs keeps them:
// those of the alignment, pair by pair, then those found alone.
func joinChained(pairs []*PairAlignment, ut *unitTable) ([]link, []rewrite, error) {
	parts, rws, err := joinAligned(pairs, ut, chainedKind)
	if err != nil {
		return nil, nil, err
	}
	links := slices.Concat(parts...)
	slices.SortStableFunc(links, func(x, y link) int { return cmp.Or(cmp.Compare(x.da, y.da), cmp.Compare(x.db, y.db)) })
	alone := slices.DeleteFunc(slices.Clone(rws), func(r rewrite) bool { return !r.alone })
	rws = append(slices.DeleteFunc(rws, func(r rewrite) bool { return r.alone }), alone...)
	return links, rws, nil
}
