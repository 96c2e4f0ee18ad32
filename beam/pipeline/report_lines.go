package pipeline

// The report as JSON Lines in files (Options.FileLines): the join reads
// what the ledger and the order of passages and pairs read (a few bytes
// each), writes the head and the ledger, and numbers the passages and
// ranks the pairs; each file of documents', passages' or pairs' lines is
// written by a worker of its own.

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk/report"
)

// FileName returns the name of file i of the n files of the report name
// written in files (Options.FileLines): report.jsonl's file 2 of 10 is
// report-00002-of-00010.jsonl, and in order of their names the files
// are the report's lines in order.
func FileName(name string, i, n int) string {
	ext := path.Ext(name)
	if strings.ContainsAny(ext, `/\`) {
		ext = ""
	}
	return fmt.Sprintf("%s-%05d-of-%05d%s", strings.TrimSuffix(name, ext), i, n, ext)
}

// The files of a report written in files of per lines (FileName): the
// head line; the documents', per a file; the skipped inputs' and the
// outlets'; the passages', per a file; the pairs', per a file. The
// documents are numbered in input order, the passages in the report's
// order from 1, the pairs by their rank in it from 0.

// docFile is the file of the report that holds document d.
func docFile(d uint32, per int) int { return 1 + int(d)/per }

// filesOf is how many files n lines need, per a file.
func filesOf(n, per int) int { return (n + per - 1) / per }

// appendLedgerDoc encodes what the ledger reads of a document
// (report.ScanDocument.ForLedger), for the join: its ID, outlet and
// publication, flag archived, uv its words, uv the bits of its original
// and rewritten fractions, uv its spans, and for each uv its start, uv
// its words, flag quoted, flag with a source, the source's document and
// flag earlier if so, uv its first piece's passage + 1 (0 for none).
func appendLedgerDoc(b []byte, d *report.ScanDocument) []byte {
	w := writer{b: b}
	w.str(d.ID)
	w.str(d.Outlet)
	w.str(d.Published)
	w.flag(d.Archived)
	w.uv(uint64(d.Words))
	w.uv(math.Float64bits(d.OriginalFraction))
	w.uv(math.Float64bits(d.RewrittenFraction))
	w.uv(uint64(len(d.Spans)))
	for _, s := range d.Spans {
		w.uv(uint64(s.Start))
		w.uv(uint64(s.Words))
		w.flag(s.Quoted)
		w.flag(s.Source != nil)
		if s.Source != nil {
			w.str(s.Source.Doc)
			w.flag(s.Source.Earlier)
		}
		if len(s.Pieces) > 0 {
			w.uv(uint64(s.Pieces[0].Passage) + 1)
		} else {
			w.uv(0)
		}
	}
	return w.b
}

func (r *reader) ledgerDoc() report.ScanDocument {
	d := report.ScanDocument{ID: r.str(), Outlet: r.str(), Published: r.str(), Archived: r.flag(), Words: r.num()}
	d.OriginalFraction, d.RewrittenFraction = math.Float64frombits(r.uv()), math.Float64frombits(r.uv())
	if n := r.count(4); n > 0 {
		d.Spans = make([]report.Span, n)
	}
	for i := range d.Spans {
		s := &d.Spans[i]
		s.Start, s.Words, s.Quoted = r.num(), r.num(), r.flag()
		if r.flag() {
			s.Source = &report.Source{Doc: r.str(), Earlier: r.flag()}
		}
		if p := r.num(); p > 0 {
			s.Pieces = []report.Piece{{Passage: p - 1}}
		}
	}
	return d
}

// appendPassageKey encodes what the passages' order and the ledger read
// of passage p (report.Passage.ForOrder), for the join: uv its reach in
// documents and uv in outlets, uv its words, flag with members, its first
// member's document and uv start if so, its origin and its order.
func appendPassageKey(b []byte, p *report.Passage) []byte {
	k := p.ForOrder()
	w := writer{b: b}
	w.uv(uint64(k.Reach.Documents))
	w.uv(uint64(k.Reach.Outlets))
	w.uv(uint64(k.Words))
	w.flag(len(k.Members) > 0)
	if len(k.Members) > 0 {
		w.str(k.Members[0].Doc)
		w.uv(uint64(k.Members[0].Start))
	}
	w.str(k.Origin)
	w.str(k.Order)
	return w.b
}

// passageKey reads appendPassageKey's encoding of the passage numbered
// n + 1.
func (r *reader) passageKey(n int) report.Passage {
	p := report.Passage{ID: n + 1, Reach: report.Reach{Documents: r.num(), Outlets: r.num()}, Words: r.num()}
	if r.flag() {
		p.Members = []report.Member{{Doc: r.str(), Start: r.num()}}
	}
	p.Origin, p.Order = r.str(), r.str()
	return p
}

// passageFilesFn sends each passage's line (uv its number less one, its
// JSON, from passageFn) to its file, as the join numbered it (the plan):
// uv its new number less one, its JSON.
type passageFilesFn struct {
	Per  int
	plan filePlan
}

func (fn *passageFilesFn) ProcessElement(ctx context.Context, _ int, b []byte, plan func(*[]byte) bool, emit func(int, []byte)) error {
	if err := fn.plan.load(plan); err != nil {
		return err
	}
	out := outbox{}
	one := func(p *[]byte) bool { *p = b; b = nil; return *p != nil }
	if err := eachRecord(one, "passages' lines", func(rec []byte) error {
		r := reader{b: rec}
		n, ok := fn.plan.renumber(r.num() + 1)
		if r.err != nil || !ok {
			return fmt.Errorf("pipeline: a line of a passage not in the plan, or damaged")
		}
		out.add(fn.plan.passageFile(n, fn.Per), append(binary.AppendUvarint(nil, uint64(n-1)), r.b...))
		return nil
	}); err != nil {
		return err
	}
	out.flush(emit)
	return nil
}

// pairFilesFn sends each pair's line of a group (uv its key, its JSON,
// from pairFn) to its file, as the join ranked it (uv its key, uv its
// rank): uv its rank, its JSON.
type pairFilesFn struct {
	Per  int
	plan filePlan
}

func (fn *pairFilesFn) ProcessElement(ctx context.Context, group int, ranks, lines func(*[]byte) bool, plan func(*[]byte) bool, emit func(int, []byte)) error {
	if err := fn.plan.load(plan); err != nil {
		return err
	}
	rank := map[uint64]int{}
	if err := eachRecord(ranks, "pairs' ranks", func(rec []byte) error {
		r := reader{b: rec}
		k, n := r.uv(), r.num()
		if r.err != nil || len(r.b) > 0 || n >= fn.plan.pairs {
			return fmt.Errorf("pipeline: a damaged rank of a pair of group %d", group)
		}
		rank[k] = n
		return nil
	}); err != nil {
		return err
	}
	out := outbox{}
	if err := eachRecord(lines, "pairs' lines", func(rec []byte) error {
		r := reader{b: rec}
		n, ok := rank[r.uv()]
		if r.err != nil || !ok {
			return fmt.Errorf("pipeline: a line of a pair of group %d the join did not rank, or damaged", group)
		}
		out.add(fn.plan.pairFile(n, fn.Per), append(binary.AppendUvarint(nil, uint64(n)), r.b...))
		return nil
	}); err != nil {
		return err
	}
	out.flush(emit)
	return nil
}

// num reads a number below 2³¹.
func (r *reader) num() int {
	v := r.uv()
	if v >= 1<<31 {
		r.err = cmp.Or(r.err, errors.New("a number past 2³¹"))
		return 0
	}
	return int(v)
}

// toJoinFn sends the join the elements of key 0 (what it reads of the
// documents, passages and pairs, with Options.FileLines) and on the
// others (their lines, to their files).
func toJoinFn(key int, b []byte, toJoin, others func(int, []byte)) {
	if key == 0 {
		toJoin(key, b)
	} else {
		others(key, b)
	}
}

// appendFilePlan encodes what the writers of the report's files read of
// the join: uv the number of documents, uv the number of pairs, uv the
// number of passages, then for each passage after the sort, uv its
// number before (report.Scan.SortNumbering).
func appendFilePlan(b []byte, docs, pairs int, was []int) []byte {
	w := writer{b: b}
	w.uv(uint64(docs))
	w.uv(uint64(pairs))
	w.uv(uint64(len(was)))
	for _, old := range was {
		w.uv(uint64(old))
	}
	return w.b
}

// filePlan is appendFilePlan's, decoded: the number of documents and
// pairs, and the passages' numbers after the sort by their numbers
// before.
type filePlan struct {
	read        bool
	docs, pairs int
	now         []int32 // now[old] is the passage's number after the sort
}

func (p *filePlan) load(side func(*[]byte) bool) error {
	if p.read {
		return nil
	}
	var b []byte
	if !side(&b) {
		return fmt.Errorf("pipeline: no plan of the report's files")
	}
	r := reader{b: b}
	p.docs, p.pairs = r.num(), r.num()
	n := r.count(1)
	p.now = make([]int32, n+1)
	for i := range n {
		old := r.uv()
		if r.err == nil && (old < 1 || old > uint64(n) || p.now[old] != 0) {
			r.err = fmt.Errorf("passage %d, of %d, or twice", old, n)
		}
		if r.err != nil {
			break
		}
		p.now[old] = int32(i + 1)
	}
	if r.err != nil || len(r.b) > 0 || side(&b) {
		return fmt.Errorf("pipeline: a damaged plan of the report's files: %v", r.err)
	}
	p.read = true
	return nil
}

func (p *filePlan) renumber(old int) (int, bool) {
	if old < 1 || old >= len(p.now) {
		return 0, false
	}
	return int(p.now[old]), true
}

// The kinds of lines a file of the report holds.
const (
	docLines = iota
	passageLines
	pairLines
)

// files returns how many files the report is in, per lines a file.
func (p *filePlan) files(per int) int {
	return 2 + filesOf(p.docs, per) + filesOf(len(p.now)-1, per) + filesOf(p.pairs, per)
}

// passageFile is the file of the passage numbered n, pairFile that of the
// pair ranked k.
func (p *filePlan) passageFile(n, per int) int { return 2 + filesOf(p.docs, per) + (n-1)/per }
func (p *filePlan) pairFile(k, per int) int {
	return 2 + filesOf(p.docs, per) + filesOf(len(p.now)-1, per) + k/per
}

// kind returns what file f holds: documents, passages or pairs, the lo-th
// to the hi-th of them (documents by number, passages by number less one,
// pairs by rank); ok false for the first file and the ledger's.
func (p *filePlan) kind(f, per int) (kind, lo, hi int, ok bool) {
	d, ps := filesOf(p.docs, per), filesOf(len(p.now)-1, per)
	switch {
	case f >= 1 && f <= d:
		lo = (f - 1) * per
		return docLines, lo, min(lo+per, p.docs), true
	case f >= d+2 && f < d+2+ps:
		lo = (f - d - 2) * per
		return passageLines, lo, min(lo+per, len(p.now)-1), true
	case f >= d+2+ps && f < p.files(per):
		lo = (f - d - 2 - ps) * per
		return pairLines, lo, min(lo+per, p.pairs), true
	}
	return 0, 0, 0, false
}

// linesFn writes a file of the report's documents, passages or pairs,
// as the join's plan says: its lines in order (each record uv its place,
// then its JSON), each put in order on its own, with the passages' new
// numbers (report.WriteDocumentLines, WritePassageLines,
// WritePairLines).
type linesFn struct {
	Name string
	Per  int
	plan filePlan
}

func (fn *linesFn) ProcessElement(ctx context.Context, file int, parts func(*[]byte) bool, plan func(*[]byte) bool) error {
	if err := fn.plan.load(plan); err != nil {
		return err
	}
	kind, lo, hi, ok := fn.plan.kind(file, fn.Per)
	if !ok || lo >= hi {
		return fmt.Errorf("pipeline: a file %d of lines of a report of %d files", file, fn.plan.files(fn.Per))
	}
	var write func(io.Writer) error
	var err error
	switch kind {
	case docLines:
		var docs []report.ScanDocument
		if docs, err = readLines[report.ScanDocument](parts, file, lo, hi); err == nil {
			write = func(w io.Writer) error { return report.WriteDocumentLines(w, docs, fn.plan.renumber) }
		}
	case passageLines:
		var ps []report.Passage
		if ps, err = readLines[report.Passage](parts, file, lo, hi); err == nil {
			for i := range ps {
				ps[i].ID = lo + i + 1 // as the join numbered it
			}
			write = func(w io.Writer) error { return report.WritePassageLines(w, ps) }
		}
	default:
		var pairs []report.ScanPair
		if pairs, err = readLines[report.ScanPair](parts, file, lo, hi); err == nil {
			write = func(w io.Writer) error { return report.WritePairLines(w, pairs) }
		}
	}
	if err != nil {
		return err
	}
	var w countingWriter
	name := FileName(fn.Name, file, fn.plan.files(fn.Per))
	if err := writeFile(ctx, name, func(f io.Writer) error { w.w = f; return write(&w) }); err != nil {
		return fmt.Errorf("pipeline: the report's file %s: %w", name, err)
	}
	reportBytes.Inc(ctx, w.n)
	return nil
}

// readLines reads the lines lo to hi of a file, each once, in order.
func readLines[T any](parts func(*[]byte) bool, file, lo, hi int) ([]T, error) {
	xs := make([]T, hi-lo)
	seen := make([]bool, hi-lo)
	if err := eachRecord(parts, "lines", func(rec []byte) error {
		r := reader{b: rec}
		i := int(r.uv())
		if r.err != nil || i < lo || i >= hi || seen[i-lo] {
			return fmt.Errorf("pipeline: line %d in file %d, or twice, or damaged", i, file)
		}
		seen[i-lo] = true
		return json.Unmarshal(r.b, &xs[i-lo])
	}); err != nil {
		return nil, err
	}
	if i := slices.Index(seen, false); i >= 0 {
		return nil, fmt.Errorf("pipeline: line %d is not in file %d", lo+i, file)
	}
	return xs, nil
}

func init() {
	register.Function4x0(toJoinFn)
	register.DoFn5x1[context.Context, int, []byte, func(*[]byte) bool, func(int, []byte), error](&passageFilesFn{})
	register.DoFn6x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func(int, []byte), error](&pairFilesFn{})
	register.DoFn4x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, error](&linesFn{})
}
