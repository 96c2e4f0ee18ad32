package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"

	"github.com/copydesk/copydesk/benchmarks"
	"github.com/copydesk/copydesk/corpus"
	"github.com/copydesk/copydesk/reuse"
)

// BenchmarkPrism scans a generated news corpus of 20,000 documents in 8
// JSON Lines files both ways, the pipeline on Prism and the command's
// in-process scan, checks that the reports are the same bytes, and
// reports each one's documents a second, the ratio of their times, and
// the bytes the pipeline shuffles a document, as Beam's coders encode
// them: its candidate furniture lines (counted by a combine) and its
// record with its analysis (all go to the one worker that scans).
func BenchmarkPrism(b *testing.B) {
	const n = 20000
	dir := b.TempDir()
	patterns := jsonlFiles(b, dir, benchmarks.NewGenerator(21).NewsCorpus(n), 8)
	paths, _ := filepath.Glob(patterns[0])
	size, _ := corpus.Size(paths...)
	b.SetBytes(size)
	b.ReportAllocs()
	// What the pipeline shuffles: each document's candidate furniture
	// lines (short lines that are no sentence, of documents with an
	// outlet), to be counted (a combine), and its record with its
	// analysis, to the one worker that scans.
	recEnc := beam.NewElementEncoder(reflect.TypeOf(Record{}))
	lineEnc := beam.NewElementEncoder(reflect.TypeOf(""))
	var lines, records countWriter
	if err := corpus.Open(paths, corpus.Options{})(func(d corpus.Doc) error {
		r := fromDoc(d)
		var err error
		if r.Analysis, err = reuse.Analyse(d).MarshalBinary(); err != nil {
			return err
		}
		for _, k := range corpus.SiteKeys(nil, d.Text) {
			if d.Outlet != "" {
				if err := lineEnc.Encode(siteLine(d.Outlet, k), &lines); err != nil {
					return err
				}
			}
		}
		return recEnc.Encode(r, &records)
	}, func(corpus.Skip) error { return nil }); err != nil {
		b.Fatal(err)
	}
	var inProcess, onPrism time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		want := commandReport(b, patterns, Options{})
		inProcess += time.Since(start)

		out := filepath.Join(dir, fmt.Sprintf("report-%d.json", i))
		p, s := beam.NewPipelineWithRoot()
		Write(s, out, Scan(s, Read(s, patterns, ""), Options{}))
		start = time.Now()
		if _, err := prism.Execute(context.Background(), p); err != nil {
			b.Fatal(err)
		}
		onPrism += time.Since(start)
		got, err := os.ReadFile(out)
		if err != nil {
			b.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			b.Fatalf("the reports differ at byte %d", firstDiff(got, want))
		}
	}
	b.ReportMetric(float64(n*b.N)/onPrism.Seconds(), "prism-docs/s")
	b.ReportMetric(float64(n*b.N)/inProcess.Seconds(), "scan-docs/s")
	b.ReportMetric(onPrism.Seconds()/inProcess.Seconds(), "prism/scan")
	b.ReportMetric(float64(lines.n)/n, "lines-B/doc")
	b.ReportMetric(float64(records.n)/n, "records-B/doc")
}

type countWriter struct{ n int }

func (w *countWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }
