package pipeline

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk/corpus"
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
//     pairs, in order (reuse.JoinReport), and writes the report to the
//     file name as it goes. With Options.FileLines, it joins only what
//     the ledger reads of each document and what the order of passages
//     and pairs reads, writes the head and the ledger, and numbers the
//     passages and ranks the pairs; each file of documents', passages'
//     or pairs' lines is written by a worker of its own (linesFn).
//
// A text in c documents is c node views with some c partners, c members
// of one passage, and at most a few pairs a document: what Report
// shuffles grows with the copies, not with their square (but with
// Options.AllPairs, every two documents of a passage are a pair).
func Report(s beam.Scope, analysed, index, shared, chained, comps, compNodes, compEdges, labels beam.PCollection, name string, opts Options) {
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
	passages, allPairs := beam.ParDo2(s, &passageFn{AllPairs: opts.AllPairs, Files: opts.files()}, beam.GroupByKey(s, members))
	pairs, pairAsks, pending := beam.ParDo3(s, &pairFn{Opts: opts}, beam.CoGroupByKey(s, named, allPairs))
	answered := beam.ParDo(s, answerFn, beam.CoGroupByKey(s, all, pairAsks))
	more, _, _ := beam.ParDo3(s, &pairFn{Opts: opts, Final: true}, beam.CoGroupByKey(s, pending, answered))
	marker := beam.AddFixedKey(s, beam.Create(s, []byte{})) // a report even of nothing
	if !opts.files() {
		beam.ParDo2(s, &joinFn{Opts: opts, Name: name}, beam.CoGroupByKey(s, docs, passages, beam.Flatten(s, pairs, more), beam.Flatten(s, skipped, marker)))
		return
	}
	// The report in files (Options.FileLines): the join reads what the
	// ledger and the order of passages and pairs read, and writes the
	// head and the ledger; the documents', passages' and pairs' lines go
	// to their files, numbered as the join says (the plan, a side input;
	// the pairs' ranks, by group).
	docs, docLines := beam.ParDo2(s, toJoinFn, docs)
	passages, passageLines := beam.ParDo2(s, toJoinFn, passages)
	pairs, pairLines := beam.ParDo2(s, toJoinFn, beam.Flatten(s, pairs, more))
	plan, ranks := beam.ParDo2(s, &joinFn{Opts: opts, Name: name}, beam.CoGroupByKey(s, docs, passages, pairs, beam.Flatten(s, skipped, marker)))
	passageLines = beam.ParDo(s, &passageFilesFn{Per: opts.FileLines}, passageLines, beam.SideInput{Input: plan})
	pairLines = beam.ParDo(s, &pairFilesFn{Per: opts.FileLines}, beam.CoGroupByKey(s, ranks, pairLines), beam.SideInput{Input: plan})
	beam.ParDo0(s, &linesFn{Name: name, Per: opts.FileLines}, beam.GroupByKey(s, beam.Flatten(s, docLines, passageLines, pairLines)), beam.SideInput{Input: plan})
}

// The counters of Report: the bytes of what it shuffles, as its stages
// encode them.
var (
	viewBytes        = beam.NewCounter("copydesk", "views-bytes")
	farBytes         = beam.NewCounter("copydesk", "far-bytes") // asks and answers
	rewriteBytes     = beam.NewCounter("copydesk", "rewrite-sides-bytes")
	docJSONBytes     = beam.NewCounter("copydesk", "documents-json-bytes")
	passageJSONBytes = beam.NewCounter("copydesk", "passages-json-bytes")
	pairJSONBytes    = beam.NewCounter("copydesk", "pairs-json-bytes")
	memberBytes      = beam.NewCounter("copydesk", "members-bytes")
	sideBytes        = beam.NewCounter("copydesk", "pair-sides-bytes")
	allSideBytes     = beam.NewCounter("copydesk", "all-sides-bytes") // the sides of all a document's pairs, to its block
	sharedBytes      = beam.NewCounter("copydesk", "shared-bytes")
	offsetBytes      = beam.NewCounter("copydesk", "offsets-bytes")
	reportFileCount  = beam.NewCounter("copydesk", "report-files")         // with Options.FileLines
	passageKeyBytes  = beam.NewCounter("copydesk", "passage-keys-bytes")   // what the order reads of the passages, with Options.FileLines
	pairKeyBytes     = beam.NewCounter("copydesk", "pair-keys-bytes")      // the pairs' IDs, with Options.FileLines
	reportBytes      = beam.NewCounter("copydesk", "report-written-bytes") // written, not shuffled
	ledgerBytes      = beam.NewCounter("copydesk", "ledger-bytes")         // what the ledger reads of the documents, with Options.FileLines
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

func init() {
	register.Function2x0(idsFn)
	register.Emitter2[int, idEntry]()
	register.Iter1[idEntry]()
	register.Function3x0(renameFn)
	register.DoFn7x1[context.Context, Record, func(*[]byte) bool, func(*[]byte) bool, func(int, docRecord), func(int, []byte), func(int, []byte), error](&recordsFn{})
	register.Emitter2[int, docRecord]()
	register.Iter1[docRecord]()
}
