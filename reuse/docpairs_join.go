package reuse

// The join of a run spread over many workers (docpairs.go): ScanAligned
// takes what AlignPair found for each document pair, checks that each
// finding fits its pair, and runs the stages that need the whole corpus.

import (
	"fmt"

	"github.com/copydesk/copydesk/report"
)

// ScanAligned scans a corpus analysed already whose shards were found by
// ShardCandidates and whose candidate unit pairs were aligned document
// pair by document pair by AlignPair (pairs, in any order; the empty ones
// may be left out): the report is the one ScanAnalysed makes of src. The
// shards' pairs are not read; their roots are.
func ScanAligned(src AnalysedSource, shards []Shard, pairs []*PairAlignment, opts Options) (*report.Scan, error) {
	return scanJoined(src, shards, opts, joinAlignments(pairs, nil, false), nil)
}

// joinFunc returns the aligned pieces (in parts) and rewrites of a corpus
// whose units are laid out in ut, with roots (the shards',
// candidates_roots.go), and whether its pieces are chained already
// (ChainPair).
type joinFunc func(ut *unitTable, docs []*docState, roots []uint64, opts *Options) ([][]link, []rewrite, bool, error)

// scanJoined runs the stages after those join stands for, on the corpus
// analysed src, and makes the report; the passages stage's findings are
// comps', if given.
func scanJoined(src AnalysedSource, shards []Shard, opts Options, join joinFunc, comps []*ComponentPassages) (*report.Scan, error) {
	st, ut, err := takeShards(src, shards, &opts)
	if err != nil {
		return nil, err
	}
	roots, err := joinRoots(shards, ut, st.rank)
	if err != nil {
		st.spill.close()
		return nil, err
	}
	st.found, st.rewrites, st.chained, err = join(ut, st.docs, roots, &opts)
	if err != nil {
		st.spill.close()
		return nil, err
	}
	st.comps = comps
	return reportOnce(st, opts)
}

// joinAlignments joins the pairs' alignments; the rewrites of documents that
// share no copy are those of alone if found, else it finds them.
func joinAlignments(pairs, alone []*PairAlignment, found bool) joinFunc {
	return func(ut *unitTable, docs []*docState, roots []uint64, opts *Options) ([][]link, []rewrite, bool, error) {
		links, rewrites, err := joinAligned(pairs, ut, alignedKind)
		if err != nil {
			return nil, nil, false, err
		}
		phase("aligned")
		var missed [][]link
		var rws []rewrite
		if found {
			missed, rws, err = joinAligned(alone, ut, aloneKind)
		} else {
			rc := newRewriteCtx(copiesOf(links, nil, ut, opts), ut, docs, opts)
			rc.roots = roots
			_, rank := publication(docs)
			rws, missed = rc.alone(rank)
		}
		phase("rewrites alone")
		return append(links, missed...), append(rewrites, rws...), false, err
	}
}

// joinAligned returns the links of the document pairs (one part each) and
// their rewrites, in the order of the pairs (which it sorts), after
// checking that each fits the unit table and is of the kind asked for:
// PairAligner.Align's, or (alone) PairAligner.Alone's.
func joinAligned(pairs []*PairAlignment, ut *unitTable, want pairKind) ([][]link, []rewrite, error) {
	sortPairs(pairs)
	docs := uint32(len(ut.first) - 1)
	found := make([][]link, 0, len(pairs))
	var rws []rewrite
	for i, p := range pairs {
		switch {
		case p.A >= p.B || p.B >= docs:
			return nil, nil, fmt.Errorf("reuse: aligned documents %d and %d, of %d", p.A, p.B, docs)
		case i > 0 && p.A == pairs[i-1].A && p.B == pairs[i-1].B:
			return nil, nil, fmt.Errorf("reuse: documents %d and %d aligned twice", p.A, p.B)
		case p.alone && p.shares:
			return nil, nil, fmt.Errorf("reuse: documents %d and %d compared as sharing no copy share one", p.A, p.B)
		case p.kind() != want:
			return nil, nil, fmt.Errorf("reuse: documents %d and %d %s, want %s", p.A, p.B, p.kind(), want)
		case int64(p.firstA) != ut.first[p.A] || int64(p.firstB) != ut.first[p.B]:
			return nil, nil, fmt.Errorf("reuse: documents %d and %d aligned with units from %d and %d, not %d and %d",
				p.A, p.B, p.firstA, p.firstB, ut.first[p.A], ut.first[p.B])
		}
		for _, l := range p.links {
			if !fitsPair(ut, p, l.da, l.db, l.ua, l.ub) || l.la != unitLen(ut, l.ua) || l.lb != unitLen(ut, l.ub) ||
				!within(ut, l.ua, l.al.a0, l.al.a1) || !within(ut, l.ub, l.al.b0, l.al.b1) ||
				l.al.content < 0 || l.al.matched < l.al.content || l.al.matched > min(l.la, l.lb) {
				return nil, nil, fmt.Errorf("reuse: a link of units %d and %d does not fit documents %d and %d", l.ua, l.ub, p.A, p.B)
			}
		}
		for k := range p.rewrites {
			r := &p.rewrites[k]
			if !fitsPair(ut, p, r.da, r.db, r.ua, r.ub) || want != chainedKind && r.alone != (want == aloneKind) || !(r.sim >= 0 && r.sim <= 1) {
				return nil, nil, fmt.Errorf("reuse: a rewrite of units %d and %d does not fit documents %d and %d", r.ua, r.ub, p.A, p.B)
			}
			// A rewrite is of two whole units (the encoding leaves their
			// tokens out).
			a, b := ut.unit[r.ua], ut.unit[r.ub]
			r.ta0, r.ta1, r.tb0, r.tb1 = a.start, a.end, b.start, b.end
		}
		found = append(found, p.links)
		rws = append(rws, p.rewrites...)
	}
	return found, rws, nil
}

// pairKind is the stage that made a PairAlignment.
type pairKind int

const (
	alignedKind pairKind = iota // PairAligner.Align
	aloneKind                   // PairAligner.Alone
	chainedKind                 // ChainPair
)

func (k pairKind) String() string {
	return [...]string{"aligned", "compared alone", "chained"}[k]
}

// kind returns the stage that made p.
func (p *PairAlignment) kind() pairKind {
	switch {
	case p.chained:
		return chainedKind
	case p.alone:
		return aloneKind
	}
	return alignedKind
}

// fitsPair reports whether units ua of document da and ub of db are units
// of the pair's two documents, one each.
func fitsPair(ut *unitTable, p *PairAlignment, da, db, ua, ub uint32) bool {
	return (da == p.A && db == p.B || da == p.B && db == p.A) &&
		int64(ua) >= ut.first[da] && int64(ua) < ut.first[da+1] && int64(ub) >= ut.first[db] && int64(ub) < ut.first[db+1]
}

func unitLen(ut *unitTable, u uint32) int32 { return ut.unit[u].end - ut.unit[u].start }

// within reports whether tokens [t0, t1) lie in unit u.
func within(ut *unitTable, u uint32, t0, t1 int32) bool {
	x := ut.unit[u]
	return x.start <= t0 && t0 <= t1 && t1 <= x.end
}
