package reuse

// The report's passages (passageReport) and pairs (pairReports) in a
// run spread over many workers, passage by passage and pair by pair:
// each member is read where its document is (MemberOf, from its node's
// view), and a passage's report is made of its members alone
// (PassageReport); each document of a pair gives its side where its
// report was made (DocFindings.Side), and the pair's report is made of
// its two sides (PairReport).
//
// The encoding of PairSide (MarshalBinary), a transient format between
// the workers of one run: unsigned varints (uv) as encoding/binary's; a
// similarity as uv its float32 bits; a stretch [x0, x1) as uv x0, uv
// x1 − x0.
//
//	uv version (2)
//	uv the document; uv the other document + 1 (0: the sides of every
//	   pair, Sides)
//	uv bytes and the document's ID; uv its words
//	uv its distinct shingle hashes; uv those the side has (all, or those
//	   shared: DocFindings.Shared); each, ascending, uv less the one
//	   before (the first less 0)
//	uv its spans; for each: uv its passage, uv its words
//	uv the passages of its nodes; each, ascending, uv less the one before
//	uv its refs; for each: uv the other document, the stretch of its
//	   tokens, of the other's, of its bytes, of the other's; the
//	   similarity; uv 1 if a rewrite, else 0
//	uv its rewrites; for each: uv the other document, the stretch of its
//	   tokens, of the other's, of its bytes, of the other's; the
//	   similarity
//
// Version log:
//
//	1: the first.
//	2: the count of distinct hashes apart from the hashes.

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/minhash"
	"github.com/copydesk/copydesk/report"
)

// MemberPart is a member of a passage as its document's worker reads it
// (MemberOf): what its passage's report says of it, and what that report
// reads of its passage and, from the representative, its text.
type MemberPart struct {
	Node, Doc uint32
	Outlet    string
	Member    report.Member
	// Of the passage, as the node's view says: its number, origin, order
	// and members; and, from its representative, its text and words.
	Passage, Origin, Members int32
	Order                    string
	Text                     string
	Words                    int32
}

// MemberOf returns document d's node of view n (its passage numbered in
// the corpus) as a member of its passage, d's analysis a. The
// representative's text is d.Text's, not a copy.
func MemberOf(d corpus.Doc, a *Analysis, n NodeView) (MemberPart, error) {
	if a.st == nil || a.alignOnly || n.T0 < 0 || n.T1 <= n.T0 || int(n.T1) > a.st.toks.len() {
		return MemberPart{}, fmt.Errorf("reuse: %s: node %d of tokens %d to %d, not of its analysis", d.ID, n.Node, n.T0, n.T1)
	}
	ds := *a.st
	ds.doc = d
	m := MemberPart{Node: n.Node, Doc: n.Doc, Outlet: d.Outlet, Member: memberOf(&ds, node{doc: n.Doc, t0: n.T0, t1: n.T1}, n.ToRep, n.RepWords, n.Rep),
		Passage: n.Passage, Origin: n.Origin, Members: n.Members, Order: n.Order}
	if n.Rep {
		if m.Member.End > len(d.Text) {
			return MemberPart{}, fmt.Errorf("reuse: %s: its analysis is not of its text", d.ID)
		}
		m.Text, m.Words = sharedString(d.Text[m.Member.Start:m.Member.End]), n.T1-n.T0
	}
	return m, nil
}

// PassageReport returns the report of a passage made of its members (in
// any order, each once): the passage report Scan makes.
func PassageReport(members []MemberPart) (report.Passage, error) {
	if len(members) == 0 {
		return report.Passage{}, fmt.Errorf("reuse: a passage of no members")
	}
	members = slices.Clone(members)
	slices.SortFunc(members, func(a, b MemberPart) int { return cmp.Compare(a.Node, b.Node) })
	first := &members[0]
	out := report.Passage{ID: int(first.Passage) + 1, Order: first.Order, Members: make([]report.Member, len(members))}
	reps := 0
	type docOutlet struct {
		doc    uint32
		outlet string
	}
	docs := make([]docOutlet, len(members))
	for i := range members {
		m := &members[i]
		switch {
		case m.Passage != first.Passage || m.Origin != first.Origin || m.Members != first.Members || m.Order != first.Order:
			return report.Passage{}, fmt.Errorf("reuse: passage %d: members that disagree on its number, origin, order or size", first.Passage+1)
		case i > 0 && m.Node == members[i-1].Node:
			return report.Passage{}, fmt.Errorf("reuse: passage %d: node %d given twice", first.Passage+1, m.Node)
		}
		if m.Member.Representative {
			reps++
			out.Text, out.Words = m.Text, int(m.Words)
		}
		if int32(m.Doc) == m.Origin {
			out.Origin = m.Member.Doc
		}
		docs[i] = docOutlet{m.Doc, m.Outlet}
		out.Members[i] = m.Member
		out.Quoted = out.Quoted || m.Member.Quoted
	}
	switch {
	case len(members) != int(first.Members):
		return report.Passage{}, fmt.Errorf("reuse: passage %d: %d members given, of %d", first.Passage+1, len(members), first.Members)
	case reps != 1:
		return report.Passage{}, fmt.Errorf("reuse: passage %d: %d representatives", first.Passage+1, reps)
	case first.Origin >= 0 && out.Origin == "":
		return report.Passage{}, fmt.Errorf("reuse: passage %d: its origin, document %d, not among its members", first.Passage+1, first.Origin)
	}
	slices.SortFunc(docs, func(a, b docOutlet) int { return cmp.Compare(a.doc, b.doc) })
	docs = slices.CompactFunc(docs, func(a, b docOutlet) bool { return a.doc == b.doc })
	out.Reach = report.Reach{Documents: len(docs), Outlets: outletsOf(len(docs), func(i int) string { return docs[i].outlet })}
	return out, nil
}

// Partners returns the documents that the document's pairs join it to,
// sorted: those its spans name (sources and matches) and those it
// shares rewrites with. A pair is in the report if either of its
// documents names the other (with Options.AllPairs, also every two
// documents of a passage).
func (f *DocFindings) Partners() []uint32 {
	out := slices.Clone(f.linked)
	for _, r := range f.rewrites {
		out = append(out, r.other)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// PairSide is one document of a pair as the pair's report reads it
// (DocFindings.Side): the document's ID, words, shingle hashes, spans'
// passages and words, the passages of its nodes, and its aligned
// stretches and rewrites with the other document.
type PairSide struct {
	doc, other uint32
	half       pairHalf // but its shared words and pieces
	set        []uint64
	shares     []spanShare
	passages   []int32
}

// Side returns the document's side of its pair with document other.
func (f *DocFindings) Side(other uint32) *PairSide { return f.Sides().With(other) }

// Sides returns what the document's sides of its pairs are made of (its
// side of any pair: With), for a pair that only the other document
// names: its aligned stretches and rewrites with every document.
func (f *DocFindings) Sides() *PairSide {
	return &PairSide{doc: f.doc, other: noDoc,
		half: pairHalf{id: f.Report.ID, distinct: f.distinct, words: f.Report.Words, refs: f.refs, rewrites: f.rewrites},
		set:  f.set, shares: f.shares, passages: f.passages}
}

// Shared keeps, of the document's shingle hashes that its pairs read,
// those in hashes (sorted, distinct): those shared with another document
// (a hash in no other cannot be in two documents' intersection), which
// a corpus of edited copies has a fraction of. Its count of distinct
// hashes stays. A hash not of the document is an error.
func (f *DocFindings) Shared(hashes []uint64) error {
	if !slices.IsSorted(hashes) || minhash.Intersection(f.set, hashes) != len(hashes) || len(slices.Compact(slices.Clone(hashes))) != len(hashes) {
		return fmt.Errorf("reuse: %s: shared shingle hashes not sorted and distinct, or not of it", f.Report.ID)
	}
	f.set = hashes
	return nil
}

// noDoc is the other document of a side of every pair (Sides).
const noDoc = math.MaxUint32

// With returns the side of the pair with document other, of the sides of
// every pair (Sides; or of a side of that pair).
func (s *PairSide) With(other uint32) *PairSide {
	out := *s
	out.other = other
	out.half.refs, out.half.rewrites = refsWith(s.half.refs, other), viewsWith(s.half.rewrites, other)
	return &out
}

// Doc returns the side's document, and the other document of its pair
// (math.MaxUint32 for the sides of every pair).
func (s *PairSide) Doc() (doc, other uint32) { return s.doc, s.other }

// PairReport returns the report of the pair of documents of sides x and
// y (DocFindings.Side, in either order), with opts the scan's: the
// report Scan makes of the pair.
func PairReport(x, y *PairSide, opts Options) (report.ScanPair, error) {
	if err := opts.fill(); err != nil {
		return report.ScanPair{}, err
	}
	if x.doc > y.doc {
		x, y = y, x
	}
	if x.doc == y.doc || x.other != y.doc || y.other != x.doc {
		return report.ScanPair{}, fmt.Errorf("reuse: a pair of the sides of documents %d (with %d) and %d (with %d)", x.doc, x.other, y.doc, y.other)
	}
	a, b := x.half, y.half
	a.shared, a.pieces = sharedIn(x.shares, y.passages)
	b.shared, b.pieces = sharedIn(y.shares, x.passages)
	var refs []pairRef
	return makePair(&a, &b, minhash.Intersection(x.set, y.set), int32(opts.MaxGap), &refs), nil
}

// sharedIn returns the words and the number of a document's spans (their
// shares) in the passages (sorted) that another document carries too.
func sharedIn(shares []spanShare, passages []int32) (words, spans int) {
	for _, sh := range shares {
		if _, ok := slices.BinarySearch(passages, sh.passage); ok {
			words += int(sh.words)
			spans++
		}
	}
	return words, spans
}

// JoinReport returns the report of a scan made by document, passage and
// pair: the documents' reports (DocFindings.Report) and the inputs
// skipped, each in input order; the passages (PassageReport) in order of
// their numbers; the pairs (PairReport) in any order; opts the scan's.
// It is the report Scan makes, once sorted (report.Scan.Sort, as its
// writers do; or report.Scan.SortNumbering, where its documents are
// written apart from it and need the passages' new numbers).
func JoinReport(docs []report.ScanDocument, skipped []report.Skipped, passages []report.Passage, pairs []report.ScanPair, opts Options) (*report.Scan, error) {
	if err := opts.fill(); err != nil {
		return nil, err
	}
	for c := range passages {
		if passages[c].ID != c+1 {
			return nil, fmt.Errorf("reuse: passage %d given in place %d", passages[c].ID, c+1)
		}
	}
	p := scanParams(&opts)
	p.Runs = "kept" // a run spread over workers does not join runs of passages yet (passages_runs.go)
	return &report.Scan{Params: p, Documents: docs, Skipped: skipped, Passages: passages, Pairs: pairs}, nil
}

// pairSideVersion is the version of PairSide's encoding.
const pairSideVersion = 2

// MarshalBinary encodes the side (the format is at the top of this file).
func (s *PairSide) MarshalBinary() ([]byte, error) {
	uv := binary.AppendUvarint
	b := uv(nil, pairSideVersion)
	b = uv(uv(b, uint64(s.doc)), uint64(s.other+1)) // noDoc + 1 is 0
	b = append(uv(b, uint64(len(s.half.id))), s.half.id...)
	b = uv(b, uint64(s.half.words))
	b = uv(b, uint64(s.half.distinct))
	b = uv(b, uint64(len(s.set)))
	last := uint64(0)
	for _, h := range s.set {
		b, last = uv(b, h-last), h
	}
	b = uv(b, uint64(len(s.shares)))
	for _, sh := range s.shares {
		b = uv(uv(b, uint64(sh.passage)), uint64(sh.words))
	}
	b = uv(b, uint64(len(s.passages)))
	lp := int32(0)
	for _, p := range s.passages {
		b, lp = uv(b, uint64(p-lp)), p
	}
	stretch := func(b []byte, x0, x1 int32) []byte { return uv(uv(b, uint64(uint32(x0))), uint64(uint32(x1-x0))) }
	b = uv(b, uint64(len(s.half.refs)))
	for _, r := range s.half.refs {
		b = uv(b, uint64(r.other))
		b = stretch(stretch(stretch(stretch(b, r.at0, r.at1), r.bt0, r.bt1), r.ab0, r.ab1), r.bb0, r.bb1)
		b = uv(uv(b, uint64(math.Float32bits(r.sim))), b2u(r.rewrite))
	}
	b = uv(b, uint64(len(s.half.rewrites)))
	for _, r := range s.half.rewrites {
		b = uv(b, uint64(r.other))
		b = stretch(stretch(stretch(stretch(b, r.t0, r.t1), r.ot0, r.ot1), r.b0, r.b1), r.ob0, r.ob1)
		b = uv(b, uint64(math.Float32bits(r.sim)))
	}
	return b, nil
}

// UnmarshalBinary decodes a side that MarshalBinary encoded.
func (s *PairSide) UnmarshalBinary(b []byte) error {
	r := analysisReader{b: b}
	if v := r.uv(); r.err == nil && v != pairSideVersion {
		return fmt.Errorf("reuse: a pair's side of version %d, not %d", v, pairSideVersion)
	}
	*s = PairSide{doc: r.uint32(math.MaxUint32 - 1)}
	s.other = uint32(r.uint32(math.MaxUint32) - 1) // 0: noDoc
	s.half.id = string(r.fixed(r.count(1)))
	s.half.words = int(r.int32(math.MaxInt32))
	s.half.distinct = int(r.int32(math.MaxInt32))
	s.set = make([]uint64, r.count(1))
	for i := range s.set {
		s.set[i] = r.uv()
		if i > 0 {
			if s.set[i] == 0 || s.set[i-1]+s.set[i] < s.set[i-1] {
				r.fail(errors.New("shingle hashes not ascending"))
			}
			s.set[i] += s.set[i-1]
		}
	}
	if len(s.set) > s.half.distinct {
		r.fail(errors.New("more shingle hashes than distinct"))
	}
	s.shares = make([]spanShare, r.count(2))
	for i := range s.shares {
		s.shares[i] = spanShare{passage: r.int32(math.MaxInt32), words: r.int32(s.half.words)}
	}
	s.passages = make([]int32, r.count(1))
	for i := range s.passages {
		s.passages[i] = r.int32(math.MaxInt32)
		if i > 0 {
			if s.passages[i] == 0 || s.passages[i-1] > math.MaxInt32-s.passages[i] {
				r.fail(errors.New("passages not ascending"))
			}
			s.passages[i] += s.passages[i-1]
		}
	}
	stretch := func(words int) (int32, int32) {
		x0 := r.int32(math.MaxInt32)
		n := r.int32(math.MaxInt32 - int(x0))
		if words >= 0 && int(x0+n) > words {
			r.fail(errors.New("a stretch past the document"))
		}
		return x0, x0 + n
	}
	sim := func() float32 {
		f := math.Float32frombits(r.uint32(math.MaxUint32))
		if !(f >= 0 && f <= 1) {
			r.fail(errors.New("a similarity out of [0, 1]"))
		}
		return f
	}
	s.half.refs = make([]pairRef, r.count(11))
	for i := range s.half.refs {
		x := &s.half.refs[i]
		x.other = r.uint32(math.MaxUint32 - 1)
		x.at0, x.at1 = stretch(s.half.words)
		x.bt0, x.bt1 = stretch(-1)
		x.ab0, x.ab1 = stretch(-1)
		x.bb0, x.bb1 = stretch(-1)
		x.sim, x.rewrite = sim(), r.uint32(1) == 1
	}
	s.half.rewrites = make([]rewriteView, r.count(10))
	for i := range s.half.rewrites {
		x := &s.half.rewrites[i]
		x.other = r.uint32(math.MaxUint32 - 1)
		x.t0, x.t1 = stretch(s.half.words)
		x.ot0, x.ot1 = stretch(-1)
		x.b0, x.b1 = stretch(-1)
		x.ob0, x.ob1 = stretch(-1)
		x.sim = sim()
	}
	if r.err == nil && len(r.b) > 0 {
		r.fail(errors.New("bytes left over"))
	}
	if r.err != nil {
		return fmt.Errorf("reuse: a pair's side: %w", r.err)
	}
	return nil
}

// fail records err as the reader's error, unless it has one, and reads
// no more.
func (r *analysisReader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
	r.b = nil
}
