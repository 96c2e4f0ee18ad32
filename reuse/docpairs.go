package reuse

// The alignment stages of a run spread over many workers (the nested
// module beam), document pair by document pair. Everything from the
// candidates' bound to the rewrites of documents that share a copy reads
// two documents at a time: boundPairs and alignPairs a candidate's two
// units, extend the neighbours of a link in the same two documents,
// copiesOf and rewriteCtx.linked the copies of one document pair. So once
// the candidate unit pairs are grouped by their documents' pair, AlignPair
// runs those stages on each group with the two documents' analyses alone
// (what it reads of them, and which groups need it at all:
// docpairs_live.go), and ScanAligned (docpairs_join.go) joins what they
// found and runs the stages that need the whole corpus: the rewrites of
// documents that share no copy (rewrites_alone.go, a count of seeds over
// the corpus; spread too, docpairs_alone.go), the chains (which read a
// pair at a time: docpairs_chain.go), the passages and the report. A
// document is read by as many groups as it has partners: a text in c
// documents costs c groups (a star, candidates.go), not c².
//
// The encoding of a PairAlignment (MarshalBinary), a transient format
// between the workers of one run, never stored: unsigned varints (uv) as
// encoding/binary's, fixed-width words little-endian. Units are numbered
// from their document's first, tokens from the document's start.
//
//	uv version (3)
//	uv A, uv B (A < B), uv A's first unit, uv B's first unit
//	uv flags: 1 if it is of two documents that share no copy
//	   (PairAligner.Alone), 2 if they share a copy (SharesCopy), 4 if
//	   its links are chained (ChainPair; never with 1)
//	if chained: uv MinAlign, uv MinWords, the options it was chained
//	   with (at least 1 each)
//	uv links; for each: uv 1 if its unit a is of B (0: of A), uv unit a,
//	   uv unit b, uv its two units' tokens, uv a0, uv a1 − a0, uv b0,
//	   uv b1 − b0, uv matched, uv content
//	uv rewrites; for each: uv 1 if its unit a is of B (0: of A), plus 2
//	   if it was found alone (which, unless chained, the flag 1 says),
//	   uv unit a, uv unit b, 4 bytes its similarity (IEEE 754 single)
//
// Version log:
//
//	1: the first.
//	2: the flag 4 (chained), and each rewrite says whether it was found
//	   alone.
//	3: a chained pair's MinAlign and MinWords, which say which of its
//	   links join the link beside them (passages_short.go).

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// pairAlignmentVersion is the version of PairAlignment's encoding.
const pairAlignmentVersion = 3

// PairAlignment is what the alignment stages find between two documents
// A < B of a corpus (AlignPair): the aligned pieces of their units, and
// the units that say the same in other words.
type PairAlignment struct {
	A, B           uint32 // the documents, numbered as their postings (Posting.Doc)
	firstA, firstB uint32 // their first units
	links          []link
	rewrites       []rewrite
	alone          bool // of documents that share no copy (PairAligner.Alone)
	shares         bool // they share a copy (SharesCopy)
	chained        bool // its links are evidence, its rewrites kept (ChainPair)
	// minAlign and minWords are the options it was chained with, which
	// say which of its links join the link beside them in the passages'
	// graph (passages_short.go); 0 unless chained.
	minAlign, minWords int32
}

// SharesCopy reports whether the two documents share a copy: an aligned
// piece that is evidence on its own. The rewrites of those that share
// none are found apart (PairAligner.Alone).
func (p *PairAlignment) SharesCopy() bool { return p.shares }

// Empty reports whether the two documents were found to share nothing:
// ScanAligned need not be given it.
func (p *PairAlignment) Empty() bool { return len(p.links) == 0 && len(p.rewrites) == 0 }

// AlignPair runs the alignment stages on two documents of a corpus
// analysed, documents da < db (as numbered for their postings) with
// analyses a and b, their units numbered from firstA and firstB (as
// their postings were), given their candidate unit pairs: ua<<32 | ub,
// ua of a and ub of b, sorted and distinct, every one that the shards
// found (ShardCandidates), and the roots of a's units and then b's
// (LeastRoots of the shards' Roots; nil if none are known, as for a
// corpus of no star). opts must
// be the scan's; it runs on one goroutine. It neither keeps nor changes
// a and b. To align many pairs, a PairAligner spares the scratch space
// that each call makes anew.
func AlignPair(a, b *Analysis, da, db, firstA, firstB uint32, pairs, roots []uint64, opts Options) (*PairAlignment, error) {
	var pa PairAligner
	return pa.Align(a, b, da, db, firstA, firstB, pairs, roots, opts)
}

// A PairAligner aligns document pairs one after another (Align, as
// AlignPair), keeping its scratch space from pair to pair. The zero value
// is ready to use; it is not safe for concurrent use.
type PairAligner struct{ al [1]aligner }

// Align is AlignPair, with the aligner's scratch space.
func (pa *PairAligner) Align(a, b *Analysis, da, db, firstA, firstB uint32, pairs, roots []uint64, opts Options) (*PairAlignment, error) {
	run, local, err := pa.start(a, b, da, db, firstA, firstB, pairs, roots, &opts)
	if err != nil {
		return nil, err
	}
	if len(local) == 1 && explained(run.rootsOf(roots), uint32(local[0]>>32), uint32(local[0]), da, db, run.ut) {
		return run.found(nil), nil // the one candidate's third document explains it
	}
	docs, ut := run.docs, run.ut
	cands, deferred := boundPairs(local, ut, &opts)
	found := alignPairs(cands, ut, docs, &opts, false)
	found = append(found, shortRuns(local, ut, docs, &opts))
	more := extend(found, local, cands, deferred, ut, docs, &opts)
	more = append(more, bridge(slices.Concat(found, more), ut, docs, &opts))
	cp := copiesOf(found, more, ut, &opts)
	rc := newRewriteCtx(cp, ut, docs, &opts)
	rws, missed := rc.linked()
	p := run.found(rws, found, more, missed)
	p.shares = len(cp.docPairs) > 0
	return p, nil
}

// pairRun is two documents laid out as a corpus of their own, for the
// stages that compare them: A is document 0, B document 1, B's units
// numbered after A's.
type pairRun struct {
	da, db, firstA, firstB, na uint32
	docs                       []*docState
	ut                         *unitTable
}

// start checks a pair's arguments (Align's, Alone's), fills in opts for
// one goroutine with the aligner's scratch space, and lays the pair out,
// its unit pairs (ua of a, ub of b, sorted and distinct) numbered in it.
func (pa *PairAligner) start(a, b *Analysis, da, db, firstA, firstB uint32, pairs, roots []uint64, opts *Options) (*pairRun, []uint64, error) {
	if err := opts.fill(); err != nil {
		return nil, nil, err
	}
	opts.Workers = 1
	// The bounds' tables know units by number, and the units of each pair
	// are numbered from 0.
	for _, t := range []*lcsTable{pa.al[0].lcs, pa.al[0].cols} {
		if t != nil {
			t.unit = -1
		}
	}
	opts.aligners = pa.al[:]
	if a.st == nil || b.st == nil {
		return nil, nil, errors.New("reuse: align pair: no analysis")
	}
	if da >= db {
		return nil, nil, fmt.Errorf("reuse: align pair: documents %d and %d not ascending", da, db)
	}
	na, nb := uint32(len(a.st.units)), uint32(len(b.st.units))
	if roots != nil && len(roots) != int(na+nb) {
		return nil, nil, fmt.Errorf("reuse: align pair: %d roots for %d units", len(roots), na+nb)
	}
	local := make([]uint64, len(pairs))
	for i, p := range pairs {
		ua, ub := uint32(p>>32), uint32(p)
		switch {
		case ua-firstA >= na || ub-firstB >= nb:
			return nil, nil, fmt.Errorf("reuse: align pair: units %d and %d are not of documents %d (units %d to %d) and %d (%d to %d)",
				ua, ub, da, firstA, firstA+na, db, firstB, firstB+nb)
		case i > 0 && p <= pairs[i-1]:
			return nil, nil, errors.New("reuse: align pair: pairs not ascending")
		}
		local[i] = uint64(ua-firstA)<<32 | uint64(na+ub-firstB)
	}
	var blocks stemBlocks
	docs := []*docState{pairDoc(a.st, &blocks), pairDoc(b.st, &blocks)}
	run := &pairRun{da: da, db: db, firstA: firstA, firstB: firstB, na: na, docs: docs, ut: layoutUnits(docs, &blocks, 1)}
	return run, local, nil
}

// rootsOf returns the pair's roots, those inferred (inferRoots) added to
// those given (which it does not change).
func (run *pairRun) rootsOf(roots []uint64) []uint64 {
	if roots == nil {
		return nil
	}
	roots = slices.Clone(roots)
	inferRoots(roots, run.ut)
	return roots
}

// found returns the pair's findings, its documents and units numbered in
// the corpus.
func (run *pairRun) found(rws []rewrite, links ...[][]link) *PairAlignment {
	p := &PairAlignment{A: run.da, B: run.db, firstA: run.firstA, firstB: run.firstB, rewrites: rws}
	for _, parts := range links {
		for _, part := range parts {
			p.links = append(p.links, part...)
		}
	}
	doc := func(d uint32) uint32 { return [2]uint32{run.da, run.db}[d] }
	unit := func(u uint32) uint32 {
		if u < run.na {
			return run.firstA + u
		}
		return run.firstB + u - run.na
	}
	for i := range p.links {
		l := &p.links[i]
		l.da, l.db, l.ua, l.ub = doc(l.da), doc(l.db), unit(l.ua), unit(l.ub)
	}
	for i := range p.rewrites {
		r := &p.rewrites[i]
		r.da, r.db, r.ua, r.ub = doc(r.da), doc(r.db), unit(r.ua), unit(r.ub)
	}
	return p
}

// pairDoc returns a copy of d for the unit table of a document pair
// (layoutUnits takes its units over), its stems a block of blocks.
func pairDoc(d *docState, blocks *stemBlocks) *docState {
	c := *d
	blocks.blocks = append(blocks.blocks, d.stems)
	c.stemBlock, c.stemOff = len(blocks.blocks)-1, 0
	return &c
}

// MarshalBinary encodes the pair's findings (the format is at the top of
// this file).
func (p *PairAlignment) MarshalBinary() ([]byte, error) {
	b := binary.AppendUvarint(nil, pairAlignmentVersion)
	for _, v := range []uint32{p.A, p.B, p.firstA, p.firstB} {
		b = binary.AppendUvarint(b, uint64(v))
	}
	flags := uint64(0)
	if p.alone {
		flags |= 1
	}
	if p.shares {
		flags |= 2
	}
	if p.chained {
		flags |= 4
	}
	b = binary.AppendUvarint(b, flags)
	if p.chained {
		b = binary.AppendUvarint(binary.AppendUvarint(b, uint64(p.minAlign)), uint64(p.minWords))
	}
	b = binary.AppendUvarint(b, uint64(len(p.links)))
	for _, l := range p.links {
		b = p.appendUnits(b, l.da, l.ua, l.ub, false)
		x := l.al
		for _, v := range []int32{l.la, l.lb, x.a0, x.a1 - x.a0, x.b0, x.b1 - x.b0, x.matched, x.content} {
			b = binary.AppendUvarint(b, uint64(uint32(v)))
		}
	}
	b = binary.AppendUvarint(b, uint64(len(p.rewrites)))
	for _, r := range p.rewrites {
		b = p.appendUnits(b, r.da, r.ua, r.ub, r.alone)
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(r.sim))
	}
	return b, nil
}

// appendUnits appends which document unit a is of (plus 2 if alone), and
// the two units from their documents' first.
func (p *PairAlignment) appendUnits(b []byte, da, ua, ub uint32, alone bool) []byte {
	flag := uint64(0)
	if alone {
		flag = 2
	}
	if da == p.A {
		b = binary.AppendUvarint(b, flag)
		b = binary.AppendUvarint(b, uint64(ua-p.firstA))
		return binary.AppendUvarint(b, uint64(ub-p.firstB))
	}
	b = binary.AppendUvarint(b, flag|1)
	b = binary.AppendUvarint(b, uint64(ua-p.firstB))
	return binary.AppendUvarint(b, uint64(ub-p.firstA))
}

// UnmarshalBinary decodes what MarshalBinary encoded. A damaged encoding
// is an error, never a panic; whether its findings fit the corpus,
// ScanAligned checks.
func (p *PairAlignment) UnmarshalBinary(b []byte) error {
	r := &analysisReader{b: b}
	if v := r.uv(); r.err == nil && v != pairAlignmentVersion {
		return fmt.Errorf("reuse: pair alignment version %d, want %d", v, pairAlignmentVersion)
	}
	q := PairAlignment{A: r.uint32(math.MaxUint32), B: r.uint32(math.MaxUint32), firstA: r.uint32(math.MaxUint32), firstB: r.uint32(math.MaxUint32)}
	if r.err == nil && q.A >= q.B {
		return fmt.Errorf("reuse: pair alignment of documents %d and %d, not ascending", q.A, q.B)
	}
	flags := r.uint32(7)
	q.alone, q.shares, q.chained = flags&1 != 0, flags&2 != 0, flags&4 != 0
	if q.alone && q.chained {
		return errAlignment
	}
	if q.chained {
		q.minAlign, q.minWords = r.int32(math.MaxInt32), r.int32(math.MaxInt32)
		if r.err == nil && (q.minAlign < 1 || q.minWords < 1) {
			return errAlignment
		}
	}
	q.links = make([]link, r.count(11))
	for i := range q.links {
		l := &q.links[i]
		var alone bool
		l.da, l.db, l.ua, l.ub, alone = q.readUnits(r)
		if alone {
			return errAlignment
		}
		l.la, l.lb = r.int32(MaxUnit), r.int32(MaxUnit)
		x := &l.al
		x.a0 = r.int32(math.MaxInt32)
		x.a1 = x.a0 + r.int32(MaxUnit)
		x.b0 = r.int32(math.MaxInt32)
		x.b1 = x.b0 + r.int32(MaxUnit)
		x.matched, x.content = r.int32(MaxUnit), r.int32(MaxUnit)
		if x.a1 < x.a0 || x.b1 < x.b0 {
			return errAlignment
		}
	}
	q.rewrites = make([]rewrite, r.count(7))
	for i := range q.rewrites {
		w := &q.rewrites[i]
		w.da, w.db, w.ua, w.ub, w.alone = q.readUnits(r)
		w.sim = math.Float32frombits(binary.LittleEndian.Uint32(r.fixed(4)))
		if !q.chained && w.alone != q.alone {
			return errAlignment
		}
	}
	if r.err != nil || len(r.b) > 0 {
		return errAlignment
	}
	*p = q
	return nil
}

// errAlignment is the error of an encoding that is cut short or damaged.
var errAlignment = errors.New("reuse: not a pair alignment (cut short or damaged)")

// readUnits reads what appendUnits wrote: the documents and units of a
// link or rewrite, and whether it was found alone; a unit past 2^32 is an
// error.
func (p *PairAlignment) readUnits(r *analysisReader) (da, db, ua, ub uint32, alone bool) {
	da, db, fa, fb := p.A, p.B, p.firstA, p.firstB
	flag := r.uint32(3)
	if flag&1 == 1 {
		da, db, fa, fb = db, da, fb, fa
	}
	return da, db, fa + r.uint32(math.MaxUint32-fa), fb + r.uint32(math.MaxUint32-fb), flag&2 != 0
}
