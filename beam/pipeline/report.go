package pipeline

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/reuse"
)

// Report makes the report of the scan spread over the workers, document
// by document, passage by passage and pair by pair, and joins it on one
// worker, which holds the report and nothing else: no analysis, no text
// but the report's. analysed is Analyse's records, index Shards's,
// chained Chain's pairs, and comps, compNodes, compEdges and labels what
// Passages found and made it of.
//
//   - The documents' IDs: each record's ID, path and note go to one
//     worker, which renames the duplicates in input order as the command
//     does (corpus.IDs); those renamed (few) are a side input.
//   - Each record goes to its block (groupOf its number), with its
//     analysis: the one shuffle of the texts and analyses.
//   - Each component's node views (reuse.ViewsOf) go to their documents'
//     blocks, once the passages of the components before it are counted
//     (one worker: a number a component, a side input); each partner's
//     and orphan's ask for its bytes goes to its document's block, which
//     answers with them and what a view says of the document (its ID,
//     rank and publication). Each rewrite goes to its two documents'
//     blocks, where its sides are read (reuse.SideOf) and sent to both.
//   - Each document's view is gathered in its block (reuse.NewDocView)
//     and its report made there (reuse.DocReport), with its members of
//     passages (reuse.MemberOf) and its sides of the pairs it names.
//   - Each passage's members meet in its group (reuse.PassageReport);
//     each pair's sides in its own (reuse.PairReport): a pair that only
//     one of its documents names asks the other's block for its side.
//   - One worker joins the documents' reports, the passages and the
//     pairs, in order (reuse.JoinReport), and writes the report.
//
// A text in c documents is c node views with some c partners, c members
// of one passage, and at most a few pairs a document: what Report
// shuffles grows with the copies, not with their square (but with
// Options.AllPairs, every two documents of a passage are a pair).
func Report(s beam.Scope, analysed, index, shared, chained, comps, compNodes, compEdges, labels beam.PCollection, opts Options) beam.PCollection {
	s = s.Scope("copydesk.Report")
	renamed := beam.ParDo(s, renameFn, beam.GroupByKey(s, beam.ParDo(s, idsFn, analysed)))
	records, offsets, skipped := beam.ParDo3(s, &recordsFn{}, analysed, beam.SideInput{Input: index}, beam.SideInput{Input: renamed})
	views, asks, counts := beam.ParDo3(s, &viewsFn{}, beam.CoGroupByKey(s, compNodes, compEdges, comps),
		beam.SideInput{Input: index}, beam.SideInput{Input: labels})
	first := beam.ParDo(s, offsetsFn, beam.GroupByKey(s, counts))
	numbered := beam.ParDo(s, &numberFn{}, views, beam.SideInput{Input: first})
	rewrites := beam.ParDo(s, rewriteAsksFn, chained)
	resolved := beam.ParDo(s, resolveFn, beam.CoGroupByKey(s, offsets, numbered, asks, rewrites))
	docs, members, named, all := beam.ParDo4(s, &documentFn{Opts: opts}, beam.CoGroupByKey(s, records, numbered, resolved, shared))
	passages, allPairs := beam.ParDo2(s, &passageFn{AllPairs: opts.AllPairs}, beam.GroupByKey(s, members))
	pairs, pairAsks, pending := beam.ParDo3(s, &pairFn{Opts: opts}, beam.CoGroupByKey(s, named, allPairs))
	answered := beam.ParDo(s, answerFn, beam.CoGroupByKey(s, all, pairAsks))
	more, _, _ := beam.ParDo3(s, &pairFn{Opts: opts, Final: true}, beam.CoGroupByKey(s, pending, answered))
	marker := beam.AddFixedKey(s, beam.Create(s, []byte{})) // a report even of nothing
	return beam.ParDo(s, &joinFn{Opts: opts}, beam.CoGroupByKey(s, docs, passages, beam.Flatten(s, pairs, more), beam.Flatten(s, skipped, marker)))
}

// The counters of Report: the bytes of what it shuffles, as its stages
// encode them.
var (
	viewBytes    = beam.NewCounter("copydesk", "views-bytes")
	farBytes     = beam.NewCounter("copydesk", "far-bytes") // asks and answers
	rewriteBytes = beam.NewCounter("copydesk", "rewrite-sides-bytes")
	docJSONBytes = beam.NewCounter("copydesk", "documents-json-bytes")
	memberBytes  = beam.NewCounter("copydesk", "members-bytes")
	sideBytes    = beam.NewCounter("copydesk", "pair-sides-bytes")
	sharedBytes  = beam.NewCounter("copydesk", "shared-bytes")
	offsetBytes  = beam.NewCounter("copydesk", "offsets-bytes")
)

// idEntry is what the renaming reads of a record.
type idEntry struct {
	Input          int
	File           string
	Seq            int
	ID, Path, Note string
}

func idsFn(r Record, emit func(int, idEntry)) {
	if !r.Skipped {
		emit(0, idEntry{Input: r.Input, File: r.File, Seq: r.Seq, ID: r.ID, Path: r.Path, Note: r.Note})
	}
}

// renameFn renames the duplicate IDs in input order (corpus.IDs) and
// emits those renamed: for each, uv its input, its file, uv its seq, its
// new ID, its new note.
func renameFn(_ int, entries func(*idEntry) bool, emit func([]byte)) {
	var all []idEntry
	var e idEntry
	for entries(&e) {
		all = append(all, e)
	}
	slices.SortFunc(all, func(a, b idEntry) int {
		return cmp.Or(cmp.Compare(a.Input, b.Input), cmp.Compare(a.File, b.File), cmp.Compare(a.Seq, b.Seq))
	})
	var ids corpus.IDs
	w := writer{b: []byte{}}
	for _, e := range all {
		d := corpus.Doc{ID: e.ID, Path: e.Path, Note: e.Note}
		ids.Rename(&d)
		if d.ID != e.ID || d.Note != e.Note {
			w.uv(uint64(e.Input))
			w.str(e.File)
			w.uv(uint64(e.Seq))
			w.str(d.ID)
			w.str(d.Note)
		}
	}
	emit(w.b)
}

// recordKey names a record: its input, file and place in it.
type recordKey struct {
	input int
	file  string
	seq   int
}

// docRecord is a document's record, its ID renamed, with its number and
// rank in the index.
type docRecord struct {
	Doc, Rank uint32
	R         Record
}

// recordsFn sends each document with words to its block (docRecord),
// and what a view says of it and its token offsets to the same block
// (uv its number, then appendViewDoc, then reuse.TokenOffsets's
// encoding); and each input skipped (a record skipped, or a document
// with no words) to the join: uv its input, its file, uv its seq, its
// ID, its path, the reason.
type recordsFn struct {
	x       *index
	renamed map[recordKey][2]string
}

func (fn *recordsFn) ProcessElement(ctx context.Context, r Record, side, renamedSide func(*[]byte) bool, emit func(int, docRecord), emitOffsets, skip func(int, []byte)) error {
	if err := sideIndex(&fn.x, side); err != nil {
		return err
	}
	if fn.renamed == nil {
		var b []byte
		if !renamedSide(&b) {
			return errors.New("pipeline: no IDs renamed")
		}
		fn.renamed = map[recordKey][2]string{}
		rd := reader{b: b}
		for rd.err == nil && len(rd.b) > 0 {
			k := recordKey{int(rd.uv()), rd.str(), int(rd.uv())}
			fn.renamed[k] = [2]string{rd.str(), rd.str()}
		}
		if rd.err != nil {
			return fmt.Errorf("pipeline: the IDs renamed: %w", rd.err)
		}
	}
	skipped := func(reason string) {
		w := writer{}
		w.uv(uint64(r.Input))
		w.str(r.File)
		w.uv(uint64(r.Seq))
		w.str(r.ID)
		w.str(r.Path)
		w.str(reason)
		skip(0, w.b)
	}
	if r.Skipped {
		skipped(r.Reason)
		return nil
	}
	if n, ok := fn.renamed[recordKey{r.Input, r.File, r.Seq}]; ok {
		r.ID, r.Note = n[0], n[1]
	}
	d, ok := fn.x.doc(fileKey{r.Input, r.File}, r.Seq)
	if !ok {
		skipped("no words to compare")
		return nil
	}
	rec := docRecord{Doc: d, Rank: fn.x.rank[d], R: r}
	vd, err := viewDoc(&rec)
	if err != nil {
		return err
	}
	var a reuse.Analysis
	if err := a.UnmarshalBinary(r.Analysis); err != nil {
		return fmt.Errorf("pipeline: %s: %w", r.Path, err)
	}
	o, err := a.Offsets()
	if err != nil {
		return err
	}
	enc, err := o.MarshalBinary()
	if err != nil {
		return err
	}
	b := appendViewDoc(binary.AppendUvarint(nil, uint64(d)), &vd)
	offsetBytes.Inc(ctx, int64(len(b)+len(enc)))
	emitOffsets(groupOf(d), append(b, enc...))
	emit(groupOf(d), rec)
	return nil
}

// viewsFn makes the node views of the components of a block
// (reuse.ViewsOf) from their nodes, edges and passages. It emits them by
// their documents' blocks, in batches: for each, uv its component (its
// least node), then the view (appendNodeView), its passage numbered in
// the component; each partner's and orphan's ask for its bytes by the
// block of its document (appendFarAsk); and the block's components'
// numbers of passages to one worker: for each, uv the component, uv the
// number.
type viewsFn struct {
	x     *index
	label []uint32
}

func (fn *viewsFn) ProcessElement(ctx context.Context, block int, nodeParts, edgeParts, compParts func(*[]byte) bool,
	side, labelSide func(*[]byte) bool, emitViews, emitAsks, emitCounts func(int, []byte)) error {
	if err := sideIndex(&fn.x, side); err != nil {
		return err
	}
	if err := sideLabels(&fn.label, labelSide); err != nil {
		return err
	}
	label := fn.label
	bc := newByComponent(label)
	if err := bc.read(block, nodeParts, edgeParts); err != nil {
		return err
	}
	comps := bc.comps
	var b []byte
	found := map[uint32]*reuse.ComponentPassages{}
	for compParts(&b) {
		cps, err := decodeComponents(nil, b)
		if err != nil {
			return err
		}
		for _, cp := range cps {
			if n := cp.Node(); int(n) >= len(label) || comps[label[n]] == nil || found[label[n]] != nil {
				return fmt.Errorf("pipeline: the passages of a component of block %d not its, or twice", block)
			} else {
				found[label[n]] = cp
			}
		}
	}
	var views, asks [1 << alignBits][]byte
	counts := writer{}
	for _, l := range slices.Sorted(maps.Keys(comps)) {
		c, cp := comps[l], found[l]
		if cp == nil {
			return fmt.Errorf("pipeline: no passages of the component of node %d", l)
		}
		edges, err := reuse.JoinEdges(c.edges...)
		if err != nil {
			return err
		}
		docs, err := c.docs(fn.x, nil, false)
		if err != nil {
			return err
		}
		vs, err := reuse.ViewsOf(c.nodes, edges, docs, cp)
		if err != nil {
			return fmt.Errorf("pipeline: the component of node %d: %w", l, err)
		}
		counts.u32(l)
		counts.uv(uint64(cp.Passages()))
		for i := range vs {
			v := &vs[i]
			o := &views[groupOf(v.Doc)]
			*o = appendNodeView(binary.AppendUvarint(*o, uint64(l)), v)
			for k, p := range v.Partners {
				a := &asks[groupOf(p.Doc)]
				*a = appendFarAsk(*a, farAsk{doc: p.Doc, t0: p.T0, t1: p.T1, noBytes: p.NoBytes, asker: v.Doc, node: v.Node, slot: 2 * uint32(k)})
			}
			for k, o := range v.Orphans {
				a := &asks[groupOf(o.Far.Doc)]
				*a = appendFarAsk(*a, farAsk{doc: o.Far.Doc, t0: o.Far.T0, t1: o.Far.T1, asker: v.Doc, node: v.Node, slot: 2*uint32(k) + 1})
			}
		}
	}
	for k := range views {
		if len(views[k]) > 0 {
			viewBytes.Inc(ctx, int64(len(views[k])))
			emitViews(k, views[k])
		}
		if len(asks[k]) > 0 {
			farBytes.Inc(ctx, int64(len(asks[k])))
			emitAsks(k, asks[k])
		}
	}
	if len(counts.b) > 0 {
		emitCounts(0, counts.b)
	}
	return nil
}

// offsetsFn numbers the passages component by component, in order of
// their least nodes: uv components; for each, uv its least node less the
// one before's, uv its passages.
func offsetsFn(_ int, parts func(*[]byte) bool, emit func([]byte)) error {
	type count struct{ label, n uint32 }
	var all []count
	var b []byte
	for parts(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			all = append(all, count{r.uint32(), r.uint32()})
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: counts of passages: %w", r.err)
		}
	}
	slices.SortFunc(all, func(a, b count) int { return cmp.Compare(a.label, b.label) })
	w := writer{}
	w.uv(uint64(len(all)))
	last := uint32(0)
	for i, c := range all {
		if i > 0 && c.label == last {
			return fmt.Errorf("pipeline: the passages of the component of node %d counted twice", c.label)
		}
		w.u32(c.label - last)
		w.u32(c.n)
		last = c.label
	}
	emit(w.b)
	return nil
}

// passageOffsets is offsetsFn's table: each component's first passage.
type passageOffsets struct {
	labels []uint32
	first  []int32
}

func (o *passageOffsets) read(side func(*[]byte) bool) error {
	if o.labels != nil {
		return nil
	}
	var b []byte
	o.labels = []uint32{}
	if !side(&b) {
		return nil // no components
	}
	r := reader{b: b}
	n := r.count(2)
	label, first := uint32(0), int64(0)
	for range n {
		label += r.uint32()
		o.labels, o.first = append(o.labels, label), append(o.first, int32(first))
		first += int64(r.uint32())
	}
	if r.err != nil || len(r.b) > 0 || first > 1<<31-1 {
		return errors.New("pipeline: damaged counts of passages")
	}
	return nil
}

// numberFn numbers the passages of a batch of views (viewsFn's) in the
// corpus, and leaves their components out: a batch of appendNodeView's.
type numberFn struct{ off passageOffsets }

func (fn *numberFn) ProcessElement(block int, b []byte, side func(*[]byte) bool, emit func(int, []byte)) error {
	if err := fn.off.read(side); err != nil {
		return err
	}
	r := reader{b: b}
	var out []byte
	for r.err == nil && len(r.b) > 0 {
		l := r.uint32()
		v := r.nodeView()
		k, ok := slices.BinarySearch(fn.off.labels, l)
		if r.err == nil && !ok {
			return fmt.Errorf("pipeline: a view of the component of node %d, not counted", l)
		}
		if r.err == nil {
			v.Passage += fn.off.first[k]
			out = appendNodeView(out, &v)
		}
	}
	if r.err != nil {
		return fmt.Errorf("pipeline: views: %w", r.err)
	}
	emit(block, out)
	return nil
}

// rewriteAsksFn sends each rewrite of a batch of chained pairs to the
// blocks of its two documents, to read their sides there
// (appendRewriteAsk).
func rewriteAsksFn(ctx context.Context, _ int, b []byte, emit func(int, []byte)) error {
	pairs, err := decodeAligned(nil, b)
	if err != nil {
		return err
	}
	out := map[int][]byte{}
	for _, p := range pairs {
		for _, rw := range p.Rewrites() {
			k := rewriteKey{rw.A, rw.B, rw.UA, rw.UB}
			for _, ofA := range []bool{true, false} {
				d, _ := k.side(ofA)
				out[groupOf(d)] = appendRewriteAsk(out[groupOf(d)], rewriteAsk{key: k, sim: rw.Sim, ofA: ofA})
			}
		}
	}
	for _, block := range slices.Sorted(maps.Keys(out)) {
		rewriteBytes.Inc(ctx, int64(len(out[block])))
		emit(block, out[block])
	}
	return nil
}

// blockDocs is a block's documents: their records and analyses (decoded
// once asked for), and their node views.
type blockDocs struct {
	recs  map[uint32]*docRecord
	as    map[uint32]*reuse.Analysis
	views map[uint32][]reuse.NodeView
}

func readBlock(block int, recs func(*docRecord) bool, views func(*[]byte) bool) (*blockDocs, error) {
	bd := &blockDocs{recs: map[uint32]*docRecord{}, as: map[uint32]*reuse.Analysis{}, views: map[uint32][]reuse.NodeView{}}
	var rec docRecord
	for recs(&rec) {
		if groupOf(rec.Doc) != block || bd.recs[rec.Doc] != nil {
			return nil, fmt.Errorf("pipeline: document %d in block %d, or twice", rec.Doc, block)
		}
		r := rec
		bd.recs[rec.Doc] = &r
		rec = docRecord{}
	}
	var b []byte
	for views(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			v := r.nodeView()
			bd.views[v.Doc] = append(bd.views[v.Doc], v)
		}
		if r.err != nil {
			return nil, fmt.Errorf("pipeline: views of block %d: %w", block, r.err)
		}
	}
	return bd, nil
}

// doc returns document d's record and analysis.
func (bd *blockDocs) doc(d uint32) (*docRecord, *reuse.Analysis, error) {
	rec := bd.recs[d]
	if rec == nil {
		return nil, nil, fmt.Errorf("pipeline: document %d, asked of its block, is not there", d)
	}
	if a := bd.as[d]; a != nil {
		return rec, a, nil
	}
	a := &reuse.Analysis{}
	if err := a.UnmarshalBinary(rec.R.Analysis); err != nil {
		return nil, nil, fmt.Errorf("pipeline: %s: %w", rec.R.Path, err)
	}
	bd.as[d] = a
	return rec, a, nil
}

// viewDoc is what a view says of the document of rec.
func viewDoc(rec *docRecord) (reuse.ViewDoc, error) {
	d := reuse.ViewDoc{Doc: rec.Doc, Rank: rec.Rank, ID: rec.R.ID, DateOnly: rec.R.DateOnly}
	if len(rec.R.Published) > 0 {
		if err := d.Published.UnmarshalBinary(rec.R.Published); err != nil {
			return d, fmt.Errorf("pipeline: %s: published: %w", rec.R.Path, err)
		}
	}
	return d, nil
}

// resolveFn answers, in a block, the asks for its documents' bytes
// (a batch of appendFarAnswer after a byte 0, by the block of the
// document that asked), and reads its documents' sides of their
// rewrites (reuse.SideOf), sent to the blocks of both documents (a batch
// of appendRewriteSide after a byte 1), from their token offsets and
// views.
func resolveFn(ctx context.Context, block int, offsets, views, asks, rwAsks func(*[]byte) bool, emit func(int, []byte)) error {
	type docOffsets struct {
		doc reuse.ViewDoc
		enc []byte
		o   *reuse.TokenOffsets
	}
	docs := map[uint32]*docOffsets{}
	var b []byte
	for offsets(&b) {
		r := reader{b: b}
		d := r.uint32()
		do := &docOffsets{doc: r.viewDoc(), enc: r.b}
		if r.err != nil || do.doc.Doc != d || groupOf(d) != block || docs[d] != nil {
			return fmt.Errorf("pipeline: damaged token offsets in block %d", block)
		}
		docs[d] = do
	}
	of := func(d uint32) (*docOffsets, error) {
		do := docs[d]
		if do == nil {
			return nil, fmt.Errorf("pipeline: document %d, asked of its block, is not there", d)
		}
		if do.o == nil {
			do.o = &reuse.TokenOffsets{}
			if err := do.o.UnmarshalBinary(do.enc); err != nil {
				return nil, fmt.Errorf("pipeline: document %d: %w", d, err)
			}
		}
		return do, nil
	}
	viewsOf := map[uint32][]reuse.NodeView{}
	for views(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			v := r.nodeView()
			viewsOf[v.Doc] = append(viewsOf[v.Doc], v)
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: views of block %d: %w", block, r.err)
		}
	}
	answers := map[int][]byte{}
	for asks(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			a := r.farAsk()
			if r.err != nil {
				break
			}
			do, err := of(a.doc)
			if err != nil {
				return err
			}
			ans := farAnswer{asker: a.asker, node: a.node, slot: a.slot, doc: do.doc}
			if !a.noBytes {
				if ans.b0, ans.b1, err = do.o.Bytes(a.t0, a.t1); err != nil {
					return fmt.Errorf("pipeline: document %d: %w", a.doc, err)
				}
			}
			k := groupOf(a.asker)
			if answers[k] == nil {
				answers[k] = []byte{0}
			}
			answers[k] = appendFarAnswer(answers[k], &ans)
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: asks of block %d: %w", block, r.err)
		}
	}
	sides := map[int][]byte{}
	for rwAsks(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			a := r.rewriteAsk()
			if r.err != nil {
				break
			}
			d, unit := a.key.side(a.ofA)
			do, err := of(d)
			if err != nil {
				return err
			}
			s := rewriteSide{ask: a, doc: do.doc}
			if s.side, err = reuse.SideOf(d, do.o, unit, viewsOf[d]); err != nil {
				return err
			}
			other, _ := a.key.side(!a.ofA)
			for _, k := range slices.Compact([]int{groupOf(d), groupOf(other)}) {
				if sides[k] == nil {
					sides[k] = []byte{1}
				}
				sides[k] = appendRewriteSide(sides[k], &s)
			}
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: rewrites of block %d: %w", block, r.err)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(answers)) {
		farBytes.Inc(ctx, int64(len(answers[k])))
		emit(k, answers[k])
	}
	for _, k := range slices.Sorted(maps.Keys(sides)) {
		rewriteBytes.Inc(ctx, int64(len(sides[k])))
		emit(k, sides[k])
	}
	return nil
}

// documentFn gathers each view of a block's documents (reuse.NewDocView)
// and makes each one's report (reuse.DocReport), its pairs reading its
// shingle hashes shared with others (Shards). It emits, in batches of
// records (outbox): to the join, uv its number, then its report as JSON;
// each of its members of passages, by the passage's group (groupOf its
// number; appendMember); its side of each pair it names, by the pair's
// group (pairGroup): uv the pair's key, then reuse.PairSide's encoding;
// and the sides of all its pairs, by its block: uv its number, then
// their encoding.
type documentFn struct{ Opts Options }

func (fn *documentFn) ProcessElement(ctx context.Context, block int, recs func(*docRecord) bool, views, resolved, shared func(*[]byte) bool,
	emitDocs, emitMembers, emitNamed, emitAll func(int, []byte)) error {
	bd, err := readBlock(block, recs, views)
	if err != nil {
		return err
	}
	got := map[uint32]map[[2]uint32]*farAnswer{} // by the document that asked, then node and slot
	rws := map[uint32][]*rewriteSide{}           // by the document whose side it is
	var b []byte
	for resolved(&b) {
		if len(b) == 0 || b[0] > 1 {
			return fmt.Errorf("pipeline: a damaged batch of answers to block %d", block)
		}
		r := reader{b: b[1:]}
		for r.err == nil && len(r.b) > 0 {
			if b[0] == 1 {
				s := r.rewriteSide()
				rws[s.side.Doc] = append(rws[s.side.Doc], &s)
				continue
			}
			a := r.farAnswer()
			if got[a.asker] == nil {
				got[a.asker] = map[[2]uint32]*farAnswer{}
			}
			got[a.asker][[2]uint32{a.node, a.slot}] = &a
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: answers to block %d: %w", block, r.err)
		}
	}
	hashes := map[uint32][]uint64{} // each document's shared with others
	for shared(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			d, n := r.uint32(), r.count(1)
			h := uint64(0)
			for range n {
				h += r.uv()
				hashes[d] = append(hashes[d], h)
			}
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: shared hashes of block %d: %w", block, r.err)
		}
	}
	opts := fn.Opts.reuse()
	docs, members, namedSides, all := outbox{}, outbox{}, outbox{}, outbox{}
	for _, d := range slices.Sorted(maps.Keys(bd.recs)) {
		rec, an, err := bd.doc(d)
		if err != nil {
			return err
		}
		self, err := viewDoc(rec)
		if err != nil {
			return err
		}
		nodes, named, err := fillBytes(d, bd.views[d], got[d])
		if err != nil {
			return err
		}
		rewrites, more, err := rewritesOf(d, bd, rws)
		if err != nil {
			return err
		}
		v, err := reuse.NewDocView(self, nodes, rewrites, append(named, more...))
		if err != nil {
			return err
		}
		doc, err := rec.R.doc()
		if err != nil {
			return fmt.Errorf("pipeline: %s: published: %w", rec.R.Path, err)
		}
		f, err := reuse.DocReport(doc, an, v, opts)
		if err != nil {
			return err
		}
		hs := hashes[d] // from the shards, in any order
		slices.Sort(hs)
		if err := f.Shared(hs); err != nil {
			return err
		}
		js, err := json.Marshal(&f.Report)
		if err != nil {
			return err
		}
		docJSONBytes.Inc(ctx, int64(len(js)))
		docs.add(0, append(binary.AppendUvarint(nil, uint64(d)), js...))
		for i := range nodes {
			m, err := reuse.MemberOf(doc, an, nodes[i])
			if err != nil {
				return err
			}
			enc := appendMember(nil, &m)
			memberBytes.Inc(ctx, int64(len(enc)))
			members.add(groupOf(uint32(m.Passage)), enc)
		}
		for _, p := range f.Partners() {
			enc, err := f.Side(p).MarshalBinary()
			if err != nil {
				return err
			}
			sideBytes.Inc(ctx, int64(len(enc)))
			k := pairKey(d, p)
			namedSides.add(pairGroup(k), append(binary.AppendUvarint(nil, uint64(k)), enc...))
		}
		enc, err := f.Sides().MarshalBinary()
		if err != nil {
			return err
		}
		all.add(block, append(binary.AppendUvarint(nil, uint64(d)), enc...))
		analysed.Inc(ctx, 1)
	}
	docs.flush(emitDocs)
	members.flush(emitMembers)
	namedSides.flush(emitNamed)
	all.flush(emitAll)
	return nil
}

// outbox gathers records by key, to be emitted in one batch a key: each
// record as uv its bytes and its bytes (eachRecord).
type outbox map[int][]byte

func (o outbox) add(key int, rec []byte) {
	o[key] = append(binary.AppendUvarint(o[key], uint64(len(rec))), rec...)
}

// flush emits the batches in order of their keys.
func (o outbox) flush(emit func(int, []byte)) {
	for _, k := range slices.Sorted(maps.Keys(o)) {
		emit(k, o[k])
	}
}

// eachRecord calls fn on each record of the batches of it (outbox's).
func eachRecord(it func(*[]byte) bool, what string, fn func(rec []byte) error) error {
	var b []byte
	for it(&b) {
		r := reader{b: b}
		for r.err == nil && len(r.b) > 0 {
			rec := r.bytes(r.count(1))
			if r.err != nil {
				break
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		if r.err != nil {
			return fmt.Errorf("pipeline: a batch of %s: %w", what, r.err)
		}
	}
	return nil
}

// fillBytes fills in the bytes of the partners and orphans of document
// d's node views from the answers its asks got (by node and slot), and
// returns the documents they name.
func fillBytes(d uint32, nodes []reuse.NodeView, got map[[2]uint32]*farAnswer) ([]reuse.NodeView, []reuse.ViewDoc, error) {
	var named []reuse.ViewDoc
	answer := func(node, slot uint32, p *reuse.Partner) error {
		a := got[[2]uint32{node, slot}]
		if a == nil || a.doc.Doc != p.Doc {
			return fmt.Errorf("pipeline: document %d: no bytes of a partner of node %d in document %d", d, node, p.Doc)
		}
		p.B0, p.B1 = a.b0, a.b1
		named = append(named, a.doc)
		return nil
	}
	for i := range nodes {
		v := &nodes[i]
		for k := range v.Partners {
			if err := answer(v.Node, 2*uint32(k), &v.Partners[k]); err != nil {
				return nil, nil, err
			}
		}
		for k := range v.Orphans {
			if err := answer(v.Node, 2*uint32(k)+1, &v.Orphans[k].Far); err != nil {
				return nil, nil, err
			}
		}
	}
	return nodes, named, nil
}

// rewritesOf returns document d's views of its rewrites, kept or dropped
// as reuse.RewriteOf says, from the sides of both its documents, and the
// documents they name.
func rewritesOf(d uint32, bd *blockDocs, rws map[uint32][]*rewriteSide) ([]reuse.RewriteView, []reuse.ViewDoc, error) {
	var out []reuse.RewriteView
	var named []reuse.ViewDoc
	for _, own := range rws[d] {
		other, _ := own.ask.key.side(!own.ask.ofA)
		i := slices.IndexFunc(rws[other], func(s *rewriteSide) bool { return s.ask.key == own.ask.key && s.ask.ofA != own.ask.ofA })
		if i < 0 {
			return nil, nil, fmt.Errorf("pipeline: document %d: a rewrite with document %d without its other side", d, other)
		}
		o := rws[other][i]
		if v, keep := reuse.RewriteOf(own.side, o.side, own.ask.sim); keep {
			out, named = append(out, v), append(named, o.doc)
		}
	}
	return out, named, nil
}

// pairKey is the key of the pair of documents a and b: the lesser << 32
// | the greater.
func pairKey(a, b uint32) int { return int(uint64(min(a, b))<<32 | uint64(max(a, b))) }

// pairGroup is the group of the pairs of key k: one of 1<<alignBits.
func pairGroup(k int) int { return int(uint64(k) * 0x9E3779B97F4A7C15 >> (64 - alignBits)) }

// passageFn makes the reports of the passages of a group (groupOf their
// numbers) of their members (reuse.PassageReport) and emits them to the
// join: for each, uv its number, then its report as JSON. With AllPairs,
// it emits every two documents of a passage as a pair: uv its key, by
// its group (pairGroup).
type passageFn struct{ AllPairs bool }

func (fn *passageFn) ProcessElement(ctx context.Context, group int, parts func(*[]byte) bool, emit, emitPairs func(int, []byte)) error {
	byPassage := map[int32][]reuse.MemberPart{}
	if err := eachRecord(parts, "members", func(rec []byte) error {
		r := reader{b: rec}
		m := r.member()
		if r.err != nil || len(r.b) > 0 || groupOf(uint32(m.Passage)) != group {
			return fmt.Errorf("pipeline: a damaged member of a passage, or not of group %d", group)
		}
		byPassage[m.Passage] = append(byPassage[m.Passage], m)
		return nil
	}); err != nil {
		return err
	}
	out, pairs := outbox{}, outbox{}
	for _, c := range slices.Sorted(maps.Keys(byPassage)) {
		ms := byPassage[c]
		p, err := reuse.PassageReport(ms)
		if err != nil {
			return err
		}
		js, err := json.Marshal(&p)
		if err != nil {
			return err
		}
		docJSONBytes.Inc(ctx, int64(len(js)))
		out.add(0, append(binary.AppendUvarint(nil, uint64(c)), js...))
		if fn.AllPairs {
			var docs []uint32
			for _, m := range ms {
				docs = append(docs, m.Doc)
			}
			slices.Sort(docs)
			docs = slices.Compact(docs)
			for i, a := range docs {
				for _, b := range docs[i+1:] {
					k := pairKey(a, b)
					pairs.add(pairGroup(k), binary.AppendUvarint(nil, uint64(k)))
				}
			}
		}
	}
	out.flush(emit)
	pairs.flush(emitPairs)
	return nil
}

// pairFn makes the reports of the pairs of a group (pairGroup) of their
// two documents' sides (reuse.PairReport), each record uv the pair's key
// and a side's encoding (or none: a pair of Options.AllPairs), and emits
// them as JSON to the join. Unless Final, a pair that lacks a side asks
// the block of each document it lacks for it (uv the document, uv the
// other) and sends on the sides it has, as they came; Final, it has
// both.
type pairFn struct {
	Opts  Options
	Final bool
}

func (fn *pairFn) ProcessElement(ctx context.Context, group int, a, b func(*[]byte) bool, emit, ask, pending func(int, []byte)) error {
	type pair struct {
		sides [2]*reuse.PairSide
		encs  [2][]byte
	}
	pairs := map[int]*pair{}
	read := func(rec []byte) error {
		r := reader{b: rec}
		key := int(r.uv())
		if r.err != nil || pairGroup(key) != group {
			return fmt.Errorf("pipeline: a damaged side of a pair, or not of group %d", group)
		}
		p := pairs[key]
		if p == nil {
			p = &pair{}
			pairs[key] = p
		}
		if len(r.b) == 0 {
			return nil // the pair's key alone
		}
		s := &reuse.PairSide{}
		if err := s.UnmarshalBinary(r.b); err != nil {
			return err
		}
		da, db := uint32(uint64(key)>>32), uint32(key)
		doc, other := s.Doc()
		i := 0
		if doc == db {
			i = 1
		}
		if doc != []uint32{da, db}[i] || other != []uint32{db, da}[i] {
			return fmt.Errorf("pipeline: a side of documents %d and %d sent to the pair of %d and %d", doc, other, da, db)
		}
		p.sides[i], p.encs[i] = s, rec
		return nil
	}
	if err := eachRecord(a, "pairs' sides", read); err != nil {
		return err
	}
	if err := eachRecord(b, "pairs' sides", read); err != nil {
		return err
	}
	out, asks, waiting := outbox{}, outbox{}, outbox{}
	for _, key := range slices.Sorted(maps.Keys(pairs)) {
		p := pairs[key]
		da, db := uint32(uint64(key)>>32), uint32(key)
		if p.sides[0] != nil && p.sides[1] != nil {
			rep, err := reuse.PairReport(p.sides[0], p.sides[1], fn.Opts.reuse())
			if err != nil {
				return err
			}
			js, err := json.Marshal(&rep)
			if err != nil {
				return err
			}
			out.add(0, js)
			continue
		}
		if fn.Final {
			return fmt.Errorf("pipeline: the pair of documents %d and %d lacks a side", da, db)
		}
		for i, d := range []uint32{da, db} {
			if p.sides[i] != nil {
				waiting.add(group, p.encs[i])
				continue
			}
			w := writer{}
			w.u32(d)
			w.u32([]uint32{db, da}[i])
			asks.add(groupOf(d), w.b)
		}
	}
	out.flush(emit)
	asks.flush(ask)
	waiting.flush(pending)
	return nil
}

// answerFn answers a block's asks for its documents' sides of pairs,
// from the sides of all their pairs (documentFn's), by the pair's group:
// uv the pair's key, the side's encoding.
func answerFn(ctx context.Context, block int, all, asks func(*[]byte) bool, emit func(int, []byte)) error {
	var sides map[uint32]*reuse.PairSide
	out := outbox{}
	if err := eachRecord(asks, "asks for sides", func(ask []byte) error {
		if sides == nil {
			sides = map[uint32]*reuse.PairSide{}
			if err := eachRecord(all, "sides", func(rec []byte) error {
				r := reader{b: rec}
				d := r.uint32()
				if r.err != nil {
					return fmt.Errorf("pipeline: sides of block %d: %w", block, r.err)
				}
				s := &reuse.PairSide{}
				sides[d] = s
				return s.UnmarshalBinary(r.b)
			}); err != nil {
				return err
			}
		}
		r := reader{b: ask}
		d, other := r.uint32(), r.uint32()
		if r.err != nil || len(r.b) > 0 || sides[d] == nil {
			return fmt.Errorf("pipeline: a damaged ask for a side of block %d, or of a document not there", block)
		}
		enc, err := sides[d].With(other).MarshalBinary()
		if err != nil {
			return err
		}
		sideBytes.Inc(ctx, int64(len(enc)))
		k := pairKey(d, other)
		out.add(pairGroup(k), append(binary.AppendUvarint(nil, uint64(k)), enc...))
		return nil
	}); err != nil {
		return err
	}
	out.flush(emit)
	return nil
}

// joinFn joins the documents' reports, the passages, the pairs and the
// inputs skipped (reuse.JoinReport), and emits the report, JSON (or JSON
// Lines with Opts.Lines).
type joinFn struct{ Opts Options }

func (fn *joinFn) ProcessElement(ctx context.Context, _ int, docParts, passageParts, pairParts, skipParts func(*[]byte) bool, emit func([]byte)) error {
	numbered := func(it func(*[]byte) bool, what string, into func(n int, js []byte) error) error {
		return eachRecord(it, what, func(rec []byte) error {
			r := reader{b: rec}
			n := r.uv()
			if r.err != nil || n > 1<<31 {
				return fmt.Errorf("pipeline: a damaged %s", what)
			}
			if err := into(int(n), r.b); err != nil {
				return fmt.Errorf("pipeline: %s %d: %w", what, n, err)
			}
			return nil
		})
	}
	var docs []report.ScanDocument
	var passages []report.Passage
	var docAt, passageAt []int
	if err := numbered(docParts, "document", func(n int, js []byte) error {
		var d report.ScanDocument
		docs, docAt = append(docs, d), append(docAt, n)
		return json.Unmarshal(js, &docs[len(docs)-1])
	}); err != nil {
		return err
	}
	if err := numbered(passageParts, "passage", func(n int, js []byte) error {
		var p report.Passage
		passages, passageAt = append(passages, p), append(passageAt, n)
		return json.Unmarshal(js, &passages[len(passages)-1])
	}); err != nil {
		return err
	}
	docs, err := inPlace(docs, docAt, "document")
	if err != nil {
		return err
	}
	if passages, err = inPlace(passages, passageAt, "passage"); err != nil {
		return err
	}
	var pairs []report.ScanPair
	if err := eachRecord(pairParts, "pairs", func(js []byte) error {
		var p report.ScanPair
		if err := json.Unmarshal(js, &p); err != nil {
			return fmt.Errorf("pipeline: a pair: %w", err)
		}
		pairs = append(pairs, p)
		return nil
	}); err != nil {
		return err
	}
	var b []byte
	type skip struct {
		key recordKey
		s   report.Skipped
	}
	var skips []skip
	for skipParts(&b) {
		if len(b) == 0 {
			continue // the marker
		}
		r := reader{b: b}
		k := recordKey{int(r.uv()), r.str(), int(r.uv())}
		sk := skip{k, report.Skipped{ID: r.str(), Path: r.str(), Reason: r.str()}}
		if r.err != nil || len(r.b) > 0 {
			return errors.New("pipeline: a damaged input skipped")
		}
		skips = append(skips, sk)
	}
	slices.SortFunc(skips, func(a, b skip) int {
		return cmp.Or(cmp.Compare(a.key.input, b.key.input), cmp.Compare(a.key.file, b.key.file), cmp.Compare(a.key.seq, b.key.seq))
	})
	skipped := make([]report.Skipped, len(skips))
	for i, s := range skips {
		skipped[i] = s.s
	}
	rep, err := reuse.JoinReport(docs, skipped, passages, pairs, fn.Opts.reuse())
	if err != nil {
		return err
	}
	skippedCount.Inc(ctx, int64(len(rep.Skipped)))
	var out bytes.Buffer
	write := rep.WriteJSON
	if fn.Opts.Lines {
		write = rep.WriteJSONLines
	}
	if err := write(&out); err != nil {
		return err
	}
	emit(out.Bytes())
	return nil
}

// inPlace returns xs in the order of their numbers at (0, 1, ... each
// once).
func inPlace[T any](xs []T, at []int, what string) ([]T, error) {
	out := make([]T, len(xs))
	seen := make([]bool, len(xs))
	for i, n := range at {
		if n >= len(xs) || seen[n] {
			return nil, fmt.Errorf("pipeline: %s %d, of %d, or twice", what, n, len(xs))
		}
		out[n], seen[n] = xs[i], true
	}
	return out, nil
}

func init() {
	register.Function2x0(idsFn)
	register.Emitter2[int, idEntry]()
	register.Iter1[idEntry]()
	register.Function3x0(renameFn)
	register.DoFn7x1[context.Context, Record, func(*[]byte) bool, func(*[]byte) bool, func(int, docRecord), func(int, []byte), func(int, []byte), error](&recordsFn{})
	register.Emitter2[int, docRecord]()
	register.Iter1[docRecord]()
	register.DoFn10x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), func(int, []byte), func(int, []byte), error](&viewsFn{})
	register.Function3x1(offsetsFn)
	register.DoFn4x1[int, []byte, func(*[]byte) bool, func(int, []byte), error](&numberFn{})
	register.Function4x1(rewriteAsksFn)
	register.Function7x1(resolveFn)
	register.DoFn10x1[context.Context, int, func(*docRecord) bool, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), func(int, []byte), func(int, []byte), func(int, []byte), error](&documentFn{})
	register.DoFn5x1[context.Context, int, func(*[]byte) bool, func(int, []byte), func(int, []byte), error](&passageFn{})
	register.DoFn7x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), func(int, []byte), func(int, []byte), error](&pairFn{})
	register.Function5x1(answerFn)
	register.DoFn7x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func([]byte), error](&joinFn{})
}
