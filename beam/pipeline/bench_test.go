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
)

// BenchmarkPrism scans a generated news corpus of 20,000 documents in 8
// JSON Lines files both ways, the pipeline on Prism and the command's
// in-process scan, checks that the reports are the same bytes, and
// reports each one's documents a second, the ratio of their times, and
// the bytes the pipeline shuffles a document (its records, as Beam's
// coder encodes them: they all go to the one worker that scans).
func BenchmarkPrism(b *testing.B) {
	const n = 20000
	dir := b.TempDir()
	patterns := jsonlFiles(b, dir, benchmarks.NewGenerator(21).NewsCorpus(n), 8)
	paths, _ := filepath.Glob(patterns[0])
	size, _ := corpus.Size(paths...)
	b.SetBytes(size)
	b.ReportAllocs()
	var shuffled int
	enc := beam.NewElementEncoder(reflect.TypeOf(Record{}))
	var cw countWriter
	if err := corpus.Open(paths, corpus.Options{})(func(d corpus.Doc) error {
		return enc.Encode(fromDoc(d), &cw)
	}, func(corpus.Skip) error { return nil }); err != nil {
		b.Fatal(err)
	}
	shuffled = cw.n
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
	b.ReportMetric(float64(shuffled)/n, "shuffle-B/doc")
}

type countWriter struct{ n int }

func (w *countWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }
