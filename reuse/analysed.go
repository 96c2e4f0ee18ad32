package reuse

// A distributed run (the nested module beam) analyses each document on a
// worker of its own and sends the analysis on to the stages that compare
// documents: Analyse makes it, MarshalBinary and UnmarshalBinary carry it
// between processes, and ScanAnalysed runs Scan's later stages on a corpus
// of analysed documents, with the report Scan makes of the same corpus.
//
// The encoding of an Analysis (MarshalBinary), a transient format between
// the workers of one run, never stored: unsigned varints (uv) as
// encoding/binary's, fixed-width words little-endian.
//
//	uv version (2)
//	uv n, the tokens; then for each, uv the bytes since the last one's
//	   end (the first's: since 0), uv its bytes
//	n × 4 bytes: the tokens' stems
//	3 × ⌈n/64⌉ × 8 bytes: the bit sets content, quoted, capital
//	uv units; for each, uv its first token less the last unit's end, uv its tokens
//	uv cues; for each, uv start, end, t0, t1, next, tok, uv 1 if it
//	   introduces a block of lines quoted with '>' (else 0)
//	uv lines; for each, uv start, end, uv sources, each uv bytes and the bytes
//
// Version log:
//
//	1: the first.
//	2: a cue says whether it introduces a block quoted with '>'.

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
)

// analysisVersion is the version of MarshalBinary's encoding.
const analysisVersion = 2

// Analysis is one document analysed for the passage stages: its tokens
// and their stems, the content words, quotation marks and capitals, its
// units (sentences) and attribution cues; not its text. Analyse makes one.
type Analysis struct {
	st *docState
	// alignOnly says it was decoded from MarshalAlignment's encoding: it
	// has no token offsets, quotation marks or credit lines.
	alignOnly bool
}

// Analyse analyses the document d, its boilerplate as given (an outlet's
// furniture, corpus.SiteLines, included: Scan adds it itself, a caller of
// ScanAnalysed adds it first).
func Analyse(d corpus.Doc) *Analysis {
	st := newAnalyser(nil).analyse(d)
	st.doc = corpus.Doc{} // the text is the caller's
	return &Analysis{st: st}
}

// Words returns the number of tokens: 0 for a document with nothing to
// compare, which the report lists as skipped.
func (a *Analysis) Words() int { return a.st.toks.len() }

// fits reports whether the analysis's byte offsets lie in a text of n
// bytes.
func (a *Analysis) fits(n int) bool {
	st := a.st
	if k := st.toks.len(); k > 0 && st.toks.at(int32(k-1)).end > int32(n) {
		return false
	}
	for _, c := range st.cues {
		if c.start > c.end || c.end > int32(n) {
			return false
		}
	}
	for _, l := range st.lines {
		if l.start > l.end || l.end > int32(n) {
			return false
		}
	}
	return true
}

// MarshalBinary encodes the analysis (the format is at the top of this
// file).
func (a *Analysis) MarshalBinary() ([]byte, error) {
	st := a.st
	if a.alignOnly {
		return nil, errors.New("reuse: an analysis for the alignment only has no full encoding")
	}
	n := st.toks.len()
	b := make([]byte, 0, 8+n*8)
	b = binary.AppendUvarint(b, analysisVersion)
	b = appendTokens(b, &st.toks)
	for _, s := range st.stems {
		b = binary.LittleEndian.AppendUint32(b, s)
	}
	b = appendBitsets(b, st.content, st.quoted, st.capital)
	b = appendUnits(b, st.units)
	b = binary.AppendUvarint(b, uint64(len(st.cues)))
	for _, c := range st.cues {
		for _, v := range []int32{c.start, c.end, c.t0, c.t1, c.next, c.tok} {
			b = binary.AppendUvarint(b, uint64(v))
		}
		b = binary.AppendUvarint(b, boolUv(c.block))
	}
	b = binary.AppendUvarint(b, uint64(len(st.lines)))
	for _, l := range st.lines {
		b = binary.AppendUvarint(b, uint64(l.start))
		b = binary.AppendUvarint(b, uint64(l.end))
		b = binary.AppendUvarint(b, uint64(len(l.sources)))
		for _, s := range l.sources {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	return b, nil
}

// errAnalysis is the error of an encoding that is cut short or damaged.
var errAnalysis = errors.New("reuse: not an analysis (cut short or damaged)")

// analysisReader reads an encoding, remembering its first error.
type analysisReader struct {
	b   []byte
	err error
}

// uv reads an unsigned varint, in its shortest form: an encoding has one
// form.
func (r *analysisReader) uv() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 || n > 1 && r.b[n-1] == 0 {
		r.err, r.b = errAnalysis, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

// int32 reads a varint that must be at most max (at most 2^31 − 1).
func (r *analysisReader) int32(max int) int32 { return int32(r.uint32(uint32(max))) }

// uint32 reads a varint that must be at most max.
func (r *analysisReader) uint32(max uint32) uint32 {
	v := r.uv()
	if v > uint64(max) {
		r.err, r.b = errAnalysis, nil
		return 0
	}
	return uint32(v)
}

// count reads a number of items of at least size bytes each, which the
// rest of the encoding must hold.
func (r *analysisReader) count(size int) int {
	v := r.uv()
	if v > uint64(len(r.b)/size) {
		r.err, r.b = errAnalysis, nil
		return 0
	}
	return int(v)
}

func (r *analysisReader) fixed(n int) []byte {
	if len(r.b) < n {
		r.err, r.b = errAnalysis, nil
		return make([]byte, n)
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

// UnmarshalBinary decodes an analysis that MarshalBinary encoded. A
// damaged one is an error, never a panic (FuzzAnalysis).
func (a *Analysis) UnmarshalBinary(b []byte) error {
	r := &analysisReader{b: b}
	if v := r.uv(); r.err == nil && v != analysisVersion {
		return fmt.Errorf("reuse: analysis version %d, want %d", v, analysisVersion)
	}
	const maxOff = 1<<31 - 1
	toks := r.tokens()
	n := len(toks)
	st := &docState{toks: makeTokenRanges(toks), stems: make([]uint32, n), stemBlock: -1}
	stems := r.fixed(4 * n)
	for i := range st.stems {
		st.stems[i] = binary.LittleEndian.Uint32(stems[4*i:])
	}
	for _, set := range []*bitset{&st.content, &st.quoted, &st.capital} {
		*set = r.bitset(n)
	}
	if st.units = r.units(n); r.err != nil {
		return r.err
	}
	st.cues = make([]credit, r.count(7))
	for i := range st.cues {
		c := &st.cues[i]
		c.start, c.end = r.int32(maxOff), r.int32(maxOff)
		c.t0, c.t1, c.next, c.tok = r.int32(n), r.int32(n), r.int32(n), r.int32(n)
		c.block = r.int32(1) == 1
	}
	if lines := r.count(3); lines > 0 {
		st.lines = make([]creditLine, lines)
		for i := range st.lines {
			l := &st.lines[i]
			l.start, l.end = r.int32(maxOff), r.int32(maxOff)
			l.sources = make([]string, r.count(1))
			for k := range l.sources {
				l.sources[k] = string(r.fixed(r.count(1)))
			}
		}
	}
	switch {
	case r.err != nil:
		return r.err
	case len(r.b) > 0:
		return errAnalysis
	}
	a.st = st
	return nil
}

// appendTokens appends the tokens: uv their number; for each, uv its
// start less the end of the one before (the first: less 0), uv its
// bytes.
func appendTokens(b []byte, toks *tokenRanges) []byte {
	n := toks.len()
	b = binary.AppendUvarint(b, uint64(n))
	c := newTokenCursor(toks)
	prev := int32(0)
	for i := range int32(n) {
		t := c.at(i)
		b = binary.AppendUvarint(b, uint64(t.start-prev))
		b = binary.AppendUvarint(b, uint64(t.end-t.start))
		prev = t.end
	}
	return b
}

// tokens reads appendTokens's encoding: offsets past 2^31 − 1 are an
// error.
func (r *analysisReader) tokens() []token {
	const maxOff = 1<<31 - 1
	toks := make([]token, r.count(2))
	prev := int64(0)
	for i := range toks {
		start := prev + int64(r.int32(maxOff))
		end := start + int64(r.int32(maxOff))
		if end > maxOff {
			r.err, r.b = errAnalysis, nil
			return nil
		}
		toks[i], prev = token{int32(start), int32(end)}, end
	}
	return toks
}

// appendBitsets appends the words of the bit sets, each 8 bytes
// little-endian.
func appendBitsets(b []byte, sets ...bitset) []byte {
	for _, set := range sets {
		for _, w := range set {
			b = binary.LittleEndian.AppendUint64(b, w)
		}
	}
	return b
}

// bitset reads a bit set of n bits (appendBitsets).
func (r *analysisReader) bitset(n int) bitset {
	set := newBitset(n)
	words := r.fixed(8 * len(set))
	for i := range set {
		set[i] = binary.LittleEndian.Uint64(words[8*i:])
	}
	return set
}

// appendUnits appends the units: uv their number; for each, uv its first
// token less the last unit's end, uv its tokens.
func appendUnits(b []byte, units []unit) []byte {
	b = binary.AppendUvarint(b, uint64(len(units)))
	end := int32(0)
	for _, u := range units {
		b = binary.AppendUvarint(b, uint64(u.start-end))
		b = binary.AppendUvarint(b, uint64(u.end-u.start))
		end = u.end
	}
	return b
}

// units reads the units (appendUnits) of a document of n tokens: each
// within them, not empty, at most MaxUnit tokens, after the one before.
func (r *analysisReader) units(n int) []unit {
	units := make([]unit, r.count(2))
	end := int32(0)
	for i := range units {
		start := end + r.int32(n)
		end = start + r.int32(MaxUnit)
		if r.err == nil && (start >= end || end > int32(n)) {
			r.err, r.b = errAnalysis, nil
		}
		units[i] = unit{start, end}
	}
	return units
}

// AnalysedSource delivers a corpus analysed: it calls doc for every
// document, with its Analysis (made by Analyse of the document as given,
// furniture included), and skip for every input that could not be read,
// in input order, and returns the first error they return.
type AnalysedSource func(doc func(corpus.Doc, *Analysis) error, skip func(corpus.Skip) error) error

// ScanAnalysed scans a corpus analysed already, document by document:
// the report is the one Scan makes of the same documents in the same
// order (the outlets' furniture being in their boilerplate before
// Analyse). A document's Analysis is taken over, and its text is the
// report's, as with Scan.
func ScanAnalysed(src AnalysedSource, opts Options) (*report.Scan, error) {
	in, blocks, err := takeAnalysed(src, &opts)
	if err != nil {
		return nil, err
	}
	return scanFrom(in.docs, in.inOrder(), in.sp, blocks, opts)
}

// takeAnalysed fills in opts's defaults and takes over the documents of
// src and their analyses, their stems in blocks, their texts spilled (to
// a file in opts.TempDir, if not "").
func takeAnalysed(src AnalysedSource, opts *Options) (*inputs, *stemBlocks, error) {
	phase("begin")
	if err := opts.fill(); err != nil {
		return nil, nil, err
	}
	sp, err := newSpill(opts.TempDir)
	if err != nil {
		return nil, nil, err
	}
	var blocks stemBlocks
	an := newAnalyser(&blocks)
	in := inputs{sp: sp}
	err = src(func(d corpus.Doc, a *Analysis) error {
		st := a.st
		switch {
		case st == nil:
			return fmt.Errorf("reuse: %s: no analysis", d.ID)
		case a.alignOnly:
			return fmt.Errorf("reuse: %s: an analysis for the alignment only (UnmarshalAlignment)", d.ID)
		case !a.fits(len(d.Text)):
			return fmt.Errorf("reuse: %s: its analysis is not of its text (offsets past its %d bytes)", d.ID, len(d.Text))
		}
		a.st = nil
		// Its stems go into the blocks that the unit table reads.
		var stems []uint32
		stems, st.stemBlock, st.stemOff = an.stems(len(st.stems))
		copy(stems, st.stems)
		st.stems, st.doc = stems, d
		in.doc(st)
		return nil
	}, func(s corpus.Skip) error {
		in.skip(s)
		return nil
	})
	if err = errors.Join(err, in.spillErr, sp.flush()); err != nil {
		sp.close()
		return nil, nil, err
	}
	return &in, &blocks, nil
}

// boolUv is b as an unsigned varint's value: 1 or 0.
func boolUv(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
