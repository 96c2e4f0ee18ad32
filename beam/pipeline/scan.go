package pipeline

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/reuse"
)

// Options are the scan's options: reuse.Options's that a report depends
// on, as `copydesk scan` sets them from its flags. The zero value means
// the defaults.
type Options struct {
	MinWords   int  // reuse.Options.MinWords
	MinContent int  // reuse.Options.MinContent: 0 the default, negative none
	Shingle    int  // reuse.Options.Shingle
	Partners   int  // reuse.Options.Partners
	AllPairs   bool // reuse.Options.AllPairs
	// Lines writes the report as JSON Lines (report.Scan.WriteJSONLines:
	// a line a document, passage and pair), not as one JSON document.
	Lines bool
}

// Scan scans the records (Read) as `copydesk scan` scans the same files
// named in the same order, and returns a PCollection of one element: the
// JSON report, bytes for bytes the command's `--format json` (or
// `--format jsonl`, with Options.Lines).
//
// Each document is analysed on the worker that holds it (Analyse), each
// shard's candidates found on a worker of its own (Shards), each
// document pair's candidates aligned, and its documents compared if they
// share no copy, on a worker of its own (Align), and each pair's
// evidence kept where the two meet (Chain); then the analysed records
// are put in input order and the stages that read the whole corpus
// (reuse.ScanChained: the passages, the report) run on one worker (see
// the README's Beam section for what remains).
func Scan(s beam.Scope, records beam.PCollection, opts Options) beam.PCollection {
	analysed, entries, postings := Analyse(s, records, opts.Shingle)
	shards, index, pairs := Shards(s, entries, postings)
	aligned, alone, byBlock := Align(s, analysed, index, pairs, opts)
	chained := Chain(s, aligned, alone, opts)
	comps := Passages(s, chained, byBlock, index)
	s = s.Scope("copydesk.Scan")
	all := beam.GroupByKey(s, beam.AddFixedKey(s, analysed))
	return beam.ParDo(s, &scanFn{Opts: opts}, all, beam.SideInput{Input: shards},
		beam.SideInput{Input: beam.DropKey(s, chained)}, beam.SideInput{Input: comps})
}

// reuse returns the reuse.Options of the scan, on one worker.
func (o Options) reuse() reuse.Options {
	return reuse.Options{MinWords: o.MinWords, MinContent: o.MinContent, Shingle: o.Shingle, Partners: o.Partners, AllPairs: o.AllPairs}
}

// scanFn scans the whole corpus, its records grouped under one key, its
// shards and its document pairs chained side inputs.
type scanFn struct{ Opts Options }

// The counters of a scan: documents analysed and inputs skipped, as the
// command's last line says (`copydesk scan: N documents in, ...`).
var (
	analysed = beam.NewCounter("copydesk", "analysed")
	skipped  = beam.NewCounter("copydesk", "skipped")
)

func (fn *scanFn) ProcessElement(ctx context.Context, _ int, records func(*Record) bool, shards, chained, comps func(*[]byte) bool, emit func([]byte)) error {
	var all []Record
	var r Record
	for records(&r) {
		all = append(all, r)
		r = Record{}
	}
	var found []reuse.Shard
	var enc []byte
	for shards(&enc) {
		sh, err := decodeShard(enc)
		if err != nil {
			return err
		}
		found = append(found, sh)
	}
	var pairs []*reuse.PairAlignment
	for chained(&enc) {
		var err error
		if pairs, err = decodeAligned(pairs, enc); err != nil {
			return err
		}
	}
	var cps []*reuse.ComponentPassages
	for comps(&enc) {
		var err error
		if cps, err = decodeComponents(cps, enc); err != nil {
			return err
		}
	}
	o := fn.Opts
	ro := o.reuse()
	ro.TempDir = os.TempDir()
	rep, err := reuse.ScanPassages(Ordered(all), found, pairs, cps, ro)
	if err != nil {
		return err
	}
	defer rep.Close()
	analysed.Inc(ctx, int64(len(rep.Documents)))
	skipped.Inc(ctx, int64(len(rep.Skipped)))
	var b bytes.Buffer
	write := rep.WriteJSON
	if o.Lines {
		write = rep.WriteJSONLines
	}
	if err := write(&b); err != nil {
		return err
	}
	emit(b.Bytes())
	return nil
}

// Ordered returns the corpus the analysed records make, in input order
// (Record), duplicate ids renamed as `copydesk scan` renames them
// (corpus.IDs). It sorts records.
func Ordered(records []Record) reuse.AnalysedSource {
	slices.SortFunc(records, func(a, b Record) int {
		return cmp.Or(cmp.Compare(a.Input, b.Input), cmp.Compare(a.File, b.File), cmp.Compare(a.Seq, b.Seq))
	})
	return func(doc func(corpus.Doc, *reuse.Analysis) error, skip func(corpus.Skip) error) error {
		var ids corpus.IDs
		for i := range records {
			r := &records[i]
			if r.Skipped {
				if err := skip(corpus.Skip{ID: r.ID, Path: r.Path, Reason: r.Reason, Hidden: r.Hidden}); err != nil {
					return err
				}
				continue
			}
			d, err := r.doc()
			if err != nil {
				return fmt.Errorf("pipeline: %s: published: %w", r.Path, err)
			}
			var a reuse.Analysis
			if err := a.UnmarshalBinary(r.Analysis); err != nil {
				return fmt.Errorf("pipeline: %s: %w", r.Path, err)
			}
			r.Analysis, r.Text = nil, nil // the scan has them
			ids.Rename(&d)
			if err := doc(d, &a); err != nil {
				return err
			}
		}
		return nil
	}
}

// Write writes each element of col, a []byte, to the file name (local or
// an object store's), through a file beside it renamed over it where the
// file system renames (so that a reader never sees half a report).
func Write(s beam.Scope, name string, col beam.PCollection) {
	s = s.Scope("copydesk.Write")
	beam.ParDo0(s, &writeFn{Name: name}, col)
}

type writeFn struct{ Name string }

func (fn *writeFn) ProcessElement(ctx context.Context, b []byte) error {
	fsys, err := filesystem.New(ctx, fn.Name)
	if err != nil {
		return err
	}
	defer fsys.Close()
	renamer, renames := fsys.(filesystem.Renamer)
	to := fn.Name
	if renames {
		to += ".tmp"
	}
	w, err := fsys.OpenWrite(ctx, to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, bytes.NewReader(b)); err != nil {
		w.Close()
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	if renames {
		return renamer.Rename(ctx, to, fn.Name)
	}
	return nil
}

func init() {
	register.DoFn7x1[context.Context, int, func(*Record) bool, func(*[]byte) bool, func(*[]byte) bool, func(*[]byte) bool, func([]byte), error](&scanFn{})
	register.Iter1[Record]()
	register.Emitter1[[]byte]()
	register.DoFn2x1[context.Context, []byte, error](&writeFn{})
}
