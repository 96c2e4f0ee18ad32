package pipeline

// The report as JSON Lines in files (Options.ShardDocs), written by the
// workers that gather their documents rather than by the join.

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

// ShardName returns the name of file i of the n files of the report name
// written in files (Options.ShardDocs): report.jsonl's file 2 of 10 is
// report-00002-of-00010.jsonl, and in order of their names the files
// are the report's lines in order.
func ShardName(name string, i, n int) string {
	ext := path.Ext(name)
	if strings.ContainsAny(ext, `/\`) {
		ext = ""
	}
	return fmt.Sprintf("%s-%05d-of-%05d%s", strings.TrimSuffix(name, ext), i, n, ext)
}

// docFile is the file of the report that holds document d, of per a
// file: the first holds the report's head line, the next the documents.
func docFile(d uint32, per int) int { return 1 + int(d)/per }

// reportFiles is how many files a report of n documents is written in,
// per a file: its head, its documents' and its tail.
func reportFiles(n, per int) int { return 2 + (n+per-1)/per }

// appendLedgerDoc encodes what the ledger reads of a document
// (report.ScanDocument.ForLedger), for the join: its ID, outlet and
// publication, flag archived, uv its words, uv the bits of its original
// and rewritten fractions, uv its spans, and for each uv its start, uv
// its words, flag quoted, flag with a source, the source's document if
// so, uv its first piece's passage + 1 (0 for none).
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
			s.Source = &report.Source{Doc: r.str()}
		}
		if p := r.num(); p > 0 {
			s.Pieces = []report.Piece{{Passage: p - 1}}
		}
	}
	return d
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

// splitDocsFn sends the join what the ledger reads of the documents (key
// 0) and their files their reports (the other keys), with
// Options.ShardDocs.
func splitDocsFn(key int, b []byte, toJoin, toFiles func(int, []byte)) {
	if key == 0 {
		toJoin(key, b)
	} else {
		toFiles(key, b)
	}
}

// appendFilePlan encodes what the files of documents read of the join:
// uv the number of documents, uv the number of passages, then for each
// passage after the sort, uv its number before (report.Scan.SortNumbering).
func appendFilePlan(b []byte, docs int, was []int) []byte {
	b = binary.AppendUvarint(binary.AppendUvarint(b, uint64(docs)), uint64(len(was)))
	for _, old := range was {
		b = binary.AppendUvarint(b, uint64(old))
	}
	return b
}

// filePlan is appendFilePlan's, decoded: the number of documents, and the
// passages' numbers after the sort by their numbers before.
type filePlan struct {
	read bool
	docs int
	now  []int32 // now[old] is the passage's number after the sort
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
	p.docs = int(r.uv())
	n := r.count(1)
	if r.err == nil && n >= 1<<31 {
		r.err = fmt.Errorf("%d passages", n)
	}
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

// docLinesFn writes a file of the report's documents (docFile), as the
// join's plan says: the documents of the file in order, each sorted and
// its passages renumbered (report.WriteDocumentLines).
type docLinesFn struct {
	Name string
	Per  int
	plan filePlan
}

func (fn *docLinesFn) ProcessElement(ctx context.Context, file int, parts func(*[]byte) bool, plan func(*[]byte) bool) error {
	if err := fn.plan.load(plan); err != nil {
		return err
	}
	lo, hi := (file-1)*fn.Per, min(file*fn.Per, fn.plan.docs)
	if file < 1 || lo >= hi {
		return fmt.Errorf("pipeline: a file %d of the documents of a report of %d", file, fn.plan.docs)
	}
	docs := make([]report.ScanDocument, hi-lo)
	seen := make([]bool, hi-lo)
	if err := eachRecord(parts, "documents", func(rec []byte) error {
		r := reader{b: rec}
		d := int(r.uv())
		if r.err != nil || d < lo || d >= hi || seen[d-lo] {
			return fmt.Errorf("pipeline: document %d in file %d, or twice, or damaged", d, file)
		}
		seen[d-lo] = true
		return json.Unmarshal(r.b, &docs[d-lo])
	}); err != nil {
		return err
	}
	if i := slices.Index(seen, false); i >= 0 {
		return fmt.Errorf("pipeline: document %d is not in file %d", lo+i, file)
	}
	var w countingWriter
	name := ShardName(fn.Name, file, reportFiles(fn.plan.docs, fn.Per))
	if err := writeFile(ctx, name, func(f io.Writer) error {
		w.w = f
		return report.WriteDocumentLines(&w, docs, fn.plan.renumber)
	}); err != nil {
		return fmt.Errorf("pipeline: the report's file %s: %w", name, err)
	}
	reportBytes.Inc(ctx, w.n)
	return nil
}

func init() {
	register.Function4x0(splitDocsFn)
	register.DoFn4x1[context.Context, int, func(*[]byte) bool, func(*[]byte) bool, error](&docLinesFn{})
}
