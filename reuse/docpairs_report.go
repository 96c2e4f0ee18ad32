package reuse

// The report's passages (passageReport) and pairs (pairReports) in a
// run spread over many workers, passage by passage and pair by pair:
// each member is read where its document is (MemberOf, from its node's
// view), and a passage's report is made of its members alone
// (PassageReport); each document of a pair gives its side where its
// report was made (DocFindings.Side), and the pair's report is made of
// its two sides (PairReport).

import (
	"cmp"
	"fmt"
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
func (f *DocFindings) Side(other uint32) *PairSide {
	return &PairSide{doc: f.doc, other: other,
		half: pairHalf{id: f.Report.ID, distinct: len(f.set), words: f.Report.Words,
			refs: refsWith(f.refs, other), rewrites: viewsWith(f.rewrites, other)},
		set: f.set, shares: f.shares, passages: f.passages}
}

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
// It is the report Scan makes, sorted (report.Scan.Sort).
func JoinReport(docs []report.ScanDocument, skipped []report.Skipped, passages []report.Passage, pairs []report.ScanPair, opts Options) (*report.Scan, error) {
	if err := opts.fill(); err != nil {
		return nil, err
	}
	for c := range passages {
		if passages[c].ID != c+1 {
			return nil, fmt.Errorf("reuse: passage %d given in place %d", passages[c].ID, c+1)
		}
	}
	rep := &report.Scan{Params: scanParams(&opts), Documents: docs, Skipped: skipped, Passages: passages, Pairs: pairs}
	rep.Sort()
	return rep, nil
}
