package pipeline

import (
	"context"
	"io"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

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
	// FileLines, with Lines, writes the report as files of FileLines
	// lines each (FileName), each written by a worker of its own, not
	// the whole by one worker: the report's head line in the first, then
	// its documents' lines, its skipped inputs' and outlets' (one file),
	// its passages' and its pairs'. The files one after another, in
	// order of their names, are the one file's bytes. 0 writes one file.
	FileLines int
}

// Scan scans the records (Read) as `copydesk scan` scans the same files
// named in the same order, and writes the report to the file name (local
// or an object store's): bytes for bytes the command's `--format json`
// (or `--format jsonl`, with Options.Lines).
//
// Each document is analysed on the worker that holds it (Analyse), each
// shard's candidates found on a worker of its own (Shards), each
// document pair's candidates aligned, and its documents compared if they
// share no copy, on a worker of its own (Align), each pair's evidence
// kept where the two meet (Chain), each connected component's passages
// made on a worker of its own (Passages), and each document's report,
// passage and pair where what it reads meets (Report); one worker joins
// the report and writes it to the file as it goes, so that the report is
// never one element of the pipeline.
func Scan(s beam.Scope, records beam.PCollection, name string, opts Options) {
	analysed, entries, postings := Analyse(s, records, opts.Shingle)
	index, pairs, shared, roots := Shards(s, entries, postings)
	aligned, alone, byBlock := Align(s, analysed, index, pairs, roots, opts)
	chained := Chain(s, aligned, alone, opts)
	comps, compNodes, compEdges, labels := Passages(s, chained, byBlock, index)
	Report(s, analysed, index, shared, chained, comps, compNodes, compEdges, labels, name, opts)
}

// files reports whether the report is written in files (FileLines).
func (o Options) files() bool { return o.FileLines > 0 && o.Lines }

// reuse returns the reuse.Options of the scan, on one worker. A
// pipeline keeps runs of passages apart (reuse.Options.KeepRuns): joining
// them reads passages of many components at once, a stage it does not
// have yet.
func (o Options) reuse() reuse.Options {
	return reuse.Options{MinWords: o.MinWords, MinContent: o.MinContent, Shingle: o.Shingle, Partners: o.Partners, AllPairs: o.AllPairs, KeepRuns: true}
}

// The counters of a scan: documents analysed and inputs skipped, as the
// command's last line says (`copydesk scan: N documents in, ...`).
var (
	analysed     = beam.NewCounter("copydesk", "analysed")
	skippedCount = beam.NewCounter("copydesk", "skipped")
)

// writeFile writes the file name (local or an object store's) with
// write, through a file beside it renamed over it where the file system
// renames (so that a reader never sees half a report).
func writeFile(ctx context.Context, name string, write func(io.Writer) error) error {
	fsys, err := filesystem.New(ctx, name)
	if err != nil {
		return err
	}
	defer fsys.Close()
	renamer, renames := fsys.(filesystem.Renamer)
	to := name
	if renames {
		to += ".tmp"
	}
	w, err := fsys.OpenWrite(ctx, to)
	if err != nil {
		return err
	}
	if err := write(w); err != nil {
		w.Close()
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	if renames {
		return renamer.Rename(ctx, to, name)
	}
	return nil
}

func init() {
	register.Emitter1[[]byte]()
}
