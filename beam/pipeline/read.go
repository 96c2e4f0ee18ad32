package pipeline

import (
	"context"
	"io"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // local files
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/repair"
)

// Record is one input of the corpus as a pipeline carries it: a document
// read (corpus.Doc, its fields plain data for Beam's coders) or an input
// skipped (Skipped, with its Reason). Input, File and Seq place it in
// input order: the pattern it matched, in the order given; its file, in
// byte order of the paths; its place in the file.
type Record struct {
	Input int
	File  string
	Seq   int

	Skipped bool
	Reason  string
	Hidden  bool

	ID, Path, Outlet, Title, URL string
	Published                    []byte // time.Time.MarshalBinary; empty when unknown
	DateOnly                     bool
	Text                         []byte
	Encoding                     string
	Repairs                      []Fix
	Note                         string
	Boilerplate                  []Range
	// Analysis is the document's reuse.Analysis, encoded (MarshalBinary),
	// once Analyse has made it.
	Analysis []byte
}

// Fix is a repair.Fix.
type Fix struct {
	Start, End int
	Was        string
	Kind       int
	Guess      bool
}

// Range is a corpus.Range.
type Range struct{ Start, End int }

// Read reads the documents of the files that each pattern matches (a glob
// of local files or an object store's, gs://bucket/*.jsonl.gz), each file
// on a worker of its own, as `copydesk scan` reads a file named on its
// command line (corpus.ReadFile): records in its order, ids as they are
// (Report renames duplicates in input order, on one worker). It
// returns a PCollection of Record.
func Read(s beam.Scope, patterns []string, encoding string) beam.PCollection {
	s = s.Scope("copydesk.Read")
	var all []beam.PCollection
	for i, p := range patterns {
		files := fileio.ReadMatches(s, fileio.MatchFiles(s, p, fileio.MatchEmptyAllow()), fileio.ReadUncompressed())
		all = append(all, beam.ParDo(s, &readFn{Input: i, Encoding: encoding}, files))
	}
	if len(all) == 1 {
		return all[0]
	}
	return beam.Flatten(s, all...)
}

// readFn reads one file's records.
type readFn struct {
	Input    int
	Encoding string
}

func (fn *readFn) ProcessElement(ctx context.Context, f fileio.ReadableFile, emit func(Record)) error {
	path := f.Metadata.Path
	seq := 0
	src := corpus.ReadFile(path, func() (io.ReadCloser, error) { return f.Open(ctx) }, corpus.Options{Encoding: fn.Encoding})
	return src(func(d corpus.Doc) error {
		r := fromDoc(d)
		r.Input, r.File, r.Seq = fn.Input, path, seq
		seq++
		emit(r)
		return nil
	}, func(sk corpus.Skip) error {
		emit(Record{Input: fn.Input, File: path, Seq: seq, Skipped: true, ID: sk.ID, Path: sk.Path, Reason: sk.Reason, Hidden: sk.Hidden})
		seq++
		return nil
	})
}

func init() {
	register.DoFn3x1[context.Context, fileio.ReadableFile, func(Record), error](&readFn{})
	register.Emitter1[Record]()
}

// fromDoc is d as a Record.
func fromDoc(d corpus.Doc) Record {
	r := Record{ID: d.ID, Path: d.Path, Outlet: d.Outlet, Title: d.Title, URL: d.URL, DateOnly: d.DateOnly,
		Text: d.Text, Encoding: d.Encoding, Note: d.Note}
	if !d.Published.IsZero() {
		r.Published, _ = d.Published.MarshalBinary() // fails only past year 32767, which no parser makes
	}
	for _, f := range d.Repairs {
		r.Repairs = append(r.Repairs, Fix{f.Start, f.End, f.Was, int(f.Kind), f.Guess})
	}
	for _, b := range d.Boilerplate {
		r.Boilerplate = append(r.Boilerplate, Range{b.Start, b.End})
	}
	return r
}

// doc is the document r carries.
func (r *Record) doc() (corpus.Doc, error) {
	d := corpus.Doc{ID: r.ID, Path: r.Path, Outlet: r.Outlet, Title: r.Title, URL: r.URL, DateOnly: r.DateOnly,
		Text: r.Text, Encoding: r.Encoding, Note: r.Note}
	if len(r.Published) > 0 {
		var t time.Time
		if err := t.UnmarshalBinary(r.Published); err != nil {
			return d, err
		}
		d.Published = t
	}
	for _, f := range r.Repairs {
		d.Repairs = append(d.Repairs, repair.Fix{Start: f.Start, End: f.End, Was: f.Was, Kind: repair.Kind(f.Kind), Guess: f.Guess})
	}
	for _, b := range r.Boilerplate {
		d.Boilerplate = append(d.Boilerplate, corpus.Range{Start: b.Start, End: b.End})
	}
	return d, nil
}
