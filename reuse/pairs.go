package reuse

import (
	"slices"

	"github.com/copydesk/copydesk/internal/parallel"
	"github.com/copydesk/copydesk/minhash"
	"github.com/copydesk/copydesk/report"
)

// pairReports returns the document pairs of the report: those that a
// span's source or matches link (linked[d], the partners named by document
// d's spans), or, with AllPairs, every two documents that share a passage;
// each with the exact Jaccard similarity and containments of their shingle
// sets, and the share of each one's words in spans of passages the other
// carries too.
func pairReports(docs []*docState, reps []report.ScanDocument, passages []passage, linked [][]uint32, shares [][]spanShare, opts *Options) []report.ScanPair {
	var keys []uint64
	for d, ps := range linked {
		for _, p := range ps {
			keys = append(keys, uint64(min(uint32(d), p))<<32|uint64(max(uint32(d), p)))
		}
	}
	if opts.AllPairs {
		for _, p := range passages {
			for i, a := range p.docs {
				for _, b := range p.docs[i+1:] {
					keys = append(keys, uint64(a)<<32|uint64(b))
				}
			}
		}
	}
	parallel.Sort(keys, opts.Workers)
	keys = slices.Compact(keys)
	out := make([]report.ScanPair, len(keys))
	parallel.Chunks(len(keys), 256, opts.Workers, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			da, db := uint32(keys[i]>>32), uint32(keys[i])
			a, b := docs[da], docs[db]
			wa, na := sharedWith(shares[da], passages, db)
			wb, _ := sharedWith(shares[db], passages, da)
			inter := float64(minhash.Intersection(a.set, b.set))
			p := report.ScanPair{
				A: a.doc.ID, B: b.doc.ID,
				Jaccard:         round4(ratio(inter, a.distinct+b.distinct-int(inter))),
				ContainmentAInB: round4(ratio(inter, a.distinct)),
				ContainmentBInA: round4(ratio(inter, b.distinct)),
				SharedA:         round4(float64(wa) / float64(reps[da].Words)),
				SharedB:         round4(float64(wb) / float64(reps[db].Words)),
				Spans:           na,
			}
			if p.A > p.B {
				p.A, p.B = p.B, p.A
				p.ContainmentAInB, p.ContainmentBInA = p.ContainmentBInA, p.ContainmentAInB
				p.SharedA, p.SharedB = p.SharedB, p.SharedA
			}
			out[i] = p
		}
	})
	return out
}

// sharedWith returns the words of the spans (of one document) whose
// passages document other carries too, and the number of those spans.
func sharedWith(shares []spanShare, passages []passage, other uint32) (words, spans int) {
	for _, s := range shares {
		if _, ok := slices.BinarySearch(passages[s.passage].docs, other); ok {
			words += int(s.words)
			spans++
		}
	}
	return words, spans
}
