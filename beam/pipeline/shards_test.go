package pipeline

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/reuse"
)

// testIndex is the index of two files: a.jsonl of input 0 with records 0
// and 2 (of 3 and 1 units), b.jsonl of input 1 with record 5 (2 units).
func testIndex(t testing.TB) []byte {
	return indexOf(t, []indexEntry{{Input: 1, File: "b.jsonl", Seq: 5, Units: 2}, {File: "a.jsonl", Seq: 2, Units: 1}, {File: "a.jsonl", Seq: 0, Units: 3}})
}

// indexOf is the index of the entries, encoded (makeIndexFn).
func indexOf(t testing.TB, entries []indexEntry) []byte {
	var enc []byte
	i := 0
	if err := makeIndexFn(0, func(e *indexEntry) bool {
		if i == len(entries) {
			return false
		}
		*e, i = entries[i], i+1
		return true
	}, func(b []byte) { enc = b }); err != nil {
		t.Fatal(err)
	}
	return enc
}

// TestPostingBatches: postings batched by shard come back numbered by the
// index: documents in input order, units after those of the documents
// before.
func TestPostingBatches(t *testing.T) {
	x, err := decodeIndex(testIndex(t))
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := x.doc(fileKey{1, "b.jsonl"}, 5); !ok || d != 2 || x.first[d] != 4 || x.first[3] != 6 {
		t.Fatalf("b.jsonl record 5 is document %d (%v), first unit %d of %d: want 2, 4 of 6", d, ok, x.first[d], x.first[3])
	}
	if _, ok := x.doc(fileKey{0, "a.jsonl"}, 1); ok {
		t.Error("a.jsonl record 1, not in the index, found")
	}
	a := reuse.Analyse(corpusDoc("One sentence here that is long enough. And a second sentence which follows it."))
	if a.Units() < 2 {
		t.Fatalf("%d units, want 2", a.Units())
	}
	var bs postingBatches
	got := map[int][]byte{}
	emit := func(s int, b []byte) { got[s] = append(got[s], b...) }
	r := Record{Input: 0, File: "a.jsonl", Seq: 0}
	bs.add(&r, a, 0, emit)
	bs.flush(emit)
	var ps []reuse.Posting
	for _, b := range got {
		if ps, err = decodeBatch(ps, b, x); err != nil {
			t.Fatal(err)
		}
	}
	want := a.AppendPostings(nil, 0, 0, 0)
	if len(ps) != len(want) {
		t.Fatalf("%d postings, want %d", len(ps), len(want))
	}
	units := map[uint32]bool{}
	for _, p := range ps {
		units[p.Unit] = true
		if p.Doc != 0 {
			t.Errorf("a posting of document %d, want 0", p.Doc)
		}
	}
	if len(units) != a.Units() {
		t.Errorf("postings of %d units, want %d", len(units), a.Units())
	}
	r.Seq = 1 // not in the index
	bs.add(&r, a, 0, emit)
	got = map[int][]byte{}
	bs.flush(emit)
	for _, b := range got {
		if _, err := decodeBatch(nil, b, x); err == nil {
			t.Error("a batch of a record not in the index: no error")
		}
		break
	}
}

// FuzzDecode: damaged indexes, batches of postings, document
// pairs' candidates, batches of pair alignments, units' stems, roots, the
// passages' encodings and Report's are errors, never panics.
func FuzzDecode(f *testing.F) {
	f.Add(testIndex(f))
	var bs postingBatches
	bs.add(&Record{File: "a.jsonl"}, reuse.Analyse(corpusDoc("One sentence here that is long enough to count.")), 0, nil)
	bs.flush(func(_ int, b []byte) { f.Add(b) })
	x, err := decodeIndex(testIndex(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(appendDocPairs(nil, []docPair{{0, 2, []uint64{1<<32 | 1}}}))
	f.Add([]byte{0, 1, 1, 5})       // roots: uv unit, uv root; sent: uv doc, uv units, uv place, uv root
	f.Add([]byte{1, 3, 3, 1, 2, 0}) // ends, labels, messages alike: uv node, uv node or label
	v := reuse.NodeView{Node: 3, Doc: 1, T0: 2, T1: 9, Passage: 4, Origin: 1, Order: "origin", Members: 2, RepWords: 7, ToRep: 6,
		Partners: []reuse.Partner{{Node: 5, Doc: 2, T0: 1, T1: 8, B0: 3, B1: 40, Matched: 6}},
		Orphans:  []reuse.Orphan{{T0: 2, T1: 5, Far: reuse.Partner{Node: 7, Doc: 3, T0: 0, T1: 3, Matched: 3}}}}
	f.Add(appendNodeView(nil, &v))
	doc := reuse.ViewDoc{Doc: 2, Rank: 1, ID: "b", Published: time.Unix(1e9, 5).UTC(), DateOnly: true}
	f.Add(appendFarAnswer(nil, &farAnswer{asker: 1, node: 3, slot: 2, b0: 3, b1: 40, quoted: true, doc: doc}))
	f.Add(appendRewriteSide(nil, &rewriteSide{ask: rewriteAsk{key: rewriteKey{1, 2, 0, 4}, sim: 0.5, ofA: true},
		side: reuse.RewriteSide{Doc: 1, T0: 2, T1: 9, B0: 10, B1: 50, Held: []reuse.Held{{Passage: 4, Tokens: 6, Members: 3}}}, doc: doc}))
	f.Add(appendFilePlan(nil, 3, 2, []int{2, 3, 1}))
	f.Add(appendPassageKey(nil, &report.Passage{ID: 2, Reach: report.Reach{Documents: 3}, Words: 9, Origin: "a", Order: "origin",
		Members: []report.Member{{Doc: "b", Start: 4}, {Doc: "a", Start: 9}}}))
	f.Add(appendLedgerDoc(nil, &report.ScanDocument{ID: "a", Outlet: "o", Published: "2017-12-17", Words: 9, OriginalFraction: 0.5,
		Spans: []report.Span{{Start: 3, Words: 4, Source: &report.Source{Doc: "b"}, Pieces: []report.Piece{{Passage: 2}}}, {Quoted: true}}}))
	f.Add(appendMember(nil, &reuse.MemberPart{Node: 3, Doc: 1, Outlet: "o", Passage: 4, Origin: -1, Members: 2, Order: "tied", Text: "x", Words: 1}))
	fn := &boundFn{x: x}
	f.Fuzz(func(t *testing.T, b []byte) {
		decodeIndex(b)
		decodeBatch(nil, b, x)
		decodeDocPairs(nil, b)
		decodeAligned(nil, b)
		fn.readStems(map[uint32][]uint32{}, b)
		// The roots: offered by the shards, kept by block, sent, read.
		readRoots(map[uint32][]uint64{}, iterOf(b), x)
		(&rootsFn{x: x}).ProcessElement(t.Context(), 0, iterOf(b), iterOf(), func(int, []byte) {})
		(&sendRootsFn{x: x}).ProcessElement(t.Context(), 0, iterOf(b), iterOf([]byte{5, 0, 0}), iterOf(), func(int, []byte) {})
		(&sendRootsFn{x: x}).ProcessElement(t.Context(), 0, iterOf([]byte{0, 1}), iterOf(b), iterOf(), func(int, []byte) {})
		// The passages' encodings: nodes, edges, pending components,
		// analyses, components, nodes' counts and components.
		label := []uint32{0, 0, 2, 2}
		of := func(uint32) *component { return &component{} }
		readNodes(b, label, of)
		readEdges(b, label, of)
		readPending(b, label, of)
		readAnalyses(b, map[uint64]*reuse.Analysis{})
		decodeComponents(nil, b)
		var first, label2 []uint32
		sideFirsts(&first, iterOf(b))
		if n, k := binary.Uvarint(b[min(1, len(b)):]); len(b) == 0 || b[0] != 0 || k > 0 && n < 1<<20 {
			sideLabels(&label2, iterOf(b)) // a label a node: not for a count past a million
		}
		pairsToDocsFn(0, b, func(int, []byte) {})
		// The components' rounds: a block's ends, labels and messages,
		// the check's, and the pairs of labels the union-find joins, of
		// 1,000 nodes.
		var st labelState
		if st.readEnds(0, iterOf(b), 1000) == nil {
			st.readLabels(iterOf(b))
			st.readMsgs(iterOf(b))
		}
		thousand := []uint32{0, 1000}
		(&checkFn{first: thousand}).ProcessElement(t.Context(), 0, iterOf(b), iterOf(b), iterOf(), func(int, []byte) {})
		(&roundFn{first: thousand}).ProcessElement(t.Context(), 0, iterOf(b), iterOf(b), iterOf(b), iterOf(), func(int, []byte) {}, func(int, []byte) {})
		joinLabelsFn(0, iterOf(b), iterOf(binary.AppendUvarint(binary.AppendUvarint(nil, 1), 1000)), func([]byte) {})
		// Report's encodings: views, asks and answers for bytes,
		// rewrites' asks and sides, members, batches of records, counts of
		// passages.
		for _, read := range []func(*reader){
			func(r *reader) { r.nodeView() }, func(r *reader) { r.farAsk() }, func(r *reader) { r.farAnswer() },
			func(r *reader) { r.rewriteAsk() }, func(r *reader) { r.rewriteSide() }, func(r *reader) { r.member() },
			func(r *reader) { r.ledgerDoc() }, func(r *reader) { r.passageKey(0) },
		} {
			r := reader{b: b}
			for r.err == nil && len(r.b) > 0 {
				read(&r)
			}
		}
		eachRecord(iterOf(b), "records", func([]byte) error { return nil })
		var off passageOffsets
		off.read(iterOf(b))
		var plan filePlan
		plan.load(iterOf(b))
	})
}

// corpusDoc is a document of the text.
func corpusDoc(text string) corpus.Doc { return corpus.Doc{ID: "d", Text: []byte(text)} }
