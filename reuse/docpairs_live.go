package reuse

// What a worker of a run spread over many (docpairs.go) needs to align
// document pairs: which pairs need aligning at all, told from their
// candidate units' stems alone (Live), and the part of an analysis that
// the alignment reads (Analysis.MarshalAlignment).
//
// The encoding of an analysis for the alignment (Analysis.MarshalAlignment),
// a transient format between the workers of one run, never stored, as
// PairAlignment's is (docpairs.go): what AlignPair, Live and UnitStems read of it, some
// two thirds of MarshalBinary's bytes (no token offsets, quotation marks
// or credit lines).
//
//	uv version (1)
//	uv n, the tokens; n × 4 bytes: their stems
//	2 × ⌈n/64⌉ × 8 bytes: the bit sets content, capital
//	uv units; for each, uv its first token less the last unit's end, uv its tokens
//	uv cues; for each, uv its first token
//
// Version log:
//
//	1: the first.

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// UnitStems returns the stems of the document's unit i (of Units), which
// the caller must not change.
func (a *Analysis) UnitStems(i int) []uint32 {
	u := a.st.units[i]
	return a.st.stems[u.start:u.end]
}

// Live reports for each document pair, given its candidate unit pairs
// (sorted), whether AlignPair may find anything in them, from the stems
// of their units (Analysis.UnitStems) given by stems: whether one of them
// passes the evidence rule's bound (boundPairs), or lies within two units
// of another on both sides (a candidate that fails its bound is aligned
// only beside another, extend). Most document pairs share a stock phrase
// and nothing more, and need neither their documents' analyses nor an
// alignment. opts must be the scan's; if they are not valid, every pair
// is live, and AlignPair reports the error.
func Live(docPairs [][]uint64, stems func(u uint32) []uint32, opts Options) []bool {
	live := make([]bool, len(docPairs))
	if opts.fill() != nil {
		for i := range live {
			live[i] = true
		}
		return live
	}
	var al aligner
	for i, pairs := range docPairs {
		live[i] = opts.anyStrong(&al, pairs, stems) || anyBeside(pairs)
	}
	return live
}

// anyStrong reports whether a candidate unit pair passes the evidence
// rule's bound on its own.
func (o *Options) anyStrong(al *aligner, pairs []uint64, stems func(u uint32) []uint32) bool {
	for _, p := range pairs {
		sa, sb := stems(uint32(p>>32)), stems(uint32(p))
		bound := al.bound(int64(p>>32), sa, sb)
		if o.evidence(bound, bound, int32(min(len(sa), len(sb)))) {
			return true
		}
	}
	return false
}

// anyBeside reports whether a unit pair (of pairs, sorted, of two
// documents) lies within two units of another on both sides.
func anyBeside(pairs []uint64) bool {
	for i, p := range pairs {
		ua, ub := int64(p>>32), int64(uint32(p))
		for _, q := range pairs[i+1:] {
			if int64(q>>32) > ua+2 {
				break
			}
			if d := int64(uint32(q)) - ub; d >= -2 && d <= 2 {
				return true
			}
		}
	}
	return false
}

// alignmentVersion is the version of MarshalAlignment's encoding.
const alignmentVersion = 1

// MarshalAlignment encodes what the alignment of document pairs reads of
// the analysis (the format is at the top of this file): an Analysis
// decoded from it by UnmarshalAlignment serves AlignPair, PairAligner,
// Live and UnitStems, and nothing else.
func (a *Analysis) MarshalAlignment() ([]byte, error) {
	st := a.st
	if st == nil {
		return nil, errors.New("reuse: no analysis")
	}
	n := st.toks.len()
	b := make([]byte, 0, 8+n*5)
	b = binary.AppendUvarint(b, alignmentVersion)
	b = binary.AppendUvarint(b, uint64(n))
	for _, s := range st.stems {
		b = binary.LittleEndian.AppendUint32(b, s)
	}
	b = appendBitsets(b, st.content, st.capital)
	b = appendUnits(b, st.units)
	b = binary.AppendUvarint(b, uint64(len(st.cues)))
	for _, c := range st.cues {
		b = binary.AppendUvarint(b, uint64(c.tok))
	}
	return b, nil
}

// UnmarshalAlignment decodes what MarshalAlignment encoded: an analysis
// for the alignment only, which ScanAnalysed and its kin refuse. A
// damaged encoding is an error, never a panic.
func (a *Analysis) UnmarshalAlignment(b []byte) error {
	r := &analysisReader{b: b}
	if v := r.uv(); r.err == nil && v != alignmentVersion {
		return fmt.Errorf("reuse: alignment analysis version %d, want %d", v, alignmentVersion)
	}
	n := r.count(4)
	st := &docState{toks: tokenRanges{n: n}, stems: make([]uint32, n), stemBlock: -1}
	stems := r.fixed(4 * n)
	for i := range st.stems {
		st.stems[i] = binary.LittleEndian.Uint32(stems[4*i:])
	}
	st.content, st.capital = r.bitset(n), r.bitset(n)
	st.units = r.units(n)
	st.cues = make([]credit, r.count(1))
	for i := range st.cues {
		st.cues[i].tok = r.int32(n)
	}
	switch {
	case r.err != nil:
		return r.err
	case len(r.b) > 0:
		return errAnalysis
	}
	a.st, a.alignOnly = st, true
	return nil
}
